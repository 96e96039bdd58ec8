import type { Database } from './database.js';

/** A node as read from Neo4j: its kind label and its properties (embeddings left out). */
export interface NodeRecord {
  id: string;
  label: string;
  props: Record<string, unknown>;
}

/** Cypher map expression turning `n` into a NodeRecord, without the search texts and vectors: no field serves them, and they are most of a node's bytes. */
export const NODE_MAP = `{id: n.id, label: [l IN labels(n) WHERE l <> 'Entity'][0], props: n {.*, embedding: null, embeddingHash: null, embedText: null, embedTextHash: null, body: null, aliasText: null, passages: null, passagesHash: null, passagesEmbeddedHash: null}}`;

/** Nodes by id, any kind; one statement for the whole batch. */
export async function nodesByIds(db: Database, ids: readonly string[]): Promise<NodeRecord[]> {
  const rows = await db.read<{ node: NodeRecord }>(`MATCH (n:Entity) WHERE n.id IN $ids RETURN ${NODE_MAP} AS node`, {
    ids,
  });
  return rows.map((r) => r.node);
}

export interface ListQuery {
  label: string;
  /** Cypher expression over `n` giving each returned item (default: the node record). */
  project?: string;
  /** Cypher predicates over `n`, ANDed; their parameters are in `params`. */
  where: string[];
  params: Record<string, unknown>;
  order: string;
  skip: number;
  limit: number;
  /** Nodes the filters name, which must exist: an unknown one is the client's mistake, not an empty page. */
  refs?: ListRef[];
}

export interface ListRef {
  arg: string;
  label: string;
  id: string;
}

/**
 * One page of a kind's list and the total count, in one statement, with the filter arguments whose node does not
 * exist (`unknown`). Labels and predicates come from code.
 */
export async function listPage<T = NodeRecord>(
  db: Database,
  q: ListQuery,
): Promise<{ total: number; nodes: T[]; unknown: ListRef[] }> {
  const where = q.where.length ? `WHERE ${q.where.join(' AND ')}` : '';
  const rows = await db.read<{ total: number; nodes: T[]; unknown: ListRef[] }>(
    `MATCH (n:${q.label}) ${where}
     WITH n ORDER BY ${q.order}, n.id
     WITH collect(n) AS matched
     RETURN size(matched) AS total, [n IN matched[toInteger($skip)..toInteger($skip + $limit)] | ${q.project ?? NODE_MAP}] AS nodes,
       [ref IN $refs WHERE NOT EXISTS { MATCH (x:Entity {id: ref.id}) WHERE ref.label IN labels(x) }] AS unknown`,
    { ...q.params, skip: q.skip, limit: q.limit, refs: q.refs ?? [] },
  );
  return rows[0] ?? { total: 0, nodes: [], unknown: [] };
}

export interface Neighbour {
  from: string;
  node: NodeRecord;
  /** The relationship property named by the field (reason, level), when it has one. */
  edge: unknown;
  /** NEEDS edges derived by a rule instead of stated by the documents carry the rule. */
  rule: string | null;
}

/**
 * For each parent id, its neighbours over a pattern from `s` to `n`: one statement per batch, whatever the number of
 * parents. `r` in the pattern names a single relationship whose properties the field exposes.
 */
export async function neighbours(
  db: Database,
  ids: readonly string[],
  pattern: string,
  order: string,
  edge: string | null,
): Promise<Neighbour[]> {
  const hasRel = /\[r:/.test(pattern);
  return db.read<Neighbour>(
    `MATCH (s:Entity) WHERE s.id IN $ids
     MATCH ${pattern}
     WITH DISTINCT s, n${hasRel ? ', r' : ''}
     ORDER BY ${order}, n.id
     RETURN s.id AS from, ${NODE_MAP} AS node, ${edge ? `r.${edge}` : 'null'} AS edge, ${hasRel ? 'r.rule' : 'null'} AS rule`,
    { ids },
  );
}

/** One node of a kind by id, projected by a planned expression over `n`; one statement for the whole subtree. */
export async function plannedNode<T>(db: Database, label: string, id: string, project: string): Promise<T | null> {
  const rows = await db.read<{ node: T }>(`MATCH (n:${label} {id: $id}) RETURN ${project} AS node`, { id });
  return rows[0]?.node ?? null;
}
