import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as local from '../../src/local/neo4j-local.js';
import { gql, startTestServer, type TestServer } from '../helpers.js';

let server: TestServer;
const KEY = 'outage-test-key-0123456789abcdef';
beforeAll(async () => {
  server = await startTestServer({ API_KEYS: `tester:${KEY}` });
});
afterAll(() => server.close());

const restart = () =>
  local.start({ dir: inject('neo4jDir'), port: inject('neo4jPort'), password: inject('neo4jPassword'), heap: '1g' });

describe('when Neo4j goes away mid-run', () => {
  it('answers DATABASE_UNAVAILABLE with HTTP 503, keeps serving, and recovers after a restart', async () => {
    expect((await gql(server, `{ parts { nodes { id } } }`)).errors).toBeUndefined();

    await local.stop(inject('neo4jDir'));
    try {
      const down = await gql(server, `{ parts { nodes { id } } }`);
      expect(down.status).toBe(503);
      expect(down.errors![0]).toMatchObject({
        message: expect.stringMatching(/database is unavailable/),
        extensions: { code: 'DATABASE_UNAVAILABLE' },
      });
      expect(JSON.stringify(down)).not.toMatch(/at .*\.js|stacktrace/);
      const nodes = await gql(server, `{ nodes(ids: ["part:foundations", "chapter:introduction"]) { id } }`);
      expect({ status: nodes.status, code: nodes.errors?.[0]?.extensions?.code }).toEqual({
        status: 503,
        code: 'DATABASE_UNAVAILABLE',
      });
      const write = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
        body: JSON.stringify({
          query: `mutation { updateConcept(input: {id: "concept:quantization", definition: "Numbers kept in fewer bits."}) { userErrors { code } } }`,
        }),
      });
      expect({ status: write.status, code: ((await write.json()) as any).errors?.[0]?.extensions?.code }).toEqual({
        status: 503,
        code: 'DATABASE_UNAVAILABLE',
      });
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
      expect((await fetch(`${server.url}/ready`)).status).toBe(503);
    } finally {
      await restart();
    }
    const back = await gql(server, `{ parts { nodes { id } } }`);
    expect(back.errors).toBeUndefined();
    expect(back.data!.parts.nodes).toHaveLength(6);
  }, 240_000);
});
