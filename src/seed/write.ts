import crypto from 'node:crypto';
import type { Database, Transaction } from '../db/database.js';
import type { EdgeRow, NodeRow, SeedGraph } from './graph.js';
import { SEED_LABELS } from './kinds.js';

/** Rows per statement: large enough that round trips are few, small enough that one batch's parameters stay small. */
const BATCH = 2_000;

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

// Labels are dynamic (`$(...)`, Neo4j 5.26), so one statement, planned once, writes nodes of every kind: a statement
// per label cost a plan each, about 0.1 s apiece on a fresh database.

/** What a row was written from: a node or edge whose stored hash equals its row's needs no write. */
const rowHash = (value: unknown) => crypto.createHash('sha1').update(JSON.stringify(value)).digest('base64');
const nodeHash = (n: NodeRow) => rowHash([n.label, n.props, n.origin ?? 'seed']);
const edgeHash = (e: EdgeRow) => rowHash([e.props, e.origin ?? 'seed']);

/**
 * Upserts nodes of any labels. Properties the loader does not own (embeddings) are kept, so only changed texts are
 * embedded again.
 */
export async function upsertNodes(tx: Transaction, nodes: NodeRow[]): Promise<void> {
  const rows = nodes.map((n) => ({
    label: n.label,
    id: n.id,
    props: n.props,
    origin: n.origin ?? 'seed',
    hash: nodeHash(n),
  }));
  for (const chunk of chunks(rows)) {
    await tx.run(
      `UNWIND $rows AS row
       MERGE (n:Entity {id: row.id})
       WITH n, row, n.embedding AS embedding, n.embeddingHash AS embeddingHash, n.passagesEmbeddedHash AS passagesHash
       SET n = row.props
       SET n:$(row.label), n.id = row.id, n.origin = row.origin, n.seedHash = row.hash, n.embedding = embedding,
           n.embeddingHash = embeddingHash, n.passagesEmbeddedHash = passagesHash`,
      { rows: chunk },
    );
  }
}

/**
 * Upserts relationships of any types between existing nodes. The type stays static, one statement per type: MERGE
 * over a dynamic type checks the pair's every relationship, and took about 40 times as long.
 */
export async function upsertEdges(tx: Transaction, edges: EdgeRow[]): Promise<void> {
  for (const [type, ofType] of groupBy(edges, (e) => e.type)) {
    const rows = ofType.map((e) => ({
      from: e.from,
      to: e.to,
      props: e.props,
      origin: e.origin ?? 'seed',
      hash: edgeHash(e),
    }));
    for (const chunk of chunks(rows)) {
      await tx.run(
        `UNWIND $rows AS row
         MATCH (a:Entity {id: row.from}), (b:Entity {id: row.to})
         MERGE (a)-[r:${type}]->(b)
         SET r = row.props, r.origin = row.origin, r.seedHash = row.hash`,
        { rows: chunk },
      );
    }
  }
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

const edgeKey = (e: { type: string; from: string; to: string }) => `${e.type}:${e.from}>${e.to}`;

/**
 * Writes the whole seed graph in one transaction, so a failure leaves the previous graph untouched. It reads what the
 * loader wrote before (ids, edges and the hash of the row each was written from), then writes only the nodes and
 * edges that are new or changed, and removes the loader-owned (seed or curated) ones no longer in the graph: a seed
 * that changed one file writes about that file's rows, whatever the graph's size.
 */
export async function writeGraph(db: Database, graph: SeedGraph, version: string): Promise<void> {
  await db.transaction(async (tx) => {
    const storedNodes = await tx.run<{ id: string; hash: string | null }>(
      `MATCH (n:Entity) WHERE n.origin IS NOT NULL AND any(l IN labels(n) WHERE l IN $labels)
       RETURN n.id AS id, n.seedHash AS hash`,
      { labels: SEED_LABELS },
    );
    const nodeHashes = new Map(storedNodes.map((r) => [r.id, r.hash]));
    const ids = new Set(graph.nodes.map((n) => n.id));
    await tx.run(`UNWIND $ids AS id MATCH (n:Entity {id: id}) DETACH DELETE n`, {
      ids: storedNodes.filter((r) => !ids.has(r.id)).map((r) => r.id),
    });
    await upsertNodes(
      tx,
      graph.nodes.filter((n) => nodeHashes.get(n.id) !== nodeHash(n)),
    );

    const storedEdges = await tx.run<{ type: string; from: string; to: string; hash: string | null }>(
      `MATCH (a)-[r]->(b) WHERE r.origin IS NOT NULL
       RETURN type(r) AS type, a.id AS from, b.id AS to, r.seedHash AS hash`,
    );
    const edgeHashes = new Map(storedEdges.map((e) => [edgeKey(e), e.hash]));
    const keys = new Set(graph.edges.map(edgeKey));
    await tx.run(
      `UNWIND $rows AS row MATCH (:Entity {id: row.from})-[r:$(row.type)]->(:Entity {id: row.to}) DELETE r`,
      { rows: storedEdges.filter((e) => !keys.has(edgeKey(e))).map(({ type, from, to }) => ({ type, from, to })) },
    );
    await upsertEdges(
      tx,
      graph.edges.filter((e) => edgeHashes.get(edgeKey(e)) !== edgeHash(e)),
    );
    await tx.run(`MERGE (m:SeedMeta {id: 'seed'}) SET m.version = $version, m.seededAt = datetime()`, { version });
  });
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
