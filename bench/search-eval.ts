/**
 * `npm run eval:search`: search quality on the evaluation set, per mode and half, with what came first instead on
 * each miss, and for several fusion settings (on the tuning half only), against the configured Neo4j (the embedded
 * local one by default, seeded if needed). The set: bench/search-eval.yaml (the original 96 questions) and
 * bench/search-eval.d/ (learner questions per group of chapters); every question names its half, `tune` or
 * `holdout`, fixed once in the files. `--quick` skips the fusion table.
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
import type { Embedder } from '../src/search/embedder.js';
import { SearchService, type SearchMode } from '../src/search/service.js';
import { seed } from '../src/seed/seeder.js';
import { loadEmbedder, localNeo4jDir } from '../src/server.js';

interface Question {
  q: string;
  expect: string[];
  kind: string;
  half: 'tune' | 'holdout';
  /** The file it comes from. */
  file: string;
}

export interface Quality {
  hit1: number;
  hit5: number;
  mrr: number;
  /** Questions whose first result was not an expected one, with what came first instead. */
  misses: { q: string; expect: string[]; first: string | undefined; rank: number }[];
}

/** hit@1, hit@5 and mean reciprocal rank (over the top 10) of one search setting. */
export async function evaluate(service: SearchService, questions: Question[], mode: SearchMode): Promise<Quality> {
  let hit1 = 0;
  let hit5 = 0;
  let rr = 0;
  const misses: Quality['misses'] = [];
  for (const question of questions) {
    const results = await service.search({ query: question.q, labels: null, first: 10, mode });
    // A folded result answers for the nodes folded into it.
    const rank = results.findIndex((r) => [r.id, ...r.alsoAs].some((id) => question.expect.includes(id))) + 1;
    if (rank === 1) hit1++;
    else misses.push({ q: question.q, expect: question.expect, first: results[0]?.id, rank });
    if (rank >= 1 && rank <= 5) hit5++;
    if (rank >= 1) rr += 1 / rank;
  }
  const n = questions.length || 1;
  return { hit1: hit1 / n, hit5: hit5 / n, mrr: rr / n, misses };
}

const label = (f: FusionOptions, mode: SearchMode) =>
  `${mode === 'HYBRID' ? `RRF k=${f.k}, semantic weight ${f.semanticWeight}, ` : ''}askedAs x${f.askedAsWeight}`;
const fmt = (q: Quality): Record<string, string> => ({
  'hit@1': q.hit1.toFixed(3),
  'hit@5': q.hit5.toFixed(3),
  MRR: q.mrr.toFixed(3),
});

const EVAL_FILES = [
  path.join(PROJECT_ROOT, 'bench', 'search-eval.yaml'),
  ...fs
    .readdirSync(path.join(PROJECT_ROOT, 'bench', 'search-eval.d'))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => path.join(PROJECT_ROOT, 'bench', 'search-eval.d', f)),
];
const questions: Question[] = EVAL_FILES.flatMap((f) =>
  (parse(fs.readFileSync(f, 'utf8')) as { questions: Omit<Question, 'file'>[] }).questions.map((q) => {
    if (q.half !== 'tune' && q.half !== 'holdout')
      throw new Error(`${path.relative(PROJECT_ROOT, f)}: "${q.q}" needs half: tune or holdout`);
    return { ...q, file: path.basename(f) };
  }),
);
const halves = {
  tune: questions.filter((q) => q.half === 'tune'),
  holdout: questions.filter((q) => q.half === 'holdout'),
  'original 96': questions.filter((q) => q.file === 'search-eval.yaml'),
};
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
  const service = new SearchService(db, embedder);
  for (const mode of ['HYBRID', 'SEMANTIC', 'KEYWORD'] as const) {
    for (const [half, set] of Object.entries(halves)) {
      const quality = await evaluate(service, set, mode);
      rows.push({ mode, half, questions: String(set.length), ...fmt(quality) });
      if (mode === 'HYBRID' && half !== 'original 96') {
        console.log(`\nHYBRID misses at rank 1, ${half} half (expected -> what came first; rank of the first hit):`);
        for (const m of quality.misses)
          console.log(`  ${m.q}\n    ${m.expect.join(' | ')} -> ${m.first} (${m.rank || '-'})`);
        const byLabel = new Map<string, number>();
        for (const m of quality.misses) {
          const kind = m.first?.split(':')[0] ?? 'nothing';
          byLabel.set(kind, (byLabel.get(kind) ?? 0) + 1);
        }
        console.log(`  what came first instead, by kind: ${[...byLabel].map(([k, n]) => `${k} ${n}`).join(', ')}`);
      }
    }
  }
  console.log(`\nfusion: ${label(DEFAULT_FUSION, 'HYBRID')}`);
  console.table(rows);
  if (!process.argv.includes('--quick')) await fusionTable(embedder);
} finally {
  await db.close();
}

async function fusionTable(embedder: Embedder) {
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
      ...fmt(await evaluate(new SearchService(db, embedder, v), halves.tune, 'HYBRID')),
    });
  console.log('\nHybrid fusion settings tried on the tuning half (the default is chosen from this table):');
  console.table(tried);
}
