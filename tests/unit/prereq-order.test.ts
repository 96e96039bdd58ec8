import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { depths, learningOrder, type PrereqEdge } from '../../src/prereq/order.js';

/** Random DAGs: an edge only from a higher-numbered node to a lower one, so no cycle can form. */
const dag = fc.integer({ min: 1, max: 25 }).chain((n) =>
  fc.record({
    ids: fc.constant(Array.from({ length: n }, (_, i) => `c${i}`)),
    edges: fc
      .uniqueArray(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 })), {
        maxLength: n * 3,
        selector: ([a, b]) => `${a}-${b}`,
      })
      .map((pairs) => pairs.filter(([a, b]) => a > b).map(([a, b]) => ({ from: `c${a}`, to: `c${b}` }))),
  }),
);

describe('learningOrder', () => {
  it('puts every prerequisite before what requires it, keeps every id once, and is deterministic', () => {
    fc.assert(
      fc.property(dag, fc.func(fc.integer()), ({ ids, edges }, rankFn) => {
        const rank = (id: string) => rankFn(id);
        const order = learningOrder([...ids].reverse(), edges, rank);
        expect([...order].sort()).toEqual([...ids].sort());
        const pos = new Map(order.map((id, i) => [id, i]));
        for (const e of edges) expect(pos.get(e.to)!).toBeLessThan(pos.get(e.from)!);
        expect(learningOrder(ids, edges, rank)).toEqual(order);
      }),
    );
  });

  it('follows the rank where the graph leaves a choice', () => {
    const edges: PrereqEdge[] = [{ from: 'c', to: 'a' }];
    expect(learningOrder(['a', 'b', 'c'], edges, (id) => ({ a: 3, b: 1, c: 2 })[id]!)).toEqual(['b', 'a', 'c']);
  });

  it('refuses a cycle', () => {
    expect(() =>
      learningOrder(
        ['a', 'b'],
        [
          { from: 'a', to: 'b' },
          { from: 'b', to: 'a' },
        ],
        () => 0,
      ),
    ).toThrow(/cycle/);
  });
});

describe('depths', () => {
  it('gives the fewest edges from the start, in either direction', () => {
    const edges: PrereqEdge[] = [
      { from: 'd', to: 'c' },
      { from: 'c', to: 'b' },
      { from: 'b', to: 'a' },
      { from: 'd', to: 'a' },
    ];
    expect(Object.fromEntries(depths('d', edges, 'prerequisites'))).toEqual({ d: 0, c: 1, a: 1, b: 2 });
    expect(Object.fromEntries(depths('a', edges, 'dependents'))).toEqual({ a: 0, b: 1, d: 1, c: 2 });
  });
});
