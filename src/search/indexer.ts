import type { Database } from '../db/database.js';
import { FULLTEXT_INDEX, PASSAGE_INDEX, VECTOR_INDEX } from '../db/search.js';
import { EMBEDDING_DIMENSIONS, type Embedder } from './embedder.js';

/** Names earlier versions used. */
const RETIRED_INDEXES = ['entity_text_en'];

/**
 * How the vector indexes were filled, kept on the seed's meta node: graphs embedded before 2 had their vectors written
 * in small transactions (see VECTORS_PER_WRITE), and their indexes are built again once from the stored vectors.
 */
export const VECTOR_LAYOUT = 2;

/**
 * The vector indexes (cosine, 384) over nodes and passages and the full-text index over names, aliases and
 * descriptions of every node.
 */
export async function ensureSearchIndexes(db: Database): Promise<void> {
  // An index on the same properties under an older name would make CREATE ... IF NOT EXISTS a no-op.
  for (const retired of RETIRED_INDEXES) await db.write(`DROP INDEX ${retired} IF EXISTS`);
  const [meta] = await db.read<{ layout: number | null }>(
    `MATCH (m:SeedMeta {id: 'seed'}) RETURN m.vectorLayout AS layout`,
  );
  const rebuild = meta !== undefined && meta.layout !== VECTOR_LAYOUT;
  // Search answers without the vector indexes only while they build, before the API listens (about 5 s today).
  if (rebuild) for (const index of [VECTOR_INDEX, PASSAGE_INDEX]) await db.write(`DROP INDEX ${index} IF EXISTS`);
  await db.write(
    `CREATE VECTOR INDEX ${VECTOR_INDEX} IF NOT EXISTS FOR (n:Entity) ON n.embedding
     OPTIONS {indexConfig: {\`vector.dimensions\`: ${EMBEDDING_DIMENSIONS}, \`vector.similarity_function\`: 'cosine'}}`,
  );
  // The standard analyzer measured better than the English (stemming) one on the evaluation set (docs/SEARCH.md).
  await db.write(
    `CREATE FULLTEXT INDEX ${FULLTEXT_INDEX} IF NOT EXISTS FOR (n:Entity) ON EACH [n.name, n.aliasText, n.body]`,
  );
  await db.write(`CREATE CONSTRAINT passage_id IF NOT EXISTS FOR (p:Passage) REQUIRE p.id IS UNIQUE`);
  await db.write(
    `CREATE VECTOR INDEX ${PASSAGE_INDEX} IF NOT EXISTS FOR (p:Passage) ON p.embedding
     OPTIONS {indexConfig: {\`vector.dimensions\`: ${EMBEDDING_DIMENSIONS}, \`vector.similarity_function\`: 'cosine'}}`,
  );
  await db.write(`CALL db.awaitIndexes(120)`);
  if (rebuild)
    await db.write(`MATCH (m:SeedMeta {id: 'seed'}) SET m.vectorLayout = $layout`, { layout: VECTOR_LAYOUT });
}

export interface EmbedResult {
  /** Nodes whose whole-text vector was (re)computed. */
  embedded: number;
  /** Passages (re)embedded. */
  passages: number;
  ms: number;
}

/**
 * Vectors written per transaction. Each commit leaves a vector index a new segment that every query searches, so an
 * index filled by many small transactions answers two to three times slower than one filled by a few large ones
 * (the passage index's k=180 query: about 14 ms after transactions of 32 vectors, 5 ms after 4,000; docs/SEARCH.md).
 */
export const VECTORS_PER_WRITE = 4000;

/** Runs of embedChanged in this process, one after another (a start-up run and a curation refresh may overlap). */
let queue: Promise<unknown> = Promise.resolve();

/**
 * Embeds every node whose text changed since it was last embedded (its `embedTextHash` differs from the hash the
 * embedding was made from) or whose embedding came from another model (the stored hash carries the model's name),
 * in batches. Nothing to do when the graph is current. Small model batches keep the model's working memory (and so
 * the API's RSS) low; larger ones were not faster on two cores.
 */
export function embedChanged(db: Database, embedder: Embedder, batchSize = 8): Promise<EmbedResult> {
  const run = queue.then(() => embedChangedNow(db, embedder, batchSize));
  queue = run.catch(() => undefined);
  return run;
}

async function embedChangedNow(db: Database, embedder: Embedder, batchSize: number): Promise<EmbedResult> {
  const started = Date.now();
  const model = `${embedder.model.name}:`;
  const todo = await db.read<{ id: string; text: string; hash: string }>(
    `MATCH (n:Entity) WHERE n.embedText IS NOT NULL
       AND (n.embeddingHash IS NULL OR n.embeddingHash <> $model + n.embedTextHash)
     RETURN n.id AS id, n.embedText AS text, $model + n.embedTextHash AS hash ORDER BY id`,
    { model },
  );
  for (let i = 0; i < todo.length; i += VECTORS_PER_WRITE) {
    const batch = todo.slice(i, i + VECTORS_PER_WRITE);
    const vectors = await embedder.embedBatch(
      batch.map((b) => b.text),
      batchSize,
    );
    await db.write(
      `UNWIND $rows AS row MATCH (n:Entity {id: row.id})
       CALL db.create.setNodeVectorProperty(n, 'embedding', row.vector)
       SET n.embeddingHash = row.hash`,
      { rows: batch.map((b, k) => ({ id: b.id, hash: b.hash, vector: vectors[k] })) },
    );
  }
  const passages = await embedPassages(db, embedder, batchSize);
  // Cached search results depend on the vectors too (see searchStamp in db/search.ts).
  if (todo.length || passages)
    await db.write(`MATCH (m:SeedMeta {id: 'seed'}) SET m.embeddedAt = coalesce(m.embeddedAt, 0) + 1`);
  return { embedded: todo.length, passages, ms: Date.now() - started };
}

/**
 * Replaces the passages (short texts, each with its own vector) of every node whose passage list changed, and
 * removes passages whose node is gone. Returns how many passages were embedded.
 */
async function embedPassages(db: Database, embedder: Embedder, batchSize: number): Promise<number> {
  await db.write(`MATCH (p:Passage) WHERE NOT (p)-[:PASSAGE_OF]->() DETACH DELETE p`);
  const model = `${embedder.model.name}:`;
  const todo = await db.read<{ id: string; passages: string[]; hash: string }>(
    `MATCH (n:Entity) WHERE n.passages IS NOT NULL
       AND (n.passagesEmbeddedHash IS NULL OR n.passagesEmbeddedHash <> $model + n.passagesHash)
     RETURN n.id AS id, n.passages AS passages, $model + n.passagesHash AS hash ORDER BY id`,
    { model },
  );
  const rows = todo.flatMap((n) => n.passages.map((text, i) => ({ node: n.id, id: `${n.id}#${i}`, text })));
  for (let i = 0; i < rows.length; i += VECTORS_PER_WRITE) {
    const batch = rows.slice(i, i + VECTORS_PER_WRITE);
    const vectors = await embedder.embedBatch(
      batch.map((r) => r.text),
      batchSize,
    );
    // One transaction, so that a retried batch (see Database.inBackground) replaces its passages whole.
    await db.transaction(async (tx) => {
      await tx.run(`MATCH (p:Passage) WHERE p.id IN $ids DETACH DELETE p`, { ids: batch.map((r) => r.id) });
      await tx.run(
        `UNWIND $rows AS row MATCH (n:Entity {id: row.node})
         CREATE (p:Passage {id: row.id, text: row.text})-[:PASSAGE_OF]->(n)
         WITH p, row CALL db.create.setNodeVectorProperty(p, 'embedding', row.vector)`,
        { rows: batch.map((r, k) => ({ ...r, vector: vectors[k] })) },
      );
    });
  }
  // Passages beyond a node's new (shorter) list, then mark every processed node as current.
  await db.write(
    `UNWIND $nodes AS n MATCH (node:Entity {id: n.id})<-[:PASSAGE_OF]-(p:Passage)
     WHERE toInteger(split(p.id, '#')[-1]) >= n.count DETACH DELETE p`,
    { nodes: todo.map((n) => ({ id: n.id, count: n.passages.length })) },
  );
  await db.write(`UNWIND $nodes AS n MATCH (node:Entity {id: n.id}) SET node.passagesEmbeddedHash = n.hash`, {
    nodes: todo.map((n) => ({ id: n.id, hash: n.hash })),
  });
  return rows.length;
}
