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
});
