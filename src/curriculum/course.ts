import { reachable, type PrereqEdge } from '../prereq/order.js';

/**
 * The course as the curriculum tools see it: a slim, read-only copy of the concepts, their REQUIRES edges and the
 * items that hang off them (objectives, review questions, trade-offs, structure). Small enough (a few hundred
 * items) to read whole in one statement per request, which keeps every curriculum computation pure.
 */
export interface CourseConcept {
  id: string;
  name: string;
  definition: string;
  chapter: string;
  chapterNumber: number;
  /** Place inside its chapter's file, from 1. */
  position: number;
  hours: number;
}

/** `from` REQUIRES `to`: teach `to` first. */
export interface Requirement extends PrereqEdge {
  reason: string;
}

export interface CourseChapter {
  id: string;
  number: number;
  title: string;
  part: string | null;
  /** The chapter's page on the textbook's site, when the data has one. */
  url?: string | null;
}

export interface CoursePart {
  id: string;
  number: number;
  name: string;
}

export interface CoursePillar {
  id: string;
  order: number;
  name: string;
  chapters: string[];
}

export interface CourseObjective {
  id: string;
  chapter: string | null;
  order: number;
  text: string;
  concepts: string[];
}

export interface CourseQuestion {
  id: string;
  chapter: string | null;
  position: number;
  text: string;
  answer: string | null;
  concepts: string[];
  /** BEGINNER, INTERMEDIATE or ADVANCED, when the data has it. */
  difficulty: string | null;
  /** RECALL, EXPLAIN, APPLY, CALCULATE or TRADE_OFF, when the data has it. */
  kind: string | null;
}

export interface CourseTradeOff {
  id: string;
  name: string;
  balances: string[];
  resolvedBy: string[];
}

export interface Course {
  concepts: CourseConcept[];
  requires: Requirement[];
  chapters: CourseChapter[];
  parts: CoursePart[];
  pillars: CoursePillar[];
  objectives: CourseObjective[];
  questions: CourseQuestion[];
  tradeOffs: CourseTradeOff[];
  /** When the graph last changed (seed or curation write, ISO 8601), the date exports carry; null when unseeded. */
  changedAt: string | null;
  version: string | null;
  /** Moves with every re-seed and curation write. */
  revision: string;
}

/** Lookups over a Course, built once per request. */
export class CourseIndex {
  readonly course: Course;
  readonly concept = new Map<string, CourseConcept>();
  readonly chapter = new Map<string, CourseChapter>();
  /** Direct prerequisites of each concept, in course order. */
  readonly prerequisites = new Map<string, string[]>();
  /** Direct dependents of each concept, in course order. */
  readonly dependents = new Map<string, string[]>();
  readonly reason = new Map<string, string>();
  readonly conceptsOfChapter = new Map<string, string[]>();

  constructor(course: Course) {
    this.course = course;
    for (const c of course.concepts) this.concept.set(c.id, c);
    for (const ch of course.chapters) this.chapter.set(ch.id, ch);
    for (const e of course.requires) {
      push(this.prerequisites, e.from, e.to);
      push(this.dependents, e.to, e.from);
      this.reason.set(edgeKey(e.from, e.to), e.reason);
    }
    for (const list of [...this.prerequisites.values(), ...this.dependents.values()]) list.sort(this.byRank);
    for (const c of [...course.concepts].sort((a, b) => this.byRank(a.id, b.id)))
      push(this.conceptsOfChapter, c.chapter, c.id);
  }

  /** Course position: chapter first, then place in the chapter. */
  rank = (id: string): number => {
    const c = this.concept.get(id);
    return c ? c.chapterNumber * 1000 + c.position : Number.MAX_SAFE_INTEGER;
  };

  byRank = (a: string, b: string): number => this.rank(a) - this.rank(b) || a.localeCompare(b);

  hours = (id: string): number => this.concept.get(id)?.hours ?? 0;

  /** A concept, or a stand-in named by its id when the graph no longer has it (a saved plan may outlive it). */
  conceptOrId(id: string): CourseConcept {
    return (
      this.concept.get(id) ?? { id, name: id, definition: '', chapter: '', chapterNumber: 99, position: 0, hours: 0 }
    );
  }

  reasonOf(from: string, to: string): string {
    return this.reason.get(edgeKey(from, to)) ?? '';
  }

  /** The ids and every prerequisite reachable from them. */
  prerequisiteClosure(ids: Iterable<string>): Set<string> {
    return reachable(ids, this.prerequisites);
  }

  /** REQUIRES edges with both ends in `ids`. */
  edgesAmong(ids: Set<string>): Requirement[] {
    return this.course.requires.filter((e) => ids.has(e.from) && ids.has(e.to));
  }
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const edgeKey = (from: string, to: string) => `${from}\u0000${to}`;
