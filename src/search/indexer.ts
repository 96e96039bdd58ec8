import type { Database } from '../db/database.js';
import { EMBEDDING_DIMENSIONS, type Embedder } from './embedder.js';

export const VECTOR_INDEX = 'entity_embedding';
export const FULLTEXT_INDEX = 'entity_text';
/** Names earlier versions used. */
const RETIRED_INDEXES = ['entity_text_en'];

/** The vector index (cosine, 384) and the full-text index over names, aliases and descriptions of every node. */
export async function ensureSearchIndexes(db: Database): Promise<void> {
  // An index on the same properties under an older name would make CREATE ... IF NOT EXISTS a no-op.
  for (const retired of RETIRED_INDEXES) await db.write(`DROP INDEX ${retired} IF EXISTS`);
  await db.write(
    `CREATE VECTOR INDEX ${VECTOR_INDEX} IF NOT EXISTS FOR (n:Entity) ON n.embedding
     OPTIONS {indexConfig: {\`vector.dimensions\`: ${EMBEDDING_DIMENSIONS}, \`vector.similarity_function\`: 'cosine'}}`,
  );
  // The standard analyzer measured better than the English (stemming) one on the evaluation set (docs/SEARCH.md).
  await db.write(`CREATE FULLTEXT INDEX ${FULLTEXT_INDEX} IF NOT EXISTS FOR (n:Entity) ON EACH [n.name, n.aliasText, n.body]`);
  await db.write(`CALL db.awaitIndexes(120)`);
}

export interface EmbedResult {
  embedded: number;
  ms: number;
}

/**
 * Embeds every node whose text changed since it was last embedded (its `embedTextHash` differs from the hash the
 * embedding was made from), in batches. Nothing to do when the graph is current.
 */
export async function embedChanged(db: Database, embedder: Embedder, batchSize = 64): Promise<EmbedResult> {
  const started = Date.now();
  const todo = await db.read<{ id: string; text: string; hash: string }>(
    `MATCH (n:Entity) WHERE n.embedText IS NOT NULL AND (n.embeddingHash IS NULL OR n.embeddingHash <> n.embedTextHash)
     RETURN n.id AS id, n.embedText AS text, n.embedTextHash AS hash ORDER BY id`,
  );
  for (let i = 0; i < todo.length; i += batchSize) {
    const batch = todo.slice(i, i + batchSize);
    const vectors = await embedder.embedBatch(batch.map((b) => b.text));
    await db.write(
      `UNWIND $rows AS row MATCH (n:Entity {id: row.id})
       CALL db.create.setNodeVectorProperty(n, 'embedding', row.vector)
       SET n.embeddingHash = row.hash`,
      { rows: batch.map((b, k) => ({ id: b.id, hash: b.hash, vector: vectors[k] })) },
    );
  }
  return { embedded: todo.length, ms: Date.now() - started };
}
