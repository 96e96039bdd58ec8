import DataLoader from 'dataloader';
import type { Database } from '../db/database.js';
import { neighbours, nodesByIds, type Neighbour, type NodeRecord } from '../db/nodes.js';

/**
 * Per-request DataLoaders: one for nodes by id, and one per (relationship type, direction) created on first use.
 * Each batch is one Cypher statement, so a nested query costs one statement per level, not per parent.
 */
export class Loaders {
  readonly node: DataLoader<string, NodeRecord | null>;
  private readonly rels = new Map<string, DataLoader<string, Neighbour[]>>();

  constructor(private readonly db: Database) {
    this.node = new DataLoader(async (ids) => {
      const found = new Map((await nodesByIds(db, ids)).map((n) => [n.id, n]));
      return ids.map((id) => found.get(id) ?? null);
    });
  }

  /** Neighbours of `id` over `type` (outgoing or incoming), ordered by the neighbour's `orderBy` property. */
  related(id: string, type: string, direction: 'out' | 'in', orderBy = 'id'): Promise<Neighbour[]> {
    const key = `${type}|${direction}|${orderBy}`;
    let loader = this.rels.get(key);
    if (!loader) {
      loader = new DataLoader(async (ids) => {
        const rows = await neighbours(this.db, ids, type, direction, orderBy);
        const grouped = new Map<string, Neighbour[]>(ids.map((i) => [i, []]));
        for (const row of rows) grouped.get(row.from)!.push(row);
        return ids.map((i) => grouped.get(i)!);
      });
      this.rels.set(key, loader);
    }
    return loader.load(id);
  }
}
