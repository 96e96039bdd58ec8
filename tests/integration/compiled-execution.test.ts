import fc from 'fast-check';
import {
  execute,
  getNamedType,
  isLeafType,
  isObjectType,
  Kind,
  parse,
  type GraphQLField,
  type GraphQLObjectType,
  type OperationDefinitionNode,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG, type CatalogKind } from '../../src/graphql/catalog.js';
import { NotExact, runCompiled } from '../../src/graphql/compiled-execution.js';
import { compile } from '../../src/graphql/compiler.js';
import { createContext, type Services } from '../../src/graphql/context.js';
import { path } from '../../src/db/cypher.js';
import { NodeCache } from '../../src/db/node-cache.js';
import { encodeCursor } from '../../src/graphql/pagination.js';
import { executableSchema } from '../../src/graphql/schema.js';
import { testDb } from '../helpers.js';

const db = testDb();
const schema = executableSchema();
// The fixture below is written without moving the graph's revision, before anything is read.
const services = { db, nodes: new NodeCache() } as Services;
let idsByLabel: Map<string, string[]>;

/**
 * Nodes the seed never has, so the generated operations meet them: parallel relationships (two REQUIRES edges with
 * different reasons, two INTRODUCED_IN edges to one chapter, two COVERS edges), RELATED_TO both ways and a node
 * reached over two paths. Removed after the file; the files of a run do not overlap (vitest.config.ts).
 */
const FIXTURE = `
  MATCH (ch:Chapter {id: 'chapter:introduction'})
  CREATE (a:Entity:Concept {id: 'concept:zz-multi-a', name: 'Zz multi a', definition: 'd', difficulty: 'BEGINNER', hours: 1.0, aliases: [], sources: '[]'}),
    (b:Entity:Concept {id: 'concept:zz-multi-b', name: 'Zz multi b', definition: 'd', difficulty: 'ADVANCED', hours: 2.0, aliases: [], sources: '[]'}),
    (c:Entity:Concept {id: 'concept:zz-multi-c', name: 'Zz multi a', definition: 'd', difficulty: 'BEGINNER', hours: 1.0, aliases: [], sources: '[]'}),
    (o:Entity:LearningObjective {id: 'objective:zz-multi', text: 't', order: 99, sources: '[]'}),
    (a)-[:INTRODUCED_IN]->(ch), (a)-[:INTRODUCED_IN]->(ch), (b)-[:INTRODUCED_IN]->(ch), (c)-[:INTRODUCED_IN]->(ch),
    (a)-[:REQUIRES {reason: 'first reason'}]->(b), (a)-[:REQUIRES {reason: 'second reason'}]->(b),
    (a)-[:REQUIRES {reason: 'third'}]->(c), (c)-[:REQUIRES {reason: 'fourth'}]->(b),
    (a)-[:RELATED_TO]->(b), (b)-[:RELATED_TO]->(a), (a)-[:RELATED_TO]->(c),
    (o)-[:IN_CHAPTER]->(ch), (o)-[:COVERS]->(a), (o)-[:COVERS]->(a), (o)-[:COVERS]->(b)`;
const FIXTURE_IDS = ['concept:zz-multi-a', 'concept:zz-multi-b', 'concept:zz-multi-c', 'objective:zz-multi'];

beforeAll(async () => {
  await db.write(`MATCH (n:Entity) WHERE n.id IN $ids DETACH DELETE n`, { ids: FIXTURE_IDS });
  await db.write(FIXTURE);
  const rows = await db.read<{ label: string; ids: string[] }>(
    `MATCH (n:Entity) WITH [l IN labels(n) WHERE l <> 'Entity'][0] AS label, n ORDER BY n.id RETURN label, collect(n.id) AS ids`,
  );
  idsByLabel = new Map(rows.map((r) => [r.label, r.ids]));
});
afterAll(async () => {
  await db.write(`MATCH (n:Entity) WHERE n.id IN $ids DETACH DELETE n`, { ids: FIXTURE_IDS });
  await db.close();
});

/**
 * The same operation compiled and through graphql-js with the resolvers, which read every relationship through the
 * per-request DataLoaders (db/nodes.ts `neighbours`: Cypher written apart from the compiler's); responses as JSON.
 */
async function bothWays(query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  const plan = compile(schema, document, operation);
  const reference = await execute({
    schema,
    document,
    variableValues: variables,
    contextValue: createContext(services),
  });
  const context = createContext(services);
  const compiled = await runCompiled(plan, { schema, document, operation, variables, context });
  return { plan, reference, compiled: JSON.stringify(compiled), expected: JSON.stringify(reference.data) };
}

const typeOf = (kind: CatalogKind) => schema.getType(kind.type) as GraphQLObjectType;
const relationOf = (kind: CatalogKind, name: string) => kind.relations.find((r) => r.field === name);

/** Stored leaf fields of a kind: what the default resolver reads (no resolver of its own). */
const storedFields = (kind: CatalogKind) =>
  Object.values(typeOf(kind).getFields())
    .filter((f) => !f.resolve && isLeafType(getNamedType(f.type)))
    .map((f) => f.name);

/** Fields with a resolver of their own that are not relationships, and need no argument: resolver leaves. */
const resolverFields = (kind: CatalogKind) =>
  Object.values(typeOf(kind).getFields()).filter(
    (f) => f.resolve && !relationOf(kind, f.name) && f.args.every((a) => !isNonNull(a.type)),
  );
const isNonNull = (type: unknown) => String(type).endsWith('!');

/** A resolver leaf's selection: its value's leaf fields, one level of objects below them. */
function leafSelection(field: GraphQLField<unknown, unknown>, depth = 0): string {
  const type = getNamedType(field.type);
  if (!isObjectType(type)) return field.name;
  const inner = Object.values(type.getFields())
    .filter((f) => !f.args.some((a) => isNonNull(a.type)))
    .filter((f) => isLeafType(getNamedType(f.type)) || (depth === 0 && isObjectType(getNamedType(f.type))))
    .map((f) => leafSelection(f, depth + 1))
    .filter((s) => !s.endsWith('{  }'));
  return `${field.name} { ${inner.join(' ') || '__typename'} }`;
}

/**
 * A selection on a kind, built from fast-check arbitraries so a failure shrinks to a small operation: stored fields,
 * resolver leaves (`sources`, JSON fields, fields with arguments), relationships and edge wrappers up to `depth`,
 * aliases, `__typename`, and inline fragments on the right type.
 */
function selectionArb(kind: CatalogKind, depth: number): fc.Arbitrary<string> {
  const relations = kind.relations.filter((r) => r.target);
  const relation = (name: string) => {
    const rel = relationOf(kind, name)!;
    const target = CATALOG.find((k) => k.type === rel.target)!;
    return selectionArb(target, depth + 1).chain((inner) => {
      if (!rel.edge) return fc.constant(`${name} { ${inner} }`);
      const props = Object.keys(rel.edge.props);
      return fc
        .subarray(props, { minLength: 1 })
        .map((chosen) => `${name} { ${chosen.join(' ')} ${rel.edge!.node} { ${inner} } }`);
    });
  };
  const alias = (s: string) =>
    fc.oneof({ weight: 5, arbitrary: fc.constant(s) }, fc.constant(`x${s.split(' ')[0]}: ${s}`));
  return fc
    .tuple(
      fc.subarray(storedFields(kind), { maxLength: Math.min(3, storedFields(kind).length) }),
      fc.subarray(
        resolverFields(kind).map((f) => leafSelection(f)),
        { maxLength: Math.min(1, resolverFields(kind).length) },
      ),
      depth < 3
        ? fc.subarray(
            relations.map((r) => r.field),
            { maxLength: Math.min(2, relations.length) },
          )
        : fc.constant([]),
      fc.boolean(),
      fc.integer({ min: 0, max: 9 }),
    )
    .chain(([stored, leaves, rels, withTypename, wrap]) =>
      fc
        .tuple(...stored.map(alias), ...leaves.map(alias), ...rels.map((r) => relation(r).chain(alias)))
        .map((parts) => {
          const all = [...new Set(parts), ...(withTypename ? ['__typename'] : [])];
          if (!all.length) all.push('id');
          return wrap === 0 ? `... on ${kind.type} { ${all.join(' ')} }` : all.join(' ');
        }),
    );
}

/** One root: a node by id (an unknown one included) or a page with a cursor, over a kind of the catalog. */
const rootArb = (i: number) =>
  fc.constantFrom(...CATALOG).chain((kind) => {
    const ids = [...(idsByLabel.get(kind.label) ?? []), `${kind.label.toLowerCase()}:no-such-node`];
    const byId = fc
      .tuple(
        fc.constantFrom(...ids.filter((id) => id.includes('zz-multi')), ...ids.slice(0, 30)),
        selectionArb(kind, 0),
      )
      .map(([id, sel]) => ({ text: `r${i}: ${kind.byIdQuery}(id: $id${i}) { ${sel} }`, id }));
    const list = fc
      .tuple(fc.integer({ min: 1, max: 30 }), fc.option(fc.integer({ min: 0, max: 40 })), selectionArb(kind, 0))
      .chain(([first, after, sel]) =>
        fc.constantFrom(`nodes { ${sel} }`, `edges { cursor node { ${sel} } }`).chain((nodes) =>
          fc.constantFrom('', 'pageInfo { hasNextPage hasPreviousPage startCursor endCursor }').map((info) => {
            const cursor = after === null ? '' : `, after: "${encodeCursor(after)}"`;
            return { text: `r${i}: ${kind.listQuery}(first: ${first}${cursor}) { totalCount ${nodes} ${info} }` };
          }),
        ),
      );
    return fc.oneof(byId, list);
  });

const operationArb = fc.integer({ min: 1, max: 2 }).chain((count) =>
  fc.tuple(...Array.from({ length: count }, (_, i) => rootArb(i))).map((roots) => {
    const variables: Record<string, unknown> = {};
    const defs: string[] = [];
    roots.forEach((r, i) => {
      if (!('id' in r)) return;
      variables[`id${i}`] = r.id;
      defs.push(`$id${i}: ID!`);
    });
    const query = `query Generated${defs.length ? `(${defs.join(', ')})` : ''} { ${roots.map((r) => r.text).join(' ')} }`;
    return { query, variables };
  }),
);

describe('compiled execution', () => {
  it('answers generated operations exactly as graphql-js with the resolvers does, key order included', async () => {
    await fc.assert(
      fc.asyncProperty(operationArb, async ({ query, variables }) => {
        const { reference, compiled, expected } = await bothWays(query, variables);
        expect(reference.errors, query).toBeUndefined();
        expect(compiled, query).toBe(expected);
      }),
      // Each run reads once per relationship level through the loaders; 60 runs keep the file within minutes.
      { numRuns: 60 },
    );
  }, 300_000);

  it('reads every relationship of every node of every kind as the DataLoaders do', async () => {
    const pageSize = 100;
    for (const kind of CATALOG) {
      const relations = kind.relations.map((rel) =>
        rel.edge
          ? `${rel.field} { ${Object.keys(rel.edge.props).join(' ')} ${rel.edge.node} { id } }`
          : `${rel.field} { id ${rel.target ? '' : '__typename'} }`,
      );
      const total = idsByLabel.get(kind.label)?.length ?? 0;
      for (let offset = 0; offset < Math.max(total, 1); offset += pageSize) {
        const after = offset ? `, after: "${encodeCursor(offset - 1)}"` : '';
        const query = `{ ${kind.listQuery}(first: ${pageSize}${after}) { nodes { id ${relations.join(' ')} } } }`;
        const { reference, compiled, expected } = await bothWays(query);
        expect(reference.errors, query).toBeUndefined();
        expect(compiled, `${kind.type} from ${offset}`).toBe(expected);
      }
    }
  }, 300_000);

  it('lists a neighbour once over parallel relationships, and each parallel edge once in an edge wrapper', async () => {
    const { compiled, expected } = await bothWays(
      `{ concept(id: "concept:zz-multi-a") { chapter { id } related { id } prerequisites { reason concept { id } }
         objectives { id concepts { id } } } }`,
    );
    expect(compiled).toBe(expected);
    const concept = JSON.parse(compiled).concept;
    expect(concept.chapter.id).toBe('chapter:introduction');
    // By name: c is named "Zz multi a".
    expect(concept.related.map((c: { id: string }) => c.id)).toEqual(['concept:zz-multi-c', 'concept:zz-multi-b']);
    expect(concept.prerequisites.map((p: { reason: string }) => p.reason).sort()).toEqual([
      'first reason',
      'second reason',
      'third',
    ]);
    expect(concept.objectives[0].concepts.map((c: { id: string }) => c.id)).toEqual([
      'concept:zz-multi-a',
      'concept:zz-multi-b',
    ]);
  });

  it('answers the benchmark-style reads in one statement per root field, resolver leaves included', async () => {
    const query = `query($id: ID!) { careerPath(id: $id) { id name salary { min } skills { level derivation skill { id name concepts { id name sources { doc citation } chapter { title } } } } }
      concepts(first: 20, difficulty: ADVANCED) { totalCount nodes { id name chapter { title } } } }`;
    const document = parse(query);
    const operation = document.definitions[0] as OperationDefinitionNode;
    const plan = compile(schema, document, operation);
    const before = db.statements;
    const context = createContext(services);
    const variables = { id: 'role:ml-engineer' };
    const data = await runCompiled(plan, { schema, document, operation, variables, context });
    expect(db.statements - before).toBe(2);
    const { expected } = await bothWays(query, variables);
    expect(JSON.stringify(data)).toBe(expected);
    expect((data as { careerPath: { skills: unknown[] } }).careerPath.skills.length).toBeGreaterThan(3);
  });

  it('runs roots outside the catalog through graphql-js inside the plan, beside compiled ones', async () => {
    const query = `query($id: ID!) { node(id: $id) { id ... on Concept { name chapter { id } } } c: concept(id: $id) { id prerequisites { concept { id } } } }`;
    const { plan, compiled, expected } = await bothWays(query, { id: 'concept:quantization' });
    expect(plan.rest).toBeDefined();
    expect(compiled).toBe(expected);
    expect(JSON.parse(compiled).node.chapter.id).toMatch(/^chapter:/);
  });

  it('finds at most one neighbour over every single-valued relationship (the compiler joins them into list subqueries)', async () => {
    for (const kind of CATALOG) {
      for (const rel of kind.relations.filter((r) => !r.list)) {
        const [row] = await db.read<{ over: number }>(
          `MATCH (s:${kind.label}) CALL (s) { MATCH ${path('s', rel.hops, 'n')} RETURN count(DISTINCT n) AS c }
           RETURN count(CASE WHEN c > 1 THEN 1 END) AS over`,
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

  it('refuses a row graphql-js would refuse (here a stored value outside its enum), so the resolvers report the error', async () => {
    const query = `{ concept(id: "concept:broken-for-test") { id difficulty } }`;
    const document = parse(query);
    const operation = document.definitions[0] as OperationDefinitionNode;
    await db.write(`CREATE (:Entity:Concept {id: 'concept:broken-for-test', difficulty: 'NOT_A_LEVEL'})`);
    try {
      const plan = compile(schema, document, operation);
      const context = createContext(services);
      await expect(runCompiled(plan, { schema, document, operation, variables: {}, context })).rejects.toBeInstanceOf(
        NotExact,
      );
      const reference = await execute({ schema, document, contextValue: createContext(services) });
      expect(reference.errors?.[0]?.message).toMatch(/Enum "Difficulty" cannot represent value/);
    } finally {
      await db.write(`MATCH (n {id: 'concept:broken-for-test'}) DETACH DELETE n`);
    }
  });
});
