import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reachable } from '../../src/prereq/order.js';
import { readmeExamples, startTestServer, type TestServer } from '../helpers.js';

const KEYS = {
  app: 'app-key-0123456789abcdefghijklm',
  other: 'other-key-0123456789abcdefghijk',
  curator: 'curator-key-0123456789abcdefghi',
};
let server: TestServer;
/** Every REQUIRES edge of the graph: concept -> its direct prerequisites. */
const requires = new Map<string, string[]>();

beforeAll(async () => {
  server = await startTestServer({
    API_KEYS: `app:${KEYS.app}:learners,other:${KEYS.other}:learners+curate,curator:${KEYS.curator}`,
  });
  const rows = await server.db.read<{ from: string; to: string }>(
    'MATCH (a:Concept)-[:REQUIRES]->(b:Concept) RETURN a.id AS from, b.id AS to',
  );
  for (const r of rows) requires.set(r.from, [...(requires.get(r.from) ?? []), r.to]);
});
afterAll(async () => {
  await server.db.write('MATCH (n) WHERE n:Learner OR n:Placement DETACH DELETE n');
  await server.close();
});

async function as(key: string | null, query: string, variables?: Record<string, unknown>) {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as any };
}

const closureOf = (ids: string[]) => reachable(ids, requires);

const create = async (key: string) => {
  const res = await as(key, 'mutation { createLearner { id createdAt } }');
  expect(res.body.errors).toBeUndefined();
  return res.body.data.createLearner.id as string;
};

/** Everything stored for a learner: its node, its relationships, and the nodes it owns. */
async function traces(id: string): Promise<number> {
  const rows = await server.db.read<{ n: number }>(
    `OPTIONAL MATCH (l:Learner {id: $id})
     OPTIONAL MATCH (l)-[r]-()
     OPTIONAL MATCH (p:Placement {learner: $id})
     RETURN count(DISTINCT l) + count(DISTINCT r) + count(DISTINCT p) AS n`,
    { id },
  );
  return rows[0]!.n;
}

describe('learners over HTTP', () => {
  it('needs a key with the learners scope: none is 401, a curator-only key 403', async () => {
    const none = await as(null, 'mutation { createLearner { id } }');
    expect(none.status).toBe(401);
    expect(none.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const curator = await as(KEYS.curator, 'mutation { createLearner { id } }');
    expect(curator.status).toBe(403);
    expect(curator.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(curator.body.errors[0].message).toMatch(/"learners" scope/);
    // An app's learner key cannot edit the graph.
    const edit = await as(
      KEYS.app,
      `mutation { addPrerequisite(input: {concept: "concept:quantization", prerequisite: "concept:tensor",
        reason: "needs tensors because it stores them"}) { userErrors { message } } }`,
    );
    expect(edit.status).toBe(403);
    expect(edit.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('keeps a learner private to its key: another key reads null and cannot write, nothing is written', async () => {
    const id = await create(KEYS.app);
    const mine = await as(KEYS.app, 'query($id: ID!) { learner(id: $id) { id known { concept { id } } } }', { id });
    expect(mine.body.data.learner).toEqual({ id, known: [] });
    const theirs = await as(KEYS.other, 'query($id: ID!) { learner(id: $id) { id } }', { id });
    expect(theirs.body.errors).toBeUndefined();
    expect(theirs.body.data.learner).toBeNull();
    const before = await traces(id);
    for (const [query, variables] of [
      [
        'mutation($id: ID!) { recordStudy(learner: $id, concept: "concept:tensor", status: DONE, hours: 2) { id } }',
        { id },
      ],
      ['mutation($id: ID!) { declareKnown(learner: $id, concepts: ["concept:tensor"]) { id } }', { id }],
      ['mutation($id: ID!) { deleteLearner(id: $id) }', { id }],
    ] as const) {
      const res = await as(KEYS.other, query, variables);
      expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(res.body.errors[0].message).toMatch(/No learner .* belongs to this key/);
    }
    expect(await traces(id)).toBe(before);
    expect((await as(KEYS.app, 'query($id: ID!) { learner(id: $id) { id } }', { id })).body.data.learner.id).toBe(id);
  });

  it('records progress once for every plan: known concepts leave, started hours count', async () => {
    const id = await create(KEYS.app);
    const study = (concept: string, status: string, hours: number) =>
      as(
        KEYS.app,
        `mutation($id: ID!, $c: ID!, $s: StudyStatus!, $h: Float!) {
           recordStudy(learner: $id, concept: $c, status: $s, hours: $h) { progress { concept { id } status hours } } }`,
        { id, c: concept, s: status, h: hours },
      );
    expect((await study('concept:neural-network', 'DONE', 4)).body.errors).toBeUndefined();
    await as(KEYS.app, 'mutation($id: ID!) { declareKnown(learner: $id, concepts: ["concept:tensor"]) { id } }', {
      id,
    });
    const started = await study('concept:quantization', 'STARTED', 1.5);
    expect(started.body.data.recordStudy.progress).toContainEqual({
      concept: { id: 'concept:quantization' },
      status: 'STARTED',
      hours: 1.5,
    });
    const res = await as(
      KEYS.app,
      `query($id: ID!) { learner(id: $id) {
         known { concept { id } source confidence }
         roadmap(goal: {concepts: ["concept:quantization-aware-training"], hoursPerWeek: 5}) {
           title steps { concept { id } hours remainingHours } }
         nextSteps(goal: {concepts: ["concept:quantization-aware-training"], hoursPerWeek: 5}, first: 3) {
           concept { id } hours unlocks reason } } }`,
      { id },
    );
    expect(res.body.errors).toBeUndefined();
    const learner = res.body.data.learner;
    expect(learner.known).toEqual(
      expect.arrayContaining([
        { concept: { id: 'concept:neural-network' }, source: 'STUDIED', confidence: 1 },
        { concept: { id: 'concept:tensor' }, source: 'DECLARED', confidence: 1 },
      ]),
    );
    const known = closureOf(['concept:neural-network', 'concept:tensor']);
    const steps: any[] = learner.roadmap.steps;
    const expected = [...closureOf(['concept:quantization-aware-training'])].filter((c) => !known.has(c)).sort();
    expect(steps.map((s) => s.concept.id).sort()).toEqual(expected);
    const quant = steps.find((s) => s.concept.id === 'concept:quantization');
    expect(quant.remainingHours).toBeCloseTo(quant.hours - 1.5, 6);
    expect(learner.roadmap.title).toMatch(/^Roadmap to Quantization-Aware Training, from /);
    // What can be studied now: every prerequisite known.
    expect(learner.nextSteps.length).toBeGreaterThan(0);
    const inPlan = new Set(steps.map((s) => s.concept.id));
    for (const n of learner.nextSteps) {
      for (const p of requires.get(n.concept.id) ?? []) expect(known.has(p) || !inPlan.has(p)).toBe(true);
      expect(n.unlocks).toBeGreaterThanOrEqual(1);
    }
    const rate = learner.nextSteps.map((n: any) => n.unlocks / n.hours);
    expect(rate).toEqual([...rate].sort((a: number, b: number) => b - a));
  });

  it('places a learner one question at a time, then records what it inferred as PLACED', async () => {
    const id = await create(KEYS.app);
    const P = 'id answered done question { id } belief { concept { id } known } known { id } readyToLearn { id }';
    const start = await as(
      KEYS.app,
      `mutation($id: ID!) { startPlacement(learner: $id, targets: ["concept:model-serving"]) { ${P} } }`,
      { id },
    );
    expect(start.body.errors).toBeUndefined();
    let placement = start.body.data.startPlacement;
    const scope = closureOf(['concept:model-serving']);
    for (const b of placement.belief) expect(scope.has(b.concept.id)).toBe(true);
    const asked: string[] = [];
    while (!placement.done) {
      const q = placement.question.id;
      expect(asked).not.toContain(q);
      asked.push(q);
      const res = await as(
        KEYS.app,
        `mutation($p: ID!, $q: ID!) { answerPlacement(placement: $p, question: $q, correct: true) { ${P} } }`,
        { p: placement.id, q },
      );
      expect(res.body.errors).toBeUndefined();
      placement = res.body.data.answerPlacement;
      expect(placement.answered).toBe(asked.length);
    }
    expect(asked.length).toBeLessThanOrEqual(15);
    expect(placement.question).toBeNull();
    const placed = new Set(placement.known.map((k: any) => k.id));
    for (const c of placed) for (const p of requires.get(c as string) ?? []) expect(placed.has(p)).toBe(true);
    for (const r of placement.readyToLearn) expect(placed.has(r.id)).toBe(false);
    const learner = await as(KEYS.app, 'query($id: ID!) { learner(id: $id) { known { concept { id } source } } }', {
      id,
    });
    const recorded = learner.body.data.learner.known
      .filter((k: any) => k.source === 'PLACED')
      .map((k: any) => k.concept.id);
    expect(recorded.sort()).toEqual([...placed].sort());
    // Over: a further answer, an answer twice, another key's placement, a question it did not ask.
    const again = await as(
      KEYS.app,
      'mutation($p: ID!, $q: ID!) { answerPlacement(placement: $p, question: $q, correct: true) { id } }',
      { p: placement.id, q: asked[0] ?? 'question:none' },
    );
    expect(again.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'placement' });
    const fresh = await as(
      KEYS.app,
      `mutation($id: ID!) { startPlacement(learner: $id, targets: ["concept:quantization-aware-training"]) { id question { id } done } }`,
      { id },
    );
    const p2 = fresh.body.data.startPlacement;
    if (!p2.done) {
      const other = await as(
        KEYS.other,
        'mutation($p: ID!, $q: ID!) { answerPlacement(placement: $p, question: $q, correct: true) { id } }',
        { p: p2.id, q: p2.question.id },
      );
      expect(other.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'placement' });
      const wrongQ = await as(
        KEYS.app,
        'mutation($p: ID!) { answerPlacement(placement: $p, question: "question:not-asked", correct: true) { id } }',
        { p: p2.id },
      );
      expect(wrongQ.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'question' });
      const first = await as(
        KEYS.app,
        'mutation($p: ID!, $q: ID!) { answerPlacement(placement: $p, question: $q, correct: false) { done } }',
        { p: p2.id, q: p2.question.id },
      );
      expect(first.body.errors).toBeUndefined();
      const twice = await as(
        KEYS.app,
        'mutation($p: ID!, $q: ID!) { answerPlacement(placement: $p, question: $q, correct: false) { done } }',
        { p: p2.id, q: p2.question.id },
      );
      expect(twice.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(twice.body.errors[0].message).toMatch(
        first.body.data.answerPlacement.done ? /finished/ : /already answered/,
      );
    }
  });

  it('schedules spaced reviews for what was learned, and reserves weekly time for them in the roadmap', async () => {
    const id = await create(KEYS.app);
    for (const c of ['concept:artificial-neuron', 'concept:neural-network'])
      await as(
        KEYS.app,
        'mutation($id: ID!, $c: ID!) { recordStudy(learner: $id, concept: $c, status: DONE, hours: 1) { id } }',
        {
          id,
          c,
        },
      );
    const due = await as(
      KEYS.app,
      `query($id: ID!) { learner(id: $id) { later: dueReviews(on: "2099-01-01") { concept { id } due } now: dueReviews(on: "2000-01-01") { concept { id } }
         roadmap(goal: {concepts: ["concept:transformer"], hoursPerWeek: 6}) { hoursPerWeek reviewsPerWeek reviewHoursPerWeek } } }`,
      { id },
    );
    expect(due.body.errors).toBeUndefined();
    const learner = due.body.data.learner;
    expect(learner.later.map((d: any) => d.concept.id).sort()).toEqual([
      'concept:artificial-neuron',
      'concept:neural-network',
    ]);
    expect(learner.now).toEqual([]);
    expect(learner.roadmap.reviewsPerWeek).toBeGreaterThan(0);
    expect(learner.roadmap.hoursPerWeek).toBeCloseTo(6 - learner.roadmap.reviewHoursPerWeek, 6);
    const review = await as(
      KEYS.app,
      'mutation($id: ID!) { recordReview(learner: $id, concept: "concept:neural-network", rating: GOOD) { credited { id } learner { id } } }',
      { id },
    );
    expect(review.body.errors).toBeUndefined();
    expect(review.body.data.recordReview.learner.id).toBe(id);
    const unknown = await as(
      KEYS.app,
      'mutation($id: ID!) { recordReview(learner: $id, concept: "concept:transformer", rating: GOOD) { credited { id } } }',
      { id },
    );
    expect(unknown.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'concept' });
    const badDay = await as(KEYS.app, 'query($id: ID!) { learner(id: $id) { dueReviews(on: "2027-02-30") { due } } }', {
      id,
    });
    expect(badDay.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'on' });
  });

  it('deletes a learner with every trace; then it is gone for its own key too', async () => {
    const id = await create(KEYS.app);
    await as(
      KEYS.app,
      'mutation($id: ID!) { recordStudy(learner: $id, concept: "concept:tensor", status: DONE, hours: 2) { id } }',
      { id },
    );
    expect(await traces(id)).toBeGreaterThan(1);
    const res = await as(KEYS.app, 'mutation($id: ID!) { deleteLearner(id: $id) }', { id });
    expect(res.body.data.deleteLearner).toBe(true);
    expect(await traces(id)).toBe(0);
    expect((await as(KEYS.app, 'query($id: ID!) { learner(id: $id) { id } }', { id })).body.data.learner).toBeNull();
    const again = await as(KEYS.app, 'mutation($id: ID!) { deleteLearner(id: $id) }', { id });
    expect(again.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'id' });
  });

  it('refuses bad input with a code naming the argument, writing nothing', async () => {
    const id = await create(KEYS.app);
    const cases: [string, Record<string, unknown>, string][] = [
      ['query($id: ID!) { learner(id: $id) { id } }', { id: 'not-a-uuid' }, 'id'],
      [
        'mutation($id: ID!) { recordStudy(learner: $id, concept: "concept:nope", status: DONE, hours: 1) { id } }',
        { id },
        'concept',
      ],
      [
        'mutation($id: ID!) { recordStudy(learner: $id, concept: "concept:tensor", status: DONE, hours: 201) { id } }',
        { id },
        'hours',
      ],
      ['mutation($id: ID!) { declareKnown(learner: $id, concepts: ["concept:nope"]) { id } }', { id }, 'concepts'],
      [
        'mutation($id: ID!, $c: [ID!]!) { declareKnown(learner: $id, concepts: $c) { id } }',
        { id, c: Array.from({ length: 301 }, (_, i) => `concept:x${i}`) },
        'concepts',
      ],
      [
        'query($id: ID!) { learner(id: $id) { roadmap(goal: {concepts: ["concept:tensor"], hoursPerWeek: 0}) { title } } }',
        { id },
        'hoursPerWeek',
      ],
    ];
    for (const [query, variables, argument] of cases) {
      const res = await as(KEYS.app, query, variables);
      expect({ argument, ext: res.body.errors?.[0]?.extensions }).toMatchObject({
        argument,
        ext: { code: 'BAD_USER_INPUT', argumentName: argument },
      });
    }
    expect(await traces(id)).toBe(1);
  });

  it('runs the README examples of the Learners section', async () => {
    const examples = readmeExamples('Learners');
    expect(examples.length).toBeGreaterThan(0);
    let id = '';
    for (const example of examples) {
      const res = await as(KEYS.app, example.replace(/LEARNER_ID/g, id));
      expect({ example, errors: res.body.errors }).toEqual({ example, errors: undefined });
      id ||= res.body.data.createLearner?.id ?? '';
    }
    expect(id).not.toBe('');
  });
});
