import type { GraphDiff } from '../seed/diff.js';
import type { Overlay } from '../seed/overlay.js';
import { upsertEdges, upsertNodes } from '../seed/write.js';
import type { Database } from './database.js';

export interface ChangeRecord {
  id: string;
  at: string;
  by: string;
  action: string;
  target: string;
  before: string | null;
  after: string | null;
}

export async function ensureCurationSchema(db: Database): Promise<void> {
  await db.write('CREATE CONSTRAINT curatedoverlay_id IF NOT EXISTS FOR (o:CuratedOverlay) REQUIRE o.id IS UNIQUE');
  await db.write('CREATE CONSTRAINT change_id IF NOT EXISTS FOR (c:Change) REQUIRE c.id IS UNIQUE');
  await db.write('CREATE INDEX change_target IF NOT EXISTS FOR (c:Change) ON (c.target, c.at)');
}

/** Another process committed a curation write since this one read the graph: read again and redo the change. */
export class StaleRevisionError extends Error {
  override name = 'StaleRevisionError';
}

/** The graph's curation revision: every curation write moves it by one. */
export async function curationRevision(db: Database): Promise<number> {
  const rows = await db.read<{ revision: number }>(
    "OPTIONAL MATCH (m:SeedMeta {id: 'seed'}) RETURN coalesce(m.revision, 0) AS revision",
  );
  return rows[0]?.revision ?? 0;
}

/** Every curated overlay, in id order. */
export async function readOverlays(db: Database): Promise<Overlay[]> {
  const rows = await db.read<{ data: string }>('MATCH (o:CuratedOverlay) RETURN o.data AS data ORDER BY o.id');
  return rows.map((r) => JSON.parse(r.data) as Overlay);
}

/**
 * One curation write, in one transaction: the changed nodes and edges, the node's overlay, and the history record.
 * Either all of it is stored or none. It first moves the revision, which locks it until commit, so curation writes
 * of every API process on this database run one at a time; if the revision is not the one the change was worked
 * out from (`basedOn`), it throws StaleRevisionError and stores nothing.
 */
export async function commitChange(
  db: Database,
  diff: GraphDiff,
  overlay: Overlay,
  change: Omit<ChangeRecord, 'id' | 'at'>,
  basedOn: number,
): Promise<ChangeRecord> {
  return db.transaction(async (tx) => {
    // Readers that cache derived views of the graph (roadmaps) compare this revision too.
    const [moved] = await tx.run<{ was: number }>(
      "MERGE (m:SeedMeta {id: 'seed'}) SET m.revision = coalesce(m.revision, 0) + 1 RETURN m.revision - 1 AS was",
    );
    if (Number(moved!.was) !== basedOn) throw new StaleRevisionError();
    const labels = [...new Set(diff.nodes.map((n) => n.label))];
    for (const label of labels)
      await upsertNodes(
        tx,
        label,
        diff.nodes.filter((n) => n.label === label),
      );
    for (const type of [...new Set(diff.removedEdges.map((e) => e.type))]) {
      await tx.run(`UNWIND $rows AS row MATCH (:Entity {id: row.from})-[r:${type}]->(:Entity {id: row.to}) DELETE r`, {
        rows: diff.removedEdges.filter((e) => e.type === type),
      });
    }
    for (const type of [...new Set(diff.edges.map((e) => e.type))])
      await upsertEdges(
        tx,
        type,
        diff.edges.filter((e) => e.type === type),
      );
    await tx.run('MERGE (o:CuratedOverlay {id: $id}) SET o.kind = $kind, o.data = $data, o.updatedAt = datetime()', {
      id: overlay.id,
      kind: overlay.kind,
      data: JSON.stringify(overlay),
    });
    const [created] = await tx.run<{ change: ChangeRecord }>(
      `CREATE (c:Change {id: randomUUID(), at: toString(datetime()), by: $by, action: $action, target: $target, before: $before, after: $after})
       RETURN c {.*} AS change`,
      change,
    );
    return created!.change;
  });
}

/** A node's changes, newest first. */
export async function changesOf(db: Database, target: string, first: number): Promise<ChangeRecord[]> {
  const rows = await db.read<{ change: ChangeRecord }>(
    'MATCH (c:Change {target: $target}) RETURN c {.*} AS change ORDER BY c.at DESC, c.id LIMIT toInteger($first)',
    { target, first },
  );
  return rows.map((r) => r.change);
}
