import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../../src/seed/seeder.js';
import { gql, startTestServer, testEmbedder, type TestServer } from '../helpers.js';

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
  const body = (await res.json()) as any;
  if (!body.data) throw new Error(`addPrerequisite answered ${res.status}: ${JSON.stringify(body.errors)}`);
  return body.data.addPrerequisite as { change: unknown; userErrors: { code: string }[] };
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

  it("plan with the other's write on their next request (the cached graph and course check the revision)", async () => {
    // Two concepts nothing requires, of one difficulty, neither touched above: p -> q closes no cycle, is not steep
    // and makes none of p's edges redundant.
    const [pair] = await one.db.read<{ p: string; q: string }>(
      `MATCH (p:Concept), (q:Concept)
       WHERE p <> q AND NOT p.id IN $used AND NOT q.id IN $used AND p.difficulty = q.difficulty
         AND NOT ()-[:REQUIRES]->(p) AND NOT ()-[:REQUIRES]->(q) AND coalesce(q.history, false) = false
         AND NOT EXISTS { MATCH (p)-[:REQUIRES]->(c) WHERE EXISTS { (q)-[:REQUIRES*1..]->(c) } }
       RETURN p.id AS p, q.id AS q ORDER BY p, q LIMIT 1`,
      { used: loose },
    );
    const { p, q } = pair!;
    const PLAN = `query($input: RoadmapInput!) { roadmap(input: $input) { steps { concept { id name } } } }`;
    const planned = async () => {
      const res: any = await gql(one, PLAN, { input: { concepts: [p], hoursPerWeek: 10 } });
      expect(res.errors).toBeUndefined();
      return res.data.roadmap.steps.map((s: { concept: { id: string; name: string } }) => s.concept) as {
        id: string;
        name: string;
      }[];
    };
    const plan = async () => (await planned()).map((c) => c.id);
    // The course a syllabus is planned from is cached per revision too.
    const SYLLABUS = `query($input: SyllabusInput!) { syllabus(input: $input) { plan { modules { concepts { concept { id } } } } } }`;
    const syllabus = async () => {
      const res: any = await gql(one, SYLLABUS, { input: { concepts: [p], weeks: 4, hoursPerWeek: 10 } });
      expect(res.errors).toBeUndefined();
      return res.data.syllabus.plan.modules.flatMap((m: any) => m.concepts.map((c: any) => c.concept.id)) as string[];
    };
    expect(await plan()).not.toContain(q);
    expect(await syllabus()).not.toContain(q);
    const added = await add(two, p, q);
    expect(added.userErrors).toEqual([]);
    expect(await plan()).toContain(q);
    expect(await syllabus()).toContain(q);
    // The steps' nodes are shared between requests at one revision: a rename by the other process moves it.
    const renamed = `Renamed by the other process ${process.pid}`;
    const res = await fetch(`${two.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
      body: JSON.stringify({
        query: `mutation($input: UpdateConceptInput!) { updateConcept(input: $input) { userErrors { code } } }`,
        variables: { input: { id: q, name: renamed } },
      }),
    });
    expect(((await res.json()) as any).data.updateConcept.userErrors).toEqual([]);
    expect((await planned()).find((c) => c.id === q)!.name).toBe(renamed);
  });
});
