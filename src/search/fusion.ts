/** Pure ranking fusion for hybrid search. */

export interface Ranked {
  id: string;
  score: number;
}

export interface Fused {
  id: string;
  score: number;
  semantic?: { rank: number; score: number };
  keyword?: { rank: number; score: number };
}

export interface FusionOptions {
  /** The RRF constant: larger values flatten the advantage of the very first ranks. */
  k: number;
  /** Weight of the semantic list against the keyword list (1 = equal). */
  semanticWeight: number;
  /**
   * How much more a match with one of a node's `askedAs` phrases counts than a match with its name or a sentence of
   * its description, on the semantic side. Those phrases are written as learners ask, so matching one is stronger
   * evidence of what the question is about than sharing vocabulary with a definition.
   */
  askedAsWeight: number;
  /**
   * Share of a node's second-best passage added to its best on the semantic side: a node that several of its
   * phrases bring near the question is likelier its answer than a neighbour that one phrase brings a little nearer.
   */
  secondPassageWeight: number;
}

/** The setting chosen by `npm run eval:search` (see docs/SEARCH.md). */
export const DEFAULT_FUSION: FusionOptions = { k: 40, semanticWeight: 6, askedAsWeight: 1.1, secondPassageWeight: 0.5 };

/** Everything that shapes a ranking: the fusion, and the re-ranking steps after it (each measured on/off). */
export interface SearchSettings extends FusionOptions {
  /** When names and aliases match a word with one typo: always, only when the exact words match nothing, or never. */
  fuzzy: 'always' | 'fallback' | 'never';
  /** A node named exactly as the query comes first. */
  exactFirst: boolean;
  /** Other kinds naming a concept's idea fold into its result. */
  fold: boolean;
  /** Multipliers of a HYBRID result's fused score by kind (absent: 1), fitted on the tuning half. */
  kindWeights: Readonly<Record<string, number>>;
  /** Share of its linked neighbours' scores a HYBRID result in the first 20 gains (0: no graph re-ranking). */
  graphWeight: number;
}

export const DEFAULT_SETTINGS: SearchSettings = {
  ...DEFAULT_FUSION,
  fuzzy: 'fallback',
  exactFirst: true,
  fold: true,
  kindWeights: {},
  graphWeight: 0,
};

/**
 * Reciprocal rank fusion: each list adds weight / (k + rank) for every item it ranks (rank from 1), so an item
 * high in both lists beats one high in only one, whatever the two lists' score scales are. Ties go to the better
 * semantic rank, then to the id, so the order is deterministic.
 */
export function reciprocalRankFusion(
  semantic: Ranked[],
  keyword: Ranked[],
  options: Pick<FusionOptions, 'k' | 'semanticWeight'> = DEFAULT_FUSION,
): Fused[] {
  const byId = new Map<string, Fused>();
  const entry = (id: string) => byId.get(id) ?? byId.set(id, { id, score: 0 }).get(id)!;
  semantic.forEach((r, i) => {
    const e = entry(r.id);
    e.semantic = { rank: i + 1, score: r.score };
    e.score += options.semanticWeight / (options.k + i + 1);
  });
  keyword.forEach((r, i) => {
    const e = entry(r.id);
    e.keyword = { rank: i + 1, score: r.score };
    e.score += 1 / (options.k + i + 1);
  });
  return [...byId.values()].sort(
    (a, b) =>
      b.score - a.score || (a.semantic?.rank ?? Infinity) - (b.semantic?.rank ?? Infinity) || a.id.localeCompare(b.id),
  );
}
