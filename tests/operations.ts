import fc from 'fast-check';
import {
  getNamedType,
  getNullableType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  parse,
} from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { costEstimator } from '../src/graphql/cost.js';

/**
 * Read operations generated from the schema (fast-check picks the seed): random root fields, random selections down
 * to a depth, every argument passed as a variable with a plausible value. The abuse bench and the fuzz tests use them.
 */
export interface Generated {
  query: string;
  variables: Record<string, unknown>;
}

/** Values for arguments, from ids that exist: plans over many chapters at few hours, the largest pages. */
export interface Samples {
  ids: string[];
  /** Values tried for `first`. */
  first: readonly (number | null)[];
  /** Input objects by type name (RoadmapInput, SyllabusInput, ...); others are filled from their fields. */
  inputs: Record<string, unknown[]>;
}

export function samplesFrom(ids: string[]): Samples {
  const of = (prefix: string) => ids.filter((id) => id.startsWith(prefix));
  const chapters = of('chapter:');
  const concepts = of('concept:');
  return {
    ids,
    first: [1, 5, 20, 100, null],
    inputs: {
      RoadmapInput: [
        { chapters, hoursPerWeek: 1.5, startDate: '2027-01-04', deadlineWeeks: 52 },
        { chapters, hoursPerWeek: 0.5, startDate: '2200-12-31' },
        { roles: of('role:').map((role) => ({ role })), hoursPerWeek: 3, startDate: '2027-01-04' },
        { concepts: concepts.slice(0, 300), hoursPerWeek: 80, deadlineWeeks: 1 },
      ],
      SyllabusInput: [
        { chapters, weeks: 52, hoursPerWeek: 1.5 },
        { chapters, weeks: 1, hoursPerWeek: 0.5 },
        { concepts: concepts.slice(0, 300), weeks: 52, hoursPerWeek: 80 },
      ],
      SyllabusCheckInput: [
        { units: Array.from({ length: 3 }, (_, i) => ({ concepts: concepts.slice(i * 100, i * 100 + 100) })) },
      ],
    },
  };
}

function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}

/** One generated read operation; the same seed gives the same operation. */
export function generateOperation(
  schema: GraphQLSchema,
  samples: Samples,
  seed: number,
  { maxDepth = 5, maxFields = 4 } = {},
): Generated {
  const r = prng(seed);
  const variables: Record<string, unknown> = {};
  const defs: string[] = [];

  const valueOf = (type: GraphQLInputType, name: string): unknown => {
    const inner = getNullableType(type) as GraphQLInputType;
    if (isListType(inner)) return [valueOf(inner.ofType, name)];
    if (isEnumType(inner)) return r.pick(inner.getValues()).name;
    if (isInputObjectType(inner)) {
      const known = samples.inputs[inner.name];
      if (known) return r.pick(known);
      const obj: Record<string, unknown> = {};
      for (const f of Object.values(inner.getFields()))
        if (isNonNullType(f.type) || r.next() < 0.3) obj[f.name] = valueOf(f.type, f.name);
      return obj;
    }
    switch (inner.name) {
      case 'ID':
        return r.pick(samples.ids);
      case 'Int':
        return name === 'first' ? r.pick(samples.first.filter((f) => f !== null)) : 1 + r.int(10);
      case 'Float':
        return 0.5 + r.int(20);
      case 'Boolean':
        return r.next() < 0.5;
      default:
        return r.pick(['quantization', 'how do GPUs speed up training', 'edge deployment']);
    }
  };
  const argsOf = (field: GraphQLField<unknown, unknown>): string => {
    const given = field.args.filter((a: GraphQLArgument) => isNonNullType(a.type) || r.next() < 0.4);
    if (!given.length) return '';
    return `(${given
      .map((a) => {
        const v = `v${defs.length}`;
        defs.push(`$${v}: ${String(a.type)}`);
        variables[v] = a.name === 'first' ? r.pick(samples.first) : valueOf(a.type, a.name);
        return `${a.name}: $${v}`;
      })
      .join(', ')})`;
  };
  const selection = (typeName: string, depth: number): string => {
    const type = schema.getType(typeName)!;
    if (isAbstractType(type)) {
      const impl = r.pick(schema.getPossibleTypes(type));
      return `__typename ... on ${impl.name} { ${selection(impl.name, depth + 1)} }`;
    }
    if (!isObjectType(type)) return '';
    const fields = Object.values(type.getFields());
    const leaves = fields.filter((f) => isLeafType(getNamedType(f.type)));
    const objects = fields.filter((f) => !isLeafType(getNamedType(f.type)));
    const parts = new Set<string>();
    const used = new Set<string>();
    const count = 1 + r.int(maxFields);
    for (let i = 0; i < count; i++) {
      const useObject = objects.length && depth < maxDepth && (r.next() < 0.6 || !leaves.length);
      const f = useObject ? r.pick(objects) : leaves.length ? r.pick(leaves) : undefined;
      if (!f || used.has(f.name)) continue;
      used.add(f.name);
      const alias = '';
      parts.add(
        isLeafType(getNamedType(f.type))
          ? `${alias}${f.name}${argsOf(f)}`
          : `${alias}${f.name}${argsOf(f)} { ${selection(getNamedType(f.type).name, depth + 1)} }`,
      );
    }
    return parts.size ? [...parts].join(' ') : '__typename';
  };
  const root = selection('Query', 0);
  return { query: `query Generated${defs.length ? `(${defs.join(', ')})` : ''} { ${root} }`, variables };
}

/** The cost the API will charge for an operation, or undefined when pricing refuses it. */
export function costOf(schema: GraphQLSchema, op: Generated): number | undefined {
  try {
    return getComplexity({ schema, query: parse(op.query), variables: op.variables, estimators: [costEstimator] });
  } catch {
    return undefined;
  }
}

/** fast-check arbitrary over generated operations. */
export const operationArbitrary = (schema: GraphQLSchema, samples: Samples, options?: { maxDepth?: number }) =>
  fc.integer().map((seed) => generateOperation(schema, samples, seed, options));
