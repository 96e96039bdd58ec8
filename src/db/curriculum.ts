import type { Course } from '../curriculum/course.js';
import type { Database } from './database.js';

/** The graph's revision from its SeedMeta node `m`: moved by every seed and curation write. */
export const REVISION = "coalesce(toString(m.seededAt), '') + '#' + toString(coalesce(m.revision, 0))";

/** Each part of the course as rows of one statement (one map per row, named `row`). */
const COURSE_PARTS = {
  concepts: `MATCH (c:Concept)
    RETURN {id: c.id, name: c.name, definition: c.definition, chapter: head([(c)-[:INTRODUCED_IN]->(ch:Chapter) | ch.id]),
            chapterNumber: c.chapterNumber, position: c.position, hours: c.hours} AS row`,
  requires: `MATCH (a:Concept)-[r:REQUIRES]->(b:Concept) RETURN {from: a.id, to: b.id, reason: r.reason} AS row`,
  chapters: `MATCH (ch:Chapter)
    RETURN {id: ch.id, number: ch.number, title: ch.title, url: ch.url, part: head([(ch)-[:PART_OF]->(p:Part) | p.id])} AS row`,
  parts: `MATCH (p:Part) RETURN {id: p.id, number: p.number, name: p.name} AS row`,
  pillars: `MATCH (p:Pillar)
    RETURN {id: p.id, order: p.order, name: p.name, chapters: [(p)-[:INCLUDES]->(ch:Chapter) | ch.id]} AS row`,
  objectives: `MATCH (o:LearningObjective)
    RETURN {id: o.id, order: o.order, text: o.text, chapter: head([(o)-[:IN_CHAPTER]->(ch:Chapter) | ch.id]),
            concepts: [(o)-[:COVERS]->(c:Concept) | c.id]} AS row`,
  questions: `MATCH (q:ReviewQuestion)
    RETURN {id: q.id, position: q.position, text: q.text, answer: q.answer, difficulty: q.difficulty, kind: q.kind,
            chapter: head([(q)-[:IN_CHAPTER]->(ch:Chapter) | ch.id]), concepts: [(q)-[:CHECKS]->(c:Concept) | c.id]} AS row`,
  tradeOffs: `MATCH (t:TradeOff)
    RETURN {id: t.id, name: t.name, balances: [(t)-[:BALANCES]->(c:Concept) | c.id],
            resolvedBy: [(t)-[:RESOLVED_BY]->(c:Concept) | c.id]} AS row`,
} as const;

type CourseRows = { [K in keyof typeof COURSE_PARTS]: Course[K] };

interface CourseMeta {
  changedAt: string | null;
  curatedAt: string | null;
  version: string | null;
  revision: string;
}

async function courseMeta(db: Database): Promise<CourseMeta> {
  const rows = await db.read<CourseMeta>(
    `OPTIONAL MATCH (m:SeedMeta {id: 'seed'})
     RETURN toString(m.seededAt) AS changedAt, COLLECT { MATCH (c:Change) RETURN max(c.at) }[0] AS curatedAt,
            m.version AS version, ${REVISION} AS revision`,
  );
  return rows[0]!;
}

/**
 * The whole course in the slim shape the curriculum tools need. Each part streams as rows of its own statement, the
 * parts in parallel: one record holding the whole course took 5-8 s at 45 times today's graph to arrive and decode,
 * these rows 1-1.7 s. The revision is read before and after, and the course read again (up to three times) when a
 * write landed in between, so the parts belong to one revision. Lists come back in a fixed order (Cypher's order is
 * not guaranteed) so that every plan built from them is deterministic.
 */
export async function readCourse(db: Database): Promise<Course> {
  for (let attempt = 1; ; attempt++) {
    const meta = await courseMeta(db);
    const parts = Object.fromEntries(
      await Promise.all(Object.entries(COURSE_PARTS).map(async ([name, cypher]) => [name, await db.readRows(cypher)])),
    ) as CourseRows;
    if (attempt === 3 || (await courseRevision(db)) === meta.revision) return ordered(parts, meta);
  }
}

function ordered(row: CourseRows, meta: CourseMeta): Course {
  const byId = <T extends { id: string }>(a: T, b: T) => a.id.localeCompare(b.id);
  const sorted = (ids: string[]) => [...ids].sort();
  const chapterNumber = new Map(row.chapters.map((c) => [c.id, c.number]));
  const inChapterOrder =
    <T extends { id: string; chapter: string | null }>(key: (x: T) => number) =>
    (a: T, b: T) =>
      (chapterNumber.get(a.chapter ?? '') ?? 99) - (chapterNumber.get(b.chapter ?? '') ?? 99) ||
      key(a) - key(b) ||
      a.id.localeCompare(b.id);
  return {
    concepts: row.concepts
      .map((c) => ({
        ...c,
        hours: Number(c.hours),
        position: Number(c.position),
        chapterNumber: Number(c.chapterNumber),
      }))
      .sort(byId),
    requires: row.requires.sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to)),
    chapters: row.chapters.sort((a, b) => a.number - b.number),
    parts: row.parts.sort((a, b) => a.number - b.number),
    pillars: row.pillars
      .map((p) => ({ ...p, chapters: sorted(p.chapters) }))
      .sort((a, b) => a.order - b.order || byId(a, b)),
    objectives: row.objectives
      .map((o) => ({ ...o, concepts: sorted(o.concepts) }))
      .sort(inChapterOrder((o) => o.order)),
    questions: row.questions
      .map((q) => ({
        ...q,
        answer: q.answer ?? null,
        difficulty: q.difficulty ?? null,
        kind: q.kind ?? null,
        concepts: sorted(q.concepts),
      }))
      .sort(inChapterOrder((q) => q.position)),
    tradeOffs: row.tradeOffs
      .map((t) => ({ ...t, balances: sorted(t.balances), resolvedBy: sorted(t.resolvedBy) }))
      .sort(byId),
    changedAt: latest(meta.changedAt, meta.curatedAt),
    version: meta.version ?? null,
    revision: meta.revision,
  };
}

/** The graph's revision alone: one small statement. */
export async function courseRevision(db: Database): Promise<string> {
  const rows = await db.read<{ revision: string }>(
    `OPTIONAL MATCH (m:SeedMeta {id: 'seed'}) RETURN ${REVISION} AS revision`,
  );
  return rows[0]?.revision ?? '#0';
}

/** The later of the seed time and the last curation write, as ISO 8601; null on an unseeded graph. */
function latest(seededAt: string | null, curatedAt: string | null): string | null {
  const times = [seededAt, curatedAt].filter((t): t is string => !!t).map((t) => new Date(t).getTime());
  return times.length ? new Date(Math.max(...times)).toISOString() : null;
}
