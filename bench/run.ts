/**
 * `npm run bench`: this API against the floor (hand-written Cypher behind bare HTTP) and the peer (@neo4j/graphql),
 * on the same graph and machine, in one run. Prints req/s, p50 and p99 per workload, and the ratios.
 */
import { isDeepStrictEqual, parseArgs } from 'node:util';
import type { ChildProcess } from 'node:child_process';
import {
  API_ENV,
  BENCH_KEY as KEY,
  BENCH_NEO4J,
  benchDatabase,
  check,
  load,
  RATE_LIMIT_POINTS,
  startServer,
  type LoadResult,
  type Target,
  warmUp,
} from './harness.js';
import { learningSuite } from './learning.js';
import { ROADMAP_QUERY, WORKLOADS } from './workloads.js';
import { abuseSuite } from './abuse.js';
import { runOutage, summarize } from './outage.js';
import * as local from '../src/local/neo4j-local.js';

const SUITES = ['graph', 'search', 'roadmap', 'abuse', 'learning', 'outage'] as const;
const { values } = parseArgs({ options: { seconds: { type: 'string', default: '8' }, only: { type: 'string' } } });
const seconds = Number(values.seconds);
const only = values.only;
if (only && !SUITES.includes(only as (typeof SUITES)[number]))
  throw new Error(`--only takes one of ${SUITES.join(', ')}; got "${only}"`);
const runs = (suite: (typeof SUITES)[number]) => !only || only === suite;
const base = Number(process.env.BENCH_PORT_BASE ?? 4100);
const PORTS = {
  api: base + 1,
  floor: base + 2,
  peer: base + 3,
  searchFloor: base + 4,
  cached: base + 5,
  static: base + 6,
};

/** Seconds of the unmeasured pass over every workload and implementation before the graph suite measures. */
const WARM_PASS_S = 2;

const neo4j = await benchDatabase();
const neo4jPid = neo4j.pid;
// This API runs without the response cache (every request does its work); the graph suite starts a second one with
// it.
const api = await startServer('bench/servers/api.ts', PORTS.api, { ...API_ENV, RESPONSE_CACHE: 'false' });
console.log(`rate limiter on: ${RATE_LIMIT_POINTS} cost points a minute per client, never reached by this bench`);
const servers: ChildProcess[] = [api];
try {
  if (runs('graph')) await graphSuite();
  if (runs('search')) await searchSuite();
  if (runs('roadmap')) await roadmapSuite();
  if (runs('abuse')) await abuseSuite(`http://127.0.0.1:${PORTS.api}/graphql`, seconds, WORKLOADS[0]!);
  if (runs('learning')) await learningSuite({ url: `http://127.0.0.1:${PORTS.api}/graphql`, key: KEY }, seconds);
  // Last: it stops the bench's Neo4j and starts it again.
  if (runs('outage')) await outageSuite();
} finally {
  await stopAll(servers);
  // The bench stops the Neo4j it started (one it found running is left as it was).
  await neo4j.stop();
}

type Impl = 'floor' | 'static' | 'api' | 'cached' | 'peer';

async function graphSuite() {
  const processes: Record<Impl, ChildProcess> = {
    api,
    cached: await startServer('bench/servers/api.ts', PORTS.cached, API_ENV),
    floor: await startServer('bench/servers/floor.ts', PORTS.floor),
    peer: await startServer('bench/servers/peer.ts', PORTS.peer, { NODE_ENV: 'production' }),
    // The static floor answers each workload's precomputed body; it starts once the bodies are known (below).
    static: undefined as unknown as ChildProcess,
  };
  servers.push(processes.cached, processes.floor, processes.peer);
  const bodies: string[] = [];
  for (const w of WORKLOADS) bodies.push(await rawBody(`http://127.0.0.1:${PORTS.api}/graphql`, w.api));
  processes.static = await startServer('bench/servers/static.ts', PORTS.static, {
    STATIC_BODIES: JSON.stringify(bodies),
  });
  servers.push(processes.static);
  const rows: Record<string, string | number>[] = [];
  const goals: string[] = [];
  const graphql = (port: number, body: unknown): Target => ({
    url: `http://127.0.0.1:${port}/graphql`,
    method: 'POST',
    body: JSON.stringify(body),
  });
  const targetsOf = WORKLOADS.map((w, i): Record<Impl, Target> => ({
    floor: { url: `http://127.0.0.1:${PORTS.floor}${w.floor}`, method: 'GET' },
    static: { url: `http://127.0.0.1:${PORTS.static}/${i}`, method: 'GET' },
    api: graphql(PORTS.api, w.api),
    cached: graphql(PORTS.cached, w.api),
    peer: graphql(PORTS.peer, w.peer),
  }));
  // Neo4j just started (and seeded) is slower for a while: its JIT, its query caches and its own background work.
  // Measured first, the first workload would pay for it alone; one unmeasured pass over everything pays it up front.
  for (const targets of targetsOf) for (const target of Object.values(targets)) await warmUp(target, WARM_PASS_S);
  for (const [i, w] of WORKLOADS.entries()) {
    const targets = targetsOf[i]!;
    const results = {} as Record<Impl, LoadResult>;
    const answers: Partial<Record<Impl, unknown>> = {};
    for (const [impl, target] of Object.entries(targets) as [Impl, Target][]) {
      answers[impl] = await check(target);
      results[impl] = await load(target, seconds, 10, { server: processes[impl].pid!, neo4j: neo4jPid });
      if (results[impl].bad) throw new Error(`${impl} answered ${results[impl].bad} bad responses on "${w.name}"`);
    }
    // Same work, same answer: the floor's hand-written Cypher must return exactly the API's data, order included,
    // and the cached API the uncached one's.
    if (!isDeepStrictEqual(answers.floor, answers.api))
      throw new Error(`the floor and the API disagree on "${w.name}"`);
    if (!isDeepStrictEqual(answers.cached, answers.api))
      throw new Error(`the cached and the uncached API disagree on "${w.name}"`);
    for (const impl of ['static', 'floor', 'api', 'cached', 'peer'] as const) {
      const r = results[impl];
      rows.push({
        workload: w.name,
        impl,
        'req/s': Math.round(r.rps),
        'p50 ms': r.p50,
        'p99 ms': r.p99,
        'vs static': (r.rps / results.static.rps).toFixed(2),
        'vs floor': (r.rps / results.floor.rps).toFixed(2),
        'vs peer': (r.rps / results.peer.rps).toFixed(2),
        'server CPU ms/req': r.cpuPerRequest.server!.toFixed(2),
        'Neo4j CPU ms/req': r.cpuPerRequest.neo4j!.toFixed(2),
        'load CPU ms/req': r.cpuPerRequest.load!.toFixed(2),
      });
    }
    const ratio = (a: Impl, b: Impl) => results[a].rps / results[b].rps;
    const verdict = (value: number, goal: number) =>
      `${value.toFixed(2)}x (goal >= ${goal}x: ${value >= goal ? 'met' : 'MISSED'})`;
    goals.push(
      `${w.name}: cached/static ${verdict(ratio('cached', 'static'), 0.7)}, cached/floor ${verdict(ratio('cached', 'floor'), 5)}, uncached/floor ${verdict(ratio('api', 'floor'), 0.8)}`,
    );
  }
  console.log(
    `\nGraphQL API (uncached and cached) vs static floor vs Cypher floor vs peer (${seconds} s per run after a warm-up, 10 connections, loopback; CPU per request from /proc)`,
  );
  console.table(rows);
  console.log(goals.join('\n'));
}

/** The API's whole response body, as the static floor will answer it. */
async function rawBody(url: string, body: unknown): Promise<string> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  return res.text();
}

/** SIGTERM to every server, then wait for each to exit. */
async function stopAll(children: ChildProcess[]) {
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          c.once('exit', () => resolve());
          c.kill('SIGTERM');
        }),
    ),
  );
}

async function searchSuite() {
  // Search latency: one connection, so the numbers are per-request latency rather than queueing.
  servers.push(await startServer('bench/servers/search-floor.ts', PORTS.searchFloor));
  const searchQuery = `query($q: String!) { search(query: $q, first: 10) { score node { id } } }`;
  let n = 0;
  const searchTargets: Record<string, Target> = {
    'search, new text each time (embedding included)': {
      url: `http://127.0.0.1:${PORTS.api}/graphql`,
      method: 'POST',
      nextBody: () =>
        JSON.stringify({ query: searchQuery, variables: { q: `shrink a model so it runs on a phone ${n++}` } }),
    },
    'search, repeated text (whole result from the cache)': {
      url: `http://127.0.0.1:${PORTS.api}/graphql`,
      method: 'POST',
      body: JSON.stringify({ query: searchQuery, variables: { q: 'shrink a model so it runs on a phone' } }),
    },
    'floor: vector + full-text calls, precomputed vector': {
      url: `http://127.0.0.1:${PORTS.searchFloor}/`,
      method: 'GET',
    },
  };
  const searchRows: Record<string, string | number>[] = [];
  // As in the graph suite: the index calls' first minute on a just-started Neo4j is not what a serving API sees.
  for (const target of Object.values(searchTargets)) await warmUp(target, WARM_PASS_S, 1);
  for (const [name, target] of Object.entries(searchTargets)) {
    await check({ ...target, body: target.nextBody?.() ?? target.body });
    const r = await load(target, seconds, 1);
    if (r.bad) throw new Error(`${name}: ${r.bad} bad responses`);
    searchRows.push({ run: name, 'req/s': Math.round(r.rps), 'p50 ms': r.p50, 'p99 ms': r.p99 });
  }
  console.log(`\nSearch latency (${seconds} s per run after a warm-up, 1 connection)`);
  console.table(searchRows);
}

/** A full plan per role from nothing known (ROADMAP_QUERY), one connection. */
async function roadmapSuite() {
  const api = `http://127.0.0.1:${PORTS.api}/graphql`;
  const list = (await check({
    url: api,
    method: 'POST',
    body: JSON.stringify({ query: '{ careerPaths(first: 100) { nodes { id } } }' }),
  })) as { careerPaths: { nodes: { id: string }[] } };
  const roles = list.careerPaths.nodes.map((n) => n.id);
  const rows: Record<string, string | number>[] = [];
  for (const role of roles) {
    const target: Target = {
      url: api,
      method: 'POST',
      body: JSON.stringify({ query: ROADMAP_QUERY, variables: { role } }),
    };
    const steps = ((await check(target)) as { roadmap: { steps: unknown[] } }).roadmap.steps.length;
    const r = await load(target, seconds, 1);
    if (r.bad) throw new Error(`roadmap ${role}: ${r.bad} bad responses`);
    rows.push({ role, steps, 'req/s': Math.round(r.rps), 'p50 ms': r.p50, 'p99 ms': r.p99 });
  }
  console.log(`\nRoadmap per role from nothing known (${seconds} s per role after a warm-up, 1 connection)`);
  console.table(rows);
}

/** Issue 13's outage: 200 requests in flight, Neo4j stopped for 5 s and started again. Goals: every answer data or
 * 503 within 2 s of being sent, and data again within 2 s of Neo4j answering. */
async function outageSuite() {
  const run = await runOutage({
    url: `http://127.0.0.1:${PORTS.api}/graphql`,
    query:
      '{ concept(id: "concept:quantization") { id name prerequisites { concept { id } reason } chapter { title } } }',
    inFlight: 200,
    downMs: 5_000,
    settleMs: 3_000,
    stop: () => local.stop(BENCH_NEO4J.dir),
    start: () => local.start({ ...BENCH_NEO4J, heap: '1g' }),
  });
  const s = summarize(run);
  console.log('\noutage: 200 requests in flight; Neo4j stopped, down 5 s, started again');
  console.table([
    {
      requests: s.requests,
      data: s.ok,
      '503': s.unavailable,
      other: s.other,
      'p50 ms': s.p50,
      'p99 ms': s.p99,
      'slowest ms': Math.round(s.slowest),
      'over 2 s': s.over2s,
      'recovery ms': s.recoveryMs === undefined ? 'not within the run' : Math.round(s.recoveryMs),
      'restart ms': Math.round(run.answeringAt - run.startAt),
      'warm-up ms': Math.round(run.warmUpMs),
    },
  ]);
  console.log('by when each request was sent:');
  console.table(s.phases);
}
