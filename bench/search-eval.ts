/**
 * `npm run eval:search`: search quality on the evaluation set (bench/search-eval.yaml), per mode and for several
 * fusion settings, against the configured Neo4j (the embedded local one by default, seeded if needed).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadConfig, PROJECT_ROOT } from '../src/config.js';
import { Database } from '../src/db/database.js';
import * as local from '../src/local/neo4j-local.js';
import { createLogger } from '../src/logger.js';
import type { FusionOptions } from '../src/search/fusion.js';
import { DEFAULT_FUSION } from '../src/search/fusion.js';
import { SearchService, type SearchMode } from '../src/search/service.js';
import { seed } from '../src/seed/seeder.js';
import { loadEmbedder, localNeo4jDir } from '../src/server.js';

interface Question {
  q: string;
  expect: string[];
  kind: string;
}

export interface Quality {
  hit1: number;
  hit5: number;
  mrr: number;
}

/** hit@1, hit@5 and mean reciprocal rank (over the top 10) of one search setting. */
export async function evaluate(service: SearchService, questions: Question[], mode: SearchMode): Promise<Quality> {
  let hit1 = 0;
  let hit5 = 0;
  let rr = 0;
  for (const question of questions) {
    const results = await service.search({ query: question.q, labels: null, first: 10, mode });
    const rank = results.findIndex((r) => question.expect.includes(r.id)) + 1;
    if (rank === 1) hit1++;
    if (rank >= 1 && rank <= 5) hit5++;
    if (rank >= 1) rr += 1 / rank;
  }
  const n = questions.length;
  return { hit1: hit1 / n, hit5: hit5 / n, mrr: rr / n };
}

const label = (f: FusionOptions, mode: SearchMode) =>
  `${mode === 'HYBRID' ? `RRF k=${f.k}, semantic weight ${f.semanticWeight}, ` : ''}askedAs x${f.askedAsWeight}`;
const fmt = (q: Quality) => ({ 'hit@1': q.hit1.toFixed(3), 'hit@5': q.hit5.toFixed(3), MRR: q.mrr.toFixed(3) });

/** The set: bench/search-eval.yaml, plus the questions about concepts added later, one file per group of chapters. */
const EVAL_FILES = [
  path.join(PROJECT_ROOT, 'bench', 'search-eval.yaml'),
  ...fs
    .readdirSync(path.join(PROJECT_ROOT, 'bench', 'search-eval.d'))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => path.join(PROJECT_ROOT, 'bench', 'search-eval.d', f)),
];
const questions = EVAL_FILES.flatMap((f) => (parse(fs.readFileSync(f, 'utf8')) as { questions: Question[] }).questions);
const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
if (!config.NEO4J_URI)
  await local.start({ dir: localNeo4jDir(config), port: config.NEO4J_LOCAL_PORT, password: config.NEO4J_PASSWORD });
const db = Database.fromConfig(config);
try {
  const embedder = await loadEmbedder(config, createLogger(config));
  if (!embedder) throw new Error('the embedding model is needed for the evaluation');
  await seed(db, { onlyIfChanged: true, embedder });
  console.log(`${questions.length} questions (bench/search-eval.yaml and bench/search-eval.d/)`);
  // Each question's vector computed once here (no cache yet): the model's share of a search's latency.
  const embedMs: number[] = [];
  for (const { q } of questions) {
    const t = performance.now();
    await embedder.embed(q);
    embedMs.push(performance.now() - t);
  }
  embedMs.sort((a, b) => a - b);
  const pct = (p: number) => embedMs[Math.min(embedMs.length - 1, Math.floor(p * embedMs.length))]!.toFixed(1);
  console.log(`model ${config.MODEL_NAME}: query embedding p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms\n`);
  const rows: Record<string, string>[] = [];
  for (const mode of ['HYBRID', 'SEMANTIC', 'KEYWORD'] as const) {
    rows.push({
      mode,
      fusion: mode === 'KEYWORD' ? '-' : label(DEFAULT_FUSION, mode),
      ...fmt(await evaluate(new SearchService(db, embedder), questions, mode)),
    });
  }
  console.table(rows);
  const variants: FusionOptions[] = [
    ...[5, 10, 20, 60].flatMap((k) =>
      [1, 1.5, 2, 2.5, 3, 4].map((semanticWeight) => ({ ...DEFAULT_FUSION, k, semanticWeight })),
    ),
    ...[1, 1.05, 1.15, 1.2, 1.3].map((askedAsWeight) => ({ ...DEFAULT_FUSION, askedAsWeight })),
  ];
  const tried: Record<string, string>[] = [];
  for (const v of variants)
    tried.push({
      fusion: label(v, 'HYBRID'),
      ...fmt(await evaluate(new SearchService(db, embedder, v), questions, 'HYBRID')),
    });
  console.log('\nHybrid fusion settings tried (the default is chosen from this table):');
  console.table(tried);
} finally {
  await db.close();
}
