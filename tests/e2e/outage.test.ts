import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as local from '../../src/local/neo4j-local.js';
import { gql, startTestServer, type TestServer } from '../helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
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
