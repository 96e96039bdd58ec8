/**
 * `npx tsx bench/pipeline.ts [--requests 3000]`: the API's own CPU per request, without the network and without
 * Neo4j's time: each graph workload (bench/workloads.ts) is sent through Fastify's `inject` to the app `npm start`
 * builds (production mode, limits on, response cache off), whose database answers each statement with the rows
 * Neo4j gave the first time. What is left is Fastify, Apollo, the limits, the cost, the rate limiter, metrics,
 * completion and the driver-free part of `Database.read`. Needs the bench's Neo4j once, for the first answers.
 */
import { parseArgs } from 'node:util';

// Production mode as the bench's API has it, set before graphql-js loads (it reads NODE_ENV once, to skip its
// development-only checks): hence the imports below come after it.
process.env.NODE_ENV = 'production';
const { loadConfig } = await import('../src/config.js');
const { Database } = await import('../src/db/database.js');
const { createLogger } = await import('../src/logger.js');
const { buildApi } = await import('../src/server.js');
const { API_ENV, BENCH_NEO4J, NEO4J_URI } = await import('./harness.js');
const { WORKLOADS } = await import('./workloads.js');
type Database = import('../src/db/database.js').Database;

const { values } = parseArgs({ options: { requests: { type: 'string', default: '3000' } } });
const requests = Number(values.requests);
const config = loadConfig({
  ...process.env,
  ...API_ENV,
  RESPONSE_CACHE: 'false',
  NEO4J_URI,
  NEO4J_PASSWORD: BENCH_NEO4J.password,
  LOG_LEVEL: 'warn',
});
const db = Database.fromConfig(config);
// Each statement is read from Neo4j once; later reads answer the same rows from memory, after Database.read's own
// bookkeeping (statement count, deadline, circuit breaker) has run as usual.
const answers = new Map<string, unknown[]>();
const read = db.read.bind(db);
const guarded = (db as unknown as { guarded: (...args: unknown[]) => Promise<unknown> }).guarded.bind(db);
db.read = (async (cypher: string, params: Record<string, unknown> = {}) => {
  const key = `${cypher}\0${JSON.stringify(params)}`;
  const known = answers.get(key);
  if (!known) {
    const rows = await read(cypher, params);
    answers.set(key, rows);
    return rows;
  }
  db.statements++;
  return guarded('read', async () => known);
}) as Database['read'];

const { app } = await buildApi(config, { db, embedder: null, logger: createLogger(config) });
const rows = [];
try {
  for (const w of WORKLOADS) {
    const send = async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify(w.api),
      });
      if (res.statusCode !== 200 || res.body.includes('"errors"')) throw new Error(`${w.name}: ${res.body}`);
    };
    for (let i = 0; i < Math.min(500, requests); i++) await send();
    const cpu = process.cpuUsage();
    const started = performance.now();
    // Ten in flight, as the bench's ten connections.
    let sent = 0;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (sent++ < requests) await send();
      }),
    );
    const used = process.cpuUsage(cpu);
    rows.push({
      workload: w.name,
      'CPU µs/req': Math.round((used.user + used.system) / requests),
      'wall µs/req': Math.round((1000 * (performance.now() - started)) / requests),
    });
  }
} finally {
  await app.close();
  await db.close();
}
console.table(rows);
