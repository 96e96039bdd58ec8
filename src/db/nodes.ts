import { REVISION } from './curriculum.js';
import type { Database } from './database.js';
import type { NodeCache } from './node-cache.js';

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

/** The revision read that begins each list statement (`m` is the graph's SeedMeta). */
const WITH_REVISION = `OPTIONAL MATCH (m:SeedMeta {id: 'seed'}) WITH ${REVISION} AS revision`;

/**
 * The statement of a list read in full: the graph's revision, the whole order's ids (kept per revision, see
 * listPage), one page of it projected, and the filters' ids that name no node.
 */
export function listStatement(q: ListQuery): string {
  const where = q.where.length ? `WHERE ${q.where.join(' AND ')}` : '';
  return `${WITH_REVISION}
     CALL () { MATCH (n:${q.label}) ${where} WITH n ORDER BY ${q.order} RETURN collect(n) AS matched }
     RETURN revision, [n IN matched | n.id] AS ids,
       [n IN matched[toInteger($skip)..toInteger($skip + $limit)] | ${q.project ?? NODE_MAP}] AS nodes,
       [ref IN $refs WHERE NOT EXISTS { MATCH (x:Entity {id: ref.id}) WHERE ref.label IN labels(x) }] AS unknown`;
}

/** The statement of one page from an order already known: the page's nodes only if the revision is still $revision. */
export function orderedPageStatement(q: ListQuery): string {
  return `${WITH_REVISION}
     CALL (revision) {
       UNWIND CASE WHEN revision = $revision THEN range(0, size($ids) - 1) ELSE [] END AS i
       MATCH (n:${q.label} {id: $ids[i]})
       WITH n, i ORDER BY i
       RETURN collect(${q.project ?? NODE_MAP}) AS nodes
     }
     RETURN revision, nodes`;
}

/**
 * One page of a kind's list and the total count, with the filter arguments whose node does not exist (`unknown`);
 * labels and predicates come from code. A list's whole order is kept per graph revision in `cache`, so a page of a
 * list read before at this revision costs one statement that reads the revision and the page's nodes by id, whatever
 * the list's length; a list not seen at this revision, or a revision moved, is read in full, also in one statement.
 */
export async function listPage<T = NodeRecord>(
  db: Database,
  cache: NodeCache,
  q: ListQuery,
): Promise<{ total: number; nodes: T[]; unknown: ListRef[] }> {
  const key = JSON.stringify([q.label, q.where, q.params, q.order]);
  const view = cache.latest();
  const known = view?.lists.get(key);
  if (view && known) {
    const ids = known.ids.slice(q.skip, q.skip + q.limit);
    const [row] = await db.read<{ revision: string; nodes: T[] }>(orderedPageStatement(q), {
      ...q.params,
      revision: view.revision,
      ids,
    });
    if (row?.revision === view.revision && row.nodes.length === ids.length)
      return { total: known.ids.length, nodes: row.nodes, unknown: known.unknown };
  }
  const [row] = await db.read<{ revision: string; ids: string[]; nodes: T[]; unknown: ListRef[] }>(listStatement(q), {
    ...q.params,
    skip: q.skip,
    limit: q.limit,
    refs: q.refs ?? [],
  });
  if (!row) return { total: 0, nodes: [], unknown: [] };
  cache.at(row.revision).lists.set(key, { ids: row.ids, unknown: row.unknown });
  return { total: row.ids.length, nodes: row.nodes, unknown: row.unknown };
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
