import net from 'node:net';
import fc from 'fast-check';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/graphql/errors.js';
import { LIMITS } from '../../src/http/limits.js';
import { executableSchema } from '../../src/graphql/schema.js';
import { startTestServer, type TestServer } from '../helpers.js';
import { costOf, generateOperation, samplesFrom, type Samples } from '../operations.js';

let server: TestServer;
let samples: Samples;
const schema = executableSchema();
const CODES = new Set<string>(Object.values(ErrorCode));

beforeAll(async () => {
  server = await startTestServer();
  const rows = await server.db.read<{ id: string }>('MATCH (n:Entity) RETURN n.id AS id ORDER BY n.id');
  samples = samplesFrom(rows.map((r) => r.id));
});
afterAll(() => server.close());

async function post(target: { url: string }, body: string, headers: Record<string, string> = {}) {
  const started = Date.now();
  const res = await fetch(`${target.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: JSON.parse(text) as any, ms: Date.now() - started };
}
const send = (target: { url: string }, query: string, variables?: unknown, headers?: Record<string, string>) =>
  post(target, JSON.stringify({ query, variables }), headers);
const codeOf = (res: { body: any }) => res.body.errors?.[0]?.extensions?.code;

async function fingerprint() {
  const [row] = await server.db.read(
    `MATCH (n) WITH count(n) AS nodes MATCH ()-[r]->() WITH nodes, count(r) AS rels
     OPTIONAL MATCH (m:SeedMeta {id: 'seed'}) RETURN nodes, rels, m.revision AS revision`,
  );
  return row;
}

const ALL_CHAPTERS = () => samples.ids.filter((id) => id.startsWith('chapter:'));

describe('the attacks of the security review are refused fast with a clear code', () => {
  it('refuses hours per week below the floor, naming the argument', async () => {
    for (const hoursPerWeek of [1e-300, 0.001, 0.49, 81, 1e300]) {
      const res = await send(server, 'query($i: RoadmapInput!) { roadmap(input: $i) { totalWeeks } }', {
        i: { concepts: ['concept:machine-learning'], hoursPerWeek },
      });
      // The client's error, never a 5xx; the status per media type is src/http/status.ts (tests/e2e/http-spec).
      expect({ hoursPerWeek, clientError: res.status < 500, code: codeOf(res) }).toEqual({
        hoursPerWeek,
        clientError: true,
        code: 'BAD_USER_INPUT',
      });
      expect(res.body.errors[0].extensions.argumentName).toBe('hoursPerWeek');
      expect(res.ms).toBeLessThan(2000);
    }
  });

  it('refuses a plan longer than 520 weeks, for roadmaps and syllabi', async () => {
    const roadmap = await send(server, 'query($i: RoadmapInput!) { roadmap(input: $i) { totalWeeks } }', {
      i: { chapters: ALL_CHAPTERS(), hoursPerWeek: 0.5 },
    });
    expect(roadmap.status).toBeLessThan(500);
    expect(roadmap.body.errors[0]).toMatchObject({
      message: expect.stringMatching(/more than 520 weeks/),
      extensions: { code: 'BAD_USER_INPUT', argumentName: 'hoursPerWeek' },
    });
    const syllabus = await send(server, 'query($i: SyllabusInput!) { syllabus(input: $i) { plan { weeksNeeded } } }', {
      i: { chapters: ALL_CHAPTERS(), weeks: 52, hoursPerWeek: 0.5 },
    });
    expect(syllabus.status).toBeLessThan(500);
    expect(syllabus.body.errors[0].message).toMatch(/more than 520 weeks/);
    const fits = await send(server, 'query($i: RoadmapInput!) { roadmap(input: $i) { totalWeeks } }', {
      i: { chapters: ALL_CHAPTERS(), hoursPerWeek: 10 },
    });
    expect(fits.body.errors).toBeUndefined();
    expect(fits.body.data.roadmap.totalWeeks).toBeLessThanOrEqual(520);
  });

  it('refuses a negative first instead of letting it cancel the cost of its siblings', async () => {
    const res = await send(
      server,
      `{ x: similar(id: "concept:machine-learning", first: -2000000000) { score }
         chapters(first: 21) { nodes { concepts { chapter { concepts { chapter { concepts { chapter { concepts { id } } } } } } } } } }`,
    );
    expect(res.status).toBeLessThan(500);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.body.errors[0].extensions.argumentName).toBe('first');
    const without = await send(
      server,
      `{ chapters(first: 21) { nodes { concepts { chapter { concepts { chapter { concepts { id } } } } } } } }`,
    );
    expect(codeOf(without)).toBe('QUERY_TOO_COMPLEX');
    expect(without.ms).toBeLessThan(2000);
  });

  it('prices first: null at the default it serves, and exports at what they render', async () => {
    const page = await send(server, '{ concepts(first: null) { nodes { id } } }');
    expect(page.body.data.concepts.nodes).toHaveLength(20);
    expect(page.body.extensions.cost.requested).toBe(20 * 2);
    const input = '{concepts: ["concept:machine-learning"], hoursPerWeek: 5, startDate: "2027-01-04"}';
    const plain = await send(server, `{ roadmap(input: ${input}) { title } }`);
    const exported = await send(server, `{ roadmap(input: ${input}) { title iCalendar markdown mermaid } }`);
    expect(exported.body.extensions.cost.requested).toBeGreaterThan(plain.body.extensions.cost.requested + 1000);
  });

  it('answers deeply nested variables and malformed bodies with a 400 and a code, not a 500', async () => {
    const deep = `${'['.repeat(40_000)}${']'.repeat(40_000)}`;
    const nested = await post(server, `{"query": "{ __typename }", "variables": {"x": ${deep}}}`);
    expect(nested.status).toBeLessThan(500);
    expect(CODES.has(codeOf(nested))).toBe(true);
    for (const body of [
      '{"query": ',
      'not json',
      '{"query": 5}',
      '[]',
      '{"query": "{ __typename }", "variables": 7}',
    ]) {
      const res = await post(server, body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(CODES.has(codeOf(res))).toBe(true);
    }
  });

  it('accepts start dates from 1970 to 2200 with valid iCalendar, and refuses others', async () => {
    const query = 'query($i: RoadmapInput!) { roadmap(input: $i) { endDate iCalendar } }';
    for (const startDate of ['1970-01-01', '2200-12-31']) {
      const res = await send(server, query, { i: { chapters: ALL_CHAPTERS(), hoursPerWeek: 20, startDate } });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.roadmap.endDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const events = new ICAL.Component(ICAL.parse(res.body.data.roadmap.iCalendar)).getAllSubcomponents('vevent');
      expect(events.length).toBeGreaterThan(100);
      for (const e of events) expect(String(e.getFirstPropertyValue('dtstart'))).toMatch(/^(19[7-9]\d|2[0-2]\d\d)-/);
    }
    for (const startDate of ['1969-12-31', '2201-01-01', '9999-03-01', '+010000-03-01']) {
      const res = await send(server, query, {
        i: { concepts: ['concept:machine-learning'], hoursPerWeek: 5, startDate },
      });
      expect({ startDate, code: codeOf(res) }).toEqual({ startDate, code: 'BAD_USER_INPUT' });
    }
  });
});

describe('public citations', () => {
  it('name the document and section in words, and keep working notes out', async () => {
    const res = await send(server, '{ concepts(first: 100) { nodes { sources { doc section citation note } } } }');
    const sources = res.body.data.concepts.nodes.flatMap((n: any) => n.sources);
    expect(sources.length).toBeGreaterThan(100);
    for (const s of sources) {
      expect(s.note).toBeNull();
      expect(s.citation).toMatch(new RegExp(`^[A-Z][^:]+: ${s.section.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    }
  });

  it("serve each source's document, section and lines as stored", async () => {
    const [paper] = await server.db.read<{ id: string; sources: string }>(
      `MATCH (p:Paper) WHERE p.sources CONTAINS '"lines"' RETURN p.id AS id, p.sources AS sources ORDER BY p.id LIMIT 1`,
    );
    const stored = JSON.parse(paper!.sources) as { doc: string; section: string; lines?: string }[];
    const res = await send(server, `{ paper(id: "${paper!.id}") { sources { doc section lines } } }`);
    expect(res.body.data.paper.sources).toEqual(
      stored.map((s) => ({
        doc: s.doc.toUpperCase().replaceAll('-', '_'),
        section: s.section,
        lines: s.lines ?? null,
      })),
    );
    expect(stored.some((s) => s.lines)).toBe(true);
  });
});

/** Objects and list entries in a response: the work the server did to build it. */
function entries(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + Math.max(1, entries(v)), 0);
  if (value && typeof value === 'object') return 1 + Object.values(value).reduce((n: number, v) => n + entries(v), 0);
  return 0;
}

describe('operations generated from the schema', () => {
  it('never serve more entries than their price, and never fail with a 5xx', async () => {
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer(), async (seed) => {
        const op = generateOperation(schema, samples, seed, { maxDepth: 4, maxFields: 3 });
        const cost = costOf(schema, op);
        if (cost === undefined || cost > LIMITS.cost) return;
        const res = await send(server, op.query, op.variables);
        expect(res.status).toBeLessThan(500);
        if (!res.body.data) return;
        checked++;
        expect(res.body.extensions.cost.requested).toBe(cost);
        expect(entries(res.body.data) - 1).toBeLessThanOrEqual(cost);
      }),
      { numRuns: 30 },
    );
    expect(checked).toBeGreaterThan(10);
  }, 240_000);

  it('answer bad input of every kind with a 4xx and a code, within 2 s, and change no data', async () => {
    const before = await fingerprint();
    const bad = fc.oneof(
      fc.constantFrom('\uD800', 'a\uDFFFb', 'x\u0000y', 'x'.repeat(100_000), '', '\u202E\u0000'),
      fc.constantFrom(-1, 0, 0.5, -2_000_000_000, 2 ** 31, 2 ** 53 + 1, 1e308, -1e308),
      fc.constantFrom<unknown>(
        JSON.parse(`${'['.repeat(30)}1${']'.repeat(30)}`),
        null,
        {},
        [null],
        JSON.parse('{"__proto__": {"x": 1}}'),
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.integer(), fc.array(bad, { minLength: 1, maxLength: 3 }), async (seed, values) => {
        const op = generateOperation(schema, samples, seed, { maxDepth: 3, maxFields: 3 });
        const names = Object.keys(op.variables);
        if (!names.length) return;
        const variables = { ...op.variables };
        values.forEach((v, i) => (variables[names[i % names.length]!] = v));
        const res = await send(server, op.query, variables);
        expect(res.ms).toBeLessThan(2000);
        if (res.status === 200 && !res.body.errors) return; // a value the argument accepts
        expect(res.status).toBeLessThan(500);
        expect(res.body.errors?.length).toBeGreaterThan(0);
        expect(CODES.has(codeOf(res))).toBe(true);
      }),
      { numRuns: 40 },
    );
    expect(await fingerprint()).toEqual(before);
  }, 240_000);
});

describe('rate limits', () => {
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startTestServer({
      RATE_LIMIT_POINTS: '100',
      RATE_LIMIT_WINDOW_SECONDS: '2',
      TRUSTED_PROXIES: '127.0.0.1',
    });
  });
  afterAll(() => limited.close());
  const PAGE = '{ concepts(first: 20) { nodes { id } } }'; // costs 40

  it('spends the cost of each operation, refuses with 429 and Retry-After when spent, and refills', async () => {
    const client = { 'x-forwarded-for': '203.0.113.7' };
    const first = await send(limited, PAGE, undefined, client);
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-limit')).toBe('100');
    expect(first.headers.get('ratelimit-remaining')).toBe('60');
    expect(Number(first.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    expect(first.body.extensions.cost).toMatchObject({ requested: 40, budget: 100, remaining: 60 });
    expect((await send(limited, PAGE, undefined, client)).status).toBe(200);
    const over = await send(limited, PAGE, undefined, client);
    expect(over.status).toBe(429);
    expect(codeOf(over)).toBe('RATE_LIMITED');
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const refused = await send(limited, '{ __typename }', undefined, client);
    expect(refused.status).toBe(429);

    // Another client behind the trusted proxy has its own budget; health and readiness are exempt.
    expect((await send(limited, PAGE, undefined, { 'x-forwarded-for': '203.0.113.8' })).status).toBe(200);
    expect((await fetch(`${limited.url}/health`, { headers: client })).status).toBe(200);

    await new Promise((r) => setTimeout(r, 2100));
    const again = await send(limited, PAGE, undefined, client);
    expect(again.status).toBe(200);
    expect(again.headers.get('ratelimit-remaining')).toBe('60');
  });

  it('ignores X-Forwarded-For from a proxy that is not trusted', async () => {
    const direct = await startTestServer({ RATE_LIMIT_POINTS: '50' });
    try {
      expect((await send(direct, PAGE, undefined, { 'x-forwarded-for': '198.51.100.1' })).status).toBe(200);
      const forged = await send(direct, PAGE, undefined, { 'x-forwarded-for': '198.51.100.2' });
      expect(forged.status).toBe(429);
    } finally {
      await direct.close();
    }
  });
});

describe('a Neo4j that accepts connections and never answers', () => {
  let silent: net.Server;
  let port: number;
  const sockets: net.Socket[] = [];
  beforeAll(async () => {
    silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    port = (silent.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => silent.close(() => r()));
  });

  it('answers DEADLINE_EXCEEDED (504) at the request deadline, not at the driver timeouts', async () => {
    const stuck = await startTestServer({
      NEO4J_URI: `bolt://127.0.0.1:${port}`,
      REQUEST_DEADLINE_MS: '800',
      NEO4J_CONNECT_TIMEOUT_MS: '30000',
    });
    try {
      const res = await send(stuck, '{ parts(first: 1) { nodes { id } } }');
      expect(res.status).toBe(504);
      expect(codeOf(res)).toBe('DEADLINE_EXCEEDED');
      expect(res.ms).toBeLessThan(2000);
    } finally {
      await stuck.close();
    }
  });

  it('answers DATABASE_UNAVAILABLE (503) at the connect timeout, then at once while the circuit is open', async () => {
    const stuck = await startTestServer({ NEO4J_URI: `bolt://127.0.0.1:${port}`, NEO4J_CONNECT_TIMEOUT_MS: '300' });
    try {
      const answers = await Promise.all(
        Array.from({ length: 8 }, () => send(stuck, '{ parts(first: 1) { nodes { id } } }')),
      );
      for (const a of answers) {
        expect(a.status).toBe(503);
        expect(codeOf(a)).toBe('DATABASE_UNAVAILABLE');
        expect(a.ms).toBeLessThan(2000);
      }
      const open = await send(stuck, '{ parts(first: 1) { nodes { id } } }');
      expect(codeOf(open)).toBe('DATABASE_UNAVAILABLE');
      expect(open.ms).toBeLessThan(250);
    } finally {
      await stuck.close();
    }
  });

  it('under long timeouts, the stall watch answers DATABASE_UNAVAILABLE (503) well before them', async () => {
    const stuck = await startTestServer({
      NEO4J_URI: `bolt://127.0.0.1:${port}`,
      REQUEST_DEADLINE_MS: '20000',
      NEO4J_CONNECT_TIMEOUT_MS: '20000',
      NEO4J_STALL_MS: '500',
    });
    try {
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => send(stuck, '{ parts(first: 1) { nodes { id } } }')),
      );
      for (const a of answers) {
        expect(a.status).toBe(503);
        expect(codeOf(a)).toBe('DATABASE_UNAVAILABLE');
        expect(a.ms).toBeLessThan(2000);
      }
    } finally {
      await stuck.close();
    }
  });
});
