import fs from 'node:fs';
import path from 'node:path';
import neo4j from 'neo4j-driver';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import * as local from '../../src/local/neo4j-local.js';

const dir = path.join(PROJECT_ROOT, '.data', 'test-neo4j-lifecycle');
const port = 7689;
const password = 'lifecycle-pass';

describe('local Neo4j lifecycle', () => {
  afterAll(async () => {
    await local.stop(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('starts, finds the running instance on a second start, reports status, and stops cleanly', async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    expect((await local.status(dir)).running).toBe(false);

    const first = await local.start({ dir, port, password, pagecache: '300m' });
    expect(first.alreadyRunning).toBe(false);
    expect(await local.boltAnswers(first.uri!, 'neo4j', password)).toBe(true);
    const driver = neo4j.driver(first.uri!, neo4j.auth.basic('neo4j', password));
    try {
      const { records } = await driver.executeQuery(
        `CALL dbms.listConfig('server.memory.pagecache.size') YIELD value RETURN value`,
      );
      expect(records[0]!.get('value')).toBe('300.00MiB');
    } finally {
      await driver.close();
    }
    expect(await local.boltAnswers(first.uri!, 'neo4j', 'wrong-password')).toBe(false);

    const second = await local.start({ dir, port, password });
    expect(second.alreadyRunning).toBe(true);
    expect(second.pid).toBe(first.pid);
    expect(await local.status(dir)).toMatchObject({ running: true, pid: first.pid, port });

    await expect(local.start({ dir, port: port + 1, password })).rejects.toThrow(/already runs on port 7689/);

    expect(await local.stop(dir)).toEqual({ wasRunning: true });
    expect((await local.status(dir)).running).toBe(false);
    expect(await local.stop(dir)).toEqual({ wasRunning: false });
    expect(fs.readFileSync(path.join(dir, 'neo4j.log'), 'utf8')).toMatch(/shutting down/);
  }, 240_000);
});
