import { learningOrder } from '../prereq/order.js';
import { round2, schedule } from '../roadmap/schedule.js';
import type { CourseIndex } from './course.js';

/**
 * A course plan: the taught concepts in a valid prerequisite order, packed into weekly modules.
 *
 * One module per week: the request is phrased in weeks and hours per week, and chapters vary too much in size (20
 * to 40 hours) to be the unit of a term. The order keeps each chapter's concepts together (earlier chapters first),
 * so a module still reads as "the end of chapter 3 and the start of chapter 4", and each module names its chapters.
 */
export interface ModuleItem {
  concept: string;
  hours: number;
  /** Set when a concept longer than a week is split: part n of `of`. */
  part?: { n: number; of: number };
  target: boolean;
}

export interface Module {
  number: number;
  hours: number;
  chapters: string[];
  items: ModuleItem[];
  /** Objectives whose last concept is taught in this module (only objectives the plan covers). */
  objectives: string[];
  /** Review questions whose last concept is taught in this module (only questions the plan makes usable). */
  questions: string[];
}

export interface Plan {
  /** Taught concepts in teaching order. */
  order: string[];
  modules: Module[];
  totalHours: number;
  weeksNeeded: number;
  weeks: number;
  hoursPerWeek: number;
  fits: boolean;
  targets: string[];
  known: Set<string>;
}

/** A valid teaching order: prerequisites first, chapters kept together, the course's own order where free. */
export function teachingOrder(index: CourseIndex, ids: string[]): string[] {
  const members = new Set(ids);
  return learningOrder([...members], index.edgesAmong(members), index.rank);
}

/**
 * Items (objectives, questions) tied to a set of concepts become usable once every one of those concepts is taught
 * or known and at least one is taught here (an item entirely about known concepts belongs to an earlier course).
 */
export function isReached(concepts: string[], taught: Set<string>, known: Set<string>): boolean {
  return (
    concepts.length > 0 && concepts.every((c) => taught.has(c) || known.has(c)) && concepts.some((c) => taught.has(c))
  );
}

export function buildPlan(
  index: CourseIndex,
  order: string[],
  opts: { weeks: number; hoursPerWeek: number; targets: string[]; known: Set<string> },
): Plan {
  const targets = new Set(opts.targets);
  const weeks = schedule(
    order.map((id) => ({ concept: id, hours: index.hours(id) })),
    opts.hoursPerWeek,
  );
  const doneIn = new Map<string, number>();
  for (const w of weeks) for (const item of w.items) doneIn.set(item.concept, w.number);
  const taught = new Set(order);
  const finishWeek = (concepts: string[]) =>
    Math.max(...concepts.filter((c) => taught.has(c)).map((c) => doneIn.get(c)!));
  const place = <T extends { id: string; concepts: string[] }>(items: T[]) => {
    const at = new Map<number, string[]>();
    for (const item of items) {
      if (!isReached(item.concepts, taught, opts.known)) continue;
      const w = finishWeek(item.concepts);
      at.set(w, [...(at.get(w) ?? []), item.id]);
    }
    return at;
  };
  const objectivesAt = place(index.course.objectives);
  const questionsAt = place(index.course.questions);

  const modules = weeks.map((w) => ({
    number: w.number,
    hours: w.hours,
    chapters: [...new Set(w.items.map((i) => index.concept.get(i.concept)!.chapter))],
    items: w.items.map((i) => ({ ...i, target: targets.has(i.concept) })),
    objectives: objectivesAt.get(w.number) ?? [],
    questions: questionsAt.get(w.number) ?? [],
  }));
  return {
    order,
    modules,
    totalHours: round2(order.reduce((s, id) => s + index.hours(id), 0)),
    weeksNeeded: modules.length,
    weeks: opts.weeks,
    hoursPerWeek: opts.hoursPerWeek,
    fits: modules.length <= opts.weeks,
    targets: opts.targets,
    known: opts.known,
  };
}
