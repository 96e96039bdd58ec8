import DataLoader from 'dataloader';
import type { Database } from '../db/database.js';
import { neighbours, nodesByIds, type Neighbour, type NodeRecord } from '../db/nodes.js';
import { closures, type Subgraph } from '../db/prerequisites.js';
import type { CatalogRelation } from './catalog-types.js';

/**
 * Per-request DataLoaders: one for nodes by id, and one per relationship field (pattern and direction), created on
 * first use. Each batch is one Cypher statement, so a nested query costs one statement per level, not per parent.
 */
export class Loaders {
  readonly node: DataLoader<string, NodeRecord | null>;
  readonly prerequisiteClosure: DataLoader<string, Subgraph>;
  readonly dependentClosure: DataLoader<string, Subgraph>;
  private readonly rels = new Map<string, DataLoader<string, Neighbour[]>>();

  constructor(private readonly db: Database) {
    this.node = new DataLoader(async (ids) => {
      const found = new Map((await nodesByIds(db, ids)).map((n) => [n.id, n]));
      return ids.map((id) => found.get(id) ?? null);
    });
    const closureLoader = (direction: 'prerequisites' | 'dependents') =>
      new DataLoader<string, Subgraph>(async (ids) => {
        const found = new Map((await closures(db, ids, direction)).map((c) => [c.id, c]));
        return ids.map((id) => found.get(id) ?? { id, nodes: [], edges: [] });
      });
    this.prerequisiteClosure = closureLoader('prerequisites');
    this.dependentClosure = closureLoader('dependents');
  }

  related(id: string, rel: Pick<CatalogRelation, 'pattern' | 'order' | 'edge'>): Promise<Neighbour[]> {
    const key = `${rel.pattern}|${rel.order}|${rel.edge}`;
    let loader = this.rels.get(key);
    if (!loader) {
      loader = new DataLoader(async (ids) => {
        const rows = await neighbours(this.db, ids, rel.pattern, rel.order, rel.edge);
        const grouped = new Map<string, Neighbour[]>(ids.map((i) => [i, []]));
        for (const row of rows) grouped.get(row.from)!.push(row);
        return ids.map((i) => grouped.get(i)!);
      });
      this.rels.set(key, loader);
    }
    return loader.load(id);
  }
}
