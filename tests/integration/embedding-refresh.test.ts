import { afterAll, describe, expect, it } from 'vitest';
import { embedChanged } from '../../src/search/indexer.js';
import { testDb, testEmbedder } from '../helpers.js';

const db = testDb();
afterAll(() => db.close());

describe('embedding refresh', () => {
  it('lets two refreshes overlap (a start-up run and a curation write) without duplicate passages or errors', async () => {
    const ids = ['concept:quantization', 'concept:pruning', 'tool:pytorch'];
    const embedder = (await testEmbedder())!;
    await embedChanged(db, embedder); // whatever earlier test files left stale
    await db.write('MATCH (n:Entity) WHERE n.id IN $ids SET n.embeddingHash = null, n.passagesEmbeddedHash = null', {
      ids,
    });
    const [a, b] = await Promise.all([embedChanged(db, embedder), embedChanged(db, embedder)]);
    expect(a.embedded + b.embedded).toBe(ids.length);
    const rows = await db.read<{ id: string; passages: number; stored: number; current: boolean }>(
      `MATCH (n:Entity) WHERE n.id IN $ids
       RETURN n.id AS id, size(n.passages) AS passages, COUNT { (n)<-[:PASSAGE_OF]-(:Passage) } AS stored,
              n.embeddingHash = $model + n.embedTextHash AND n.passagesEmbeddedHash = $model + n.passagesHash AS current`,
      { ids, model: `${embedder.model.name}:` },
    );
    expect(rows).toHaveLength(ids.length);
    for (const r of rows) expect(r).toEqual({ id: r.id, passages: r.passages, stored: r.passages, current: true });
  });

  it('re-embeds what another model embedded (the stored hash names the model)', async () => {
    const embedder = (await testEmbedder())!;
    await embedChanged(db, embedder);
    const ids = ['concept:pruning', 'tool:pytorch'];
    await db.write(
      `MATCH (n:Entity) WHERE n.id IN $ids
       SET n.embeddingHash = 'another-model:' + n.embedTextHash, n.passagesEmbeddedHash = 'another-model:' + n.passagesHash`,
      { ids },
    );
    const result = await embedChanged(db, embedder);
    expect(result.embedded).toBe(ids.length);
    expect(result.passages).toBeGreaterThan(0);
  });

  it('writes the vectors of a run in a few large transactions, not one per model batch (each commit slows the vector index)', async () => {
    const embedder = (await testEmbedder())!;
    await embedChanged(db, embedder);
    const statementsToEmbed = async (count: number) => {
      const ids = (
        await db.read<{ id: string }>(
          'MATCH (n:Entity) WHERE n.passages IS NOT NULL RETURN n.id AS id ORDER BY id LIMIT toInteger($count)',
          { count },
        )
      ).map((r) => r.id);
      await db.write('MATCH (n:Entity) WHERE n.id IN $ids SET n.embeddingHash = null, n.passagesEmbeddedHash = null', {
        ids,
      });
      const before = db.statements;
      const result = await embedChanged(db, embedder);
      expect(result.embedded).toBe(count);
      return db.statements - before;
    };
    expect(await statementsToEmbed(60)).toBe(await statementsToEmbed(2));
  });
});
