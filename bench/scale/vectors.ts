/** The embeddings of one volume, read once and copied onto every volume of a larger synthetic graph. */
import type { Database } from '../../src/db/database.js';
import { VECTORS_PER_WRITE } from '../../src/search/indexer.js';

export interface Vectors {
  nodes: { id: string; text: string; vector: number[] }[];
  passages: { node: string; id: string; text: string; vector: number[] }[];
}

export async function readVectors(db: Database): Promise<Vectors> {
  const nodes = await db.read<Vectors['nodes'][number]>(
    'MATCH (n:Entity) WHERE n.embedding IS NOT NULL RETURN n.id AS id, n.embedText AS text, n.embedding AS vector',
  );
  const passages = await db.read<Vectors['passages'][number]>(
    'MATCH (p:Passage)-[:PASSAGE_OF]->(n) RETURN n.id AS node, p.id AS id, p.text AS text, p.embedding AS vector',
  );
  return { nodes, passages };
}

/** Volume v's copy of an id (generate.ts): volume 0 keeps it. */
const inVolume = (id: string, v: number) => (v === 0 ? id : `${id}-v${v}`);

/**
 * Stores the vectors on every volume's copy of each node, marked current for `model` (so nothing re-embeds them),
 * as many per transaction as the indexer writes (a vector index's speed depends on it); returns how many were written.
 */
export async function copyVectors(db: Database, vectors: Vectors, factor: number, model: string): Promise<number> {
  let written = 0;
  const batches = <T>(xs: T[], size: number) =>
    Array.from({ length: Math.ceil(xs.length / size) }, (_, i) => xs.slice(i * size, (i + 1) * size));
  for (let v = 0; v < factor; v++) {
    for (const batch of batches(vectors.nodes, VECTORS_PER_WRITE)) {
      await db.write(
        `UNWIND $rows AS row MATCH (n:Entity {id: row.id})
         CALL db.create.setNodeVectorProperty(n, 'embedding', row.vector)
         SET n.embeddingHash = $model + n.embedTextHash`,
        { rows: batch.map((r) => ({ id: inVolume(r.id, v), vector: r.vector })), model },
      );
      written += batch.length;
    }
    for (const batch of batches(vectors.passages, VECTORS_PER_WRITE)) {
      await db.write(
        `UNWIND $rows AS row MATCH (n:Entity {id: row.node})
         CREATE (p:Passage {id: row.id, text: row.text})-[:PASSAGE_OF]->(n)
         WITH p, row CALL db.create.setNodeVectorProperty(p, 'embedding', row.vector)`,
        {
          rows: batch.map((r) => ({
            node: inVolume(r.node, v),
            id: `${inVolume(r.node, v)}#${r.id.split('#').pop()}`,
            text: r.text,
            vector: r.vector,
          })),
        },
      );
      written += batch.length;
    }
    await db.write(
      `MATCH (n:Entity) WHERE n.passages IS NOT NULL AND ($v = 0 OR n.id ENDS WITH $suffix)
       SET n.passagesEmbeddedHash = $model + n.passagesHash`,
      { v, suffix: `-v${v}`, model },
    );
  }
  return written;
}
