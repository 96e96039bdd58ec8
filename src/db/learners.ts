import crypto from 'node:crypto';
import { REVISION } from './curriculum.js';
import type { Database } from './database.js';

/**
 * Learner records. A learner is a `:Learner` node owned by the name of the API key that created it; it is never an
 * `:Entity` (so no graph query, search or export sees it), and every statement here matches on the owner too, so a
 * key reaches only its own learners. What a learner did hangs off the node: `KNOWS` and `STUDIED` relationships to
 * concepts, `REVIEWS` (spaced-review cards) and `TOOK` placements. Deleting the learner deletes all of it.
 */

export type KnownSource = 'STUDIED' | 'PLACED' | 'DECLARED';
export type StudyStatus = 'STARTED' | 'DONE';

export interface LearnerRow {
  id: string;
  owner: string;
  createdAt: string;
}

export interface KnownRow {
  concept: string;
  source: KnownSource;
  confidence: number;
  at: string;
}

export interface StudyRow {
  concept: string;
  status: StudyStatus;
  hours: number;
  at: string;
}

/** Whether a write found its learner (for this owner) and every concept it named. */
export interface WriteCheck {
  learner: boolean;
  missing: string[];
}

export async function ensureLearnerSchema(db: Database): Promise<void> {
  await db.write('CREATE CONSTRAINT learner_id IF NOT EXISTS FOR (l:Learner) REQUIRE l.id IS UNIQUE');
  await db.write('CREATE CONSTRAINT placement_id IF NOT EXISTS FOR (p:Placement) REQUIRE p.id IS UNIQUE');
}

export async function createLearner(db: Database, owner: string): Promise<LearnerRow> {
  const rows = await db.write<LearnerRow>(
    `CREATE (l:Learner {id: $id, owner: $owner, createdAt: datetime()})
     RETURN l.id AS id, l.owner AS owner, toString(l.createdAt) AS createdAt`,
    { id: crypto.randomUUID(), owner },
  );
  return rows[0]!;
}

export async function findLearner(db: Database, owner: string, id: string): Promise<LearnerRow | null> {
  const rows = await db.read<LearnerRow>(
    `MATCH (l:Learner {id: $id, owner: $owner}) RETURN l.id AS id, l.owner AS owner, toString(l.createdAt) AS createdAt`,
    { id, owner },
  );
  return rows[0] ?? null;
}

/** Deletes the learner with everything it owns (studies, knowledge, reviews, placements); false when not found. */
export async function deleteLearner(db: Database, owner: string, id: string): Promise<boolean> {
  const rows = await db.write<{ n: number }>(
    `MATCH (l:Learner {id: $id, owner: $owner})
     OPTIONAL MATCH (l)-[:TOOK]->(p:Placement)
     WITH l, collect(p) AS placements
     FOREACH (p IN placements | DETACH DELETE p)
     DETACH DELETE l
     RETURN count(*) AS n`,
    { id, owner },
  );
  return (rows[0]?.n ?? 0) > 0;
}

/** What the learner knows (with where it came from) and what they studied. */
export async function learnerState(
  db: Database,
  owner: string,
  id: string,
): Promise<{ known: KnownRow[]; studies: StudyRow[] }> {
  const rows = await db.read<{ known: KnownRow[]; studies: StudyRow[] }>(
    `MATCH (l:Learner {id: $id, owner: $owner})
     CALL (l) {
       OPTIONAL MATCH (l)-[k:KNOWS]->(c:Concept)
       WITH k, c ORDER BY c.chapterNumber, c.position
       RETURN collect(CASE WHEN c IS NULL THEN null ELSE
         {concept: c.id, source: k.source, confidence: k.confidence, at: toString(k.at)} END) AS known
     }
     CALL (l) {
       OPTIONAL MATCH (l)-[s:STUDIED]->(c:Concept)
       WITH s, c ORDER BY s.at, c.id
       RETURN collect(CASE WHEN c IS NULL THEN null ELSE
         {concept: c.id, status: s.status, hours: s.hours, at: toString(s.at)} END) AS studies
     }
     RETURN known, studies`,
    { id, owner },
  );
  return rows[0] ?? { known: [], studies: [] };
}

/**
 * Adds hours of study on a concept; DONE (which stays DONE) makes the concept known, as STUDIED. Writes nothing
 * unless the learner and the concept exist.
 */
export async function recordStudy(
  db: Database,
  owner: string,
  id: string,
  study: { concept: string; status: StudyStatus; hours: number },
): Promise<WriteCheck> {
  const rows = await db.write<{ learner: boolean; concept: boolean }>(
    `OPTIONAL MATCH (l:Learner {id: $id, owner: $owner})
     OPTIONAL MATCH (c:Concept {id: $concept})
     CALL (l, c) {
       WITH l, c WHERE l IS NOT NULL AND c IS NOT NULL
       MERGE (l)-[s:STUDIED]->(c)
       SET s.hours = coalesce(s.hours, 0) + $hours, s.at = datetime(),
           s.status = CASE WHEN s.status = 'DONE' OR $status = 'DONE' THEN 'DONE' ELSE 'STARTED' END
       FOREACH (_ IN CASE WHEN s.status = 'DONE' THEN [1] ELSE [] END |
         MERGE (l)-[k:KNOWS]->(c)
         SET k.source = 'STUDIED', k.confidence = 1.0, k.at = datetime())
     }
     RETURN l IS NOT NULL AS learner, c IS NOT NULL AS concept`,
    { id, owner, ...study },
  );
  const row = rows[0]!;
  return { learner: row.learner, missing: row.concept ? [] : [study.concept] };
}

/**
 * Records concepts as known from `source` with a confidence. A declaration never overrides what was studied or
 * placed; a placement overrides an earlier placement. Writes nothing unless the learner and every concept exist.
 */
export async function markKnown(
  db: Database,
  owner: string,
  id: string,
  entries: { concept: string; confidence: number }[],
  source: 'PLACED' | 'DECLARED',
): Promise<WriteCheck> {
  const rows = await db.write<{ learner: boolean; missing: string[] }>(
    `OPTIONAL MATCH (l:Learner {id: $id, owner: $owner})
     CALL () {
       UNWIND $entries AS e
       OPTIONAL MATCH (c:Concept {id: e.concept})
       WITH e, c WHERE c IS NULL
       RETURN collect(e.concept) AS missing
     }
     CALL (l, missing) {
       WITH l WHERE l IS NOT NULL AND size(missing) = 0
       UNWIND $entries AS e
       MATCH (c:Concept {id: e.concept})
       MERGE (l)-[k:KNOWS]->(c)
       ON CREATE SET k.source = $source, k.confidence = e.confidence, k.at = datetime()
       ON MATCH SET k.source = CASE WHEN k.source = 'DECLARED' OR (k.source = 'PLACED' AND $source = 'PLACED')
                                    THEN $source ELSE k.source END,
                    k.confidence = CASE WHEN k.source = $source THEN e.confidence ELSE k.confidence END,
                    k.at = CASE WHEN k.source = $source THEN datetime() ELSE k.at END
     }
     RETURN l IS NOT NULL AS learner, missing`,
    { id, owner, entries, source },
  );
  return rows[0]!;
}

export interface PlacementRow {
  id: string;
  learner: string;
  targets: string[];
  /** The concepts placed, fixed when the placement starts. */
  scope: string[];
  answers: { question: string; correct: boolean }[];
  next: string | null;
  done: boolean;
}

/** The REQUIRES edges and every review question with the concepts it checks: what a placement is built from. */
export async function placementGraph(
  db: Database,
): Promise<{ edges: { from: string; to: string }[]; questions: { id: string; checks: string[] }[] }> {
  const [edges, questions] = await Promise.all([
    db.readRows<{ from: string; to: string }>(
      `MATCH (a:Concept)-[:REQUIRES]->(b:Concept) RETURN {from: a.id, to: b.id} AS row`,
    ),
    db.readRows<{ id: string; checks: string[] }>(
      `MATCH (q:ReviewQuestion)-[:CHECKS]->(c:Concept) WITH q, collect(c.id) AS checks
       RETURN {id: q.id, checks: checks} AS row`,
    ),
  ]);
  return { edges, questions };
}

/** Which of these ids are concepts of the graph. */
export async function conceptIds(db: Database, ids: string[]): Promise<Set<string>> {
  const rows = await db.read<{ id: string }>('MATCH (c:Concept) WHERE c.id IN $ids RETURN c.id AS id', { ids });
  return new Set(rows.map((r) => r.id));
}

export async function createPlacement(
  db: Database,
  owner: string,
  learner: string,
  placement: { id: string; targets: string[]; scope: string[]; next: string | null; done: boolean },
): Promise<string | null> {
  const rows = await db.write<{ id: string }>(
    `MATCH (l:Learner {id: $learner, owner: $owner})
     CREATE (l)-[:TOOK]->(p:Placement {id: $id, learner: $learner, targets: $targets, scope: $scope, answers: '[]',
                                       next: $next, done: $done, createdAt: datetime()})
     RETURN p.id AS id`,
    { owner, learner, ...placement },
  );
  return rows[0]?.id ?? null;
}

/**
 * The placement (with its answers as stored, the text a later save compares) and the graph's revision, in one read;
 * the row is null when the key has no such placement.
 */
export async function findPlacement(
  db: Database,
  owner: string,
  id: string,
): Promise<{ row: PlacementRow | null; stored: string; revision: string }> {
  const rows = await db.read<{ row: (PlacementRow & { answers: string }) | null; revision: string }>(
    `OPTIONAL MATCH (m:SeedMeta {id: 'seed'})
     OPTIONAL MATCH (l:Learner {owner: $owner})-[:TOOK]->(p:Placement {id: $id})
     RETURN CASE WHEN p IS NULL THEN null ELSE {id: p.id, learner: l.id, targets: p.targets, scope: p.scope,
              answers: p.answers, next: p.next, done: p.done} END AS row, ${REVISION} AS revision`,
    { owner, id },
  );
  const { row, revision } = rows[0]!;
  if (!row) return { row: null, stored: '', revision };
  return {
    row: { ...row, answers: JSON.parse(row.answers) as PlacementRow['answers'] },
    stored: row.answers,
    revision,
  };
}

/**
 * Saves an answer and what comes next, only if the placement is still as it was read (it waits for that question
 * and holds the `previous` answers: no double answers, nothing lost to another process) and, when `revision` is
 * given, the graph is still at it. False when it was not.
 */
export async function savePlacementAnswer(
  db: Database,
  owner: string,
  id: string,
  update: { asked: string; previous: string; answers: string; next: string | null; done: boolean; revision?: string },
): Promise<boolean> {
  const rows = await db.write<{ n: number }>(
    `MATCH (l:Learner {owner: $owner})-[:TOOK]->(p:Placement {id: $id})
     WHERE p.next = $asked AND NOT p.done AND p.answers = $previous
       AND ($revision IS NULL OR EXISTS { MATCH (m:SeedMeta {id: 'seed'}) WHERE ${REVISION} = $revision })
     SET p.answers = $answers, p.next = $next, p.done = $done
     RETURN count(p) AS n`,
    { owner, id, revision: null, ...update },
  );
  return (rows[0]?.n ?? 0) > 0;
}

/** The learner's review cards (FSRS state as JSON text), by concept. */
export async function reviewCards(
  db: Database,
  owner: string,
  id: string,
): Promise<{ concept: string; card: string }[]> {
  return db.read<{ concept: string; card: string }>(
    `MATCH (:Learner {id: $id, owner: $owner})-[r:REVIEWS]->(c:Concept) RETURN c.id AS concept, r.card AS card`,
    { id, owner },
  );
}

/** Writes review cards; `onlyNew` keeps a card that exists (a concept learned again keeps its schedule). */
export async function saveCards(
  db: Database,
  owner: string,
  id: string,
  cards: { concept: string; card: string; due: string }[],
  onlyNew = false,
): Promise<void> {
  await db.write(
    `MATCH (l:Learner {id: $id, owner: $owner})
     UNWIND $cards AS row
     MATCH (c:Concept {id: row.concept})
     MERGE (l)-[r:REVIEWS]->(c)
     FOREACH (_ IN CASE WHEN $onlyNew AND r.card IS NOT NULL THEN [] ELSE [1] END |
       SET r.card = row.card, r.due = datetime(row.due))`,
    { id, owner, cards, onlyNew },
  );
}
