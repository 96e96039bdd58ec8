import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startTestServer, type TestServer } from '../helpers.js';

let server: TestServer;
beforeAll(async () => {
  // The statements of the operations themselves: the response cache would add its revision read to each request.
  server = await startTestServer({ RESPONSE_CACHE: 'false' });
});
afterAll(() => server.close());

/** Cypher statements one HTTP request costs. */
async function statementsFor(query: string): Promise<number> {
  const before = server.db.statements;
  const res = await gql(server, query);
  expect(res.errors).toBeUndefined();
  return server.db.statements - before;
}

describe('DataLoader batching', () => {
  // Four chapters: the largest page of this nesting within the cost budget (a chapter may list 100 concepts).
  it('runs the same number of Cypher statements for 2 parents as for 4 (chapters -> concepts -> prerequisites -> chapter)', async () => {
    const nested = (first: number) =>
      `{ chapters(first: ${first}) { nodes { concepts { prerequisites { reason concept { chapter { title } } } } } } }`;
    const few = await statementsFor(nested(2));
    const many = await statementsFor(nested(4));
    expect(many).toBe(few);
    expect(many).toBe(1); // compiled: the whole tree in one statement
  });

  it('falls back to one batched statement per level when the compiler steps aside (a conditional selection)', async () => {
    const nested = (first: number) =>
      `query($yes: Boolean = true) { chapters(first: ${first}) { nodes { concepts @include(if: $yes) { prerequisites { reason concept { chapter { title } } } } } } }`;
    const few = await statementsFor(nested(2));
    const many = await statementsFor(nested(4));
    expect(many).toBe(few);
    expect(many).toBe(4); // the chapter list, concepts, prerequisites, chapters
  });

  it('runs resolver leaves (sources, fields with arguments) inside the one compiled statement', async () => {
    const query = `{ chapter(id: "chapter:model-optimizations") { sources { doc } concepts { id sources { doc citation } } } }`;
    expect(await statementsFor(query)).toBe(1);
  });

  it('answers the same whether compiled or loaded level by level', async () => {
    const fields = `id title sources { doc section } concepts { id name sources { citation } prerequisites { reason concept { id chapter { id } } } } tradeOffs { name balances { id } } papers { title }`;
    const id = 'chapter:model-optimizations';
    // Compiled, resolver leaves included; loaded: a directive inside the selection leaves it to graphql-js.
    const compiled = await gql(server, `{ chapter(id: "${id}") { ${fields} } }`);
    const loaded = await gql(
      server,
      `query($yes: Boolean = true) { chapter(id: "${id}") { concepts @include(if: $yes) { id } ${fields} } }`,
    );
    for (const res of [compiled, loaded]) expect(res.errors).toBeUndefined();
    expect(loaded.data).toEqual(compiled.data);
    expect((compiled.data as { chapter: { concepts: unknown[] } }).chapter.concepts.length).toBeGreaterThan(3);
  });

  it('batches node lookups and closures across siblings', async () => {
    const ids = ['concept:quantization', 'concept:pruning', 'concept:knowledge-distillation', 'concept:transformer'];
    const one = await statementsFor(
      `{ nodes(ids: ${JSON.stringify(ids.slice(0, 1))}) { ... on Concept { allPrerequisites { depth } unlocks { depth } } } }`,
    );
    const four = await statementsFor(
      `{ nodes(ids: ${JSON.stringify(ids)}) { ... on Concept { allPrerequisites { depth } unlocks { depth } } } }`,
    );
    expect(four).toBe(one);
  });
});
