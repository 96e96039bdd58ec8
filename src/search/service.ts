import { LRUCache } from 'lru-cache';
import type { Database } from '../db/database.js';
import {
  embeddingOf,
  keywordHits,
  neighboursAmong,
  passageHits,
  phraseHits,
  searchStamp,
  vectorHits,
  type Hit,
} from '../db/search.js';
import { firstArg } from '../arguments.js';
import { DomainError, ErrorCode } from '../errors.js';
import type { Embedder } from './embedder.js';
import { DEFAULT_SETTINGS, reciprocalRankFusion, type SearchSettings } from './fusion.js';
import { fuzzyNameQuery, keywords, luceneQuery, normaliseQuery, phraseOf } from './query.js';
import { closestName, exactFirst, foldSameIdea, graphRerank, nameKey } from './rank.js';
import { snippet, type Snippet } from './snippet.js';

export type SearchMode = 'HYBRID' | 'SEMANTIC' | 'KEYWORD';
export const MAX_RESULTS = 50;

export interface SearchRequest {
  query: string;
  /** Node labels to keep, or null for all. */
  labels: string[] | null;
  first: number;
  mode: SearchMode;
}

export interface SearchHit {
  id: string;
  label: string;
  score: number;
  /** Nodes of other kinds naming the same idea, folded into this (a concept's) result. */
  alsoAs: string[];
  why: {
    matchedBy: ('SEMANTIC' | 'KEYWORD')[];
    semanticScore: number | null;
    semanticRank: number | null;
    keywordScore: number | null;
    keywordRank: number | null;
    field: Snippet['field'] | 'passage';
    snippet: string;
  };
}

/** Kinds only a type filter returns. */
const QUESTION_LIKE = new Set(['ReviewQuestion']);

/** Candidates read from each index: enough for fusion; with a type filter, every node, so the filter never starves. */
export const CANDIDATES = 60;
const ALL = 2000;
/** Passages read per candidate node (a node has up to 12), and enough to cover every passage with a type filter. */
export const PASSAGES_PER_NODE = 3;
export const PASSAGES_ALL = 20_000;
/** Results the graph re-ranking looks at. */
const GRAPH_HEAD = 20;

/**
 * Hybrid search: the vector index (meaning) and the full-text index (words) each rank candidates, and reciprocal
 * rank fusion merges the two lists. The query vector comes from the local model (cached by text in the embedder).
 */
export class SearchService {
  /** Whole result lists by request, each with the stamp it was computed at (see searchStamp). */
  private readonly results = new LRUCache<string, { stamp: string; hits: SearchHit[] }>({ max: 1024 });
  resultHits = 0;

  constructor(
    private readonly db: Database,
    readonly embedder: Embedder | null,
    readonly settings: SearchSettings = DEFAULT_SETTINGS,
  ) {}

  /**
   * Results of a request, from the cache when the graph and its vectors have not changed since they were computed:
   * one small read of the stamp first, so a change that lands during the search only makes the next one recompute.
   */
  async search(req: SearchRequest): Promise<SearchHit[]> {
    return (await this.searchAt(req)).hits;
  }

  /** Results, with the graph revision they were read at (see searchStamp). */
  async searchAt(req: SearchRequest): Promise<{ hits: SearchHit[]; revision: string }> {
    const first = bounded(req.first);
    const text = normaliseQuery(req.query);
    const key = JSON.stringify([text, req.labels, first, req.mode]);
    // The model runs while the stamp is read; a repeated text finds its vector in the embedder's cache.
    const vector = req.mode === 'KEYWORD' ? undefined : this.vector(text);
    vector?.catch(() => {}); // a cache hit does not wait for it, and a miss awaits it in compute
    const { stamp, revision } = await searchStamp(this.db);
    const cached = this.results.get(key);
    if (cached?.stamp === stamp) {
      this.resultHits++;
      return { hits: cached.hits, revision };
    }
    const hits = await this.compute(req, text, first, vector);
    this.results.set(key, { stamp, hits });
    return { hits, revision };
  }

  private async compute(
    req: SearchRequest,
    text: string,
    first: number,
    vector: Promise<number[]> | undefined,
  ): Promise<SearchHit[]> {
    const words = keywords(text);
    const depth = req.labels ? ALL : Math.max(CANDIDATES, first);
    const lucene = luceneQuery(words, this.settings.fuzzy === 'always');
    const phrase = phraseOf(text);
    const [semantic, keyword, named] = await Promise.all([
      !vector
        ? []
        : vector.then((v) =>
            passageHits(
              this.db,
              v,
              req.labels ? PASSAGES_ALL : depth * PASSAGES_PER_NODE,
              depth,
              req.labels,
              this.settings,
            ),
          ),
      req.mode === 'SEMANTIC' || !lucene ? [] : this.keyword(words, lucene, depth, req.labels),
      phrase ? phraseHits(this.db, phrase, req.labels) : ([] as Hit[]),
    ]);
    const key = nameKey(text);
    const exact = named.filter((h) => [h.name, ...(h.aliasText?.split(';') ?? [])].some((n) => nameKey(n) === key));
    const namedRank = (h: Hit) => named.indexOf(h) + 1;
    const hits = new Map<string, Hit>([...exact, ...keyword, ...semantic].map((h) => [h.id, h]));
    const fused = reciprocalRankFusion(semantic, keyword, this.settings);
    const scored = fused.map((f) => {
      const hit = hits.get(f.id)!;
      const score =
        req.mode === 'HYBRID'
          ? f.score * (this.settings.kindWeights[hit.label] ?? 1)
          : (f.semantic ?? f.keyword)!.score;
      return { ...hit, score, semantic: f.semantic, keyword: f.keyword };
    });
    if (req.mode === 'HYBRID') scored.sort((a, b) => b.score - a.score);
    const reranked =
      req.mode === 'HYBRID' && this.settings.graphWeight > 0
        ? graphRerank(
            scored,
            await neighboursAmong(
              this.db,
              scored.slice(0, GRAPH_HEAD).map((h) => h.id),
            ),
            this.settings.graphWeight,
            GRAPH_HEAD,
          )
        : scored;
    // An exact name no index ranked (SEMANTIC mode, or past the candidates) still comes first.
    const top = reranked[0]?.score ?? 1;
    if (this.settings.exactFirst)
      for (const h of exact)
        if (!reranked.some((s) => s.id === h.id))
          reranked.push({ ...h, score: top, semantic: undefined, keyword: { rank: namedRank(h), score: h.score } });
    // Review questions share a learner's words with the concept they check; without a type filter asking for them,
    // the concept is the answer.
    const answers = req.labels ? reranked : reranked.filter((h) => !QUESTION_LIKE.has(h.label));
    // Exact names first: they take the best score, so scores still fall along the list.
    const best = Math.max(0, ...answers.map((h) => h.score));
    const ranked = this.settings.exactFirst
      ? exactFirst(answers, text).map((h) => (exact.some((e) => e.id === h.id) ? { ...h, score: best } : h))
      : answers;
    // A type filter asks for those kinds, so nothing is folded away from it.
    const grouped =
      req.labels || !this.settings.fold
        ? ranked.map((h) => ({ ...h, alsoAs: [] as typeof ranked }))
        : foldSameIdea(ranked);
    return grouped.slice(0, first).map((h) => ({
      // A folded result stands where its best member stood, with that member's score.
      ...explain(h, Math.max(h.score, ...h.alsoAs.map((a) => a.score)), h.semantic, h.keyword, words),
      alsoAs: h.alsoAs.map((a) => a.id),
    }));
  }

  /** The name or alias a mistyped query most likely meant (see closestName), or null. */
  async didYouMean(query: string): Promise<string | null> {
    const lucene = fuzzyNameQuery(keywords(normaliseQuery(query)));
    if (!lucene) return null;
    return closestName(query, await keywordHits(this.db, lucene, 20, null)) ?? null;
  }

  /** The nodes nearest in meaning to a node (by its stored embedding; no model run needed). */
  async similar(id: string, labels: string[] | null, requested: number): Promise<SearchHit[] | null> {
    const first = bounded(requested);
    const vector = await embeddingOf(this.db, id);
    if (!vector) return null;
    const hits = await vectorHits(this.db, vector, labels ? ALL : first + 1, labels, id);
    return hits
      .slice(0, first)
      .map((h, i) => ({ ...explain(h, h.score, { rank: i + 1, score: h.score }, undefined, []), alsoAs: [] }));
  }

  /** Keyword hits; with `fuzzy: 'fallback'`, words matched with a typo only when the exact words match nothing. */
  private async keyword(words: string[], lucene: string, depth: number, labels: string[] | null): Promise<Hit[]> {
    const hits = await keywordHits(this.db, lucene, depth, labels);
    if (hits.length || this.settings.fuzzy !== 'fallback') return hits;
    return keywordHits(this.db, luceneQuery(words, true)!, depth, labels);
  }

  private async vector(text: string): Promise<number[]> {
    if (!this.embedder) {
      throw new DomainError(
        ErrorCode.MODEL_UNAVAILABLE,
        'Semantic search is unavailable because the embedding model could not be loaded; use mode: KEYWORD.',
      );
    }
    return this.embedder.embed(text);
  }
}

const bounded = (first: number) => firstArg(first, MAX_RESULTS);

function explain(
  hit: Hit,
  score: number,
  semantic: { rank: number; score: number } | undefined,
  keyword: { rank: number; score: number } | undefined,
  words: string[],
): Omit<SearchHit, 'alsoAs'> {
  const shown =
    hit.passage && !keyword
      ? { field: 'passage' as const, text: hit.passage }
      : snippet({ name: hit.name, aliasText: hit.aliasText ?? undefined, body: hit.body ?? undefined }, words);
  return {
    id: hit.id,
    label: hit.label,
    score,
    why: {
      matchedBy: [...(semantic ? (['SEMANTIC'] as const) : []), ...(keyword ? (['KEYWORD'] as const) : [])],
      semanticScore: semantic?.score ?? null,
      semanticRank: semantic?.rank ?? null,
      keywordScore: keyword?.score ?? null,
      keywordRank: keyword?.rank ?? null,
      field: shown.field,
      snippet: shown.text,
    },
  };
}
