import type { PrerequisiteGraph, RoadmapIds, RoadmapReads, RoadmapTargets } from '../roadmap/service.js';
import type { Database } from './database.js';

/** The reads a RoadmapService plans from, on Neo4j. */
export function roadmapReads(db: Database): RoadmapReads {
  return { targets: (ids) => roadmapTargets(db, ids), prerequisiteGraph: () => prerequisiteGraph(db) };
}

/** What a request's roles, specializations and chapters expand to, and the graph's revision: one statement. */
export async function roadmapTargets(db: Database, ids: RoadmapIds): Promise<RoadmapTargets> {
  const rows = await db.read<RoadmapTargets>(
    `CALL () {
       UNWIND $roles AS id
       MATCH (r:CareerPath {id: id})
       CALL (r) {
         MATCH (r)-[n:NEEDS]->(s:Skill)
         OPTIONAL MATCH (s)-[:BUILT_BY]->(c:Concept)
         WITH s, n, c ORDER BY c.chapterNumber, c.position
         WITH s, n, collect(CASE WHEN c IS NULL THEN null ELSE {id: c.id, difficulty: c.difficulty} END) AS concepts
         ORDER BY s.name
         RETURN collect({skill: s.id, skillName: s.name, level: n.level, concepts: concepts}) AS needs
       }
       CALL (r) {
         OPTIONAL MATCH (r)-[f:FOCUSES_ON]->(c:Concept)
         WITH f, c ORDER BY f.weight, c.chapterNumber, c.position
         RETURN collect(CASE WHEN c IS NULL THEN null ELSE {id: c.id, weight: f.weight} END) AS focus
       }
       RETURN collect({id: r.id, name: r.name, focus: focus, needs: needs}) AS roles
     }
     CALL () {
       UNWIND $specializations AS id
       MATCH (s:Specialization {id: id})
       OPTIONAL MATCH (s)-[:COVERS]->(c:Concept)
       WITH s, c ORDER BY c.chapterNumber, c.position
       WITH s, collect(c.id) AS concepts
       RETURN collect({id: s.id, name: s.name, concepts: concepts}) AS specializations
     }
     CALL () {
       UNWIND $chapters AS id
       MATCH (ch:Chapter {id: id})
       OPTIONAL MATCH (ch)<-[:INTRODUCED_IN]-(c:Concept)
       WITH ch, c ORDER BY c.position
       WITH ch, collect(c.id) AS concepts
       RETURN collect({id: ch.id, number: ch.number, title: ch.title, concepts: concepts}) AS chapters
     }
     CALL () { MATCH (s:Skill) RETURN collect(s.id) AS skills }
     OPTIONAL MATCH (m:SeedMeta {id: 'seed'})
     RETURN roles, specializations, chapters, skills, toString(m.seededAt) + '#' + toString(coalesce(m.revision, 0)) AS revision`,
    { ...ids },
  );
  return rows[0]!;
}

/**
 * The whole prerequisite graph. It is small (hundreds of concepts), so reading all of it is cheaper than expanding
 * variable-length REQUIRES paths from every target (the number of paths in a deep DAG grows fast); the planner takes
 * the closures in memory.
 */
export async function prerequisiteGraph(db: Database): Promise<PrerequisiteGraph> {
  const [concepts, edges] = await Promise.all([
    db.readRows<PrerequisiteGraph['concepts'][number]>(
      `MATCH (c:Concept)-[:INTRODUCED_IN]->(ch:Chapter)
       RETURN {id: c.id, name: c.name, chapter: ch.id, chapterTitle: ch.title, chapterUrl: ch.url,
               chapterNumber: c.chapterNumber, position: c.position, hours: c.hours} AS row`,
    ),
    db.readRows<PrerequisiteGraph['edges'][number]>(
      `MATCH (a:Concept)-[r:REQUIRES]->(b:Concept) RETURN {from: a.id, to: b.id, reason: r.reason} AS row`,
    ),
  ]);
  return { concepts, edges };
}
