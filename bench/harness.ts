/** Shared pieces of `npm run bench`: the bench's own Neo4j, server processes, and load runs with autocannon. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { loadConfig, PROJECT_ROOT } from '../src/config.js';
import { Database } from '../src/db/database.js';
import * as local from '../src/local/neo4j-local.js';
import { createLogger } from '../src/logger.js';
import { seed } from '../src/seed/seeder.js';
import { loadEmbedder } from '../src/server.js';
import { percentile } from './stats.js';

export const BENCH_NEO4J = {
  // BENCH_NEO4J_DIR and _PASSWORD may name another local instance at the current seed (the tests', kept with
  // TEST_NEO4J_REUSE=1): the bench then skips seeding and embedding, and leaves it running.
  dir: path.resolve(PROJECT_ROOT, process.env.BENCH_NEO4J_DIR ?? path.join('.data', 'bench-neo4j')),
  // Parallel checkouts on one machine each set their own ports (BENCH_NEO4J_PORT, BENCH_PORT_BASE in run.ts).
  port: Number(process.env.BENCH_NEO4J_PORT ?? 7691),
  password: process.env.BENCH_NEO4J_PASSWORD ?? 'mlsys-graph-bench',
};
export const NEO4J_URI = `bolt://127.0.0.1:${BENCH_NEO4J.port}`;

// Production mode, as deployed: graphql-js skips its development-only checks. The rate limiter stays on, with a
// budget no run here reaches.
export const RATE_LIMIT_POINTS = '1000000000';
export const BENCH_KEY = 'bench-key-0123456789abcdefghijkl';
// Latency is measured here, not bounded: a first request on a loaded machine may pass the default deadline.
export const API_ENV = {
  NODE_ENV: 'production',
  RATE_LIMIT_POINTS,
  API_KEYS: `bench:${BENCH_KEY}:learners`,
  REQUEST_DEADLINE_MS: '60000',
};

/**
 * Starts (or reuses) the bench's Neo4j and brings its graph, embeddings included, to the current seed. `stop` stops
 * it unless it was already running before.
 */
export async function benchDatabase(): Promise<{ pid: number; stop: () => Promise<void> }> {
  const { pid, alreadyRunning } = await local.start({ ...BENCH_NEO4J, heap: '1g' });
  const config = loadConfig({ NEO4J_URI, NEO4J_PASSWORD: BENCH_NEO4J.password, LOG_LEVEL: 'warn' });
  const db = Database.fromConfig(config);
  try {
    const result = await seed(db, { onlyIfChanged: true, embedder: await loadEmbedder(config, createLogger(config)) });
    if (result.embedding?.embedded)
      console.log(
        `seed embeddings: ${result.embedding.embedded} nodes, ${result.embedding.passages} passages in ${result.embedding.ms} ms`,
      );
  } finally {
    await db.close();
  }
  return {
    pid: pid!,
    stop: async () => {
      if (!alreadyRunning) await local.stop(BENCH_NEO4J.dir);
    },
  };
}

/** Runs a server script in its own process and resolves once it prints "ready"; `nodeArgs` go before the script. */
export function startServer(
  script: string,
  port: number,
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<ChildProcess> {
  // node --import tsx, not the tsx binary: one process, so its pid is the server's (RSS, CPU).
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(PROJECT_ROOT, script)], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, NEO4J_URI, NEO4J_PASSWORD: BENCH_NEO4J.password, PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before it was ready`)));
  });
}

export interface Target {
  url: string;
  method: 'GET' | 'POST';
  body?: string;
  /** A fresh body per request (to defeat caches); overrides `body`. */
  nextBody?: () => string;
  /** More request headers (an API key). */
  headers?: Record<string, string>;
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  bad: number;
  /** CPU milliseconds per request spent by each watched process (and its children), when /proc can tell. */
  cpuPerRequest: Record<string, number>;
}

/** A process and its descendants (tsx runs each server in a child process). */
function processTree(pid: number): number[] {
  const children = (p: number): number[] => {
    try {
      const list = fs.readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim();
      return list ? list.split(/\s+/).map(Number) : [];
    } catch {
      return [];
    }
  };
  const out = [pid];
  for (let i = 0; i < out.length; i++) out.push(...children(out[i]!));
  return out;
}

/** A process's resident memory now and at its peak (VmRSS, VmHWM), in MB (Linux /proc). */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) };
}

/** User plus system CPU milliseconds of a process tree so far (Linux /proc); NaN elsewhere. */
function cpuMs(pid: number): number {
  let ticks = 0;
  for (const p of processTree(pid)) {
    try {
      const fields = fs.readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      return NaN;
    }
  }
  return (ticks * 1000) / CLOCK_TICKS;
}
const CLOCK_TICKS = 100;

/** One request, checked: a 200 with data and no `errors`. */
export async function check(target: Target): Promise<unknown> {
  const res = await fetch(target.url, {
    method: target.method,
    headers: { 'content-type': 'application/json', ...target.headers },
    body: target.body,
  });
  const json = (await res.json()) as { data?: unknown; errors?: unknown };
  if (res.status !== 200 || json.errors || !json.data)
    throw new Error(`${target.url} answered ${res.status}: ${JSON.stringify(json).slice(0, 300)}`);
  return json.data;
}

/** `connections` connections sending `target` for `duration` seconds; `bad` counts non-200s and GraphQL errors. */
function drive(target: Target, duration: number, connections: number) {
  let bad = 0;
  const instance = autocannon({
    url: target.url,
    method: target.method,
    headers: { 'content-type': 'application/json', ...target.headers },
    body: target.body,
    connections,
    duration,
    requests: [
      {
        ...(target.nextBody
          ? { setupRequest: (req: Record<string, unknown>) => ({ ...req, body: target.nextBody!() }) }
          : {}),
        onResponse: (status: number, body: string) => {
          if (status !== 200 || body.includes('"errors"')) bad++;
        },
      },
    ],
  } as autocannon.Options);
  return instance.then((r) => ({ r, bad }));
}

/** Load that is not measured: to bring the servers and Neo4j past their cold start before anything is. */
export async function warmUp(target: Target, seconds: number, connections = 10): Promise<void> {
  await drive(target, seconds, connections);
}

/**
 * Load from this process (the servers run in their own): warm-up first, then a measured run; every body checked.
 * `watch` names processes whose CPU time per request is measured over the measured run (the load generator is this
 * process, measured as `load`).
 */
export async function load(
  target: Target,
  seconds: number,
  connections = 10,
  watch: Record<string, number> = {},
): Promise<LoadResult> {
  const run = (duration: number) => drive(target, duration, connections);
  await run(Math.max(1, Math.round(seconds / 4)));
  const before = Object.fromEntries(Object.entries(watch).map(([name, pid]) => [name, cpuMs(pid)]));
  const self = process.cpuUsage();
  const { r, bad } = await run(seconds);
  const requests = r.requests.total + r.non2xx + r.errors;
  const cpuPerRequest = Object.fromEntries(
    Object.entries(watch).map(([name, pid]) => [name, (cpuMs(pid) - before[name]!) / requests]),
  );
  const loadCpu = process.cpuUsage(self);
  cpuPerRequest.load = (loadCpu.user + loadCpu.system) / 1000 / requests;
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    requests,
    bad: bad + r.non2xx + r.errors,
    cpuPerRequest,
  };
}

/**
 * Latency with one request at a time, each timed in this process to the hundredth of a millisecond (autocannon's
 * percentiles are whole milliseconds, too coarse for answers of about 1 ms): a warm-up of a quarter of `seconds`,
 * then the measured run; every body checked.
 */
export async function sequentialLatency(
  target: Target,
  seconds: number,
): Promise<{ p50: number; p99: number; requests: number; bad: number }> {
  const once = async () => {
    const started = performance.now();
    const res = await fetch(target.url, {
      method: target.method,
      headers: { 'content-type': 'application/json', ...target.headers },
      body: target.nextBody?.() ?? target.body,
    });
    const body = await res.text();
    return { ms: performance.now() - started, ok: res.status === 200 && !body.includes('"errors"') };
  };
  const runFor = async (s: number) => {
    const times: number[] = [];
    let bad = 0;
    for (const end = performance.now() + s * 1000; performance.now() < end;) {
      const r = await once();
      times.push(r.ms);
      if (!r.ok) bad++;
    }
    return { times, bad };
  };
  await runFor(Math.max(1, seconds / 4));
  const { times, bad } = await runFor(seconds);
  return { p50: percentile(times, 50), p99: percentile(times, 99), requests: times.length, bad };
}
