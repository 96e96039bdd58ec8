import { round2 } from '../roadmap/schedule.js';
import type { CourseIndex } from './course.js';
import { isReached } from './syllabus.js';

/**
 * What a set of taught concepts covers of the whole course.
 *
 * - A learning objective (or a review question) is covered when every concept it names is taught or assumed known
 *   and at least one of them is taught; it is partial when some but not all of its concepts are taught or known.
 * - A trade-off is covered when the concepts on both sides of its tension (BALANCES) are all taught or known, at
 *   least one of them taught: students can then weigh the two sides.
 * - A part, pillar or chapter is covered when at least one of its concepts is taught; its counts say how much.
 */
export interface GroupCoverage {
  id: string;
  conceptsTaught: number;
  conceptsTotal: number;
  hoursTaught: number;
  hoursTotal: number;
}

export interface Coverage {
  conceptsTaught: number;
  conceptsKnown: number;
  conceptsTotal: number;
  hoursTaught: number;
  hoursTotal: number;
  objectives: { covered: string[]; partial: { id: string; missing: string[] }[]; leftOut: string[]; total: number };
  questions: { usable: string[]; leftOut: string[]; withAnswers: number; total: number };
  tradeOffs: { covered: string[]; leftOut: string[]; total: number };
  parts: GroupCoverage[];
  pillars: GroupCoverage[];
  chapters: GroupCoverage[];
}

export function coverage(index: CourseIndex, taughtIds: Iterable<string>, known: Set<string>): Coverage {
  const taught = new Set(taughtIds);
  const available = (c: string) => taught.has(c) || known.has(c);
  const { course } = index;

  const objectives: Coverage['objectives'] = { covered: [], partial: [], leftOut: [], total: course.objectives.length };
  for (const o of course.objectives) {
    if (isReached(o.concepts, taught, known)) objectives.covered.push(o.id);
    else if (o.concepts.some((c) => taught.has(c)))
      objectives.partial.push({ id: o.id, missing: o.concepts.filter((c) => !available(c)).sort(index.byRank) });
    else objectives.leftOut.push(o.id);
  }

  const usable = course.questions.filter((q) => isReached(q.concepts, taught, known));
  const usableIds = new Set(usable.map((q) => q.id));
  const tradeCovered = course.tradeOffs.filter((t) => isReached(t.balances, taught, known)).map((t) => t.id);

  const group = (id: string, chapters: string[]): GroupCoverage => {
    const ids = chapters.flatMap((ch) => index.conceptsOfChapter.get(ch) ?? []);
    const mine = ids.filter((c) => taught.has(c));
    const sum = (list: string[]) => round2(list.reduce((s, c) => s + index.hours(c), 0));
    return { id, conceptsTaught: mine.length, conceptsTotal: ids.length, hoursTaught: sum(mine), hoursTotal: sum(ids) };
  };

  return {
    conceptsTaught: course.concepts.filter((c) => taught.has(c.id)).length,
    conceptsKnown: course.concepts.filter((c) => known.has(c.id) && !taught.has(c.id)).length,
    conceptsTotal: course.concepts.length,
    hoursTaught: round2(course.concepts.filter((c) => taught.has(c.id)).reduce((s, c) => s + c.hours, 0)),
    hoursTotal: round2(course.concepts.reduce((s, c) => s + c.hours, 0)),
    objectives,
    questions: {
      usable: usable.map((q) => q.id),
      leftOut: course.questions.filter((q) => !usableIds.has(q.id)).map((q) => q.id),
      withAnswers: usable.filter((q) => q.answer !== null).length,
      total: course.questions.length,
    },
    tradeOffs: {
      covered: tradeCovered,
      leftOut: course.tradeOffs.map((t) => t.id).filter((id) => !tradeCovered.includes(id)),
      total: course.tradeOffs.length,
    },
    parts: course.parts.map((p) =>
      group(
        p.id,
        course.chapters.filter((ch) => ch.part === p.id).map((ch) => ch.id),
      ),
    ),
    pillars: course.pillars.map((p) => group(p.id, p.chapters)),
    chapters: course.chapters.map((ch) => group(ch.id, [ch.id])),
  };
}
