import type { Database, Transaction } from '../db/database.js';
import type { EdgeRow, NodeRow, SeedGraph } from './graph.js';
import { SEED_LABELS } from './kinds.js';

const BATCH = 500;

/** Uniqueness constraints (each also serves as the id lookup index) for every label, plus the shared Entity label. */
export async function ensureConstraints(db: Database): Promise<void> {
  for (const label of ['Entity', 'SeedMeta', ...SEED_LABELS]) {
    await db.write(`CREATE CONSTRAINT ${label.toLowerCase()}_id IF NOT EXISTS FOR (n:${label}) REQUIRE n.id IS UNIQUE`);
  }
}

function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += BATCH) out.push(rows.slice(i, i + BATCH));
  return out;
}

/**
 * Upserts nodes of one label. Properties the loader does not own (embeddings) are kept, so only changed texts are
 * embedded again.
 */
export async function upsertNodes(tx: Transaction, label: string, nodes: NodeRow[]): Promise<void> {
  const rows = nodes.map((n) => ({ id: n.id, props: n.props, origin: n.origin ?? 'seed' }));
  for (const chunk of chunks(rows)) {
    await tx.run(
      `UNWIND $rows AS row
       MERGE (n:${label} {id: row.id})
       WITH n, row, n.embedding AS embedding, n.embeddingHash AS embeddingHash, n.passagesEmbeddedHash AS passagesHash
       SET n = row.props
       SET n:Entity, n.id = row.id, n.origin = row.origin, n.embedding = embedding, n.embeddingHash = embeddingHash,
           n.passagesEmbeddedHash = passagesHash`,
      { rows: chunk },
    );
  }
}

/** Upserts relationships of one type between existing nodes. */
export async function upsertEdges(tx: Transaction, type: string, edges: EdgeRow[]): Promise<void> {
  const rows = edges.map((e) => ({ from: e.from, to: e.to, props: e.props, origin: e.origin ?? 'seed' }));
  for (const chunk of chunks(rows)) {
    await tx.run(
      `UNWIND $rows AS row
       MATCH (a:Entity {id: row.from}), (b:Entity {id: row.to})
       MERGE (a)-[r:${type}]->(b)
       SET r = row.props, r.origin = row.origin`,
      { rows: chunk },
    );
  }
}

/**
 * Writes the whole seed graph in one transaction, so a failure leaves the previous graph untouched. Nodes and edges
 * are upserted with UNWIND/MERGE; loader-owned nodes and edges (seed or curated) no longer in the graph are removed.
 */
export async function writeGraph(db: Database, graph: SeedGraph, version: string): Promise<void> {
  const byLabel = groupBy(graph.nodes, (n) => n.label);
  const byType = groupBy(graph.edges, (e) => e.type);

  await db.transaction(async (tx) => {
    for (const label of SEED_LABELS) {
      const rows = byLabel.get(label) ?? [];
      await upsertNodes(tx, label, rows);
      await tx.run(`MATCH (n:${label}) WHERE n.origin IS NOT NULL AND NOT n.id IN $ids DETACH DELETE n`, {
        ids: rows.map((r) => r.id),
      });
    }
    const present = await tx.run<{ t: string }>(
      `MATCH ()-[r]->() WHERE r.origin IS NOT NULL RETURN DISTINCT type(r) AS t`,
    );
    for (const type of new Set([...byType.keys(), ...present.map((r) => r.t)])) {
      const rows = byType.get(type) ?? [];
      await upsertEdges(tx, type, rows);
      await tx.run(
        `MATCH (a)-[r:${type}]->(b) WHERE r.origin IS NOT NULL AND NOT (a.id + '>' + b.id) IN $keys DELETE r`,
        { keys: rows.map((r) => `${r.from}>${r.to}`) },
      );
    }
    await tx.run(`MERGE (m:SeedMeta {id: 'seed'}) SET m.version = $version, m.seededAt = datetime()`, { version });
  });
}

/** Map.groupBy, which Node 20 lacks. */
function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const list = out.get(key(row));
    if (list) list.push(row);
    else out.set(key(row), [row]);
  }
  return out;
}

export async function seedVersion(db: Database): Promise<string | undefined> {
  const rows = await db.read<{ version: string }>(`MATCH (m:SeedMeta {id: 'seed'}) RETURN m.version AS version`);
  return rows[0]?.version;
}

export interface GraphCounts {
  labels: Record<string, number>;
  relationships: Record<string, number>;
}

export async function countGraph(db: Database): Promise<GraphCounts> {
  const labels = await db.read<{ label: string; n: number }>(
    `MATCH (n:Entity) UNWIND [l IN labels(n) WHERE l <> 'Entity'] AS label RETURN label, count(*) AS n ORDER BY label`,
  );
  const rels = await db.read<{ type: string; n: number }>(
    `MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n ORDER BY type`,
  );
  return {
    labels: Object.fromEntries(labels.map((r) => [r.label, r.n])),
    relationships: Object.fromEntries(rels.map((r) => [r.type, r.n])),
  };
}
