/**
 * `npm run bench`: this API against the floor (hand-written Cypher behind bare HTTP) and the peer (@neo4j/graphql),
 * on the same graph and machine, in one run. Prints req/s, p50 and p99 per workload, and the ratios.
 */
import { isDeepStrictEqual, parseArgs } from 'node:util';
import type { ChildProcess } from 'node:child_process';
import { BENCH_NEO4J, benchDatabase, check, load, startServer, type LoadResult, type Target } from './harness.js';
import { learningSuite } from './learning.js';
import { WORKLOADS } from './workloads.js';
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
const PORTS = { api: base + 1, floor: base + 2, peer: base + 3, searchFloor: base + 4 };

const neo4jPid = await benchDatabase();
// Production mode, as deployed: graphql-js skips its development-only checks. The rate limiter stays on, with a
// budget no run here reaches.
const RATE_LIMIT_POINTS = '1000000000';
const api = await startServer('bench/servers/api.ts', PORTS.api, { NODE_ENV: 'production', RATE_LIMIT_POINTS });
console.log(`rate limiter on: ${RATE_LIMIT_POINTS} cost points a minute per client, never reached by this bench`);
const servers: ChildProcess[] = [api];
try {
  if (runs('graph')) await graphSuite();
  if (runs('search')) await searchSuite();
  if (runs('roadmap')) await roadmapSuite();
  if (runs('abuse')) await abuseSuite(`http://127.0.0.1:${PORTS.api}/graphql`, seconds, WORKLOADS[0]!);
  if (runs('learning')) learningSuite();
  // Last: it stops the bench's Neo4j and starts it again.
  if (runs('outage')) await outageSuite();
} finally {
  for (const s of servers) s.kill('SIGTERM');
}

async function graphSuite() {
  const processes = {
    api,
    floor: await startServer('bench/servers/floor.ts', PORTS.floor),
    peer: await startServer('bench/servers/peer.ts', PORTS.peer, { NODE_ENV: 'production' }),
  };
  servers.push(processes.floor, processes.peer);
  const rows: Record<string, string | number>[] = [];
  for (const w of WORKLOADS) {
    const targets: Record<'floor' | 'api' | 'peer', Target> = {
      floor: { url: `http://127.0.0.1:${PORTS.floor}${w.floor}`, method: 'GET' },
      api: { url: `http://127.0.0.1:${PORTS.api}/graphql`, method: 'POST', body: JSON.stringify(w.api) },
      peer: { url: `http://127.0.0.1:${PORTS.peer}/graphql`, method: 'POST', body: JSON.stringify(w.peer) },
    };
    const results = {} as Record<keyof typeof targets, LoadResult>;
    const answers: Partial<Record<keyof typeof targets, unknown>> = {};
    for (const [impl, target] of Object.entries(targets) as [keyof typeof targets, Target][]) {
      answers[impl] = await check(target);
      results[impl] = await load(target, seconds, 10, { server: processes[impl].pid!, neo4j: neo4jPid });
      if (results[impl].bad) throw new Error(`${impl} answered ${results[impl].bad} bad responses on "${w.name}"`);
    }
    // Same work, same answer: the floor's hand-written Cypher must return exactly the API's data, order included.
    if (!isDeepStrictEqual(answers.floor, answers.api))
      throw new Error(`the floor and the API disagree on "${w.name}"`);
    for (const impl of ['floor', 'api', 'peer'] as const) {
      const r = results[impl];
      rows.push({
        workload: w.name,
        impl,
        'req/s': Math.round(r.rps),
        'p50 ms': r.p50,
        'p99 ms': r.p99,
        'vs floor': (r.rps / results.floor.rps).toFixed(2),
        'vs peer': (r.rps / results.peer.rps).toFixed(2),
        'server CPU ms/req': r.cpuPerRequest.server!.toFixed(2),
        'Neo4j CPU ms/req': r.cpuPerRequest.neo4j!.toFixed(2),
        'load CPU ms/req': r.cpuPerRequest.load!.toFixed(2),
      });
    }
  }
  console.log(
    `\nGraphQL API vs floor vs peer (${seconds} s per run after a warm-up, 10 connections, loopback; CPU per request from /proc)`,
  );
  console.table(rows);
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
    'search, repeated text (embedding cached)': {
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
  for (const [name, target] of Object.entries(searchTargets)) {
    await check({ ...target, body: target.nextBody?.() ?? target.body });
    const r = await load(target, seconds, 1);
    if (r.bad) throw new Error(`${name}: ${r.bad} bad responses`);
    searchRows.push({ run: name, 'req/s': Math.round(r.rps), 'p50 ms': r.p50, 'p99 ms': r.p99 });
  }
  console.log(`\nSearch latency (${seconds} s per run after a warm-up, 1 connection)`);
  console.table(searchRows);
}

/** A full plan per role from nothing known, as a roadmap app asks for it: steps with reasons, weeks, milestones. */
async function roadmapSuite() {
  const query = `query($role: ID!) { roadmap(input: {roles: [{role: $role}], hoursPerWeek: 8, startDate: "2027-01-04"}) {
    totalHours totalWeeks steps { position hours reason concept { id name } chapter { title } resources(first: 2) { name } }
    weeks { number hours items { concept { id } hours } } milestones { week chapter { title } } fringe { id } } }`;
  const api = `http://127.0.0.1:${PORTS.api}/graphql`;
  const list = (await check({
    url: api,
    method: 'POST',
    body: JSON.stringify({ query: '{ careerPaths(first: 100) { nodes { id } } }' }),
  })) as { careerPaths: { nodes: { id: string }[] } };
  const roles = list.careerPaths.nodes.map((n) => n.id);
  const rows: Record<string, string | number>[] = [];
  for (const role of roles) {
    const target: Target = { url: api, method: 'POST', body: JSON.stringify({ query, variables: { role } }) };
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
    },
  ]);
}
