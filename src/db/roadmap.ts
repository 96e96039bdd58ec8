import type { PlannerConcept } from '../roadmap/planner.js';
import type { TargetData } from '../roadmap/targets.js';
import type { PrereqEdge } from '../prereq/order.js';
import type { Database } from './database.js';

export interface RoadmapIds {
  roles: string[];
  specializations: string[];
  chapters: string[];
}

export interface RoadmapGraph {
  /** What the request's roles, specializations and chapters expand to; `concepts` lists every concept. */
  targets: TargetData;
  /** The whole prerequisite graph: every concept with display fields, and every REQUIRES edge with its reason. */
  concepts: (PlannerConcept & { chapterTitle: string })[];
  edges: (PrereqEdge & { reason: string })[];
}

/**
 * Everything a plan needs in one statement: what the request names, and the whole prerequisite graph. The graph is
 * small (hundreds of concepts), so reading all of it is cheaper than expanding variable-length REQUIRES paths from
 * every target (the number of paths in a deep DAG grows fast); the planner takes the closures in memory.
 */
export async function roadmapGraph(db: Database, ids: RoadmapIds): Promise<RoadmapGraph> {
  const rows = await db.read<Omit<TargetData, 'concepts'> & Omit<RoadmapGraph, 'targets'>>(
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
       RETURN collect({id: r.id, name: r.name, needs: needs}) AS roles
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
     CALL () {
       MATCH (c:Concept)-[:INTRODUCED_IN]->(ch:Chapter)
       RETURN collect({id: c.id, name: c.name, chapter: ch.id, chapterTitle: ch.title, chapterNumber: c.chapterNumber, position: c.position, hours: c.hours}) AS concepts
     }
     CALL () {
       MATCH (a:Concept)-[r:REQUIRES]->(b:Concept)
       RETURN collect({from: a.id, to: b.id, reason: r.reason}) AS edges
     }
     RETURN roles, specializations, chapters, skills, concepts, edges`,
    { ...ids },
  );
  const { roles, specializations, chapters, skills, concepts, edges } = rows[0]!;
  return { targets: { roles, specializations, chapters, skills, concepts }, concepts, edges };
}
