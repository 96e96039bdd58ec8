import type { PrereqIndex } from '../prereq/order.js';
import type { Plan, Step } from './planner.js';
import type { Week } from './schedule.js';

/** A concept as the planner's repository reads it, with display fields. */
export interface DocConcept {
  id: string;
  name: string;
  chapter: string;
  chapterTitle: string;
  chapterNumber: number;
  /** The chapter's page on the textbook's site, when the data has one. */
  chapterUrl?: string | null;
}

export interface DocStep extends Step, DocConcept {
  position: number;
  /** The step's prerequisites that are steps of this plan too. */
  after: string[];
}

export interface DocWeek extends Week {
  /** ISO date of the week's first day, when the plan has a start date. */
  startDate?: string;
}

/** A plan with everything its views (GraphQL, Markdown, iCalendar, Mermaid) need to show it. */
export interface RoadmapDoc {
  title: string;
  /** The graph's revision the plan was made at. */
  revision?: string;
  hoursPerWeek: number;
  /**
   * For a learner's plan: reviews a week (the average over the next 12 weeks) and the hours kept for them, already
   * taken off `hoursPerWeek`.
   */
  reviewsPerWeek?: number;
  reviewHoursPerWeek?: number;
  /** Whose plan it is (a learner id), for stable iCalendar UIDs. */
  owner?: string;
  startDate?: string;
  steps: DocStep[];
  weeks: DocWeek[];
  totalHours: number;
  remainingHours: number;
  fringe: string[];
  milestones: {
    chapter: string;
    chapterTitle: string;
    chapterNumber: number;
    chapterUrl?: string | null;
    week: number;
    date?: string;
  }[];
  deadline?: Plan['deadline'];
}

/** `iso` plus `days` days, as an ISO date (UTC arithmetic, so no daylight-saving drift). */
export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function buildDoc(
  plan: Plan,
  concepts: ReadonlyMap<string, DocConcept>,
  requires: PrereqIndex['requires'],
  meta: { title: string; hoursPerWeek: number; startDate?: string },
): RoadmapDoc {
  const inPlan = new Set(plan.steps.map((s) => s.concept));
  const after = (id: string) => (requires.get(id) ?? []).filter((p) => inPlan.has(p)).sort();
  // Milestones name the chapters of the plan's own steps.
  const chapters = new Map(plan.steps.map((s) => concepts.get(s.concept)!).map((c) => [c.chapter, c]));
  const weekStart = (n: number) => (meta.startDate ? addDays(meta.startDate, 7 * (n - 1)) : undefined);
  return {
    ...meta,
    steps: plan.steps.map((s, i) => ({
      ...s,
      ...concepts.get(s.concept)!,
      position: i + 1,
      after: after(s.concept),
    })),
    weeks: plan.weeks.map((w) => ({ ...w, startDate: weekStart(w.number) })),
    totalHours: plan.totalHours,
    remainingHours: plan.remainingHours,
    fringe: plan.fringe,
    milestones: plan.milestones.map((m) => {
      const c = chapters.get(m.chapter)!;
      const start = weekStart(m.week);
      return {
        ...m,
        chapterTitle: c.chapterTitle,
        chapterNumber: c.chapterNumber,
        chapterUrl: c.chapterUrl,
        date: start ? addDays(start, 6) : undefined,
      };
    }),
    deadline: plan.deadline,
  };
}

/** The last day of the plan's last week; null without a start date. */
export const endDateOf = (doc: RoadmapDoc): string | null =>
  doc.startDate && doc.weeks.length ? addDays(doc.weeks.at(-1)!.startDate!, 6) : null;
