import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { buildApi } from '../../src/server.js';
import { sha256 } from '../../src/http/trusted-documents.js';
import { startTestServer, testConfig, testDb, type TestServer } from '../helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ HTTP_CACHE_MAX_AGE: '120' });
});
afterAll(() => server.close());

const BROWSER = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

describe('pages for people', () => {
  it('serves GraphiQL at GET /graphql to a browser, from our own assets only', async () => {
    const res = await fetch(`${server.url}/graphql`, { headers: BROWSER });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).not.toMatch(/sandbox|cdn|unpkg|jsdelivr/i);
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.sort()).toEqual([
      '/graphiql/graphiql.css',
      '/graphiql/graphiql.js',
      '/graphiql/react-dom.js',
      '/graphiql/react.js',
    ]);
    for (const asset of assets) {
      const file = await fetch(`${server.url}${asset}`);
      expect(file.status, asset).toBe(200);
      expect(file.headers.get('content-type'), asset).toMatch(asset.endsWith('.css') ? /text\/css/ : /javascript/);
      const body = await file.text();
      expect(body.length, asset).toBeGreaterThan(5000);
      // Offline: nothing the page loads reaches for another origin at start-up.
      if (asset.endsWith('.js')) expect(body).not.toMatch(/import\(["']https?:/);
    }
    expect((await fetch(`${server.url}/graphiql/nope.js`)).status).toBe(404);
  });

  it('answers / with links to GraphiQL, the schema and the docs (a page for browsers, JSON otherwise)', async () => {
    const page = await fetch(`${server.url}/`, { headers: BROWSER });
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    for (const link of ['/graphql', '/schema.graphql', '/version', '/metrics'])
      expect(html).toContain(`href="${link}"`);
    const json = (await (await fetch(`${server.url}/`)).json()) as { links: Record<string, string> };
    expect(json.links).toMatchObject({ graphql: '/graphql', schema: '/schema.graphql' });
  });

  it('serves the merged SDL at /schema.graphql, the committed schema.graphql', async () => {
    const res = await fetch(`${server.url}/schema.graphql`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(fs.readFileSync(path.join(PROJECT_ROOT, 'schema.graphql'), 'utf8').trimEnd());
  });

  it('tells its version at /version', async () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
    const res = (await (await fetch(`${server.url}/version`)).json()) as Record<string, unknown>;
    expect(res).toMatchObject({ name: 'mlsys-graph', version: pkg.version, node: process.version });
    expect(res.seedVersion).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('HTTP caching of persisted queries', () => {
  it('tags GETs of a persisted query, answers 304 to a matching If-None-Match, and changes the tag with the graph', async () => {
    const query = `{ concept(id: "concept:quantization") { name } } # cache ${Date.now()}`;
    const extensions = JSON.stringify({ persistedQuery: { version: 1, sha256Hash: sha256(query) } });
    const register = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, extensions: JSON.parse(extensions) }),
    });
    expect(register.status).toBe(200);
    const url = `${server.url}/graphql?extensions=${encodeURIComponent(extensions)}`;
    const first = await fetch(url);
    expect(first.status).toBe(200);
    expect(((await first.json()) as any).data).toEqual({ concept: { name: 'Quantization' } });
    const tag = first.headers.get('etag');
    expect(tag).toMatch(/^W\/".+"$/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=120');
    const again = await fetch(url, { headers: { 'if-none-match': tag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const db = testDb();
    try {
      await db.write(`MATCH (m:SeedMeta {id: 'seed'}) SET m.revision = coalesce(m.revision, 0) + 1`);
    } finally {
      await db.close();
    }
    const changed = await fetch(url, { headers: { 'if-none-match': tag! } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(tag);
    // Plain POSTs and GETs that are not persisted queries are not tagged.
    const plain = await fetch(`${server.url}/graphql?query=${encodeURIComponent(query)}`);
    expect(plain.headers.get('etag')).toBeNull();
  });
});

describe('operations', () => {
  it('logs one access line per request with its request id and operation, and echoes x-request-id', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const config = testConfig();
    const db = testDb(config);
    const { app } = await buildApi(config, { db, embedder: null, logger });
    try {
      const given = await app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json', 'x-request-id': 'trace-42' },
        payload: { query: 'query PartCount { parts { totalCount } }' },
      });
      expect(given.headers['x-request-id']).toBe('trace-42');
      const fresh = await app.inject({
        method: 'GET',
        url: '/health',
        headers: { 'x-request-id': 'bad id with spaces' },
      });
      expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      const access = lines.filter((l) => l.msg === 'request');
      expect(access).toEqual([
        expect.objectContaining({
          reqId: 'trace-42',
          method: 'POST',
          path: '/graphql',
          status: 200,
          operation: 'PartCount',
        }),
        expect.objectContaining({ reqId: fresh.headers['x-request-id'], path: '/health', status: 200 }),
      ]);
      expect(access[0]!.ms).toEqual(expect.any(Number));
    } finally {
      await app.close();
      await db.close();
    }
  });

  it('exposes Prometheus metrics: requests, operations by outcome, latency, errors by code, Neo4j, cache', async () => {
    await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query Parts { parts { totalCount } }' }),
    });
    await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query Broken { parts { nope } }' }),
    });
    await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ search(query: "quantization", first: 2) { score } }' }),
    });
    await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query($y: Boolean = true) { parts { totalCount @include(if: $y) } }' }),
    });
    await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256('{ metrics miss }') } } }),
    });
    const res = await fetch(`${server.url}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/graphql_operations_total\{operation="Parts",outcome="ok"\} [1-9]/);
    expect(text).toMatch(/graphql_operations_total\{operation="Broken",outcome="GRAPHQL_VALIDATION_FAILED"\} 1/);
    expect(text).toMatch(/graphql_errors_total\{code="GRAPHQL_VALIDATION_FAILED"\} [1-9]/);
    expect(text).toMatch(/graphql_operation_duration_seconds_bucket\{le="0.1",operation="Parts"\}/);
    expect(text).toMatch(/http_requests_total\{route="\/graphql",method="POST",status="200"\} [1-9]/);
    expect(text).toMatch(/neo4j_statement_duration_seconds_count\{mode="read"\} [1-9]/);
    expect(text).toMatch(/neo4j_sessions_in_use \d+/);
    expect(text).toMatch(/search_duration_seconds_count [1-9]/);
    expect(text).toMatch(/embedding_duration_seconds_count [1-9]/);
    expect(text).toMatch(/cache_events_total\{cache="apq",result="miss"\} [1-9]/);
    // A miss's revision read (the response cache) may still run when its answer is sent: the gauge comes back to 0.
    let idle = false;
    for (let i = 0; i < 50 && !idle; i++) {
      idle = /neo4j_sessions_in_use 0/.test(await (await fetch(`${server.url}/metrics`)).text());
      if (!idle) await new Promise((r) => setTimeout(r, 100));
    }
    expect(idle).toBe(true);
    expect(text).toMatch(/graphql_compiler_fallbacks_total\{reason="directive"\} [1-9]/);
    expect(text).toMatch(/process_cpu_seconds_total/);
  });
});
