import type { Database } from './database.js';

/** Read-only measurements of the graph's data quality (`npm run seed:report`, and the data tests). */

export async function conceptsPerChapter(db: Database) {
  return db.read<{ number: number; chapter: string; concepts: number; hours: number }>(
    `MATCH (ch:Chapter) OPTIONAL MATCH (c:Concept)-[:INTRODUCED_IN]->(ch)
     RETURN ch.number AS number, ch.id AS chapter, count(c) AS concepts, coalesce(sum(c.hours), 0) AS hours ORDER BY number`,
  );
}

/** Concepts with no prerequisite edge in either direction. */
export async function orphanConcepts(db: Database) {
  const rows = await db.read<{ id: string }>(
    `MATCH (c:Concept) WHERE NOT (c)-[:REQUIRES]-() RETURN c.id AS id ORDER BY id`,
  );
  return rows.map((r) => r.id);
}

/** Concepts that no resource teaches, no paper is about and no tool implements. */
export async function conceptsWithoutResources(db: Database) {
  const rows = await db.read<{ id: string }>(
    `MATCH (c:Concept) WHERE NOT (c)<-[:TEACHES|ABOUT|IMPLEMENTS]-() RETURN c.id AS id ORDER BY id`,
  );
  return rows.map((r) => r.id);
}

/**
 * Depth of the prerequisite DAG (edges on its longest chain) and its width per level, where a concept's level is
 * the length of its longest prerequisite chain. Computed in one statement from the longest path to each concept.
 */
export async function dagShape(db: Database) {
  const rows = await db.read<{ level: number; width: number }>(
    `MATCH (c:Concept)
     OPTIONAL MATCH p = (c)-[:REQUIRES*]->(:Concept)
     WITH c, max(length(p)) AS level
     RETURN coalesce(level, 0) AS level, count(*) AS width ORDER BY level`,
  );
  return { depth: Math.max(0, ...rows.map((r) => r.level)), widthByLevel: rows };
}

export async function requiresCycles(db: Database): Promise<number> {
  const rows = await db.read<{ n: number }>(`MATCH p = (c:Concept)-[:REQUIRES*1..40]->(c) RETURN count(p) AS n`);
  return rows[0]?.n ?? 0;
}

/** For each role, how many distinct concepts its skills reach (directly or through prerequisites). */
export async function conceptsReachedByRole(db: Database) {
  return db.read<{ role: string; concepts: number; chapters: string[] }>(
    `MATCH (r:CareerPath)
     OPTIONAL MATCH (r)-[:NEEDS]->(:Skill)-[:BUILT_BY]->(:Concept)-[:REQUIRES*0..]->(c:Concept)-[:INTRODUCED_IN]->(ch:Chapter)
     RETURN r.id AS role, count(DISTINCT c) AS concepts, collect(DISTINCT ch.id) AS chapters ORDER BY role`,
  );
}

/** Nodes with no recorded source. */
export async function nodesWithoutProvenance(db: Database) {
  const rows = await db.read<{ id: string }>(
    `MATCH (n:Entity) WHERE n.sources IS NULL OR size(n.sourceDocs) = 0 RETURN n.id AS id ORDER BY id`,
  );
  return rows.map((r) => r.id);
}
