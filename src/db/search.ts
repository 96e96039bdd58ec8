import DataLoader from 'dataloader';
import { REVISION } from './curriculum.js';
import type { Database } from './database.js';

/** The search indexes' names (search/indexer.ts creates them). */
export const VECTOR_INDEX = 'entity_embedding';
export const PASSAGE_INDEX = 'passage_embedding';
export const FULLTEXT_INDEX = 'entity_text';

/** A search hit as read from an index: the node's id, label and the fields search shows, with the index score. */
export interface Hit {
  id: string;
  label: string;
  score: number;
  name: string;
  aliasText: string | null;
  body: string | null;
  /** For a passage match: the passage that matched. */
  passage?: string | null;
}

const HIT = `node.id AS id, [l IN labels(node) WHERE l <> 'Entity'][0] AS label, score, node.name AS name, node.aliasText AS aliasText, node.body AS body`;
const LABEL_FILTER = `($labels IS NULL OR any(l IN labels(node) WHERE l IN $labels))`;

/** Nearest nodes to a vector (cosine), best first; the label filter applies to the `k` candidates. */
export async function vectorHits(
  db: Database,
  vector: number[],
  k: number,
  labels: string[] | null,
  excludeId: string | null = null,
): Promise<Hit[]> {
  return db.read<Hit>(
    `CALL db.index.vector.queryNodes('${VECTOR_INDEX}', $k, $vector) YIELD node, score
     WHERE ${LABEL_FILTER} AND ($exclude IS NULL OR node.id <> $exclude)
     RETURN ${HIT}`,
    { vector, k: Math.round(k), labels, exclude: excludeId },
  );
}

/** How a node's passages add up to its semantic score (see SearchSettings). */
export interface PassageScoring {
  /** Multiplier of a passage's cosine when the passage is one of the node's `askedAs` phrases. */
  askedAsWeight: number;
  /** Share of the node's second-best passage added to its best one (0: the best passage alone). */
  secondPassageWeight: number;
}

/**
 * Nodes ranked by their matching passages: the passage index returns the nearest short texts, and each node scores
 * as its closest passage plus a share of its second closest. `k` passages are read; the label filter applies before
 * the cut to `limit` nodes.
 */
export async function passageHits(
  db: Database,
  vector: number[],
  k: number,
  limit: number,
  labels: string[] | null,
  scoring: PassageScoring = { askedAsWeight: 1, secondPassageWeight: 0 },
): Promise<Hit[]> {
  return db.read<Hit>(
    `CALL db.index.vector.queryNodes('${PASSAGE_INDEX}', $k, $vector) YIELD node AS p, score AS cosine
     MATCH (p)-[:PASSAGE_OF]->(node:Entity)
     WHERE ${LABEL_FILTER}
     WITH node, p, cosine * CASE WHEN p.text IN coalesce(node.askedAs, []) THEN $askedAsWeight ELSE 1.0 END AS score
     ORDER BY score DESC
     WITH node, collect(p.text)[0] AS passage, collect(score) AS scores
     WITH node, passage, scores[0] + $second * coalesce(scores[1], 0.0) AS score
     ORDER BY score DESC LIMIT toInteger($limit)
     RETURN ${HIT}, passage`,
    {
      vector,
      k: Math.round(k),
      limit,
      labels,
      askedAsWeight: scoring.askedAsWeight,
      second: scoring.secondPassageWeight,
    },
  );
}

/** Full-text matches of a Lucene query (built by search/query.ts, never raw user text), best first. */
export async function keywordHits(db: Database, lucene: string, k: number, labels: string[] | null): Promise<Hit[]> {
  return db.read<Hit>(
    `CALL db.index.fulltext.queryNodes('${FULLTEXT_INDEX}', $lucene, {limit: $k}) YIELD node, score
     WHERE ${LABEL_FILTER}
     RETURN ${HIT}`,
    { lucene, k: Math.round(k), labels },
  );
}

/** The stored embedding of a node, or null when it has none (or does not exist). */
export async function embeddingOf(db: Database, id: string): Promise<number[] | null> {
  const rows = await db.read<{ embedding: number[] | null }>(
    `MATCH (n:Entity {id: $id}) RETURN n.embedding AS embedding`,
    { id },
  );
  return rows[0]?.embedding ?? null;
}

/**
 * Nodes whose name or an alias holds the phrase (a Lucene phrase of letters and digits, built by search/query.ts),
 * for the exact-name check: the caller keeps those named exactly so.
 */
export async function phraseHits(db: Database, phrase: string, labels: string[] | null): Promise<Hit[]> {
  return db.read<Hit>(
    `CALL db.index.fulltext.queryNodes('${FULLTEXT_INDEX}', $lucene, {limit: 20}) YIELD node, score
     WHERE ${LABEL_FILTER}
     RETURN ${HIT}`,
    { lucene: `name:"${phrase}" OR aliasText:"${phrase}"`, labels },
  );
}

/** For each of the given nodes, the others among them it has a relationship with (either direction, any type). */
export async function neighboursAmong(db: Database, ids: string[]): Promise<Map<string, string[]>> {
  const rows = await db.read<{ id: string; near: string[] }>(
    `MATCH (a:Entity)--(b:Entity) WHERE a.id IN $ids AND b.id IN $ids AND a <> b
     RETURN a.id AS id, collect(DISTINCT b.id) AS near`,
    { ids },
  );
  return new Map(rows.map((r) => [r.id, r.near]));
}

/** Where a search result leads next: its chapter (a chapter is its own) and a URL (its own, else its chapter's). */
export interface ResultPlace {
  id: string;
  chapter: string | null;
  url: string | null;
}

/** One loader per list of results: the chapters and URLs of all its results in one statement, read only if asked. */
export function placesLoader(db: Database): DataLoader<string, ResultPlace | undefined> {
  return new DataLoader(async (ids: readonly string[]) => {
    const found = new Map((await resultPlaces(db, ids)).map((p) => [p.id, p]));
    return ids.map((id) => found.get(id));
  });
}

export async function resultPlaces(db: Database, ids: readonly string[]): Promise<ResultPlace[]> {
  return db.read<ResultPlace>(
    `UNWIND $ids AS id MATCH (n:Entity {id: id})
     OPTIONAL MATCH (n)-[:INTRODUCED_IN|IN_CHAPTER|DISCUSSED_IN]->(c:Chapter)
     WITH n, c ORDER BY c.number
     WITH n, CASE WHEN n:Chapter THEN n ELSE collect(c)[0] END AS chapter
     RETURN n.id AS id, chapter.id AS chapter, coalesce(n.url, chapter.url) AS url`,
    { ids },
  );
}

/**
 * What search results depend on beyond the query: the seed, the curation revision and the last embedding run (which
 * may land after the write that caused it). Any process's change moves it, so a cached result is never served stale.
 * With it, the graph's revision, at which the results' nodes may be read from the shared node cache.
 */
export async function searchStamp(db: Database): Promise<{ stamp: string; revision: string }> {
  const rows = await db.read<{ stamp: string | null; revision: string }>(
    `OPTIONAL MATCH (m:SeedMeta {id: 'seed'})
     RETURN toString(m.seededAt) + '#' + toString(coalesce(m.revision, 0)) + '#' + toString(coalesce(m.embeddedAt, 0)) AS stamp,
            ${REVISION} AS revision`,
  );
  return { stamp: rows[0]?.stamp ?? '', revision: rows[0]?.revision ?? '#0' };
}
