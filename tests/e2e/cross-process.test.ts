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
  one = await startTestServer({ API_KEYS: `alice:${KEY}:curate+learners` });
  two = await startTestServer({ API_KEYS: `alice:${KEY}:curate+learners` });
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

/** An operation with the key, through one process; its data, or its errors' codes and messages. */
async function call(server: TestServer, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: any; errors?: { message: string; extensions: { code: string } }[] };
}

describe('one placement answered through two API processes', () => {
  const PLACEMENT = 'id answered done question { id }';
  const ANSWER = `mutation($p: ID!, $q: ID!) { answerPlacement(placement: $p, question: $q, correct: true) { ${PLACEMENT} } }`;

  it("loses no answer and refuses a repeated one, though each process last saw the placement before the other's answer", async () => {
    const learner = (await call(one, 'mutation { createLearner { id } }')).data.createLearner.id;
    try {
      const started = await call(
        one,
        `mutation($l: ID!) { startPlacement(learner: $l, targets: ["concept:model-serving"]) { ${PLACEMENT} } }`,
        { l: learner },
      );
      const placement = started.data.startPlacement;
      const first = placement.question.id;
      // One answers the first question; two answers the second: one's own last state of the placement is now old.
      const afterOne = (await call(one, ANSWER, { p: placement.id, q: first })).data.answerPlacement;
      const second = afterOne.question.id;
      const afterTwo = (await call(two, ANSWER, { p: placement.id, q: second })).data.answerPlacement;
      expect(afterTwo.answered).toBe(2);
      // The second question again, through one, which last saved the placement waiting for it: refused.
      const again = await call(one, ANSWER, { p: placement.id, q: second });
      expect(again.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
      expect(again.errors?.[0]?.message).toMatch(/already answered/);
      const third = (await call(one, ANSWER, { p: placement.id, q: afterTwo.question.id })).data.answerPlacement;
      expect(third.answered).toBe(3);
      const [row] = await one.db.read<{ answers: string }>(
        'MATCH (p:Placement {id: $id}) RETURN p.answers AS answers',
        {
          id: placement.id,
        },
      );
      expect(JSON.parse(row!.answers).map((a: { question: string }) => a.question)).toEqual([
        first,
        second,
        afterTwo.question.id,
      ]);
    } finally {
      await call(one, 'mutation($id: ID!) { deleteLearner(id: $id) }', { id: learner });
    }
  });
});

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
