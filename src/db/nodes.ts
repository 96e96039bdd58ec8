import type { Database } from './database.js';

/** A node as read from Neo4j: its kind label and its properties (embeddings left out). */
export interface NodeRecord {
  id: string;
  label: string;
  props: Record<string, unknown>;
}

/**
 * The stored properties of node `v` without the search texts and vectors: no field serves them, and they are most of a
 * node's bytes.
 */
export const storedProps = (v: string) =>
  `${v} {.*, embedding: null, embeddingHash: null, embedText: null, embedTextHash: null, body: null, aliasText: null, passages: null, passagesHash: null, passagesEmbeddedHash: null}`;

/** Cypher map expression turning `n` into a NodeRecord. */
export const NODE_MAP = `{id: n.id, label: [l IN labels(n) WHERE l <> 'Entity'][0], props: ${storedProps('n')}}`;

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
  /** ORDER BY terms over `n`, ending with a unique one. */
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

/** The statement of one page of a kind's list and its total count, with the filters' ids that name no node. */
export function listStatement(q: ListQuery): string {
  const where = q.where.length ? `WHERE ${q.where.join(' AND ')}` : '';
  return `MATCH (n:${q.label}) ${where}
     WITH n ORDER BY ${q.order}
     WITH collect(n) AS matched
     RETURN size(matched) AS total, [n IN matched[toInteger($skip)..toInteger($skip + $limit)] | ${q.project ?? NODE_MAP}] AS nodes,
       [ref IN $refs WHERE NOT EXISTS { MATCH (x:Entity {id: ref.id}) WHERE ref.label IN labels(x) }] AS unknown`;
}

/**
 * One page of a kind's list and the total count, in one statement, with the filter arguments whose node does not
 * exist (`unknown`). Labels and predicates come from code.
 */
export async function listPage<T = NodeRecord>(
  db: Database,
  q: ListQuery,
): Promise<{ total: number; nodes: T[]; unknown: ListRef[] }> {
  const rows = await db.read<{ total: number; nodes: T[]; unknown: ListRef[] }>(listStatement(q), {
    ...q.params,
    skip: q.skip,
    limit: q.limit,
    refs: q.refs ?? [],
  });
  return rows[0] ?? { total: 0, nodes: [], unknown: [] };
}

export interface Neighbour {
  from: string;
  node: NodeRecord;
  /** The relationship's properties, when the relation serves them. */
  edge: Record<string, unknown> | null;
}

/**
 * A relation as the builder renders it: a pattern from `s` to `n` (through `r` when `edge`), its order, its duplicates.
 */
export interface RelationRead {
  pattern: string;
  order: string;
  edge: boolean;
  distinct: boolean;
}

/** For each parent id, its neighbours over a relation: one statement per batch, whatever the number of parents. */
export async function neighbours(db: Database, ids: readonly string[], rel: RelationRead): Promise<Neighbour[]> {
  return db.read<Neighbour>(
    `MATCH (s:Entity) WHERE s.id IN $ids
     MATCH ${rel.pattern}
     WITH ${rel.distinct ? 'DISTINCT ' : ''}s, n${rel.edge ? ', r' : ''}
     ORDER BY ${rel.order}
     RETURN s.id AS from, ${NODE_MAP} AS node, ${rel.edge ? 'properties(r)' : 'null'} AS edge`,
    { ids },
  );
}

/** The statement reading one node of a kind by id, projected by a compiled expression over `n`. */
export const nodeStatement = (label: string, project: string) =>
  `MATCH (n:${label} {id: $id}) RETURN ${project} AS node`;

/** One node of a kind by id, projected by a compiled expression over `n`; one statement for the whole subtree. */
export async function plannedNode<T>(db: Database, label: string, id: string, project: string): Promise<T | null> {
  const rows = await db.read<{ node: T }>(nodeStatement(label, project), { id });
  return rows[0]?.node ?? null;
}
