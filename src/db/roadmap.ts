import type { PlannerConcept } from '../roadmap/planner.js';
import type { TargetData } from '../roadmap/targets.js';
import type { PrereqEdge } from '../prereq/order.js';
import type { Database } from './database.js';

export interface RoadmapIds {
  roles: string[];
  specializations: string[];
  chapters: string[];
  concepts: string[];
}

/** Everything a roadmap request names, looked up in one statement: role needs with skill concepts, and the rest. */
export async function targetData(db: Database, ids: RoadmapIds): Promise<TargetData> {
  const rows = await db.read<TargetData>(
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
     CALL () {
       MATCH (c:Concept) WHERE c.id IN $concepts
       RETURN collect({id: c.id, name: c.name}) AS concepts
     }
     CALL () { MATCH (s:Skill) RETURN collect(s.id) AS skills }
     RETURN roles, specializations, chapters, concepts, skills`,
    { ...ids },
  );
  return rows[0]!;
}

export interface RoadmapSubgraph {
  concepts: (PlannerConcept & { chapterTitle: string })[];
  edges: (PrereqEdge & { reason: string })[];
}

/**
 * The concepts `ids` with all their prerequisites, and the REQUIRES edges among them: the whole input of the planner
 * in one statement. Known concepts go in too, so that what they imply is known even outside the targets' closure.
 */
export async function roadmapSubgraph(db: Database, ids: string[]): Promise<RoadmapSubgraph> {
  const rows = await db.read<RoadmapSubgraph>(
    `MATCH (start:Concept) WHERE start.id IN $ids
     OPTIONAL MATCH (start)-[:REQUIRES*1..]->(p:Concept)
     WITH collect(DISTINCT start) + collect(DISTINCT p) AS found
     UNWIND found AS c
     WITH DISTINCT c
     MATCH (c)-[:INTRODUCED_IN]->(ch:Chapter)
     WITH collect({id: c.id, name: c.name, chapter: ch.id, chapterTitle: ch.title, chapterNumber: c.chapterNumber, position: c.position, hours: c.hours}) AS concepts,
          collect(c) AS members
     CALL (members) {
       UNWIND members AS a
       MATCH (a)-[r:REQUIRES]->(b) WHERE b IN members
       RETURN collect({from: a.id, to: b.id, reason: r.reason}) AS edges
     }
     RETURN concepts, edges`,
    { ids },
  );
  return rows[0] ?? { concepts: [], edges: [] };
}
