/**
 * `npm run bench:scale`: cost curves. For each size (a factor of today's graph, `--sizes 1,5,45` by default) it
 * generates a synthetic knowledge base (generate.ts), seeds it through the real loader into a fresh Neo4j of its own,
 * gives every node its embedding, starts the API on it (without the response cache: every request does its work) and
 * measures latency with one connection. Prints one table of p50/p99 per size and the growth factor per tenfold.
 *
 * Embedding: the model runs for real on the first size (which must be 1), or, with `--vectors-from <bolt URI>` (and
 * `--vectors-password`), the vectors are read from a graph at the same seed that has them (the tests' or the bench's
 * Neo4j) and the model's time is measured on a sample of texts. Larger graphs get the same vectors copied onto every
 * volume (so the vector indexes hold every node), and their embedding time is stated as the time per text times
 * their texts: the model runs once per text, so its time is linear in the texts.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, PROJECT_ROOT } from '../../src/config.js';
import { Database } from '../../src/db/database.js';
import * as local from '../../src/local/neo4j-local.js';
import { createLogger } from '../../src/logger.js';
import { embedChanged } from '../../src/search/indexer.js';
import { seed } from '../../src/seed/seeder.js';
import { loadEmbedder } from '../../src/server.js';
import { check, memoryOf, sequentialLatency, startServer, type Target } from '../harness.js';
import { percentile, placementStepTimes } from '../learner-http.js';
import { WORKLOADS } from '../workloads.js';
import { chartSvg } from './chart.js';
import { generateSeed } from './generate.js';
import { copyVectors, readVectors, type Vectors } from './vectors.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1,5,45' },
    seconds: { type: 'string', default: '5' },
    'vectors-from': { type: 'string' },
    'vectors-password': { type: 'string', default: 'mlsys-graph-test' },
  },
});
const factors = values.sizes!.split(',').map(Number);
const seconds = Number(values.seconds);
if ((!values['vectors-from'] && factors[0] !== 1) || factors.some((f) => !Number.isInteger(f) || f < 1))
  throw new Error(`--sizes takes whole factors starting with 1 (its embeddings are reused), e.g. 1,5,45`);
const NEO4J_PORT = Number(process.env.SCALE_NEO4J_PORT ?? 7743);
const API_PORT = Number(process.env.BENCH_PORT_BASE ?? 4100) + 9;
const PASSWORD = 'mlsys-graph-scale';
const KEY = 'scale-key-0123456789abcdefghijkl';

const DEEP = 'concept:quantization-aware-training';
const ROLE = 'role:ml-engineer';
const CHAPTERS = [
  'chapter:efficient-ai',
  'chapter:model-optimizations',
  'chapter:ai-acceleration',
  'chapter:benchmarking-ai',
];

const ROADMAP = `query($input: RoadmapInput!) { roadmap(input: $input) {
  totalHours totalWeeks steps { position hours reason concept { id name } chapter { title } resources(first: 2) { name } }
  weeks { number hours items { concept { id } hours } } milestones { week chapter { title } } fringe { id } } }`;
const MEASURES: { name: string; body: (n: () => number) => { query: string; variables: Record<string, unknown> } }[] = [
  { name: 'concept page', body: () => WORKLOADS[0]!.api },
  { name: 'filtered list page', body: () => WORKLOADS[3]!.api },
  {
    name: `allPrerequisites of ${DEEP}`,
    body: () => ({
      query: `query($id: ID!) { concept(id: $id) { allPrerequisites { depth concept { id name } } } }`,
      variables: { id: DEEP },
    }),
  },
  {
    name: `roadmap for ${ROLE}`,
    body: () => ({ query: ROADMAP, variables: { input: { roles: [{ role: ROLE }], hoursPerWeek: 8 } } }),
  },
  {
    name: `roadmap for ${DEEP}`,
    body: () => ({ query: ROADMAP, variables: { input: { concepts: [DEEP], hoursPerWeek: 8 } } }),
  },
  {
    name: 'syllabus for 4 chapters',
    body: () => ({
      query: `query($input: SyllabusInput!) { syllabus(input: $input) { plan { conceptCount totalHours weeksNeeded
        modules { number hours concepts { concept { id name } hours } objectives { id } questions { id } } } } }`,
      variables: { input: { chapters: CHAPTERS, weeks: 12, hoursPerWeek: 8 } },
    }),
  },
  {
    name: 'search, new text each time',
    body: (n) => ({
      query: `query($q: String!) { search(query: $q, first: 10) { score node { id } } }`,
      variables: { q: `shrink a model so it runs on a phone ${n()}` },
    }),
  },
];

interface SizeResult {
  factor: number;
  concepts: number;
  nodes: number;
  relationships: number;
  seedMs: number;
  embeddingMs: number;
  embeddingMeasured: boolean;
  storeMb: number;
  rssMb: number;
  peakRssMb: number;
  latency: Record<string, { p50: number; p99: number }>;
}

const results: SizeResult[] = [];
const embedder = await loadEmbedder(loadConfig({ LOG_LEVEL: 'warn' }), createLogger(loadConfig({ LOG_LEVEL: 'warn' })));
if (!embedder) throw new Error('bench:scale needs the embedding model (npm run fetch:model)');
let vectors: Vectors | undefined;
/** Milliseconds of the model per text (a node's text or a passage). */
let msPerText = 0;
if (values['vectors-from']) {
  const source = Database.fromConfig(
    loadConfig({ NEO4J_URI: values['vectors-from'], NEO4J_PASSWORD: values['vectors-password'], LOG_LEVEL: 'warn' }),
  );
  try {
    vectors = await readVectors(source);
  } finally {
    await source.close();
  }
  const sample = [
    ...vectors.nodes.slice(0, 64).map((n) => n.text),
    ...vectors.passages.slice(0, 64).map((p) => p.text),
  ];
  const started = performance.now();
  for (let i = 0; i < sample.length; i += 8) await embedder.embedBatch(sample.slice(i, i + 8));
  msPerText = (performance.now() - started) / sample.length;
  console.log(
    `vectors of ${vectors.nodes.length} nodes and ${vectors.passages.length} passages read from ${values['vectors-from']}; the model took ${msPerText.toFixed(1)} ms per text on a sample of ${sample.length}`,
  );
}
// The table so far after each size: a long run that is stopped still leaves its figures.
for (const factor of factors) {
  results.push(await measureSize(factor));
  printTables(results);
}
if (results.length > 1) {
  const file = path.join(PROJECT_ROOT, 'docs', 'scale-curves.svg');
  const curves = Object.keys(results[0]!.latency).map((name) => ({
    name,
    points: results.map((r) => ({ x: r.concepts, y: r.latency[name]!.p50 })),
  }));
  fs.writeFileSync(file, chartSvg(curves, 'p50 latency against graph size (npm run bench:scale, 1 connection)'));
  console.log(`\nchart written to ${path.relative(PROJECT_ROOT, file)}`);
}

async function measureSize(factor: number): Promise<SizeResult> {
  const dir = path.join(PROJECT_ROOT, '.data', `scale-neo4j-${factor}`);
  const seedDir = path.join(PROJECT_ROOT, '.data', `scale-seed-${factor}`);
  await local.stop(dir);
  fs.rmSync(dir, { recursive: true, force: true });
  generateSeed(factor, seedDir);
  // Heap for the seed's one transaction, and a page cache the store fits in, as a deployment of that size would have.
  const large = factor >= 20;
  const neo4j = await local.start({
    dir,
    port: NEO4J_PORT,
    password: PASSWORD,
    heap: large ? '8g' : '1g',
    pagecache: large ? '6g' : '1g',
  });
  const config = loadConfig({ NEO4J_URI: neo4j.uri!, NEO4J_PASSWORD: PASSWORD, LOG_LEVEL: 'warn' });
  const db = Database.fromConfig(config);
  let api: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    const seeded = await seed(db, { dir: seedDir });
    console.log(`x${factor}: seeded in ${seeded.ms} ms`);
    let embeddingMs: number;
    let embeddingMeasured = false;
    if (!vectors) {
      const run = await embedChanged(db, embedder!);
      embeddingMs = run.ms;
      embeddingMeasured = true;
      vectors = await readVectors(db);
      msPerText = run.ms / (run.embedded + run.passages);
      console.log(`x${factor}: embedded ${run.embedded} nodes and ${run.passages} passages in ${run.ms} ms`);
    } else {
      const copied = await copyVectors(db, vectors, factor, `${embedder!.model.name}:`);
      embeddingMs = Math.round(msPerText * copied);
      console.log(`x${factor}: copied ${copied} vectors in place of the model's`);
    }
    // Measure once Neo4j has finished populating the indexes the vectors went into.
    await db.write('CALL db.awaitIndexes(1800)');
    const counts = seeded.counts!;
    const concepts = counts.labels.Concept ?? 0;
    const storeMb = Number(execFileSync('du', ['-sm', dir]).toString().split('\t')[0]);
    api = await startServer('bench/servers/api.ts', API_PORT, {
      NEO4J_URI: neo4j.uri!,
      NEO4J_PASSWORD: PASSWORD,
      NODE_ENV: 'production',
      RATE_LIMIT_POINTS: '1000000000',
      RESPONSE_CACHE: 'false',
      // Latency is measured, not bounded: a first request that builds a per-revision cache may take longer.
      REQUEST_DEADLINE_MS: '120000',
      API_KEYS: `scale:${KEY}:learners`,
    });
    const url = `http://127.0.0.1:${API_PORT}/graphql`;
    console.log(`x${factor}: API started, RSS ${memoryOf(api.pid!).rssMb} MB`);
    const latency: SizeResult['latency'] = {};
    let n = 0;
    for (const m of MEASURES) {
      const target: Target = {
        url,
        method: 'POST',
        body: JSON.stringify(m.body(() => n++)),
        nextBody: m.name.startsWith('search') ? () => JSON.stringify(m.body(() => n++)) : undefined,
      };
      await check(target);
      // A Neo4j started for this size has compiled nothing yet: one whole run warms it before the measured one.
      await sequentialLatency(target, seconds);
      const r = await sequentialLatency(target, seconds);
      if (r.bad) throw new Error(`x${factor} ${m.name}: ${r.bad} bad responses`);
      latency[m.name] = { p50: r.p50, p99: r.p99 };
      const mem = memoryOf(api.pid!);
      console.log(`x${factor}: after ${m.name}, API RSS ${mem.rssMb} MB, peak so far ${mem.peakMb} MB`);
    }
    try {
      const steps = await placementStepTimes({ url, key: KEY }, [DEEP], 40);
      latency['placement step'] = { p50: percentile(steps, 50), p99: percentile(steps, 99) };
    } catch (err) {
      // The other figures of this size are kept; the table says the step failed and the log says why.
      console.log(`x${factor}: placement steps failed: ${(err as Error).message}`);
      latency['placement step'] = { p50: NaN, p99: NaN };
    }
    console.log(
      `x${factor}: Neo4j's longest stop-the-world pauses (ms): ${longestPauses(dir).join(', ') || 'none logged'}`,
    );
    const memory = memoryOf(api.pid!);
    return {
      factor,
      concepts,
      nodes: Object.values(counts.labels).reduce((s, c) => s + c, 0),
      relationships: Object.values(counts.relationships).reduce((s, c) => s + c, 0),
      seedMs: seeded.ms,
      embeddingMs,
      embeddingMeasured,
      storeMb,
      rssMb: memory.rssMb,
      peakRssMb: memory.peakMb,
      latency,
    };
  } finally {
    api?.kill('SIGTERM');
    await db.close();
    await local.stop(dir);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(seedDir, { recursive: true, force: true });
  }
}

/** The longest JVM pauses Neo4j's debug log reported (its VmPauseMonitor logs those over 100 ms). */
function longestPauses(dir: string): number[] {
  const log = path.join(dir, 'db', 'logs', 'debug.log');
  if (!fs.existsSync(log)) return [];
  const pauses = [...fs.readFileSync(log, 'utf8').matchAll(/stop-the-world pause: \{pauseTime=(\d+)/g)].map((m) =>
    Number(m[1]),
  );
  return pauses.sort((a, b) => b - a).slice(0, 5);
}

function printTables(rs: SizeResult[]) {
  const first = rs[0]!;
  const last = rs[rs.length - 1]!;
  const tenfolds = Math.log10(last.concepts / first.concepts);
  const growth = (a: number, b: number) => (tenfolds > 0 && a > 0 ? (b / a) ** (1 / tenfolds) : NaN).toFixed(2);
  const size = (r: SizeResult) => `x${r.factor} (${r.concepts} concepts)`;
  const rows: Record<string, string | number>[] = [];
  for (const name of Object.keys(first.latency)) {
    const row: Record<string, string | number> = { measure: name };
    for (const r of rs) row[size(r)] = `${r.latency[name]!.p50} / ${r.latency[name]!.p99}`;
    row['p50 growth per tenfold'] = growth(first.latency[name]!.p50, last.latency[name]!.p50);
    rows.push(row);
  }
  const facts: [string, (r: SizeResult) => number | string][] = [
    ['nodes / relationships', (r) => `${r.nodes} / ${r.relationships}`],
    ['seed ms (no embeddings)', (r) => r.seedMs],
    ['embedding ms', (r) => (r.embeddingMeasured ? r.embeddingMs : `~${r.embeddingMs} (from ms per text)`)],
    ['Neo4j store MB', (r) => r.storeMb],
    ['API RSS MB (after the runs / peak)', (r) => `${r.rssMb} / ${r.peakRssMb}`],
  ];
  for (const [name, get] of facts) {
    const row: Record<string, string | number> = { measure: name };
    for (const r of rs) row[size(r)] = get(r);
    rows.push(row);
  }
  console.log(
    `\nCost curves: p50 / p99 ms per size (1 connection, ${seconds} s per run after a warm-up; today's graph is x1, ${first.concepts} concepts)`,
  );
  console.table(rows);
  const at = last.latency;
  const base = first.latency;
  const goal = (text: string, ok: boolean) => console.log(`${ok ? 'met   ' : 'MISSED'} ${text}`);
  console.log(`\nGoals at x${last.factor} (${last.concepts} concepts):`);
  for (const name of ['concept page', 'filtered list page'])
    goal(
      `${name} p50 ${at[name]!.p50} ms within 1.5x of x1's ${base[name]!.p50} ms`,
      at[name]!.p50 <= 1.5 * base[name]!.p50,
    );
  for (const name of Object.keys(at).filter((k) => k.startsWith('roadmap') || k.startsWith('syllabus')))
    goal(`${name} p50 ${at[name]!.p50} ms <= 150 ms`, at[name]!.p50 <= 150);
  goal(`search p50 ${at['search, new text each time']!.p50} ms <= 25 ms`, at['search, new text each time']!.p50 <= 25);
  goal(`API RSS peak ${last.peakRssMb} MB <= 800 MB`, last.peakRssMb <= 800);
  goal(`seed ${last.seedMs} ms < 60000 ms`, last.seedMs < 60_000);
}
