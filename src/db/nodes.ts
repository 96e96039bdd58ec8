import type { Database } from './database.js';

/** A node as read from Neo4j: its kind label and its properties (embeddings left out). */
export interface NodeRecord {
  id: string;
  label: string;
  props: Record<string, unknown>;
}

/** Cypher map expression turning `n` into a NodeRecord. */
export const NODE_MAP = `{id: n.id, label: [l IN labels(n) WHERE l <> 'Entity'][0], props: n {.*, embedding: null, embeddingHash: null}}`;

/** Nodes by id, any kind; one statement for the whole batch. */
export async function nodesByIds(db: Database, ids: readonly string[]): Promise<NodeRecord[]> {
  const rows = await db.read<{ node: NodeRecord }>(`MATCH (n:Entity) WHERE n.id IN $ids RETURN ${NODE_MAP} AS node`, { ids });
  return rows.map((r) => r.node);
}

/** Every node of one kind in its default order. Labels and fields come from the schema code, never from a client. */
export async function nodesOfLabel(db: Database, label: string, orderBy: string): Promise<NodeRecord[]> {
  const rows = await db.read<{ node: NodeRecord }>(`MATCH (n:${label}) RETURN ${NODE_MAP} AS node ORDER BY n.${orderBy}, n.id`);
  return rows.map((r) => r.node);
}

export interface Neighbour {
  from: string;
  node: NodeRecord;
  rel: Record<string, unknown>;
}

/** For each source id, its neighbours over one relationship type in one direction: one statement per batch. */
export async function neighbours(
  db: Database,
  ids: readonly string[],
  type: string,
  direction: 'out' | 'in',
  orderBy = 'id',
): Promise<Neighbour[]> {
  const pattern = direction === 'out' ? `(s)-[r:${type}]->(n)` : `(s)<-[r:${type}]-(n)`;
  return db.read<Neighbour>(
    `MATCH (s:Entity) WHERE s.id IN $ids
     MATCH ${pattern}
     RETURN s.id AS from, ${NODE_MAP} AS node, properties(r) AS rel
     ORDER BY n.${orderBy}, n.id`,
    { ids },
  );
}
