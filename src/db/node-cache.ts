import { LRUCache } from 'lru-cache';
import type { Neighbour, NodeRecord } from './nodes.js';

/** Entries kept per kind of read: a roadmap of the whole course touches about 200 nodes. */
const MAX_ENTRIES = 20_000;

/** What every request that read the graph at one revision may share: nodes by id, and relation reads by node. */
export interface RevisionView {
  readonly revision: string;
  readonly nodes: LRUCache<string, NodeRecord>;
  relation(key: string): LRUCache<string, Neighbour[]>;
}

/**
 * Node and relation reads shared across requests for one graph revision (the stamp a seed or any curation write
 * moves). A request uses it only after it has read the revision itself (a roadmap's one statement does), so a write
 * by any API process is never served stale; a new revision starts empty. Misses are not kept: an unknown id is read
 * again.
 */
export class NodeCache {
  private current?: RevisionView;

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
    };
    return this.current;
  }
}
