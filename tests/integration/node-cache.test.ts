import { afterAll, describe, expect, it } from 'vitest';
import type { CourseCache } from '../../src/db/course-cache.js';
import { Loaders } from '../../src/db/loaders.js';
import { listQuery } from '../../src/db/list-query.js';
import { NodeCache } from '../../src/db/node-cache.js';
import { listPage } from '../../src/db/nodes.js';
import { CATALOG } from '../../src/graphql/catalog.js';
import { testDb } from '../helpers.js';

const RESOURCES = CATALOG.find((k) => k.type === 'Concept')!.relations.find((r) => r.field === 'resources')!;
const ID = 'concept:quantization';

/** The statements `work` sent to Neo4j through `db`, and what it returned. */
const countedOn =
  (db: ReturnType<typeof testDb>) =>
  async <T>(work: () => Promise<T>) => {
    const before = db.statements;
    const value = await work();
    return { statements: db.statements - before, value };
  };

describe('nodes shared between requests at one graph revision', () => {
  const db = testDb();
  const cache = new NodeCache();
  const request = (revision?: string) => {
    const loaders = new Loaders(db, {} as CourseCache, cache);
    if (revision) loaders.atRevision(revision);
    return loaders;
  };
  const counted = countedOn(db);
  afterAll(() => db.close());

  it('reads a node once per revision, and again at a new one', async () => {
    const first = await counted(() => request('r1').node.load(ID));
    expect(first.statements).toBe(1);
    expect(first.value).toMatchObject({ id: ID, label: 'Concept' });
    const again = await counted(() => request('r1').node.load(ID));
    expect(again).toEqual({ statements: 0, value: first.value });
    expect((await counted(() => request('r2').node.load(ID))).statements).toBe(1);
  });

  it('reads only the ids it has not seen at the revision, and keeps no miss', async () => {
    await request('r3').node.load(ID);
    const both = await counted(() => request('r3').node.loadMany([ID, 'concept:pruning', 'concept:no-such-thing']));
    expect(both.statements).toBe(1);
    expect(both.value.map((n) => (n instanceof Error || !n ? n : n.id))).toEqual([ID, 'concept:pruning', null]);
    expect((await counted(() => request('r3').node.load('concept:no-such-thing'))).statements).toBe(1);
  });

  it('shares relation reads too, and a request that never read the revision shares nothing', async () => {
    const first = await counted(() => request('r4').related(ID, RESOURCES));
    expect(first.statements).toBe(1);
    expect(first.value.length).toBeGreaterThan(0);
    expect(await counted(() => request('r4').related(ID, RESOURCES))).toEqual({ statements: 0, value: first.value });
    expect((await counted(() => request().node.load(ID))).statements).toBe(1);
    expect((await counted(() => request().node.load(ID))).statements).toBe(1);
  });
});

describe('list pages from an order kept per graph revision', () => {
  const db = testDb();
  const kind = (type: string) => CATALOG.find((k) => k.type === type)!;
  const page = (cache: NodeCache, type: string, skip: number, limit: number, args: Record<string, unknown> = {}) =>
    listPage<string>(db, cache, { ...listQuery(kind(type), { skip, limit }, args), project: 'n.id' });
  const counted = countedOn(db);
  afterAll(() => db.close());

  it('serves later pages of a list in one statement each, equal to reading them afresh', async () => {
    const cache = new NodeCache();
    const args = { difficulty: 'ADVANCED' };
    const first = await counted(() => page(cache, 'Concept', 0, 20, args));
    expect(first.statements).toBe(1);
    expect(first.value.total).toBeGreaterThan(40);
    for (const skip of [0, 20, first.value.total - 5, first.value.total + 10]) {
      const kept = await counted(() => page(cache, 'Concept', skip, 20, args));
      expect(kept.statements).toBe(1);
      expect(kept.value).toEqual(await page(new NodeCache(), 'Concept', skip, 20, args));
    }
    // Another filter is another order: read in full once.
    const other = await counted(() => page(cache, 'Concept', 0, 20, { difficulty: 'BEGINNER' }));
    expect(other.value.nodes).not.toEqual(first.value.nodes);
  });

  it('keeps a filter naming no node as the mistake it is', async () => {
    const cache = new NodeCache();
    for (let i = 0; i < 2; i++) {
      const read = await page(cache, 'Concept', 0, 5, { chapter: 'chapter:no-such-chapter' });
      expect(read).toMatchObject({ total: 0, nodes: [], unknown: [{ arg: 'chapter', id: 'chapter:no-such-chapter' }] });
    }
  });

  it('reads the list again once a write moved the revision, and shows the change', async () => {
    const cache = new NodeCache();
    const trends = (skip = 0) => page(cache, 'IndustryTrend', skip, 50);
    const before = await trends();
    const [victim] = before.nodes;
    // The order is by name: renaming the first trend to sort last moves it to the end of the list.
    const renamed = await db.write<{ name: string }>(
      `MATCH (t:IndustryTrend {id: $id}) WITH t, t.name AS name SET t.name = 'zzzz ' + name
       WITH name MATCH (m:SeedMeta {id: 'seed'}) SET m.revision = coalesce(m.revision, 0) + 1 RETURN name`,
      { id: victim },
    );
    try {
      const after = await counted(() => trends());
      // The kept order's statement finds the revision moved; the list is read in full.
      expect(after.statements).toBe(2);
      expect(after.value.nodes).toEqual([...before.nodes.slice(1), victim]);
    } finally {
      await db.write(
        `MATCH (t:IndustryTrend {id: $id}) SET t.name = $name
         WITH t MATCH (m:SeedMeta {id: 'seed'}) SET m.revision = m.revision + 1`,
        { id: victim, name: renamed[0]!.name },
      );
    }
  });
});
