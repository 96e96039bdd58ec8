import { LRUCache } from 'lru-cache';
import type { ListRef, Neighbour, NodeRecord } from './nodes.js';

/** Entries kept per kind of read: a roadmap of the whole course touches about 200 nodes. */
const MAX_ENTRIES = 20_000;
/**
 * Ids kept over all lists' orders: at most about 30 MB (250,000 ids of 35 characters measured 31 MB of heap), room
 * for the lists of a graph a hundred times today's.
 */
const MAX_LIST_IDS = 250_000;

/** A list's whole order under one filter, as ids, and the filters' ids that name no node. */
export interface ListOrder {
  ids: string[];
  unknown: ListRef[];
}

/** What every request that read the graph at one revision may share: nodes by id, and relation reads by node. */
export interface RevisionView {
  readonly revision: string;
  readonly nodes: LRUCache<string, NodeRecord>;
  relation(key: string): LRUCache<string, Neighbour[]>;
  /** List orders by kind and filter (see db/nodes.ts listPage). */
  readonly lists: LRUCache<string, ListOrder>;
}

/**
 * Node and relation reads shared across requests for one graph revision (the stamp a seed or any curation write
 * moves). A request uses it only after it has read the revision itself (a roadmap's one statement does), so a write
 * by any API process is never served stale; a new revision starts empty. Misses are not kept: an unknown id is read
 * again.
 */
export class NodeCache {
  private current?: RevisionView;

  /** The view of the last revision a request read, if any. */
  latest(): RevisionView | undefined {
    return this.current;
  }

  at(revision: string): RevisionView {
    if (this.current?.revision === revision) return this.current;
    const relations = new Map<string, LRUCache<string, Neighbour[]>>();
    this.current = {
      revision,
      nodes: new LRUCache({ max: MAX_ENTRIES }),
      relation(key) {
        let cache = relations.get(key);
        if (!cache) relations.set(key, (cache = new LRUCache({ max: MAX_ENTRIES })));
        return cache;
      },
      lists: new LRUCache({ maxSize: MAX_LIST_IDS, sizeCalculation: (order) => order.ids.length + 1 }),
    };
    return this.current;
  }
}
