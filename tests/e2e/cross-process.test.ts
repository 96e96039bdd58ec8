import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../../src/seed/seeder.js';
import { startTestServer, testEmbedder, type TestServer } from '../helpers.js';

/**
 * Two API instances on one Neo4j, each with its own driver and curation service: what two processes are. Their
 * writes must coordinate in the database.
 */
const KEY = 'alice-key-0123456789abcdefghij';
let one: TestServer;
let two: TestServer;
let loose: string[];

beforeAll(async () => {
  one = await startTestServer({ API_KEYS: `alice:${KEY}` });
  two = await startTestServer({ API_KEYS: `alice:${KEY}` });
  // Concepts nothing requires: an edge from one to another is fine alone, and two opposite ones close a cycle.
  const rows = await one.db.read<{ id: string }>(
    'MATCH (c:Concept) WHERE NOT ()-[:REQUIRES]->(c) RETURN c.id AS id ORDER BY c.id LIMIT 4',
  );
  loose = rows.map((r) => r.id);
});
afterAll(async () => {
  await one.db.write('MATCH (n) WHERE n:CuratedOverlay OR n:Change DETACH DELETE n');
  await seed(one.db, { embedder: await testEmbedder() });
  await one.close();
  await two.close();
});

const ADD = `mutation($input: AddPrerequisiteInput!) { addPrerequisite(input: $input) { change { action } userErrors { code } } }`;
async function add(server: TestServer, concept: string, prerequisite: string) {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    body: JSON.stringify({
      query: ADD,
      variables: { input: { concept, prerequisite, reason: 'a test of concurrent writes' } },
    }),
  });
  return ((await res.json()) as any).data.addPrerequisite as { change: unknown; userErrors: { code: string }[] };
}

describe('writes from two API processes', () => {
  it('let exactly one of two edges that together close a cycle through, and the graph stays acyclic', async () => {
    expect(loose.length).toBe(4);
    const [x, y] = loose as [string, string];
    const results = await Promise.all([add(one, x, y), add(two, y, x)]);
    expect(results.filter((r) => r.change).length).toBe(1);
    expect(results.flatMap((r) => r.userErrors.map((e) => e.code))).toEqual(['CYCLE']);
    const cycles = await one.db.read('MATCH p = (c:Concept)-[:REQUIRES*1..30]->(c) RETURN p LIMIT 1');
    expect(cycles).toEqual([]);
  });

  it('lose no change when both update one concept at once, and history shows both', async () => {
    const [, , p, q] = loose as [string, string, string, string];
    const concept = loose[0]!;
    const results = await Promise.all([add(one, concept, p), add(two, concept, q)]);
    expect(results.every((r) => r.change && !r.userErrors.length)).toBe(true);
    const [row] = await two.db.read<{ prerequisites: string[]; changes: number }>(
      `MATCH (c:Concept {id: $id}) RETURN [(c)-[:REQUIRES]->(p) | p.id] AS prerequisites,
         COUNT { MATCH (h:Change {target: $id}) } AS changes`,
      { id: concept },
    );
    expect(row!.prerequisites).toEqual(expect.arrayContaining([p, q]));
    expect(row!.changes).toBeGreaterThanOrEqual(2);
  });
});
