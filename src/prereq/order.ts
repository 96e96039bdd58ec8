/**
 * Pure ordering of prerequisite subgraphs. An edge {from, to} means `from` REQUIRES `to` (learn `to` first).
 */
export interface PrereqEdge {
  from: string;
  to: string;
}

export interface Ordered {
  id: string;
  /** Fewest edges between the start concept and this one (1 = direct). */
  depth: number;
}

/** What each concept requires, and what requires it: built once per graph, so a plan walks only what it touches. */
export interface PrereqIndex {
  requires: ReadonlyMap<string, readonly string[]>;
  dependents: ReadonlyMap<string, readonly string[]>;
}

export function indexEdges(edges: readonly PrereqEdge[]): PrereqIndex {
  const requires = new Map<string, string[]>();
  const dependents = new Map<string, string[]>();
  for (const e of edges) {
    (requires.get(e.from) ?? requires.set(e.from, []).get(e.from)!).push(e.to);
    (dependents.get(e.to) ?? dependents.set(e.to, []).get(e.to)!).push(e.from);
  }
  return { requires, dependents };
}

/** The start ids and everything reachable from them through `next` (e.g. concept -> its direct prerequisites). */
export function reachable(start: Iterable<string>, next: ReadonlyMap<string, readonly string[]>): Set<string> {
  const seen = new Set<string>();
  const stack = [...start];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(next.get(id) ?? []));
  }
  return seen;
}

/** Breadth-first distances from `start` following edges forward (to prerequisites) or backward (to dependents). */
export function depths(
  start: string,
  edges: PrereqEdge[],
  direction: 'prerequisites' | 'dependents',
): Map<string, number> {
  const next = new Map<string, string[]>();
  for (const e of edges) {
    const [a, b] = direction === 'prerequisites' ? [e.from, e.to] : [e.to, e.from];
    next.set(a, [...(next.get(a) ?? []), b]);
  }
  const dist = new Map<string, number>([[start, 0]]);
  const queue = [start];
  while (queue.length) {
    const cur = queue.shift()!;
    for (const n of next.get(cur) ?? []) {
      if (!dist.has(n)) {
        dist.set(n, dist.get(cur)! + 1);
        queue.push(n);
      }
    }
  }
  return dist;
}

/**
 * A learning order of `ids`: every concept comes after all of its prerequisites that are in the set (Kahn's
 * algorithm). Among concepts that are ready at the same time, `rank` decides (lower first), so the order is
 * deterministic and follows the course where the graph leaves a choice.
 */
export function learningOrder(
  ids: string[],
  edges: PrereqEdge[] | PrereqIndex['requires'],
  rank: (id: string) => number,
): string[] {
  const members = new Set(ids);
  // With the graph's index, only the members' own edges are looked at, not the whole graph's.
  const inside = Array.isArray(edges)
    ? edges.filter((e) => members.has(e.from) && members.has(e.to))
    : ids.flatMap((from) => (edges.get(from) ?? []).filter((to) => members.has(to)).map((to) => ({ from, to })));
  const missing = new Map(ids.map((id) => [id, 0]));
  const dependents = new Map<string, string[]>();
  for (const e of inside) {
    missing.set(e.from, missing.get(e.from)! + 1);
    dependents.set(e.to, [...(dependents.get(e.to) ?? []), e.from]);
  }
  const ready = ids.filter((id) => missing.get(id) === 0);
  const order: string[] = [];
  const byRank = (a: string, b: string) => rank(a) - rank(b) || a.localeCompare(b);
  while (ready.length) {
    ready.sort(byRank);
    const next = ready.shift()!;
    order.push(next);
    for (const d of dependents.get(next) ?? []) {
      missing.set(d, missing.get(d)! - 1);
      if (missing.get(d) === 0) ready.push(d);
    }
  }
  if (order.length !== ids.length) throw new Error('learningOrder: the prerequisite subgraph has a cycle');
  return order;
}
