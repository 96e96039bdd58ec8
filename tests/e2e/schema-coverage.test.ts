import {
  getNamedType,
  isLeafType,
  isObjectType,
  isInterfaceType,
  type GraphQLField,
  type GraphQLObjectType,
  buildSchema,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG } from '../../src/graphql/catalog.js';
import { loadTypeDefs } from '../../src/graphql/schema.js';
import { gql, startTestServer, type TestServer } from '../helpers.js';

const schema = buildSchema(loadTypeDefs().join('\n'));
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/** Every field of a type: leaves by name, nodes by id, value objects with all their leaves (one level). */
function selection(type: GraphQLObjectType, depth = 0): string {
  return Object.values(type.getFields())
    .map((f: GraphQLField<unknown, unknown>) => {
      const named = getNamedType(f.type);
      if (isLeafType(named)) return f.name;
      if (isInterfaceType(named)) return `${f.name} { id __typename }`;
      if (!isObjectType(named)) return '';
      const isNode = named.getInterfaces().some((i) => i.name === 'Node');
      if (isNode) return depth === 0 ? `${f.name} { id }` : '';
      return `${f.name} { ${selection(named, depth + 1)} }`;
    })
    .filter(Boolean)
    .join(' ');
}

const isEmpty = (v: unknown) => v === null || (Array.isArray(v) && v.length === 0);

describe('every type and relationship field over HTTP', () => {
  for (const kind of CATALOG) {
    it(`${kind.type}: list, lookup, and every relationship field holds data somewhere`, async () => {
      const type = schema.getType(kind.type) as GraphQLObjectType;
      const fields = selection(type);
      const all: Record<string, unknown>[] = [];
      let after: string | null = null;
      let total: number;
      do {
        const res: any = await gql(
          server,
          `query($after: String) { ${kind.listQuery}(first: 10, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { ${fields} } } }`,
          { after },
        );
        expect(res.errors).toBeUndefined();
        const page = res.data[kind.listQuery];
        total = page.totalCount;
        all.push(...page.nodes);
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      expect(all.length).toBe(total);
      expect(total).toBeGreaterThan(0);
      expect(new Set(all.map((n) => n.id)).size).toBe(total);
      for (const rel of kind.relations) {
        expect({ field: `${kind.type}.${rel.field}`, reached: all.some((n) => !isEmpty(n[rel.field])) }).toEqual({
          field: `${kind.type}.${rel.field}`,
          reached: true,
        });
      }
      for (const n of all) expect((n.sources as unknown[]).length).toBeGreaterThan(0);
      const one = await gql(
        server,
        `query($id: ID!) { ${kind.byIdQuery}(id: $id) { id } node(id: $id) { __typename } }`,
        { id: all[0]!.id },
      );
      expect(one.data).toEqual({ [kind.byIdQuery]: { id: all[0]!.id }, node: { __typename: kind.type } });
    });
  }
});

/** Every field of the curriculum types, recursively: Node fields by id, interfaces by id and type name. */
function deepSelection(type: GraphQLObjectType): string {
  return Object.values(type.getFields())
    .map((f) => {
      const named = getNamedType(f.type);
      if (isLeafType(named)) return f.name;
      if (isInterfaceType(named)) return `${f.name} { id __typename }`;
      if (!isObjectType(named)) return '';
      if (named.getInterfaces().some((i) => i.name === 'Node')) return `${f.name} { id }`;
      return `${f.name} { ${deepSelection(named)} }`;
    })
    .filter(Boolean)
    .join(' ');
}

/** Records `Type.field` for every field that holds a value (not null, not an empty list) somewhere in the answer. */
function reach(type: GraphQLObjectType, value: Record<string, unknown>, seen: Set<string>): void {
  for (const f of Object.values(type.getFields())) {
    const v = value[f.name];
    if (isEmpty(v) || v === undefined) continue;
    seen.add(`${type.name}.${f.name}`);
    const named = getNamedType(f.type);
    if (!isObjectType(named) || named.getInterfaces().some((i) => i.name === 'Node')) continue;
    for (const item of Array.isArray(v) ? v : [v]) reach(named, item as Record<string, unknown>, seen);
  }
}

/** Every field of every object type reachable from `root` without passing through a Node. */
function fieldsOf(root: GraphQLObjectType, out = new Set<string>()): Set<string> {
  for (const f of Object.values(root.getFields())) {
    if (out.has(`${root.name}.${f.name}`)) continue;
    out.add(`${root.name}.${f.name}`);
    const named = getNamedType(f.type);
    if (isObjectType(named) && !named.getInterfaces().some((i) => i.name === 'Node')) fieldsOf(named, out);
  }
  return out;
}

describe('every curriculum field over HTTP', () => {
  it('syllabus, syllabusCheck and questionBank: every field holds data in some answer', async () => {
    const seen = new Set<string>();
    const ask = async (field: string, type: string, args: string, variables: Record<string, unknown>) => {
      const res: any = await gql(
        server,
        `query${args} { ${field}${args.replace(/\$(\w+): [^,)]+/g, '$1: $$$1')} { ${deepSelection(schema.getType(type) as GraphQLObjectType)} } }`,
        variables,
      );
      expect(res.errors).toBeUndefined();
      reach(schema.getType(type) as GraphQLObjectType, res.data[field], seen);
    };
    // Short terms for a long chapter: the plan does not fit, so the compression appears; the shorter the term, the
    // deeper it cuts, until chosen concepts go and kept ones lose prerequisites (losses).
    for (const [weeks, hoursPerWeek] of [
      [3, 4],
      [2, 3],
      [1, 3],
    ]) {
      await ask('syllabus', 'Syllabus', '($input: SyllabusInput!)', {
        input: {
          chapters: ['chapter:ml-operations'],
          concepts: ['concept:model-monitoring'],
          assumeKnown: ['concept:neural-network'],
          weeks,
          hoursPerWeek,
        },
      });
    }
    // Named units with a late prerequisite (model serving's first one, taught after it) and missing ones.
    const direct: any = await gql(
      server,
      `{ concept(id: "concept:model-serving") { prerequisites { concept { id } } } }`,
    );
    const late = direct.data.concept.prerequisites[0].concept.id;
    const units = [
      { name: 'Serving first', concepts: ['concept:model-serving', 'concept:quantization'] },
      { name: 'Then its basis', concepts: [late] },
    ];
    await ask('syllabusCheck', 'SyllabusCheck', '($input: SyllabusCheckInput!)', { input: { units } });
    await ask('questionBank', 'QuestionBank', '($chapters: [ID!], $concepts: [ID!])', {
      chapters: ['chapter:introduction'],
      concepts: ['concept:model-monitoring', 'concept:mlops'],
    });
    const expected = new Set([
      ...fieldsOf(schema.getType('Syllabus') as GraphQLObjectType),
      ...fieldsOf(schema.getType('SyllabusCheck') as GraphQLObjectType),
      ...fieldsOf(schema.getType('QuestionBank') as GraphQLObjectType),
    ]);
    expect([...expected].filter((f) => !seen.has(f)).sort()).toEqual([]);
  });
});
