import { distance } from 'fastest-levenshtein';

/**
 * Pure re-ranking after fusion: one idea, one result. A node whose name or alias is exactly the query comes first;
 * nodes of other kinds that name the same idea as a concept in the list (the glossary term "Quantization", the
 * optimization technique "Quantization") are folded into that concept's result, which takes the best position of
 * the group.
 */

export interface Named {
  id: string;
  label: string;
  name: string;
  /** Aliases joined by "; " (the seed's aliasText), or null. */
  aliasText: string | null;
}

/** A name as compared: lower case, letters and digits only, single spaces. */
export function nameKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function keysOf(hit: Named): string[] {
  const aliases = hit.aliasText ? hit.aliasText.split(';') : [];
  return [hit.name, ...aliases].map(nameKey).filter(Boolean);
}

/** The hits named exactly as the query (by name or alias) first, concepts before other kinds; the rest in order. */
export function exactFirst<T extends Named>(hits: T[], query: string): T[] {
  const key = nameKey(query);
  const exact = hits.filter((h) => keysOf(h).includes(key));
  if (!exact.length) return hits;
  const rank = (h: T) => (h.label === 'Concept' ? 0 : 1);
  const first = [...exact].sort((a, b) => rank(a) - rank(b));
  return [...first, ...hits.filter((h) => !exact.includes(h))];
}

/**
 * Folds every non-concept hit whose name (or alias) names a concept in the list into that concept: the concept
 * takes the best position of its group and lists the others in `alsoAs`, best first. Concepts are never folded.
 */
export function foldSameIdea<T extends Named>(hits: T[]): (T & { alsoAs: T[] })[] {
  const conceptByKey = new Map<string, T>();
  for (const h of hits)
    if (h.label === 'Concept') for (const k of keysOf(h)) if (!conceptByKey.has(k)) conceptByKey.set(k, h);
  const folded = new Map<T, T[]>();
  const order: T[] = [];
  for (const h of hits) {
    const concept =
      h.label === 'Concept'
        ? undefined
        : keysOf(h)
            .map((k) => conceptByKey.get(k))
            .find(Boolean);
    const head = concept ?? h;
    if (!folded.has(head)) {
      folded.set(head, []);
      order.push(head);
    }
    if (concept) folded.get(head)!.push(h);
  }
  return order.map((h) => ({ ...h, alsoAs: folded.get(h)! }));
}

/**
 * The name or alias closest to a query that names nothing exactly, when it is within a few typos (a quarter of the
 * query's length, at most 3 edits); undefined when the query is already a name or nothing is that close.
 */
export function closestName(query: string, candidates: Named[]): string | undefined {
  const key = nameKey(query);
  if (!key) return undefined;
  const limit = Math.min(3, Math.max(1, Math.floor(key.length / 4)));
  let best: { name: string; d: number } | undefined;
  for (const c of candidates) {
    const names = [c.name, ...(c.aliasText ? c.aliasText.split(';').map((a) => a.trim()) : [])];
    for (const name of names) {
      const d = distance(key, nameKey(name));
      if (d === 0) return undefined;
      if (d <= limit && (!best || d < best.d)) best = { name, d };
    }
  }
  return best?.name;
}

/**
 * Graph re-ranking of the head of a list: each hit gains `weight` times the scores of the hits in the head it is
 * linked to (prerequisites, chapter, related concepts...), so an answer whose neighbourhood also matches rises;
 * the head is re-sorted and the tail left as it was.
 */
export function graphRerank<T extends { id: string; score: number }>(
  hits: T[],
  neighbours: Map<string, string[]>,
  weight: number,
  head: number,
): T[] {
  const top = hits.slice(0, head);
  const score = new Map(top.map((h) => [h.id, h.score]));
  const boosted = top.map((h) => ({
    ...h,
    score: h.score + weight * (neighbours.get(h.id) ?? []).reduce((sum, id) => sum + (score.get(id) ?? 0), 0),
  }));
  boosted.sort((a, b) => b.score - a.score);
  return [...boosted, ...hits.slice(head)];
}
