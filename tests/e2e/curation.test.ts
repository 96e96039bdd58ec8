import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../../src/seed/seeder.js';
import { readmeExamples, startTestServer, testEmbedder, type TestServer } from '../helpers.js';

const KEYS = { alice: 'alice-key-0123456789abcdefghij', bob: 'bob-key-0123456789abcdefghijklm' };
let server: TestServer;
/** The concept a test unlinks from a resource (read from the graph). */
let unlinked = '';
/** A prerequisite chain of the seed, a -> b -> c (a requires b, b requires c), read from the graph. */
let chain: { a: string; b: string; c: string };

beforeAll(async () => {
  server = await startTestServer({ API_KEYS: `alice:${KEYS.alice},bob:${KEYS.bob}` });
  const rows = await server.db.read<typeof chain>(
    `MATCH (a:Concept)-[:REQUIRES]->(b:Concept)-[:REQUIRES]->(c:Concept)
     WHERE NOT 'concept:quantization' IN [a.id, b.id, c.id]
     RETURN a.id AS a, b.id AS b, c.id AS c ORDER BY a, b, c LIMIT 1`,
  );
  chain = rows[0]!;
});
afterAll(async () => {
  // Leave the shared test graph as the seed made it: drop curated data, then re-seed (which removes curated nodes).
  await server.db.write('MATCH (n) WHERE n:CuratedOverlay OR n:Change DETACH DELETE n');
  await seed(server.db, { embedder: await testEmbedder() });
  await server.close();
});

async function as(
  key: string | null,
  query: string,
  variables?: Record<string, unknown>,
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: await res.json() };
}

/** What the graph holds, to prove a refused write changed nothing. */
async function fingerprint() {
  const [row] = await server.db.read<Record<string, number | string>>(
    `MATCH (n) WITH count(n) AS nodes
     MATCH ()-[r]->() WITH nodes, count(r) AS rels
     OPTIONAL MATCH (c:Concept {id: 'concept:quantization'})
     RETURN nodes, rels, c.definition AS definition`,
  );
  return row;
}

const CREATE = `mutation($input: CreateConceptInput!) { createConcept(input: $input) {
  concept { id name definition hours difficulty chapter { id } prerequisites { reason concept { id } } sources { doc } }
  change { by action target before after } userErrors { field message code } } }`;
const UPDATE = `mutation($input: UpdateConceptInput!) { updateConcept(input: $input) { concept { id definition hours } change { by before after } userErrors { field message code } } }`;
const ADD = `mutation($input: AddPrerequisiteInput!) { addPrerequisite(input: $input) { concept { id prerequisites { reason concept { id } } } change { action } userErrors { field message code } } }`;
const REMOVE = `mutation($input: RemovePrerequisiteInput!) { removePrerequisite(input: $input) { concept { id prerequisites { concept { id } } } userErrors { field message code } } }`;
const LINK = `mutation($input: ResourceLinkInput!) { linkResource(input: $input) { resource { id concepts { id } } userErrors { field message code } } }`;
const UNLINK = `mutation($input: ResourceLinkInput!) { unlinkResource(input: $input) { resource { id concepts { id } } userErrors { field message code } } }`;

const newConcept = {
  id: 'concept:curated-gradient-umbrella',
  name: 'Gradient Umbrella Scheduling',
  definition:
    'A made-up scheduling trick that shelters small gradient updates from stragglers under a shared umbrella step.',
  chapter: 'chapter:ai-training',
  difficulty: 'ADVANCED',
  hours: 2.5,
  aliases: ['umbrella steps'],
  prerequisites: [
    {
      concept: 'concept:backpropagation',
      reason: 'needs backpropagation because the umbrella wraps its gradient updates',
    },
  ],
};

describe('curation: writes need a key', () => {
  it('refuses every mutation without a valid key with UNAUTHENTICATED (HTTP 401) and writes nothing', async () => {
    const before = await fingerprint();
    const attempts: [string, Record<string, unknown>][] = [
      [CREATE, { input: newConcept }],
      [UPDATE, { input: { id: 'concept:quantization', definition: 'vandalised' } }],
      [ADD, { input: { concept: 'concept:quantization', prerequisite: 'concept:machine-learning', reason: 'x' } }],
      [REMOVE, { input: { concept: chain.a, prerequisite: chain.b } }],
      [LINK, { input: { resource: 'resource:designing-machine-learning-systems', concept: 'concept:quantization' } }],
      [UNLINK, { input: { resource: 'resource:designing-machine-learning-systems', concept: 'concept:quantization' } }],
    ];
    for (const key of [null, 'wrong-key-0123456789abcdefghij', KEYS.alice.slice(0, -1)]) {
      for (const [query, variables] of attempts) {
        const res = await as(key, query, variables);
        expect(res.status).toBe(401);
        expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
        expect(res.body.data).toBeNull();
      }
    }
    expect(await fingerprint()).toEqual(before);
    const history = await as(null, '{ history(id: "concept:quantization") { id } }');
    expect(history.body.data.history).toEqual([]);
  });

  it('keeps reads open without a key', async () => {
    const res = await as(null, '{ concept(id: "concept:quantization") { name } }');
    expect(res.status).toBe(200);
    expect(res.body.data.concept.name).toBeTruthy();
  });
});

describe('curation: writes with a key', () => {
  it('creates a concept with its prerequisite, records who did it, and serves it like any other', async () => {
    const res = await as(KEYS.alice, CREATE, { input: newConcept });
    expect(res.body.errors).toBeUndefined();
    const { concept, change, userErrors } = res.body.data.createConcept;
    expect(userErrors).toEqual([]);
    expect(concept).toMatchObject({
      id: newConcept.id,
      name: newConcept.name,
      hours: 2.5,
      difficulty: 'ADVANCED',
      chapter: { id: 'chapter:ai-training' },
    });
    expect(concept.prerequisites).toEqual([
      { reason: newConcept.prerequisites[0]!.reason, concept: { id: 'concept:backpropagation' } },
    ]);
    expect(concept.sources.map((s: any) => s.doc)).toEqual(['CURATED']);
    expect(change).toMatchObject({ by: 'alice', action: 'createConcept', target: newConcept.id, before: 'null' });
    expect(JSON.parse(change.after)).toMatchObject({ name: newConcept.name, chapter: 'chapter:ai-training' });
    const chapter = await as(null, '{ chapter(id: "chapter:ai-training") { concepts { id } } }');
    expect(chapter.body.data.chapter.concepts.map((c: any) => c.id)).toContain(newConcept.id);
  });

  it('shows curated prerequisites in roadmaps at once (the cached prerequisite graph follows the graph revision)', async () => {
    const q = `{ roadmap(input: {concepts: ["${newConcept.id}"], hoursPerWeek: 10}) { steps { concept { id } } } }`;
    const steps = async () => ((await as(null, q)).body.data.roadmap.steps as any[]).map((s) => s.concept.id);
    expect(await steps()).not.toContain('concept:tinyml');
    await as(KEYS.alice, ADD, {
      input: {
        concept: newConcept.id,
        prerequisite: 'concept:tinyml',
        reason: 'umbrella steps were first tried on tiny devices',
      },
    });
    expect(await steps()).toContain('concept:tinyml');
    await as(KEYS.alice, REMOVE, { input: { concept: newConcept.id, prerequisite: 'concept:tinyml' } });
    expect(await steps()).not.toContain('concept:tinyml');
  });

  it('refreshes search for what it wrote: the new concept is found by its meaning', async () => {
    const [row] = await server.db.read<{ same: boolean }>(
      'MATCH (c:Concept {id: $id}) RETURN c.embeddingHash ENDS WITH c.embedTextHash AND c.embedding IS NOT NULL AS same',
      { id: newConcept.id },
    );
    expect(row!.same).toBe(true);
    for (const mode of ['SEMANTIC', 'KEYWORD']) {
      const res = await as(
        null,
        `{ search(query: "shelter small gradient updates from stragglers under an umbrella", mode: ${mode}, first: 3) { node { id } } }`,
      );
      expect(res.body.data.search[0].node.id).toBe(newConcept.id);
    }
  });

  it('updates fields, keeps before and after in history, newest first', async () => {
    const old = await as(null, '{ concept(id: "concept:quantization") { definition hours } }');
    const definition =
      'Storing weights and activations with fewer bits, for example 8-bit integers instead of 32-bit floats.';
    const res = await as(KEYS.bob, UPDATE, { input: { id: 'concept:quantization', definition, hours: 4 } });
    expect(res.body.data.updateConcept.userErrors).toEqual([]);
    expect(res.body.data.updateConcept.concept).toMatchObject({ definition, hours: 4 });
    const change = res.body.data.updateConcept.change;
    expect(JSON.parse(change.before)).toMatchObject({
      definition: old.body.data.concept.definition,
      hours: old.body.data.concept.hours,
    });
    expect(JSON.parse(change.after)).toMatchObject({ definition, hours: 4 });
    await as(KEYS.alice, UPDATE, { input: { id: 'concept:quantization', hours: 5 } });
    const history = await as(null, '{ history(id: "concept:quantization", first: 10) { by action after } }');
    expect(history.body.data.history.map((h: any) => h.by)).toEqual(['alice', 'bob']);
    expect(JSON.parse(history.body.data.history[0].after)).toMatchObject({ definition, hours: 5 });
  });

  it('accepts the key in an X-API-Key header too', async () => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEYS.bob },
      body: JSON.stringify({ query: UPDATE, variables: { input: { id: 'concept:quantization', hours: 5 } } }),
    });
    const body: any = await res.json();
    expect(body.data.updateConcept.change.by).toBe('bob');
  });

  it('refuses a prerequisite that would close a cycle, showing the cycle, and the graph stays acyclic', async () => {
    // a -> b -> c in the seed: making b or c require a closes a cycle.
    for (const [concept, prerequisite] of [
      [chain.b, chain.a],
      [chain.c, chain.a],
    ]) {
      const before = await fingerprint();
      const res = await as(KEYS.alice, ADD, { input: { concept, prerequisite, reason: 'would loop' } });
      const { userErrors, concept: payload } = res.body.data.addPrerequisite;
      expect(payload).toBeNull();
      expect(userErrors[0].code).toBe('CYCLE');
      expect(userErrors[0].message).toContain(concept);
      expect(userErrors[0].message).toContain(prerequisite);
      expect(userErrors[0].message).toMatch(/->.*->/);
      expect(await fingerprint()).toEqual(before);
    }
    const cycles = await server.db.read('MATCH p = (c:Concept)-[:REQUIRES*1..30]->(c) RETURN p LIMIT 1');
    expect(cycles).toEqual([]);
  });

  it('adds and removes prerequisites, and links and unlinks resources', async () => {
    const add = await as(KEYS.alice, ADD, {
      input: {
        concept: 'concept:quantization',
        prerequisite: 'concept:latency-throughput',
        reason: 'needs the latency view because quantization is judged by its speed-up',
      },
    });
    expect(add.body.data.addPrerequisite.userErrors).toEqual([]);
    expect(add.body.data.addPrerequisite.concept.prerequisites.map((p: any) => p.concept.id)).toContain(
      'concept:latency-throughput',
    );
    const remove = await as(KEYS.alice, REMOVE, { input: { concept: chain.a, prerequisite: chain.b } });
    expect(remove.body.data.removePrerequisite.userErrors).toEqual([]);
    expect(remove.body.data.removePrerequisite.concept.prerequisites.map((p: any) => p.concept.id)).not.toContain(
      chain.b,
    );
    const link = await as(KEYS.bob, LINK, {
      input: { resource: 'resource:machine-learning-engineering-burkov', concept: newConcept.id },
    });
    expect(link.body.data.linkResource.resource.concepts.map((c: any) => c.id)).toContain(newConcept.id);
    const taught = await as(
      null,
      '{ resource(id: "resource:designing-machine-learning-systems") { concepts { id } } }',
    );
    unlinked = taught.body.data.resource.concepts[0].id;
    const unlink = await as(KEYS.bob, UNLINK, {
      input: { resource: 'resource:designing-machine-learning-systems', concept: unlinked },
    });
    expect(unlink.body.data.unlinkResource.userErrors).toEqual([]);
    expect(unlink.body.data.unlinkResource.resource.concepts.map((c: any) => c.id)).not.toContain(unlinked);
  });

  it('answers expected failures with userErrors naming the field, and writes nothing', async () => {
    const before = await fingerprint();
    const cases: [string, Record<string, unknown>, string, string[]][] = [
      [CREATE, { ...newConcept }, 'ALREADY_EXISTS', ['input', 'id']],
      [CREATE, { ...newConcept, id: 'concept:another', hours: 100 }, 'INVALID', ['input', 'hours']],
      [CREATE, { ...newConcept, id: 'concept:another', chapter: 'chapter:nope' }, 'NOT_FOUND', ['input']],
      [UPDATE, { id: 'concept:nope', hours: 2 }, 'NOT_FOUND', ['input', 'id']],
      [UPDATE, { id: 'concept:quantization' }, 'INVALID', ['input', 'id']],
      [
        ADD,
        { concept: 'concept:quantization', prerequisite: 'concept:nope', reason: 'x' },
        'NOT_FOUND',
        ['input', 'prerequisite'],
      ],
      [
        ADD,
        { concept: 'concept:quantization', prerequisite: 'concept:quantization', reason: 'x' },
        'INVALID',
        ['input'],
      ],
      [
        REMOVE,
        { concept: 'concept:quantization', prerequisite: 'concept:tinyml' },
        'NOT_FOUND',
        ['input', 'prerequisite'],
      ],
      [
        LINK,
        { resource: 'resource:machine-learning-engineering-burkov', concept: newConcept.id },
        'ALREADY_EXISTS',
        ['input', 'concept'],
      ],
    ];
    for (const [query, input, code, field] of cases) {
      const res = await as(KEYS.alice, query, { input });
      expect(res.body.errors).toBeUndefined();
      const payload = Object.values(res.body.data)[0] as any;
      expect(payload.userErrors[0]).toMatchObject({ code, field });
      expect(payload.userErrors[0].message.length).toBeGreaterThan(5);
      expect(payload.change ?? null).toBeNull();
    }
    expect(await fingerprint()).toEqual(before);
  });

  it('runs the README example of the Curation section with a key', async () => {
    const [example] = readmeExamples('Curation');
    const res = await as(KEYS.alice, example!);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.addPrerequisite.userErrors).toEqual([]);
    expect(res.body.data.addPrerequisite.change.by).toBe('alice');
  });

  it('keeps curated changes across a re-seed', async () => {
    await seed(server.db, { embedder: await testEmbedder() });
    const res = await as(
      null,
      `query($trimmed: ID!) {
      created: concept(id: "concept:curated-gradient-umbrella") { name prerequisites { concept { id } } }
      edited: concept(id: "concept:quantization") { hours prerequisites { concept { id } } }
      trimmed: concept(id: $trimmed) { prerequisites { concept { id } } }
      linked: resource(id: "resource:machine-learning-engineering-burkov") { concepts { id } }
      unlinked: resource(id: "resource:designing-machine-learning-systems") { concepts { id } } }`,
      { trimmed: chain.a },
    );
    const d = res.body.data;
    expect(d.created.name).toBe(newConcept.name);
    expect(d.created.prerequisites.map((p: any) => p.concept.id)).toEqual(['concept:backpropagation']);
    expect(d.edited.hours).toBe(5);
    expect(d.edited.prerequisites.map((p: any) => p.concept.id)).toContain('concept:latency-throughput');
    expect(d.trimmed.prerequisites.map((p: any) => p.concept.id)).not.toContain(chain.b);
    expect(d.linked.concepts.map((c: any) => c.id)).toContain(newConcept.id);
    expect(d.unlinked.concepts.map((c: any) => c.id)).not.toContain(unlinked);
    const [origin] = await server.db.read<{ node: string; edge: string }>(
      `MATCH (c:Concept {id: $id})-[r:REQUIRES]->() RETURN c.origin AS node, r.origin AS edge`,
      { id: newConcept.id },
    );
    expect(origin).toEqual({ node: 'curated', edge: 'curated' });
  });
});
