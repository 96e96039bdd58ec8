import { afterAll, describe, expect, it } from 'vitest';
import type { CourseCache } from '../../src/db/course-cache.js';
import { Loaders } from '../../src/db/loaders.js';
import { NodeCache } from '../../src/db/node-cache.js';
import { CATALOG } from '../../src/graphql/catalog.js';
import { testDb } from '../helpers.js';

const RESOURCES = CATALOG.find((k) => k.type === 'Concept')!.relations.find((r) => r.field === 'resources')!;
const ID = 'concept:quantization';

describe('nodes shared between requests at one graph revision', () => {
  const db = testDb();
  const cache = new NodeCache();
  const request = (revision?: string) => {
    const loaders = new Loaders(db, {} as CourseCache, cache);
    if (revision) loaders.atRevision(revision);
    return loaders;
  };
  /** The statements `work` sent to Neo4j, and what it returned. */
  const counted = async <T>(work: () => Promise<T>) => {
    const before = db.statements;
    const value = await work();
    return { statements: db.statements - before, value };
  };
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
