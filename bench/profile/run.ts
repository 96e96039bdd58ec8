/**
 * `npx tsx bench/profile/run.ts [--seconds 8] [--top 40] [--server cached|floor] [--suite roadmap] [--workload NAME]`:
 * the bench's uncached API (production mode, limits on), with `--server cached` the API answering from its response
 * cache, or with `--server floor` the Cypher floor, under V8's CPU profiler while each graph workload of
 * bench/workloads.ts (or those whose name contains `--workload`) runs against it with 10 connections (`--suite
 * roadmap`: the roadmap of every role, ROADMAP_QUERY, one connection, API only), then where its CPU went: self and
 * total time per function and per place (package, project file, Node), per request.
 * Uses the bench's Neo4j (BENCH_NEO4J_PORT) and port BENCH_PORT_BASE + 9; the profile is kept under .data/profiles/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ChildProcess } from 'node:child_process';
import { PROJECT_ROOT } from '../../src/config.js';
import { API_ENV, benchDatabase, check, load, startServer, type Target } from '../harness.js';
import { ROADMAP_QUERY, WORKLOADS } from '../workloads.js';
import { busyMs, byFunction, byOwner, byPlace, type CpuProfile, type Row } from './summary.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '8' },
    top: { type: 'string', default: '40' },
    server: { type: 'string', default: 'api' },
    suite: { type: 'string', default: 'graph' },
    workload: { type: 'string' },
  },
});
const seconds = Number(values.seconds);
const server = values.server;
if (server !== 'api' && server !== 'cached' && server !== 'floor')
  throw new Error(`--server takes api, cached or floor; got "${server}"`);
const suite = values.suite;
if (suite !== 'graph' && suite !== 'roadmap') throw new Error(`--suite takes graph or roadmap; got "${suite}"`);
if (suite === 'roadmap' && server !== 'api') throw new Error('--suite roadmap profiles the uncached API only');
const top = Number(values.top);
const port = Number(process.env.BENCH_PORT_BASE ?? 4100) + 9;
const dir = path.join(PROJECT_ROOT, '.data', 'profiles');
fs.mkdirSync(dir, { recursive: true });
const file = path.join(dir, `${server}-${new Date().toISOString().replace(/[:.]/g, '-')}.cpuprofile`);

const ROLES = [
  'role:ml-engineer',
  'role:research-scientist',
  'role:mlops-engineer',
  'role:ml-infrastructure-engineer',
  'role:ai-safety-researcher',
  'role:data-engineer',
];

const neo4j = await benchDatabase();
const api = await startServer(
  `bench/servers/${server === 'floor' ? 'floor' : 'api'}.ts`,
  port,
  { ...API_ENV, RESPONSE_CACHE: String(server === 'cached'), CPU_PROFILE_FILE: file },
  ['--import', path.join(PROJECT_ROOT, 'bench', 'servers', 'profiler.mjs')],
);
let requests = 0;
try {
  const graphql = `http://127.0.0.1:${port}/graphql`;
  const runs =
    suite === 'roadmap'
      ? ROLES.map((role) => ({
          name: `roadmap ${role}`,
          connections: 1,
          target: {
            url: graphql,
            method: 'POST' as const,
            body: JSON.stringify({ query: ROADMAP_QUERY, variables: { role } }),
          },
        }))
      : WORKLOADS.filter((w) => !values.workload || w.name.includes(values.workload)).map((w) => ({
          name: w.name,
          connections: 10,
          target:
            server !== 'floor'
              ? { url: graphql, method: 'POST' as const, body: JSON.stringify(w.api) }
              : { url: `http://127.0.0.1:${port}${w.floor}`, method: 'GET' as const },
        }));
  if (!runs.length) throw new Error(`no graph workload's name contains "${values.workload}"`);
  const targets: Target[] = runs.map((r) => r.target);
  // Warm-up outside the profile: the JIT has compiled the request path before sampling starts.
  for (const t of targets) {
    await check(t);
    await load(t, 2);
  }
  await signal(api, 'SIGUSR2', 'profiling');
  const before = await served();
  const rows = [];
  for (const [i, t] of targets.entries()) {
    const r = await load(t, seconds, runs[i]!.connections, { server: api.pid! });
    if (r.bad) throw new Error(`${r.bad} bad responses on "${runs[i]!.name}"`);
    rows.push({
      workload: runs[i]!.name,
      'p50 ms': r.p50,
      'req/s': Math.round(r.rps),
      'server CPU ms/req': r.cpuPerRequest.server,
    });
  }
  console.table(rows);
  // Every request of the profiled window, load()'s own warm-ups included.
  requests = (await served()) - before;
} finally {
  await stop(api);
  await neo4j.stop();
}

const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
const busy = busyMs(profile);
const table = (title: string, list: Row[]) => {
  console.log(`\n${title}`);
  console.table(
    list.slice(0, top).map((r) => ({
      name: r.name,
      'self %': ((100 * r.selfMs) / busy).toFixed(1),
      'self µs/req': ((1000 * r.selfMs) / requests).toFixed(1),
      'total %': ((100 * r.totalMs) / busy).toFixed(1),
    })),
  );
};
console.log(`\nprofile: ${file}`);
console.log(
  `busy ${Math.round(busy)} ms over about ${Math.round(requests)} requests: ${(busy / requests).toFixed(3)} ms/req`,
);
table('by place (self time)', byPlace(profile, PROJECT_ROOT));
table(
  'by owner (self time of Node and native code charged to the package or file that called it)',
  byOwner(profile, PROJECT_ROOT),
);
table('by function (self time)', byFunction(profile, PROJECT_ROOT));
const src = byFunction(profile, PROJECT_ROOT)
  .filter((r) => r.name.includes(' src/'))
  .sort((a, b) => b.totalMs - a.totalMs);
table("this project's functions (by total time)", src);

/** Requests the server has answered so far: the API's POSTs to /graphql from its /metrics, the floor's own count. */
async function served(): Promise<number> {
  if (server === 'floor') return Number(await (await fetch(`http://127.0.0.1:${port}/served`)).text());
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  let sum = 0;
  for (const m of text.matchAll(/^http_requests_total\{([^}]*)\} (\d+)$/gm))
    if (m[1]!.includes('route="/graphql"') && m[1]!.includes('method="POST"')) sum += Number(m[2]);
  return sum;
}

function signal(child: ChildProcess, name: NodeJS.Signals, reply: string): Promise<void> {
  return new Promise((resolve) => {
    const onData = (chunk: Buffer) => {
      if (!chunk.toString().includes(reply)) return;
      child.stdout!.off('data', onData);
      resolve();
    };
    child.stdout!.on('data', onData);
    child.kill(name);
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
