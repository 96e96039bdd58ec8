import DataLoader from 'dataloader';
import type { LRUCache } from 'lru-cache';
import type { CourseIndex } from '../curriculum/course.js';
import type { RelationField } from '../seed/kinds.js';
import type { CourseCache } from './course-cache.js';
import { keepsEdge, mayRepeat, orderBy, path } from './cypher.js';
import type { Database } from './database.js';
import type { NodeCache, RevisionView } from './node-cache.js';
import { neighbours, nodesByIds, type Neighbour, type NodeRecord } from './nodes.js';
import { closures, type Subgraph } from './prerequisites.js';

/**
 * Per-request DataLoaders, for what a compiled plan cannot reach: nodes returned by roots outside the catalog (search
 * hits, roadmap steps), closures, and operations the compiler leaves to graphql-js. One loader for nodes by id, one
 * per relationship field; each batch is one Cypher statement, so a nested read costs one statement per level. Once a
 * resolver has read the graph's revision (`atRevision`), the loaders take what they can from the nodes shared by
 * every request at that revision and read only the rest.
 */
export class Loaders {
  // Built on first use: most requests are compiled operations that need none of them.
  private nodeLoader?: DataLoader<string, NodeRecord | null>;
  private readonly closureLoaders: Partial<Record<'prerequisites' | 'dependents', DataLoader<string, Subgraph>>> = {};
  private readonly rels = new Map<string, DataLoader<string, Neighbour[]>>();
  private courseIndex?: Promise<CourseIndex>;
  private shared?: RevisionView;

  constructor(
    private readonly db: Database,
    private readonly courses: CourseCache,
    private readonly nodeCache: NodeCache,
  ) {}

  /** The graph's revision as this request read it: later loads may use what other requests read at it. */
  atRevision(revision: string): void {
    this.shared = this.nodeCache.at(revision);
  }

  get node(): DataLoader<string, NodeRecord | null> {
    return (this.nodeLoader ??= new DataLoader(async (ids) => {
      const found = await sharedOr(
        ids,
        this.shared?.nodes,
        async (missing) => new Map((await nodesByIds(this.db, missing)).map((n) => [n.id, n])),
      );
      return ids.map((id) => found.get(id) ?? null);
    }));
  }

  get prerequisiteClosure(): DataLoader<string, Subgraph> {
    return this.closure('prerequisites');
  }

  get dependentClosure(): DataLoader<string, Subgraph> {
    return this.closure('dependents');
  }

  private closure(direction: 'prerequisites' | 'dependents'): DataLoader<string, Subgraph> {
    return (this.closureLoaders[direction] ??= new DataLoader<string, Subgraph>(async (ids) => {
      const found = new Map((await closures(this.db, ids, direction)).map((c) => [c.id, c]));
      return ids.map((id) => found.get(id) ?? { id, nodes: [], edges: [] });
    }));
  }

  /** The whole course, one revision of it per request however many curriculum fields the operation asks for. */
  course(): Promise<CourseIndex> {
    return (this.courseIndex ??= this.courses.current());
  }

  related(id: string, rel: RelationField & { key: string }): Promise<Neighbour[]> {
    let loader = this.rels.get(rel.key);
    if (!loader) {
      const edge = keepsEdge(rel);
      const read = {
        pattern: path('s', rel.hops, 'n', edge ? 'r' : ''),
        order: orderBy(rel.order, 'n', edge ? 'r' : undefined),
        edge,
        distinct: mayRepeat(rel.hops, edge),
      };
      const key = rel.key;
      loader = new DataLoader(async (ids) => {
        const grouped = await sharedOr(ids, this.shared?.relation(key), async (missing) => {
          const rows = new Map<string, Neighbour[]>(missing.map((i) => [i, []]));
          for (const row of await neighbours(this.db, missing, read)) rows.get(row.from)!.push(row);
          return rows;
        });
        return ids.map((i) => grouped.get(i)!);
      });
      this.rels.set(rel.key, loader);
    }
    return loader.load(id);
  }
}

/** The values of `ids`: what `shared` holds, and the rest from `read`, kept in `shared` for the next request. */
async function sharedOr<V extends object>(
  ids: readonly string[],
  shared: LRUCache<string, V> | undefined,
  read: (missing: string[]) => Promise<Map<string, V>>,
): Promise<Map<string, V>> {
  const found = new Map<string, V>();
  const missing: string[] = [];
  for (const id of ids) {
    const hit = shared?.get(id);
    if (hit) found.set(id, hit);
    else missing.push(id);
  }
  if (missing.length)
    for (const [id, value] of await read(missing)) {
      found.set(id, value);
      shared?.set(id, value);
    }
  return found;
}
