/**
 * The abuse run of `npm run bench`: operations generated from the schema within the cost budget (fast-check), each
 * timed alone, the slowest ten printed with their cost; then a cheap query's latency while four of the slowest run
 * beside it without pause. Goals (issue 13): none over 1 s; the cheap query's p99 under 2 s.
 */
import fc from 'fast-check';
import { LIMITS } from '../src/http/limits.js';
import { executableSchema } from '../src/graphql/schema.js';
import { costOf, operationArbitrary, samplesFrom, type Generated } from '../tests/operations.js';
import { check, load, type Target } from './harness.js';
import type { Workload } from './workloads.js';

interface Timed {
  op: Generated;
  cost: number;
  ms: number;
  status: number;
  bytes: number;
}

async function timed(url: string, op: Generated): Promise<Omit<Timed, 'op' | 'cost'>> {
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(op),
  });
  const text = await res.text();
  return { ms: Math.round(performance.now() - started), status: res.status, bytes: text.length };
}

export async function abuseSuite(url: string, seconds: number, cheap: Workload, runs = 400): Promise<void> {
  const schema = executableSchema();
  const ids = (await check({
    url,
    method: 'POST',
    body: JSON.stringify({
      query: `{ concepts(first: 100) { nodes { id } } chapters(first: 21) { nodes { id } }
        careerPaths(first: 20) { nodes { id } } parts(first: 10) { nodes { id } } tools(first: 20) { nodes { id } } }`,
    }),
  })) as Record<string, { nodes: { id: string }[] }>;
  const samples = samplesFrom(Object.values(ids).flatMap((c) => c.nodes.map((n) => n.id)));
  const generated = fc
    .sample(operationArbitrary(schema, samples), { numRuns: runs, seed: 13 })
    .map((op) => ({ op, cost: costOf(schema, op) }))
    .filter((g): g is { op: Generated; cost: number } => g.cost !== undefined && g.cost <= LIMITS.cost);
  const results: Timed[] = [];
  for (const g of generated) results.push({ ...g, ...(await timed(url, g.op)) });
  results.sort((a, b) => b.ms - a.ms);
  const over = results.filter((r) => r.ms > 1000).length;
  const errors = results.filter((r) => r.status >= 500).length;
  console.log(
    `\nAbuse: ${results.length} generated operations within the budget of ${LIMITS.cost} (of ${runs} generated), ` +
      `each alone; ${over} over 1 s, ${errors} answered 5xx. Slowest ten:`,
  );
  console.table(
    results.slice(0, 10).map((r) => ({
      ms: r.ms,
      cost: r.cost,
      status: r.status,
      'KB out': Math.round(r.bytes / 1024),
      operation: r.op.query.slice(0, 110),
    })),
  );

  // Four of the slowest, each sent again as soon as it is answered, beside the cheap query's own load.
  const worst = results.filter((r) => r.status === 200).slice(0, 4);
  let stop = false;
  let heavyDone = 0;
  const heavy = worst.map(async (w) => {
    while (!stop) {
      await timed(url, w.op);
      heavyDone++;
    }
  });
  const target: Target = { url, method: 'POST', body: JSON.stringify(cheap.api) };
  const r = await load(target, seconds, 1);
  stop = true;
  await Promise.all(heavy);
  console.log(
    `\n"${cheap.name}" (1 connection, ${seconds} s) beside four of the slowest in a loop (${heavyDone} of them answered):`,
  );
  console.table([{ 'req/s': Math.round(r.rps), 'p50 ms': r.p50, 'p99 ms': r.p99, bad: r.bad }]);
}
