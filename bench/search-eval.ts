/**
 * `npm run eval:search`: search quality on the evaluation set, per mode and half, with what came first instead on
 * each miss, and for several fusion settings (on the tuning half only), against the configured Neo4j (the embedded
 * local one by default, seeded if needed). The set: bench/search-eval.yaml (the original 96 questions) and
 * bench/search-eval.d/ (learner questions per group of chapters); every question names its half, `tune` or
 * `holdout`, fixed once in the files. `--quick` skips the fusion table; `--ensemble` adds a second model's ranking.
 */
import fs from 'node:fs';
import path from 'node:path';
import { load as parseYaml } from 'js-yaml';
import { loadConfig, PROJECT_ROOT } from '../src/config.js';
import { Database } from '../src/db/database.js';
import * as local from '../src/local/neo4j-local.js';
import { createLogger } from '../src/logger.js';
import { DEFAULT_SETTINGS, type SearchSettings } from '../src/search/fusion.js';
import type { Embedder } from '../src/search/embedder.js';
import { CANDIDATES, MAX_RESULTS, PASSAGES_PER_NODE, SearchService, type SearchMode } from '../src/search/service.js';
import { keywordHits, passageHits, phraseHits, searchStamp } from '../src/db/search.js';
import { keywords, luceneQuery, normaliseQuery, phraseOf } from '../src/search/query.js';
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

/** hit@1, hit@5 and mean reciprocal rank of the ranks of the first expected result (0: none in the top 10). */
function measures(ranks: number[]): Omit<Quality, 'misses'> {
  const n = ranks.length || 1;
  return {
    hit1: ranks.filter((r) => r === 1).length / n,
    hit5: ranks.filter((r) => r >= 1 && r <= 5).length / n,
    mrr: ranks.reduce((sum, r) => sum + (r >= 1 ? 1 / r : 0), 0) / n,
  };
}
const triple = (q: Omit<Quality, 'misses'>) => `${q.hit1.toFixed(3)} / ${q.hit5.toFixed(3)} / ${q.mrr.toFixed(3)}`;

/** hit@1, hit@5 and mean reciprocal rank (over the top 10) of one search setting. */
export async function evaluate(service: SearchService, questions: Question[], mode: SearchMode): Promise<Quality> {
  const ranks: number[] = [];
  const misses: Quality['misses'] = [];
  for (const question of questions) {
    const results = await service.search({ query: question.q, labels: null, first: 10, mode });
    // A folded result answers for the nodes folded into it.
    const rank = results.findIndex((r) => [r.id, ...r.alsoAs].some((id) => question.expect.includes(id))) + 1;
    ranks.push(rank);
    if (rank !== 1) misses.push({ q: question.q, expect: question.expect, first: results[0]?.id, rank });
  }
  return { ...measures(ranks), misses };
}

const label = (f: SearchSettings, mode: SearchMode) =>
  `${mode === 'HYBRID' ? `RRF k=${f.k}, semantic weight ${f.semanticWeight}, ` : ''}askedAs x${f.askedAsWeight}, ` +
  `second passage x${f.secondPassageWeight}`;
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
  (parseYaml(fs.readFileSync(f, 'utf8')) as { questions: Omit<Question, 'file'>[] }).questions.map((q) => {
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
  console.log(`\nfusion: ${label(DEFAULT_SETTINGS, 'HYBRID')}`);
  console.table(rows);
  if (process.argv.includes('--profile')) await profile(embedder);
  if (process.argv.includes('--ablate')) await ablationTable(embedder);
  if (process.argv.includes('--fit-kinds')) await fitKindWeights(embedder);
  if (process.argv.includes('--graph')) await graphTable(embedder);
  if (process.argv.includes('--ensemble')) await ensembleTable(embedder);
  if (!process.argv.includes('--quick')) await fusionTable(embedder);
} finally {
  await db.close();
}

/**
 * `--ensemble`: would a second model help? bge-small-en-v1.5 ranks the nodes by their passages (best passage plus
 * half the second, askedAs x1.1, as the service does), by exact cosine in memory rather than through an index, and
 * its list joins the shipped HYBRID list (the first 50 results) by reciprocal rank fusion at several k and weights.
 * Nothing in the API changes; this measures what a second passage index would be worth.
 */
async function ensembleTable(embedder: Embedder) {
  const second = await loadEmbedder({ ...config, MODEL_NAME: 'bge-small-en-v1.5' }, createLogger(config));
  if (!second) throw new Error('bge-small-en-v1.5 is not laid out: MODEL_NAME=bge-small-en-v1.5 npm run fetch:model');
  const passages = await db.read<{ node: string; text: string; askedAs: boolean }>(
    `MATCH (p:Passage)-[:PASSAGE_OF]->(n:Entity) WHERE NOT n:ReviewQuestion
     RETURN n.id AS node, p.text AS text, p.text IN coalesce(n.askedAs, []) AS askedAs`,
  );
  const started = performance.now();
  const vectors = await second.embedBatch(
    passages.map((p) => p.text),
    16,
  );
  console.log(
    `\n${passages.length} passages embedded by bge-small-en-v1.5 in ${Math.round(performance.now() - started)} ms`,
  );
  const secondList = (query: number[]) => {
    const scores = new Map<string, number[]>();
    passages.forEach((p, i) => {
      const v = vectors[i]!;
      let cosine = 0;
      for (let d = 0; d < v.length; d++) cosine += v[d]! * query[d]!;
      const list = scores.get(p.node) ?? scores.set(p.node, []).get(p.node)!;
      list.push(cosine * (p.askedAs ? DEFAULT_SETTINGS.askedAsWeight : 1));
    });
    return [...scores]
      .map(([id, s]) => ({
        id,
        score: s.sort((a, b) => b - a)[0]! + DEFAULT_SETTINGS.secondPassageWeight * (s[1] ?? 0),
      }))
      .sort((a, b) => b.score - a.score)
      .slice(0, CANDIDATES)
      .map((n) => n.id);
  };
  const service = new SearchService(db, embedder);
  const lists = new Map<string, { hybrid: { id: string; alsoAs: string[] }[]; second: string[] }>();
  for (const { q } of questions)
    lists.set(q, {
      hybrid: await service.search({ query: q, labels: null, first: MAX_RESULTS, mode: 'HYBRID' }),
      second: secondList(await second.embed(normaliseQuery(q))),
    });
  const quality = (set: Question[], k: number, weight: number) =>
    triple(
      measures(
        set.map((question) => {
          const { hybrid, second } = lists.get(question.q)!;
          // A node the second model ranks counts for the shipped result it is folded into.
          const resultOf = new Map(hybrid.flatMap((h) => [h.id, ...h.alsoAs].map((id) => [id, h.id] as const)));
          const score = new Map(hybrid.map((h, i) => [h.id, 1 / (k + i + 1)]));
          [...new Set(second.map((id) => resultOf.get(id) ?? id))].forEach((id, i) =>
            score.set(id, (score.get(id) ?? 0) + weight / (k + i + 1)),
          );
          const members = (id: string) => [id, ...(hybrid.find((h) => h.id === id)?.alsoAs ?? [])];
          const ranked = [...score].sort((x, y) => y[1] - x[1]).slice(0, 10);
          return ranked.findIndex(([id]) => members(id).some((m) => question.expect.includes(m))) + 1;
        }),
      ),
    );
  const rows = [5, 10, 20, 40].flatMap((k) =>
    [0, 0.5, 1, 1.5].map((weight) => ({
      k: String(k),
      'bge weight': String(weight),
      ...Object.fromEntries(Object.entries(halves).map(([half, set]) => [half, quality(set, k, weight)])),
    })),
  );
  console.log('HYBRID fused with bge-small-en-v1.5 passage ranking (hit@1 / hit@5 / MRR; weight 0 is HYBRID alone):');
  console.table(rows);
}

async function fusionTable(embedder: Embedder) {
  const variants: SearchSettings[] = [
    ...[10, 20, 40, 60, 100].flatMap((k) =>
      [2, 3, 4, 5, 6, 8].flatMap((semanticWeight) =>
        [0, 0.5, 1, 1.5, 2].map((secondPassageWeight) => ({
          ...DEFAULT_SETTINGS,
          k,
          semanticWeight,
          secondPassageWeight,
        })),
      ),
    ),
    ...[1, 1.05, 1.15, 1.2, 1.3].map((askedAsWeight) => ({ ...DEFAULT_SETTINGS, askedAsWeight })),
  ];
  const tried: { row: Record<string, string>; score: number }[] = [];
  for (const v of variants) {
    const q = await evaluate(new SearchService(db, embedder, v), halves.tune, 'HYBRID');
    tried.push({ row: { fusion: label(v, 'HYBRID'), ...fmt(q) }, score: q.mrr + q.hit1 / 1000 });
  }
  console.log('\nHybrid fusion settings tried on the tuning half (the default is chosen from this table):');
  console.table(tried.map((t) => t.row));
  console.log('\nThe ten best on the tuning half, by MRR then hit@1:');
  console.table(
    tried
      .sort((a, b) => b.score - a.score)
      .slice(0, 10)
      .map((t) => t.row),
  );
}

/** `--ablate`: each re-ranking step switched off (or changed) alone, every mode on every half. */
async function ablationTable(embedder: Embedder) {
  const variants: [string, Partial<SearchSettings>][] = [
    ['default', {}],
    ['fuzzy never', { fuzzy: 'never' }],
    ['fuzzy fallback', { fuzzy: 'fallback' }],
    ['no exact-name-first', { exactFirst: false }],
    ['no folding', { fold: false }],
    ['none of the three', { fuzzy: 'never', exactFirst: false, fold: false }],
    ['without terms (HYBRID)', { kindWeights: { Term: 0 } }],
  ];
  const rows: Record<string, string>[] = [];
  for (const [name, change] of variants) {
    const service = new SearchService(db, embedder, { ...DEFAULT_SETTINGS, ...change });
    for (const mode of ['HYBRID', 'SEMANTIC', 'KEYWORD'] as const) {
      if (mode === 'SEMANTIC' && change.fuzzy) continue; // the keyword side only
      const row: Record<string, string> = { variant: name, mode };
      for (const [half, set] of Object.entries(halves)) {
        const q = await evaluate(service, set, mode);
        row[half] = triple(q);
      }
      rows.push(row);
    }
  }
  console.log('\nAblation, hit@1 / hit@5 / MRR:');
  console.table(rows);
}

/**
 * `--fit-kinds`: HYBRID kind weights by coordinate ascent on the tuning half's MRR (then hit@1), one kind at a time
 * over a few multipliers, two passes; prints the weights and both halves with them.
 */
async function fitKindWeights(embedder: Embedder) {
  // The kinds that reach the top three of a tuning question (concepts stay at 1, the reference).
  const base = new SearchService(db, embedder);
  const seen = new Set<string>();
  for (const { q } of halves.tune)
    for (const r of await base.search({ query: q, labels: null, first: 3, mode: 'HYBRID' })) seen.add(r.label);
  seen.delete('Concept');
  const kinds = [...seen].sort();
  const steps = [0.7, 0.8, 0.9, 1, 1.1, 1.2];
  const weights: Record<string, number> = {};
  const score = async (w: Record<string, number>) => {
    const q = await evaluate(
      new SearchService(db, embedder, { ...DEFAULT_SETTINGS, kindWeights: w }),
      halves.tune,
      'HYBRID',
    );
    return q.mrr + q.hit1 / 1000;
  };
  let best = await score(weights);
  for (let pass = 0; pass < 2; pass++)
    for (const kind of kinds)
      for (const step of steps) {
        const trial = { ...weights, [kind]: step };
        const s = await score(trial);
        if (s > best + 1e-9) {
          best = s;
          weights[kind] = step;
        }
      }
  console.log(`\nkind weights fitted on the tuning half: ${JSON.stringify(weights)}`);
  const service = new SearchService(db, embedder, { ...DEFAULT_SETTINGS, kindWeights: weights });
  const rows: Record<string, string>[] = [];
  for (const [half, set] of Object.entries(halves)) rows.push({ half, ...fmt(await evaluate(service, set, 'HYBRID')) });
  console.table(rows);
}

/**
 * `--profile`: where a HYBRID search's time goes, per question of the set: a model run on a text not seen before,
 * each index call alone (in sequence, one at a time), and the whole search with the vector cached.
 */
async function profile(embedder: Embedder) {
  const times: Record<string, number[]> = {};
  const time = async <T>(name: string, f: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const r = await f();
    (times[name] ??= []).push(performance.now() - t);
    return r;
  };
  const service = new SearchService(db, embedder);
  for (const [i, { q }] of questions.entries()) {
    const text = normaliseQuery(q);
    const vector = await time('model run (new text)', () => embedder.embed(`${text} ${i}`));
    await time(`passage index (${CANDIDATES * PASSAGES_PER_NODE} passages -> ${CANDIDATES} nodes)`, () =>
      passageHits(db, vector, CANDIDATES * PASSAGES_PER_NODE, CANDIDATES, null, DEFAULT_SETTINGS),
    );
    const words = keywords(text);
    await time(`full-text index (${CANDIDATES})`, () => keywordHits(db, luceneQuery(words)!, CANDIDATES, null));
    await time(`full-text index, no typos (${CANDIDATES})`, () =>
      keywordHits(db, luceneQuery(words, false)!, CANDIDATES, null),
    );
    const phrase = phraseOf(text);
    if (phrase) await time('name phrase lookup', () => phraseHits(db, phrase, null));
    await time('stamp read', () => searchStamp(db));
    // The model run above embedded another text, so this one runs the model again, as a new query does.
    await time('whole search (new text)', () => service.search({ query: q, labels: null, first: 10, mode: 'HYBRID' }));
  }
  const rows = Object.entries(times).map(([step, ms]) => {
    ms.sort((a, b) => a - b);
    const at = (p: number) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))]!.toFixed(2);
    return { step, n: ms.length, 'p50 ms': at(0.5), 'p90 ms': at(0.9), 'p99 ms': at(0.99) };
  });
  console.log('\nWhere a search spends its time (ms, one call at a time):');
  console.table(rows);
}

/** `--graph`: the graph re-ranking at several weights, HYBRID, every half (the weight is chosen on the tuning half). */
async function graphTable(embedder: Embedder) {
  const rows: Record<string, string>[] = [];
  for (const graphWeight of [0, 0.05, 0.1, 0.2, 0.4]) {
    const service = new SearchService(db, embedder, { ...DEFAULT_SETTINGS, graphWeight });
    const row: Record<string, string> = { graphWeight: String(graphWeight) };
    for (const [half, set] of Object.entries(halves)) {
      const q = await evaluate(service, set, 'HYBRID');
      row[half] = triple(q);
    }
    rows.push(row);
  }
  console.log('\nGraph re-ranking of the first 20, HYBRID, hit@1 / hit@5 / MRR:');
  console.table(rows);
}
