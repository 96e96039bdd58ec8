import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_LIMIT_BYTES } from '../../src/http/app.js';
import { LIMITS } from '../../src/http/limits.js';
import { gql, startTestServer, type TestServer } from '../helpers.js';

let server: TestServer;
let production: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  production = await startTestServer({ NODE_ENV: 'production' });
});
afterAll(async () => {
  await server.close();
  await production.close();
});

const codeOf = (res: { errors?: { extensions?: Record<string, any> }[] }) => res.errors?.[0]?.extensions?.code;

describe('limits', () => {
  it('rejects a query deeper than the limit with QUERY_TOO_DEEP', async () => {
    let selection = 'id';
    for (let i = 0; i < LIMITS.depth; i++) selection = `prerequisites { concept { ${selection} } }`;
    const res = await gql(server, `{ concept(id: "concept:quantization") { ${selection} } }`);
    // A request error answers 200 with application/json (the spec's rule for legacy clients; see http-spec.test.ts).
    expect(res.status).toBe(200);
    expect(codeOf(res)).toBe('QUERY_TOO_DEEP');
    expect(res.errors![0]!.message).toMatch(/depth limit of 12/);
  });

  it('rejects too many aliases with TOO_MANY_ALIASES', async () => {
    const fields = Array.from(
      { length: LIMITS.aliases + 1 },
      (_, i) => `a${i}: part(id: "part:foundations") { id }`,
    ).join(' ');
    const res = await gql(server, `{ ${fields} }`);
    expect(codeOf(res)).toBe('TOO_MANY_ALIASES');
  });

  it('rejects too many directives with TOO_MANY_DIRECTIVES', async () => {
    const dirs = Array.from({ length: LIMITS.directives + 1 }, () => '@include(if: true)').join(' ');
    const res = await gql(server, `{ part(id: "part:foundations") { id ${dirs} } }`);
    expect(codeOf(res)).toBe('TOO_MANY_DIRECTIVES');
  });

  it('rejects too many tokens with TOO_MANY_TOKENS', async () => {
    const res = await gql(server, `{ part(id: "part:foundations") { ${'id '.repeat(LIMITS.tokens)} } }`);
    expect(codeOf(res)).toBe('TOO_MANY_TOKENS');
  });

  it('rejects an operation over the cost budget before running it, and reports the cost', async () => {
    const res = await gql(
      server,
      `{ concepts(first: 100) { nodes { prerequisites { concept { dependents { concept { related { id } } } } } } } }`,
    );
    expect(res.status).toBe(200);
    expect(codeOf(res)).toBe('QUERY_TOO_COMPLEX');
    expect(res.errors![0]!.extensions!.cost.requested).toBeGreaterThan(LIMITS.cost);
    const ok = await gql(server, `{ concepts(first: 2) { nodes { id } } }`);
    expect((ok as any).extensions.cost).toMatchObject({ requested: 2 * (1 + 1) + 0, limit: LIMITS.cost });
  });

  it('refuses a body over the size limit with PAYLOAD_TOO_LARGE', async () => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ parts { totalCount } }`, variables: { pad: 'x'.repeat(BODY_LIMIT_BYTES) } }),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses batched operations', async () => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ parts { totalCount } }' }, { query: '{ parts { totalCount } }' }]),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/batching/i);
  });

  it('suggests field names in development but not in production', async () => {
    const dev = await gql(server, `{ concept(id: "concept:quantization") { nam } }`);
    expect(dev.errors![0]!.message).toMatch(/Did you mean "name"/);
    const prod = await gql(production, `{ concept(id: "concept:quantization") { nam } }`);
    expect(codeOf(prod)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(prod.errors![0]!.message).not.toMatch(/Did you mean/);
  });

  it('validates page arguments: first 0, 101, -1 and a foreign cursor', async () => {
    for (const first of [0, 101, -1]) {
      const res = await gql(server, `query($f: Int) { concepts(first: $f) { totalCount } }`, { f: first });
      expect({ first, code: codeOf(res) }).toEqual({ first, code: 'BAD_USER_INPUT' });
    }
    const bad = await gql(server, `{ concepts(after: "bm90LWEtY3Vyc29y") { totalCount } }`);
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors![0]!.message).toMatch(/not a cursor this API issued/);
  });
});
