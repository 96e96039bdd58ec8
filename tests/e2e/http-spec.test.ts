import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { auditServer } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { ErrorCode } from '../../src/graphql/errors.js';
import { LIMITS } from '../../src/http/limits.js';
import { BODY_LIMIT_BYTES } from '../../src/http/app.js';
import { HTTP_STATUS } from '../../src/http/status.js';
import { sha256 } from '../../src/http/trusted-documents.js';
import { startTestServer, testDb, type TestServer } from '../helpers.js';

const JSON_TYPE = 'application/json';
const GQL_TYPE = 'application/graphql-response+json';
type Accept = typeof JSON_TYPE | typeof GQL_TYPE;

const TRUSTED = '{ parts(first: 2) { nodes { id } } }';
const KEY = 'outage-test-key-0123456789abcdef';
const KEYS = `tester:${KEY}`;

let server: TestServer;
let trustedOnly: TestServer;
let noDatabase: TestServer;
let noModel: TestServer;
let withCors: TestServer;
let closed: TestServer;
let limited: TestServer;
let scoped: TestServer;
const LEARNER_KEY = 'learner-only-key-0123456789abcdef';
let stuck: TestServer;
let silent: net.Server;
const sockets: net.Socket[] = [];
let manifestDir: string;
beforeAll(async () => {
  manifestDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trusted-'));
  const manifest = path.join(manifestDir, 'manifest.json');
  fs.writeFileSync(manifest, JSON.stringify({ [sha256(TRUSTED)]: TRUSTED }));
  server = await startTestServer();
  trustedOnly = await startTestServer({ TRUSTED_DOCUMENTS: manifest, TRUSTED_DOCUMENTS_ONLY: 'true' });
  // Nothing listens on this port of the test block: every statement fails as in an outage.
  noDatabase = await startTestServer({ NEO4J_URI: 'bolt://127.0.0.1:7779', API_KEYS: KEYS }, { withoutModel: true });
  noModel = await startTestServer({}, { withoutModel: true });
  withCors = await startTestServer({ CORS_ORIGINS: 'https://app.example, http://localhost:5173' });
  closed = await startTestServer({ INTROSPECTION: 'false', NODE_ENV: 'production' });
  // A budget of one cost point: any real operation is over it.
  limited = await startTestServer({ RATE_LIMIT_POINTS: '1' });
  scoped = await startTestServer({ API_KEYS: `app:${LEARNER_KEY}:learners` });
  // A Neo4j that accepts connections and never answers: the request deadline ends every statement.
  silent = net.createServer((socket) => sockets.push(socket));
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  stuck = await startTestServer(
    {
      NEO4J_URI: `bolt://127.0.0.1:${(silent.address() as net.AddressInfo).port}`,
      REQUEST_DEADLINE_MS: '300',
      NEO4J_CONNECT_TIMEOUT_MS: '30000',
    },
    { withoutModel: true },
  );
});
afterAll(async () => {
  await Promise.all(
    [server, trustedOnly, noDatabase, noModel, withCors, closed, limited, scoped, stuck].map((s) => s.close()),
  );
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((r) => silent.close(() => r()));
  fs.rmSync(manifestDir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  type: string;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, any> }[]; extensions?: any };
}

async function post(target: TestServer, body: unknown, accept: Accept, headers: Record<string, string> = {}) {
  const res = await fetch(`${target.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.json() } as Answer;
}

const codeOf = (a: Answer) => a.body.errors?.[0]?.extensions?.code;

/** A request that fails with each code, for either media type, on the server that can produce it. */
const TRIGGERS: Record<ErrorCode, (accept: Accept) => Promise<Answer>> = {
  GRAPHQL_PARSE_FAILED: (a) => post(server, { query: '{ parts(first:1) { totalCount } ' }, a),
  GRAPHQL_VALIDATION_FAILED: (a) => post(server, { query: '{ parts { nope } }' }, a),
  BAD_USER_INPUT: (a) =>
    post(server, { query: 'query($f: Int) { concepts(first: $f) { totalCount } }', variables: { f: 'abc' } }, a),
  OPERATION_RESOLUTION_FAILURE: (a) =>
    post(server, { query: 'query A { parts { totalCount } }', operationName: 'B' }, a),
  QUERY_TOO_COMPLEX: (a) =>
    post(server, { query: '{ concepts(first: 100) { nodes { related { related { related { id } } } } } }' }, a),
  QUERY_TOO_DEEP: (a) => {
    let selection = 'id';
    for (let i = 0; i < LIMITS.depth; i++) selection = `related { ${selection} }`;
    return post(server, { query: `{ concept(id: "concept:quantization") { ${selection} } }` }, a);
  },
  TOO_MANY_ALIASES: (a) => {
    const fields = Array.from({ length: LIMITS.aliases + 1 }, (_, i) => `a${i}: parts { totalCount }`);
    return post(server, { query: `{ ${fields.join(' ')} }` }, a);
  },
  TOO_MANY_DIRECTIVES: (a) =>
    post(server, { query: `{ parts { totalCount ${'@include(if: true) '.repeat(LIMITS.directives + 1)} } }` }, a),
  TOO_MANY_TOKENS: (a) => post(server, { query: `{ parts { ${'totalCount '.repeat(LIMITS.tokens)} } }` }, a),
  PERSISTED_QUERY_NOT_FOUND: (a) =>
    post(server, { extensions: { persistedQuery: { version: 1, sha256Hash: sha256('{ nothing sent before }') } } }, a),
  QUERY_NOT_IN_SAFELIST: (a) => post(trustedOnly, { query: '{ parts(first: 3) { nodes { id } } }' }, a),
  BAD_REQUEST: (a) => post(server, { operationName: 'NoQuery' }, a),
  PAYLOAD_TOO_LARGE: (a) =>
    post(server, { query: '{ parts { totalCount } }', variables: { pad: 'x'.repeat(BODY_LIMIT_BYTES) } }, a),
  UNAUTHENTICATED: (a) =>
    post(
      server,
      {
        query: `mutation { removePrerequisite(input: {concept: "concept:quantization", prerequisite: "concept:neural-networks"}) { userErrors { code } } }`,
      },
      a,
    ),
  FORBIDDEN: (a) =>
    post(
      scoped,
      {
        query: `mutation { removePrerequisite(input: {concept: "concept:quantization", prerequisite: "concept:neural-networks"}) { userErrors { code } } }`,
      },
      a,
      { 'x-api-key': LEARNER_KEY },
    ),
  RATE_LIMITED: (a) => post(limited, { query: '{ parts(first: 2) { nodes { id } } }' }, a),
  DEADLINE_EXCEEDED: (a) => post(stuck, { query: '{ parts(first: 1) { nodes { id } } }' }, a),
  DATABASE_UNAVAILABLE: (a) => post(noDatabase, { query: '{ parts { totalCount } }' }, a),
  MODEL_UNAVAILABLE: (a) => post(noModel, { query: '{ search(query: "quantization", mode: SEMANTIC) { score } }' }, a),
  INTERNAL_SERVER_ERROR: (a) => post(server, { query: '{ concept(id: "concept:broken-for-test") { difficulty } }' }, a),
};

/** The rows of README's error table: code and the status per media type. */
function readmeStatusTable() {
  const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('| code | meaning | `application/json` | `application/graphql-response+json` |');
  expect(start, 'README has the error table').toBeGreaterThan(0);
  const rows = readme.slice(start).split('\n\n')[0]!.split('\n').slice(2);
  return rows.map((row) => {
    const cells = row.split(' | ').map((c) => c.replace(/^\| |\s*\|$/g, '').trim());
    return { code: cells[0]!.replace(/`/g, ''), json: cells[2]!, graphqlResponse: cells[3]! };
  });
}

describe('GraphQL over HTTP', () => {
  it('passes the GraphQL-over-HTTP audit with no error and no warning', async () => {
    const results = await auditServer({ url: `${server.url}/graphql` });
    expect(results).toHaveLength(61);
    const notOk = results.filter((r) => r.status !== 'ok').map((r) => `${r.status} ${r.id} ${r.name}`);
    expect(notOk).toEqual([]);
  }, 120_000);

  it("README's error table is src/http/status.ts, row for row, and names every code", () => {
    const rows = readmeStatusTable();
    expect(rows.map((r) => r.code).sort()).toEqual(Object.values(ErrorCode).sort());
    for (const row of rows) {
      const status = HTTP_STATUS[row.code as ErrorCode];
      expect({ code: row.code, json: row.json, gql: row.graphqlResponse }).toEqual({
        code: row.code,
        json: String(status.json),
        gql: String(status.graphqlResponse),
      });
    }
  });

  it('answers each code of the table with its status, for both media types', async () => {
    const db = testDb();
    // A stored value outside its enum: graphql-js refuses it, the API masks it as an internal error beside data.
    await db.write(`CREATE (:Entity:Concept {id: 'concept:broken-for-test', difficulty: 'NOT_A_LEVEL'})`);
    try {
      for (const code of Object.values(ErrorCode)) {
        const row = HTTP_STATUS[code];
        for (const accept of [JSON_TYPE, GQL_TYPE] as const) {
          const answer = await TRIGGERS[code](accept);
          const withData = answer.body.data !== undefined;
          const expected = row.always || !withData ? (accept === GQL_TYPE ? row.graphqlResponse : row.json) : 200;
          expect({ code, accept, got: codeOf(answer), status: answer.status }).toEqual({
            code,
            accept,
            got: code,
            status: expected,
          });
          if (answer.status !== 413) expect(answer.type).toContain(accept);
          // Request errors have no data entry; the audit checks the same for parse and validation failures.
          if (['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT'].includes(code))
            expect(answer.body).not.toHaveProperty('data');
        }
      }
    } finally {
      await db.write(`MATCH (n {id: 'concept:broken-for-test'}) DETACH DELETE n`);
      await db.close();
    }
  }, 120_000);

  it('reports syntax errors, the token limit and bad variables as the client mistakes they are', async () => {
    const syntax = await post(server, { query: '{ parts(first:1) { totalCount } ' }, JSON_TYPE);
    expect(syntax.body.errors![0]!.message).toMatch(/^Expected Name, found <EOF>/);
    const tokens = await TRIGGERS.TOO_MANY_TOKENS(JSON_TYPE);
    expect(tokens.body.errors![0]!.message).toBe(`Token limit of ${LIMITS.tokens} exceeded.`);
    for (const [query, variables] of [
      ['query($id: String!) { search(query: $id) { score } }', { id: { a: 1 } }],
      ['query($id: ID!) { concept(id: $id) { name } }', { id: ['concept:quantization'] }],
      ['query($f: Int) { concepts(first: $f) { totalCount } }', { f: 'abc' }],
    ] as const) {
      const answer = await post(server, { query, variables }, GQL_TYPE);
      expect({ query, status: answer.status, code: codeOf(answer) }).toEqual({
        query,
        status: 400,
        code: 'BAD_USER_INPUT',
      });
      expect(answer.body.errors![0]!.message).toMatch(/^Variable "\$(id|f)" got invalid value/);
    }
  });

  it('puts extensions.cost on every response, refused ones included', async () => {
    const complex = await TRIGGERS.QUERY_TOO_COMPLEX(JSON_TYPE);
    expect(complex.body.extensions.cost.requested).toBeGreaterThan(LIMITS.cost);
    const deep = await TRIGGERS.QUERY_TOO_DEEP(JSON_TYPE);
    expect(deep.body.extensions.cost).toEqual({ requested: expect.any(Number), limit: LIMITS.cost });
    for (const code of ['GRAPHQL_PARSE_FAILED', 'BAD_USER_INPUT', 'PERSISTED_QUERY_NOT_FOUND'] as const) {
      const answer = await TRIGGERS[code](JSON_TYPE);
      expect({ code, cost: answer.body.extensions?.cost }).toEqual({
        code,
        cost: { requested: null, limit: LIMITS.cost },
      });
    }
  });

  it('accepts GET queries with URL-encoded variables, and refuses mutations over GET', async () => {
    const url = new URL(`${server.url}/graphql`);
    url.searchParams.set('query', 'query($id: ID!) { concept(id: $id) { name } }');
    url.searchParams.set('variables', JSON.stringify({ id: 'concept:quantization' }));
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).data.concept.name).toBe('Quantization');
    const mutation = new URL(`${server.url}/graphql`);
    mutation.searchParams.set('query', 'mutation { __typename }');
    expect((await fetch(mutation, { headers: { accept: GQL_TYPE } })).status).toBe(405);
  });

  it('keeps CSRF prevention for POSTs a browser sends cross-site without a preflight', async () => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ parts { totalCount } }' }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).errors[0]).toMatchObject({
      message: expect.stringMatching(/cross-site request forgery/),
      extensions: { code: 'BAD_REQUEST' },
    });
  });
});

describe('persisted operations', () => {
  it('APQ: a hash alone misses with PERSISTED_QUERY_NOT_FOUND, then the text registers it, then the hash alone hits', async () => {
    const query = `{ concept(id: "concept:quantization") { name } } # apq ${Date.now()}`;
    const persistedQuery = { version: 1, sha256Hash: sha256(query) };
    const miss = await post(server, { extensions: { persistedQuery } }, JSON_TYPE);
    expect(codeOf(miss)).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(miss.body.errors![0]!.message).toBe('PersistedQueryNotFound');
    const register = await post(server, { query, extensions: { persistedQuery } }, JSON_TYPE);
    expect(register.body.data).toEqual({ concept: { name: 'Quantization' } });
    const hit = await post(server, { extensions: { persistedQuery } }, JSON_TYPE);
    expect(hit.body.data).toEqual({ concept: { name: 'Quantization' } });
    const wrong = await post(server, { query: '{ parts { totalCount } }', extensions: { persistedQuery } }, GQL_TYPE);
    expect({ status: wrong.status, code: codeOf(wrong) }).toEqual({ status: 400, code: 'BAD_REQUEST' });
  });

  it('TRUSTED_DOCUMENTS_ONLY serves the manifest, by hash or by text, and nothing else', async () => {
    const persistedQuery = { version: 1, sha256Hash: sha256(TRUSTED) };
    const byHash = await post(trustedOnly, { extensions: { persistedQuery } }, JSON_TYPE);
    expect(byHash.body.data).toEqual({ parts: { nodes: [{ id: expect.any(String) }, { id: expect.any(String) }] } });
    expect((await post(trustedOnly, { query: TRUSTED }, JSON_TYPE)).body.data).toEqual(byHash.body.data);
    const other = '{ parts(first: 1) { nodes { id } } }';
    const otherPq = { version: 1, sha256Hash: sha256(other) };
    expect(codeOf(await post(trustedOnly, { extensions: { persistedQuery: otherPq } }, JSON_TYPE))).toBe(
      'PERSISTED_QUERY_NOT_FOUND',
    );
    const register = await post(trustedOnly, { query: other, extensions: { persistedQuery: otherPq } }, GQL_TYPE);
    expect({ status: register.status, code: codeOf(register) }).toEqual({ status: 400, code: 'QUERY_NOT_IN_SAFELIST' });
    // Registration was refused: the hash still misses.
    expect(codeOf(await post(trustedOnly, { extensions: { persistedQuery: otherPq } }, JSON_TYPE))).toBe(
      'PERSISTED_QUERY_NOT_FOUND',
    );
  });
});

describe('during an outage', () => {
  it('nodes(ids) and curation writes answer DATABASE_UNAVAILABLE (503), not nulls or an internal error', async () => {
    const nodes = await post(noDatabase, { query: '{ nodes(ids: ["part:foundations"]) { id } }' }, JSON_TYPE);
    expect({ status: nodes.status, code: codeOf(nodes) }).toEqual({ status: 503, code: 'DATABASE_UNAVAILABLE' });
    const write = await post(
      noDatabase,
      {
        query: `mutation { updateConcept(input: {id: "concept:quantization", definition: "Storing numbers in fewer bits."}) { userErrors { code } } }`,
      },
      GQL_TYPE,
      { authorization: `Bearer ${KEY}` },
    );
    expect({ status: write.status, code: codeOf(write) }).toEqual({ status: 503, code: 'DATABASE_UNAVAILABLE' });
  });
});

describe('list filters', () => {
  it('refuses an unknown id in a list filter, as roadmap does, on the compiled path and the resolvers alike', async () => {
    for (const query of [
      '{ concepts(chapter: "chapter:nope") { totalCount } }',
      '{ concepts(chapter: "chapter:nope") { totalCount nodes { name @include(if: true) } } }',
    ]) {
      const answer = await post(server, { query }, JSON_TYPE);
      expect(codeOf(answer), query).toBe('BAD_USER_INPUT');
      expect(answer.body.errors![0]!.message).toBe('Unknown id "chapter:nope" in chapter; no Chapter has that id');
      expect(answer.body.errors![0]!.extensions!.argumentName).toBe('chapter');
    }
    const known = await post(
      server,
      { query: '{ concepts(chapter: "chapter:introduction") { totalCount } }' },
      JSON_TYPE,
    );
    expect((known.body.data as any).concepts.totalCount).toBeGreaterThan(0);
    // A node of another kind is not a chapter either.
    const wrongKind = await post(
      server,
      { query: '{ concepts(chapter: "part:foundations") { totalCount } }' },
      JSON_TYPE,
    );
    expect(codeOf(wrongKind)).toBe('BAD_USER_INPUT');
  });
});

describe('browsers and tooling', () => {
  const preflight = (target: TestServer, origin: string) =>
    fetch(`${target.url}/graphql`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, authorization',
      },
    });

  it('answers CORS preflights and requests for the origins of CORS_ORIGINS only', async () => {
    const ok = await preflight(withCors, 'https://app.example');
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(ok.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    const other = await preflight(withCors, 'https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const res = await fetch(`${withCors.url}/graphql`, {
      method: 'POST',
      headers: { origin: 'http://localhost:5173', 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ parts { totalCount } }' }),
    });
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(res.headers.get('access-control-expose-headers')).toMatch(/etag/);
  });

  it('sends no CORS headers by default', async () => {
    const res = await preflight(server, 'https://app.example');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('serves introspection by default, production included, and refuses it with INTROSPECTION=false', async () => {
    const query = '{ __schema { queryType { name } } }';
    expect((await post(server, { query }, JSON_TYPE)).body.data).toEqual({
      __schema: { queryType: { name: 'Query' } },
    });
    const refused = await post(closed, { query }, GQL_TYPE);
    expect({ status: refused.status, code: codeOf(refused) }).toEqual({
      status: 400,
      code: 'GRAPHQL_VALIDATION_FAILED',
    });
    expect(refused.body.errors![0]!.message).toMatch(/introspection/i);
  });
});
