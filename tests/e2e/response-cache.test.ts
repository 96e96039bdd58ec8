import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../../src/seed/seeder.js';
import { startTestServer, testEmbedder, type TestServer } from '../helpers.js';

/**
 * The response cache across two API instances on one Neo4j (each with its own driver and cache, as two processes
 * have): a write committed through one is never answered from the other's cache afterwards.
 */
const KEY = 'carol-key-0123456789abcdefghij';
let writer: TestServer;
let reader: TestServer;
let concept: string;

beforeAll(async () => {
  writer = await startTestServer({ API_KEYS: `carol:${KEY}:curate+learners` });
  reader = await startTestServer();
  const [row] = await reader.db.read<{ id: string }>('MATCH (c:Concept) RETURN c.id AS id ORDER BY c.id LIMIT 1');
  concept = row!.id;
});
afterAll(async () => {
  await writer.db.write('MATCH (n) WHERE n:CuratedOverlay OR n:Change DETACH DELETE n');
  await seed(writer.db, { embedder: await testEmbedder() });
  await writer.close();
  await reader.close();
});

const READ = `query($id: ID!) { concept(id: $id) { id definition prerequisites { concept { id } } } }`;

async function post(server: TestServer, query: string, variables: Record<string, unknown> = {}, key?: string) {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as any;
  return {
    status: res.status,
    hit: res.headers.get('x-response-cache') === 'hit',
    type: res.headers.get('content-type'),
    body,
  };
}

describe('response cache', () => {
  it('answers a repeated read from the cache with the same data, media type and cost, charged to the budget', async () => {
    const first = await post(reader, READ, { id: concept });
    const second = await post(reader, READ, { id: concept });
    expect(first.hit).toBe(false);
    expect(second.hit).toBe(true);
    expect(second.status).toBe(200);
    expect(second.type).toBe(first.type);
    expect(second.body.data).toEqual(first.body.data);
    expect(second.body.extensions.cost.requested).toBe(first.body.extensions.cost.requested);
    expect(second.body.extensions.cost.remaining).toBeLessThan(first.body.extensions.cost.remaining);
  });

  it('never serves a read from before a write another process committed', async () => {
    await post(reader, READ, { id: concept });
    expect((await post(reader, READ, { id: concept })).hit).toBe(true);
    const definition = `A definition written by the response cache test at ${Date.now()}.`;
    const UPDATE = `mutation($input: UpdateConceptInput!) { updateConcept(input: $input) { userErrors { code } } }`;
    const write = await post(writer, UPDATE, { input: { id: concept, definition } }, KEY);
    expect(write.body.data.updateConcept.userErrors).toEqual([]);
    const after = await post(reader, READ, { id: concept });
    expect(after.hit).toBe(false);
    expect(after.body.data.concept.definition).toBe(definition);
    expect((await post(reader, READ, { id: concept })).body.data.concept.definition).toBe(definition);
  });

  it('keeps out mutations, search and errors', async () => {
    const SEARCH = `query { search(query: "quantization", first: 3) { node { id } } }`;
    await post(reader, SEARCH);
    expect((await post(reader, SEARCH)).hit).toBe(false);
    const BAD = `query { concept(id: "concept:x") { nope } }`;
    await post(reader, BAD);
    expect((await post(reader, BAD)).hit).toBe(false);
    const LEARNER = `mutation { createLearner { id } }`;
    expect((await post(writer, LEARNER)).hit).toBe(false);
  });

  it("reads the graph's revision only for what it may store: a learner's mutation sends its own statement alone", async () => {
    const LEARNER = `mutation { createLearner { id } }`;
    const ids = [];
    ids.push((await post(writer, LEARNER, {}, KEY)).body.data.createLearner.id);
    const before = writer.db.statements;
    ids.push((await post(writer, LEARNER, {}, KEY)).body.data.createLearner.id);
    expect(writer.db.statements - before).toBe(1);
    for (const id of ids) await post(writer, `mutation($id: ID!) { deleteLearner(id: $id) }`, { id }, KEY);
  });

  it('holds at most RESPONSE_CACHE_MAX_ENTRIES responses, and none when RESPONSE_CACHE is false', async () => {
    const one = await startTestServer({ RESPONSE_CACHE_MAX_ENTRIES: '1' });
    const off = await startTestServer({ RESPONSE_CACHE: 'false' });
    try {
      const A = `{ chapters(first: 1) { nodes { id } } }`;
      const B = `{ parts { nodes { id } } }`;
      await post(one, A);
      expect((await post(one, A)).hit).toBe(true);
      await post(one, B);
      expect((await post(one, A)).hit).toBe(false);
      await post(off, A);
      expect((await post(off, A)).hit).toBe(false);
    } finally {
      await one.close();
      await off.close();
    }
  });
});
