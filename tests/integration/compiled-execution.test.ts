import fc from 'fast-check';
import {
  execute,
  getNamedType,
  isLeafType,
  Kind,
  parse,
  visit,
  type DocumentNode,
  type GraphQLObjectType,
  type OperationDefinitionNode,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG, EDGE_WRAPPERS } from '../../src/graphql/catalog.js';
import type { CatalogKind } from '../../src/graphql/catalog-types.js';
import { runCompiled } from '../../src/graphql/compiled-execution.js';
import { compile, NotExact } from '../../src/graphql/compiler.js';
import { createContext, type Services } from '../../src/graphql/context.js';
import { encodeCursor } from '../../src/graphql/pagination.js';
import { targetKind } from '../../src/graphql/planner.js';
import { executableSchema } from '../../src/graphql/schema.js';
import { testDb } from '../helpers.js';

const db = testDb();
const schema = executableSchema();
const services = { db } as Services;
let idsByLabel: Map<string, string[]>;

beforeAll(async () => {
  const rows = await db.read<{ label: string; ids: string[] }>(
    `MATCH (n:Entity) WITH [l IN labels(n) WHERE l <> 'Entity'][0] AS label, n ORDER BY n.id RETURN label, collect(n.id) AS ids`,
  );
  idsByLabel = new Map(rows.map((r) => [r.label, r.ids]));
});
afterAll(() => db.close());

/**
 * The document with `@include(if: true)` on every field: the same answer, but the planner steps aside for conditional
 * selections, so graphql-js reads every relationship through the per-request DataLoaders (db/nodes.ts `neighbours`),
 * Cypher written apart from the planner's and the compiler's. Comparing the compiled path with the planned resolvers
 * alone missed a bug they shared (duplicate neighbours over an undirected relationship).
 */
function throughLoaders(document: DocumentNode): DocumentNode {
  const always = parse('{ x @include(if: true) }').definitions[0] as OperationDefinitionNode;
  const directive = (always.selectionSet.selections[0] as { directives: readonly unknown[] }).directives[0];
  return visit(document, {
    Field: (node) => ({ ...node, directives: [...(node.directives ?? []), directive] }),
  }) as DocumentNode;
}

/**
 * The same operation three ways: compiled, through the resolvers with the planner, and through the resolvers with
 * DataLoaders only (the reference); responses as JSON text.
 */
async function bothWays(query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  const plan = compile(schema, document, operation);
  const run = (doc: DocumentNode) =>
    execute({ schema, document: doc, variableValues: variables, contextValue: createContext(services) });
  const [planned, reference] = await Promise.all([run(document), run(throughLoaders(document))]);
  const compiled = plan ? await runCompiled(plan, schema, operation, variables, db) : undefined;
  return {
    plan,
    reference,
    planned: JSON.stringify(planned.data),
    compiled: JSON.stringify(compiled),
    expected: JSON.stringify(reference.data),
  };
}

/** A small deterministic PRNG, so each fast-check seed names one generated operation. */
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
  const some = <T>(items: readonly T[], max: number): T[] => [...items].sort(() => next() - 0.5).slice(0, int(max + 1));
  return { next, int, pick, some };
}

/** Stored leaf fields of a kind: what the default resolver reads (no arguments, no resolver of its own). */
function leafFields(kind: CatalogKind): string[] {
  const type = schema.getType(kind.type) as GraphQLObjectType;
  return Object.values(type.getFields())
    .filter((f) => !f.args.length && !f.resolve && isLeafType(getNamedType(f.type)))
    .map((f) => f.name);
}

/**
 * A random operation over the catalog that the compiler must take: one or two roots (by id, unknown ids included, or
 * a page with a cursor), stored fields, relationships and edge wrappers up to three levels, aliases, `__typename`,
 * inline and named fragments on the right type, and variables.
 */
function randomOperation(seed: number): { query: string; variables: Record<string, unknown> } {
  const r = prng(seed);
  const fragments: string[] = [];
  const variables: Record<string, unknown> = {};
  const varDefs: string[] = [];
  let alias = 0;
  const field = (name: string) => (r.next() < 0.15 ? `a${alias++}: ${name}` : name);
  const selection = (kind: CatalogKind, depth: number): string => {
    const parts = r.some(leafFields(kind), 3).map(field);
    if (r.next() < 0.2) parts.push('__typename');
    const relations = kind.relations.filter((rel) => targetKind(rel));
    for (const rel of depth < 3 ? r.some(relations, 2) : []) {
      const target = targetKind(rel)!;
      const inner = selection(target, depth + 1);
      const fieldType = getNamedType(
        (schema.getType(kind.type) as GraphQLObjectType).getFields()[rel.field]!.type,
      ).name;
      const wrapper = EDGE_WRAPPERS[fieldType];
      if (!wrapper) parts.push(`${field(rel.field)} { ${inner} }`);
      else
        parts.push(
          `${field(rel.field)} { ${wrapper.edge} ${wrapper.rule && r.next() < 0.5 ? wrapper.rule : ''} ${wrapper.node} { ${inner} } }`,
        );
    }
    if (!parts.length) parts.push('id');
    if (r.next() < 0.15) return `... on ${kind.type} { ${parts.join(' ')} }`;
    if (r.next() < 0.1) {
      const name = `F${fragments.length}`;
      fragments.push(`fragment ${name} on ${kind.type} { ${parts.join(' ')} }`);
      return `...${name}`;
    }
    return parts.join(' ');
  };
  const roots: string[] = [];
  const rootCount = 1 + r.int(2);
  for (let i = 0; i < rootCount; i++) {
    const kind = r.pick(CATALOG);
    if (r.next() < 0.5) {
      const ids = idsByLabel.get(kind.label) ?? [];
      const id = r.next() < 0.1 || !ids.length ? `${kind.label.toLowerCase()}:no-such-node` : r.pick(ids);
      variables[`id${i}`] = id;
      varDefs.push(`$id${i}: ID!`);
      roots.push(`r${i}: ${kind.byIdQuery}(id: $id${i}) { ${selection(kind, 0)} }`);
    } else {
      const args = [`first: ${1 + r.int(30)}`];
      if (r.next() < 0.3) args.push(`after: "${encodeCursor(r.int(40))}"`);
      const parts = ['totalCount'];
      if (r.next() < 0.5) parts.push(`nodes { ${selection(kind, 0)} }`);
      else parts.push(`edges { cursor node { ${selection(kind, 0)} } }`);
      if (r.next() < 0.5) parts.push('pageInfo { hasNextPage hasPreviousPage startCursor endCursor }');
      roots.push(`r${i}: ${kind.listQuery}(${args.join(', ')}) { ${parts.join(' ')} }`);
    }
  }
  const defs = varDefs.length ? `(${varDefs.join(', ')})` : '';
  return { query: `query Generated${defs} { ${roots.join(' ')} } ${fragments.join(' ')}`, variables };
}

describe('compiled execution', () => {
  it('answers generated operations exactly as graphql-js with the resolvers does, key order included', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), async (seed) => {
        const { query, variables } = randomOperation(seed);
        const { plan, reference, planned, compiled, expected } = await bothWays(query, variables);
        expect(plan, query).toBeDefined();
        expect(reference.errors, query).toBeUndefined();
        expect(compiled, query).toBe(expected);
        expect(planned, query).toBe(expected);
      }),
      // Each run reads once per relationship level through the loaders; 40 runs keep the file within minutes.
      { numRuns: 40 },
    );
  }, 300_000);

  it('reads every relationship of every node of every kind as the DataLoaders do', async () => {
    const pageSize = 100;
    for (const kind of CATALOG) {
      const type = schema.getType(kind.type) as GraphQLObjectType;
      const relations = kind.relations
        .filter((rel) => targetKind(rel))
        .map((rel) => {
          const wrapper = EDGE_WRAPPERS[getNamedType(type.getFields()[rel.field]!.type).name];
          return wrapper ? `${rel.field} { ${wrapper.edge} ${wrapper.node} { id } }` : `${rel.field} { id }`;
        });
      const total = idsByLabel.get(kind.label)?.length ?? 0;
      for (let offset = 0; offset < Math.max(total, 1); offset += pageSize) {
        const after = offset ? `, after: "${encodeCursor(offset - 1)}"` : '';
        const query = `{ ${kind.listQuery}(first: ${pageSize}${after}) { nodes { id ${relations.join(' ')} } } }`;
        const { plan, reference, planned, compiled, expected } = await bothWays(query);
        expect(plan, query).toBeDefined();
        expect(reference.errors, query).toBeUndefined();
        expect(compiled, `${kind.type} from ${offset}`).toBe(expected);
        expect(planned, `${kind.type} from ${offset}`).toBe(expected);
      }
    }
  }, 300_000);

  it('lists each related concept once, whichever way the RELATED_TO edge points', async () => {
    const [row] = await db.read<{ id: string }>(
      `MATCH (a:Concept)-[:RELATED_TO]->(b:Concept)-[:RELATED_TO]->(a) RETURN a.id AS id ORDER BY a.id LIMIT 1`,
    );
    expect(row, 'the data has a pair of concepts related both ways').toBeDefined();
    const { compiled, planned, expected } = await bothWays(`{ concept(id: "${row!.id}") { related { id } } }`);
    const ids = (JSON.parse(compiled) as { concept: { related: { id: string }[] } }).concept.related.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(compiled).toBe(expected);
    expect(planned).toBe(expected);
  });

  it('answers the benchmark-style reads in one statement per root field', async () => {
    const query = `query($id: ID!) { careerPath(id: $id) { id name skills { level derivation skill { id name concepts { id name chapter { title } } } } }
      concepts(first: 20, difficulty: ADVANCED) { totalCount nodes { id name chapter { title } } } }`;
    const document = parse(query);
    const plan = compile(schema, document, document.definitions[0] as OperationDefinitionNode)!;
    const before = db.statements;
    const data = await runCompiled(
      plan,
      schema,
      document.definitions[0] as OperationDefinitionNode,
      { id: 'role:ml-engineer' },
      db,
    );
    expect(db.statements - before).toBe(2);
    const { expected } = await bothWays(query, { id: 'role:ml-engineer' });
    expect(JSON.stringify(data)).toBe(expected);
    expect((data as { careerPath: { skills: unknown[] } }).careerPath.skills.length).toBeGreaterThan(3);
  });

  it('finds at most one neighbour over every single-valued relationship (the compiler joins them into list subqueries)', async () => {
    for (const kind of CATALOG) {
      for (const rel of kind.relations.filter((r) => !r.list)) {
        const [row] = await db.read<{ over: number }>(
          `MATCH (s:${kind.label}) WHERE COUNT { ${rel.pattern} } > 1 RETURN count(s) AS over`,
        );
        expect(row!.over, `${kind.type}.${rel.field}`).toBe(0);
      }
    }
  });

  it('sorts a relationship by its order even when the ordering property is not selected', async () => {
    const query = `{ part(id: "part:foundations") { chapters { id } } }`;
    const { compiled, expected } = await bothWays(query);
    const rows = await db.read<{ id: string }>(
      `MATCH (:Part {id: 'part:foundations'})<-[:PART_OF]-(c:Chapter) RETURN c.id AS id ORDER BY c.number`,
    );
    expect(rows.length).toBeGreaterThan(2);
    expect(compiled).toBe(JSON.stringify({ part: { chapters: rows } }));
    expect(expected).toBe(compiled);
  });

  it.each([
    [
      'a mutation',
      `mutation { createConcept(input: {id: "concept:x", name: "X", definition: "d", chapter: "chapter:introduction", difficulty: BEGINNER}) { concept { id } } }`,
    ],
    ['a conditional field', `query($on: Boolean!) { concept(id: "concept:quantization") { name @include(if: $on) } }`],
    ['a field with arguments', `{ concept(id: "concept:quantization") { allPrerequisites(first: 5) { depth } } }`],
    ['a field with its own resolver', `{ concept(id: "concept:quantization") { sources { doc } } }`],
    ['an interface root', `{ node(id: "concept:quantization") { id } }`],
    ['a fragment on an interface', `{ concept(id: "concept:quantization") { ... on Node { id } } }`],
    ['a root outside the catalog', `{ search(query: "quantization") { score } }`],
    ['two node selections in one connection', `{ concepts(first: 2) { nodes { id } edges { node { name } } } }`],
  ])('leaves %s to the resolvers', (_what, query) => {
    const document = parse(query);
    const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
    expect(compile(schema, document, operation)).toBeUndefined();
  });

  it('refuses a row graphql-js would refuse (here a stored value outside its enum), so the resolvers report the error', async () => {
    const query = `{ concept(id: "concept:broken-for-test") { id difficulty } }`;
    const document = parse(query);
    const operation = document.definitions[0] as OperationDefinitionNode;
    await db.write(`CREATE (:Entity:Concept {id: 'concept:broken-for-test', difficulty: 'NOT_A_LEVEL'})`);
    try {
      const plan = compile(schema, document, operation);
      expect(plan).toBeDefined();
      await expect(runCompiled(plan!, schema, operation, {}, db)).rejects.toBeInstanceOf(NotExact);
      const reference = await execute({ schema, document, contextValue: createContext(services) });
      expect(reference.errors?.[0]?.message).toMatch(/Enum "Difficulty" cannot represent value/);
    } finally {
      await db.write(`MATCH (n {id: 'concept:broken-for-test'}) DETACH DELETE n`);
    }
  });
});
