import type { Database } from '../db/database.js';
import { embeddingOf, keywordHits, passageHits, vectorHits, type Hit } from '../db/search.js';
import { apiError, badInput, ErrorCode } from '../graphql/errors.js';
import type { Embedder } from './embedder.js';
import { DEFAULT_FUSION, reciprocalRankFusion, type FusionOptions } from './fusion.js';
import { keywords, luceneQuery, normaliseQuery } from './query.js';
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

/** Candidates read from each index: enough for fusion; with a type filter, every node, so the filter never starves. */
const CANDIDATES = 60;
const ALL = 2000;
/** Passages read per candidate node (a node has up to 12), and enough to cover every passage with a type filter. */
const PASSAGES_PER_NODE = 5;
const PASSAGES_ALL = 12_000;

/**
 * Hybrid search: the vector index (meaning) and the full-text index (words) each rank candidates, and reciprocal
 * rank fusion merges the two lists. The query vector comes from the local model (cached by text in the embedder).
 */
export class SearchService {
  constructor(
    private readonly db: Database,
    readonly embedder: Embedder | null,
    private readonly fusion: FusionOptions = DEFAULT_FUSION,
  ) {}

  async search(req: SearchRequest): Promise<SearchHit[]> {
    const first = bounded(req.first);
    const text = normaliseQuery(req.query);
    const words = keywords(text);
    const depth = req.labels ? ALL : Math.max(CANDIDATES, first);
    const lucene = luceneQuery(words);
    const [semantic, keyword] = await Promise.all([
      req.mode === 'KEYWORD'
        ? []
        : this.vector(text).then((v) =>
            passageHits(
              this.db,
              v,
              req.labels ? PASSAGES_ALL : depth * PASSAGES_PER_NODE,
              depth,
              req.labels,
              this.fusion.askedAsWeight,
            ),
          ),
      req.mode === 'SEMANTIC' || !lucene ? [] : keywordHits(this.db, lucene, depth, req.labels),
    ]);
    const hits = new Map<string, Hit>([...keyword, ...semantic].map((h) => [h.id, h]));
    const fused = reciprocalRankFusion(semantic, keyword, this.fusion);
    return fused.slice(0, first).map((f) => {
      const hit = hits.get(f.id)!;
      const score = req.mode === 'HYBRID' ? f.score : (f.semantic ?? f.keyword)!.score;
      return explain(hit, score, f.semantic, f.keyword, words);
    });
  }

  /** The nodes nearest in meaning to a node (by its stored embedding; no model run needed). */
  async similar(id: string, labels: string[] | null, firstArg: number): Promise<SearchHit[] | null> {
    const first = bounded(firstArg);
    const vector = await embeddingOf(this.db, id);
    if (!vector) return null;
    const hits = await vectorHits(this.db, vector, labels ? ALL : first + 1, labels, id);
    return hits.slice(0, first).map((h, i) => explain(h, h.score, { rank: i + 1, score: h.score }, undefined, []));
  }

  private async vector(text: string): Promise<number[]> {
    if (!this.embedder) {
      throw apiError(
        ErrorCode.MODEL_UNAVAILABLE,
        'Semantic search is unavailable because the embedding model could not be loaded; use mode: KEYWORD.',
      );
    }
    return this.embedder.embed(text);
  }
}

function bounded(first: number): number {
  if (!Number.isInteger(first) || first < 1 || first > MAX_RESULTS)
    throw badInput(`"first" must be between 1 and ${MAX_RESULTS}; got ${first}`, 'first');
  return first;
}

function explain(
  hit: Hit,
  score: number,
  semantic: { rank: number; score: number } | undefined,
  keyword: { rank: number; score: number } | undefined,
  words: string[],
): SearchHit {
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
