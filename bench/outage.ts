/**
 * An outage under load: a fixed number of requests kept in flight while Neo4j is stopped, kept down for a while and
 * started again. Used by the outage e2e test (which checks every answer) and by `npm run bench -- --only outage`
 * (which prints the times).
 */
import { percentile } from './stats.js';

export interface OutageAnswer {
  /** When the request was sent and how long its answer took, in ms from the run's start. */
  sentAt: number;
  ms: number;
  /** HTTP status, or 0 when no answer came (connection refused, reset, or the client's own 30 s timeout). */
  status: number;
  /** Data without errors. */
  ok: boolean;
  code?: string;
}

export interface OutageRun {
  answers: OutageAnswer[];
  /** How long the warm-up took (its answers are not in `answers`). */
  warmUpMs: number;
  /** Times in ms from the run's start: Neo4j asked to stop, stopped, asked to start, answering again. */
  stopAt: number;
  downAt: number;
  startAt: number;
  answeringAt: number;
}

export interface OutageOptions {
  url: string;
  query: string;
  inFlight: number;
  /** How long Neo4j stays stopped. */
  downMs: number;
  /** How long requests keep going before the stop and after Neo4j answers again. */
  settleMs: number;
  /** The shortest and the longest warm-up before the run is measured (default 5 s and 60 s). */
  minWarmUpMs?: number;
  maxWarmUpMs?: number;
  /** The client gives up on a request after this long (default 30 s): counted as no answer. */
  clientTimeoutMs?: number;
  stop: () => Promise<unknown>;
  start: () => Promise<unknown>;
}

export async function runOutage(o: OutageOptions): Promise<OutageRun> {
  let t0 = performance.now();
  const now = () => performance.now() - t0;
  let answers: OutageAnswer[] = [];
  let done = false;
  const body = JSON.stringify({ query: o.query });
  const worker = async () => {
    while (!done) {
      const sentAt = now();
      const epoch = t0;
      // Answers to requests sent during the warm-up are left out.
      const record = (a: OutageAnswer) => epoch === t0 && answers.push(a);
      try {
        const res = await fetch(o.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(o.clientTimeoutMs ?? 30_000),
        });
        const json = (await res.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
        record({
          sentAt,
          ms: now() - sentAt,
          status: res.status,
          ok: res.status === 200 && !json.errors && json.data != null,
          code: json.errors?.[0]?.extensions?.code,
        });
      } catch (err) {
        const cause = (err as { cause?: { code?: string } }).cause?.code;
        record({
          sentAt,
          ms: now() - sentAt,
          status: 0,
          ok: false,
          code: cause ?? (err as Error).name,
        });
      }
    }
  };
  const workers = Array.from({ length: o.inFlight }, worker);
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
  // A cold API and Neo4j met by the whole load at once spend their first seconds opening connections and compiling
  // (start-up, not an outage), and requests sent then are answered late for a few seconds more: the run is measured
  // from a steady state, the first second after the minimum warm-up in which every answer was data within 1 s.
  const warmUntil = performance.now() + (o.maxWarmUpMs ?? 60_000);
  const steadyFrom = performance.now() + (o.minWarmUpMs ?? 5_000);
  while (performance.now() < warmUntil) {
    await pause(1_000);
    const lastSecond = answers.filter((a) => a.sentAt + a.ms > now() - 1_000);
    const steady = lastSecond.length > 0 && lastSecond.every((a) => a.ok && a.ms <= 1_000);
    if (steady && performance.now() >= steadyFrom) break;
  }
  const warmUpMs = now();
  t0 = performance.now();
  answers = [];
  await pause(o.settleMs);
  const stopAt = now();
  await o.stop();
  const downAt = now();
  await pause(o.downMs);
  const startAt = now();
  await o.start();
  const answeringAt = now();
  await pause(o.settleMs);
  done = true;
  await Promise.all(workers);
  return { answers, warmUpMs, stopAt, downAt, startAt, answeringAt };
}

export interface OutageSummary {
  requests: number;
  ok: number;
  unavailable: number;
  /** Answers that are neither data nor 503 DATABASE_UNAVAILABLE, and requests without an answer. */
  other: number;
  p50: number;
  p99: number;
  slowest: number;
  over2s: number;
  /**
   * From Neo4j answering again to the first request after which every request sent succeeded; undefined if the run
   * ended before that.
   */
  recoveryMs: number | undefined;
  /** How many answers of each kind: "200", "503 DATABASE_UNAVAILABLE", "0" (no answer), ... */
  kinds: Record<string, number>;
  /** Per phase of the run (by when each request was sent): answers, answers over 2 s, and the slowest. */
  phases: { phase: Phase; answers: number; over2s: number; slowest: number }[];
}

export const PHASES = ['before the stop', 'while stopping', 'while down', 'while starting', 'after'] as const;
export type Phase = (typeof PHASES)[number];

function phaseOf(run: OutageRun, sentAt: number): Phase {
  if (sentAt < run.stopAt) return 'before the stop';
  if (sentAt < run.downAt) return 'while stopping';
  if (sentAt < run.startAt) return 'while down';
  if (sentAt < run.answeringAt) return 'while starting';
  return 'after';
}

export function summarize(run: OutageRun): OutageSummary {
  const a = [...run.answers].sort((x, y) => x.sentAt - y.sentAt);
  const times = a.map((x) => x.ms).sort((x, y) => x - y);
  const lastFailure = a.findLastIndex((x) => !x.ok);
  const firstOfTail = a[lastFailure + 1];
  const kinds: Record<string, number> = {};
  for (const x of a) {
    const kind = `${x.status}${x.code ? ` ${x.code}` : ''}`;
    kinds[kind] = (kinds[kind] ?? 0) + 1;
  }
  return {
    requests: a.length,
    ok: a.filter((x) => x.ok).length,
    unavailable: a.filter((x) => x.status === 503 && x.code === 'DATABASE_UNAVAILABLE').length,
    other: a.filter((x) => !x.ok && !(x.status === 503 && x.code === 'DATABASE_UNAVAILABLE')).length,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    slowest: times.at(-1) ?? 0,
    over2s: times.filter((t) => t > 2000).length,
    recoveryMs: firstOfTail ? Math.max(0, firstOfTail.sentAt - run.answeringAt) : undefined,
    kinds,
    phases: PHASES.map((phase) => {
      const inPhase = a.filter((x) => phaseOf(run, x.sentAt) === phase).map((x) => x.ms);
      return {
        phase,
        answers: inPhase.length,
        over2s: inPhase.filter((t) => t > 2000).length,
        slowest: Math.round(inPhase.reduce((m, t) => Math.max(m, t), 0)),
      };
    }),
  };
}
