import { afterAll, describe, expect, it } from 'vitest';
import { PASSAGE_INDEX } from '../../src/db/search.js';
import { ensureSearchIndexes, VECTOR_LAYOUT } from '../../src/search/indexer.js';
import { testDb } from '../helpers.js';

const db = testDb();
afterAll(() => db.close());

describe('Neo4j 5.26 indexes on the embedded server', () => {
  it('answers a full-text query through a full-text index', async () => {
    await db.write(`CREATE FULLTEXT INDEX probe_fulltext IF NOT EXISTS FOR (n:IndexProbe) ON EACH [n.text]`);
    await db.write(`UNWIND $rows AS row MERGE (n:IndexProbe {id: row.id}) SET n.text = row.text`, {
      rows: [
        { id: 'a', text: 'quantization shrinks model weights to eight bits' },
        { id: 'b', text: 'feature stores keep training and serving consistent' },
      ],
    });
    await db.write(`CALL db.awaitIndexes(60)`);
    const rows = await db.read<{ id: string }>(
      `CALL db.index.fulltext.queryNodes('probe_fulltext', $q) YIELD node RETURN node.id AS id`,
      { q: 'quantization' },
    );
    expect(rows.map((r) => r.id)).toEqual(['a']);
  });

  it('answers a nearest-neighbour query through a cosine vector index', async () => {
    await db.write(`CREATE VECTOR INDEX probe_vector IF NOT EXISTS FOR (n:IndexProbe) ON n.vec
      OPTIONS {indexConfig: {\`vector.dimensions\`: 3, \`vector.similarity_function\`: 'cosine'}}`);
    await db.write(`UNWIND $rows AS row MERGE (n:IndexProbe {id: row.id}) SET n.vec = row.vec`, {
      rows: [
        { id: 'a', vec: [1, 0, 0] },
        { id: 'b', vec: [0, 1, 0] },
      ],
    });
    await db.write(`CALL db.awaitIndexes(60)`);
    const rows = await db.read<{ id: string; score: number }>(
      `CALL db.index.vector.queryNodes('probe_vector', 2, $v) YIELD node, score RETURN node.id AS id, score`,
      { v: [0.9, 0.1, 0] },
    );
    expect(rows[0]!.id).toBe('a');
    expect(rows[0]!.score).toBeGreaterThan(rows[1]!.score);
  });

  it('builds the vector indexes again, once, for a graph whose vectors were written the old way', async () => {
    // Neo4j Community shows nothing that tells a rebuilt index from the old one (ids are reused after a drop, usage
    // statistics are off), so the rebuild is seen in the statements sent: the drops and the marker, then none.
    const statementsToEnsure = async () => {
      const before = db.statements;
      await ensureSearchIndexes(db);
      return db.statements - before;
    };
    await db.write(`MATCH (m:SeedMeta {id: 'seed'}) REMOVE m.vectorLayout`);
    const rebuilding = await statementsToEnsure();
    const [marked] = await db.read<{ layout: number }>(
      `MATCH (m:SeedMeta {id: 'seed'}) RETURN m.vectorLayout AS layout`,
    );
    const steady = await statementsToEnsure();
    expect(marked?.layout).toBe(VECTOR_LAYOUT);
    expect(rebuilding).toBe(steady + 3);
    expect(await statementsToEnsure()).toBe(steady);
    const [answer] = await db.read<{ found: number }>(
      `MATCH (p:Passage) WITH p LIMIT 1
       CALL db.index.vector.queryNodes($index, 5, p.embedding) YIELD node RETURN count(node) AS found`,
      { index: PASSAGE_INDEX },
    );
    expect(answer?.found).toBe(5);
  });

  afterAll(async () => {
    await db.write(`MATCH (n:IndexProbe) DETACH DELETE n`);
    await db.write(`DROP INDEX probe_fulltext IF EXISTS`);
    await db.write(`DROP INDEX probe_vector IF EXISTS`);
  });
});
