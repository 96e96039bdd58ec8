import net from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { commitChange } from '../../src/db/curation.js';
import type { Database } from '../../src/db/database.js';
import { withDeadline } from '../../src/db/deadline.js';
import { DomainError, ErrorCode } from '../../src/errors.js';
import { writeGraph } from '../../src/seed/write.js';
import { testConfig, testDb } from '../helpers.js';

/** A port nothing listens on: connections to it are refused at once. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const unavailable = (err: unknown) =>
  err instanceof DomainError &&
  err.code === ErrorCode.DATABASE_UNAVAILABLE &&
  /database is unavailable/.test(err.message);

describe('Database.transaction', () => {
  const db = testDb();
  const probe = `tx-probe-${process.pid}`;
  const count = async () =>
    (await db.read<{ n: number }>('MATCH (p:TxProbe {run: $probe}) RETURN count(p) AS n', { probe }))[0]!.n;
  afterAll(async () => {
    await db.write('MATCH (p:TxProbe {run: $probe}) DELETE p', { probe });
    await db.close();
  });

  it('commits every statement of the work together, counted as one statement', async () => {
    const before = db.statements;
    const made = await db.transaction(async (tx) => {
      await tx.run('CREATE (:TxProbe {run: $probe, n: 1})', { probe });
      await tx.run('CREATE (:TxProbe {run: $probe, n: 2})', { probe });
      return tx.run<{ n: number }>('MATCH (p:TxProbe {run: $probe}) RETURN p.n AS n ORDER BY n', { probe });
    });
    expect(made).toEqual([{ n: 1 }, { n: 2 }]);
    expect(db.statements - before).toBe(1);
    expect(await count()).toBe(2);
  });

  it('stores nothing when the work throws, and the error reaches the caller as thrown', async () => {
    const refused = new Error('refused by the work');
    await expect(
      db.transaction(async (tx) => {
        await tx.run('CREATE (:TxProbe {run: $probe, n: 3})', { probe });
        throw refused;
      }),
    ).rejects.toBe(refused);
    expect(await count()).toBe(2);
  });
});

describe('writes while Neo4j cannot be reached', () => {
  let down: Database;
  beforeAll(async () => {
    // Without retries outside requests, so that each call fails at its first attempt (see the next describe).
    const uri = `bolt://127.0.0.1:${await closedPort()}`;
    down = testDb(testConfig({ NEO4J_URI: uri, NEO4J_BACKGROUND_RETRY_MS: '0' }));
  });
  afterAll(() => down.close());

  it('a transaction fails with DATABASE_UNAVAILABLE', async () => {
    await expect(down.transaction((tx) => tx.run('RETURN 1'))).rejects.toSatisfy(unavailable);
  });

  it('the seed write and a curation commit, which used to open their own sessions, fail with DATABASE_UNAVAILABLE', async () => {
    await expect(writeGraph(down, { nodes: [], edges: [] }, 'v')).rejects.toSatisfy(unavailable);
    const change = { by: 'tester', action: 'updateConcept', target: 'concept:x', before: null, after: null };
    const overlay = { id: 'concept:x', kind: 'concept' } as Parameters<typeof commitChange>[2];
    await expect(commitChange(down, { nodes: [], edges: [], removedEdges: [] }, overlay, change, 0)).rejects.toSatisfy(
      unavailable,
    );
  });
});

describe('work outside a request while Neo4j is briefly unavailable', () => {
  /** A port that refuses connections until `open()`, then forwards them to the test Neo4j. */
  async function lateProxy() {
    const port = await closedPort();
    const target = new URL(inject('neo4jUri'));
    const sockets: net.Socket[] = [];
    const server = net.createServer((client) => {
      const upstream = net.connect(Number(target.port), target.hostname);
      sockets.push(client, upstream);
      client.pipe(upstream).pipe(client);
      const end = () => (client.destroy(), upstream.destroy());
      client.on('error', end);
      upstream.on('error', end);
    });
    return {
      port,
      open: () => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve)),
      close: async () => {
        for (const s of sockets) s.destroy();
        await new Promise((resolve) => server.close(resolve));
      },
    };
  }

  it('is retried until Neo4j answers (seeding at start-up meets a Neo4j still opening its port)', async () => {
    const proxy = await lateProxy();
    const db = testDb(testConfig({ NEO4J_URI: `bolt://127.0.0.1:${proxy.port}`, NEO4J_BACKGROUND_RETRY_MS: '20000' }));
    try {
      const answer = db.read<{ x: number }>('RETURN 1 AS x');
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await proxy.open();
      expect(await answer).toEqual([{ x: 1 }]);
    } finally {
      await db.close();
      await proxy.close();
    }
  });

  /** How long a read on a port that refuses connections takes to fail, and how, with this retry budget. */
  async function refusedRead(retryMs: string, read: (db: Database) => Promise<unknown>) {
    const db = testDb(
      testConfig({ NEO4J_URI: `bolt://127.0.0.1:${await closedPort()}`, NEO4J_BACKGROUND_RETRY_MS: retryMs }),
    );
    try {
      const started = performance.now();
      const err = await read(db).then(
        () => undefined,
        (e: unknown) => e,
      );
      return { err, ms: performance.now() - started };
    } finally {
      await db.close();
    }
  }

  it('gives up after NEO4J_BACKGROUND_RETRY_MS with DATABASE_UNAVAILABLE, the driver error as its cause', async () => {
    const { err, ms } = await refusedRead('800', (db) => db.read('RETURN 1'));
    expect(unavailable(err)).toBe(true);
    expect((err as Error).cause).toBeInstanceOf(Error);
    expect(ms).toBeGreaterThanOrEqual(800);
  });

  it('inside a request is not retried: the client is told at once', async () => {
    const { err, ms } = await refusedRead('20000', (db) =>
      withDeadline(Date.now() + 10_000, () => db.read('RETURN 1')),
    );
    expect(unavailable(err)).toBe(true);
    expect(ms).toBeLessThan(5_000);
  });
});
