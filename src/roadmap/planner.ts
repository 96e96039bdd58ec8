import { learningOrder, reachable, type PrereqEdge } from '../prereq/order.js';
import { fitsIn, round2, schedule, type Week } from './schedule.js';

/**
 * The roadmap planner (pure: a subgraph in, a plan out). What a learner must study to reach their targets, in a valid
 * order, paced to their week, with the reason each step is there. The repository (src/db/roadmap.ts) reads the
 * subgraph; src/roadmap/targets.ts turns roles, specializations and chapters into target concepts.
 */

export interface PlannerConcept {
  id: string;
  name: string;
  chapter: string;
  chapterNumber: number;
  position: number;
  hours: number;
}

export interface PlannerTarget {
  concept: string;
  /**
   * Why the learner wants it, with `{it}` where the concept goes: "the ML Engineer role needs{it} for Distributed
   * Systems at level IMPORTANT" reads "... needs it for ..." on the target and "which the ML Engineer role needs for
   * ..." at the end of a prerequisite's chain.
   */
  why: string;
}

export interface PlannerInput {
  /** Every concept the plan may touch: the targets and their prerequisite closures. */
  concepts: PlannerConcept[];
  /** REQUIRES edges among them: `from` needs `to` first. */
  edges: PrereqEdge[];
  targets: PlannerTarget[];
  /** Concepts already learned (chapters expanded by the caller); their prerequisites count as known too. */
  known: string[];
  hoursPerWeek: number;
  deadlineWeeks?: number;
  /** Hours already studied along this plan; they count against the steps in plan order. */
  hoursSpent?: number;
}

export interface Step {
  concept: string;
  /** The estimate for the whole step. */
  hours: number;
  /** What is left after `hoursSpent`; 0 for a step already done. */
  remainingHours: number;
  /** The chain from this step to a target, nearest first. */
  reason: string;
  isTarget: boolean;
  /** The weeks this step is scheduled in; empty when it is already done. */
  weeks: number[];
}

export interface Plan {
  steps: Step[];
  weeks: Week[];
  totalHours: number;
  /** Total hours minus the hours already spent. */
  remainingHours: number;
  /** Concepts that can be started right away: none of their prerequisites is left to learn. */
  fringe: string[];
  /** The week in which each chapter's last step ends. */
  milestones: { chapter: string; week: number }[];
  deadline?: { weeks: number; feasible: boolean; hoursPerWeekNeeded: number; targetsThatFit: string[] };
}

export function plan(input: PlannerInput): Plan {
  if (!(input.hoursPerWeek > 0)) throw new Error('hoursPerWeek must be above 0');
  if ((input.hoursSpent ?? 0) < 0) throw new Error('hoursSpent cannot be negative');
  const byId = new Map(input.concepts.map((c) => [c.id, c]));
  const requires = new Map<string, string[]>();
  const dependents = new Map<string, string[]>();
  for (const e of input.edges) {
    requires.set(e.from, [...(requires.get(e.from) ?? []), e.to]);
    dependents.set(e.to, [...(dependents.get(e.to) ?? []), e.from]);
  }
  const known = reachable(input.known, requires);
  const targetIds = [...new Set(input.targets.map((t) => t.concept))];
  const needed = [...reachable(targetIds, requires)].filter((id) => !known.has(id) && byId.has(id));
  const neededSet = new Set(needed);

  // Order: Kahn's topological order, choosing among the ready steps by rank. The chapter number dominates the rank, so
  // a chapter is finished before the next starts unless a prerequisite forces a detour: learners read, review and
  // get materials a chapter at a time. Inside a chapter, steps that unlock the most remaining steps per study hour
  // come first (short steps that open many others give the learner more choice sooner), then the chapter's own
  // teaching order; the id breaks the last ties, so the same input always gives the same order.
  const unlockRate = (id: string) =>
    (dependents.get(id) ?? []).filter((d) => neededSet.has(d)).length / Math.max(byId.get(id)!.hours, 0.5);
  const ranks = new Map(
    needed.map((id) => {
      const c = byId.get(id)!;
      return [id, c.chapterNumber * 1e7 + (1000 - Math.min(999, Math.round(unlockRate(id) * 100))) * 1e3 + c.position];
    }),
  );
  const order = learningOrder(needed, input.edges, (id) => ranks.get(id)!);

  const whyOf = new Map<string, string>();
  for (const t of input.targets) if (!whyOf.has(t.concept)) whyOf.set(t.concept, t.why);
  let spent = input.hoursSpent ?? 0;
  const steps: Step[] = order.map((id) => {
    const hours = byId.get(id)!.hours;
    const done = Math.min(hours, spent);
    spent -= done;
    return {
      concept: id,
      hours,
      remainingHours: round2(hours - done),
      reason: reasonFor(id, whyOf, dependents, neededSet, byId),
      isTarget: whyOf.has(id),
      weeks: [],
    };
  });

  const weeks = schedule(
    steps.map((s) => ({ concept: s.concept, hours: s.remainingHours })),
    input.hoursPerWeek,
  );
  const stepOf = new Map(steps.map((s) => [s.concept, s]));
  for (const w of weeks) for (const item of w.items) stepOf.get(item.concept)!.weeks.push(w.number);
  const totalHours = round2(steps.reduce((s, x) => s + x.hours, 0));
  const remainingHours = round2(steps.reduce((s, x) => s + x.remainingHours, 0));
  const fringe = order.filter(
    (id) =>
      stepOf.get(id)!.remainingHours > 0 &&
      !(requires.get(id) ?? []).some((p) => neededSet.has(p) && stepOf.get(p)!.remainingHours > 0),
  );
  const lastWeekOf = new Map<string, number>();
  for (const w of weeks) for (const item of w.items) lastWeekOf.set(byId.get(item.concept)!.chapter, w.number);
  const milestones = [...lastWeekOf.entries()]
    .map(([chapter, week]) => ({ chapter, week }))
    .sort((a, b) => a.week - b.week || a.chapter.localeCompare(b.chapter));

  const result: Plan = { steps, weeks, totalHours, remainingHours, fringe, milestones };
  if (input.deadlineWeeks !== undefined) {
    const budget = input.deadlineWeeks * input.hoursPerWeek;
    const left = (ids: string[]) => ids.reduce((s, id) => s + (stepOf.get(id)?.remainingHours ?? 0), 0);
    const fit: string[] = [];
    for (const t of targetIds) {
      const ids = [...reachable([...fit, t], requires)].filter((id) => !known.has(id) && byId.has(id));
      if (left(ids) <= budget + 1e-9) fit.push(t);
    }
    result.deadline = {
      weeks: input.deadlineWeeks,
      feasible: weeks.length <= input.deadlineWeeks,
      hoursPerWeekNeeded: hoursPerWeekFor(steps, input.deadlineWeeks),
      targetsThatFit: fit,
    };
  }
  return result;
}

/**
 * The fewest weekly hours (in half hours) whose schedule ends within `deadlineWeeks`. Packing keeps the plan order, so
 * the average (remaining hours / weeks) is only a lower bound; search upward from it.
 */
function hoursPerWeekFor(steps: Step[], deadlineWeeks: number): number {
  const items = steps.map((s) => ({ concept: s.concept, hours: s.remainingHours }));
  const total = items.reduce((s, x) => s + x.hours, 0);
  let h = Math.max(0.5, Math.ceil((total / deadlineWeeks) * 2) / 2);
  while (!fitsIn(items, h, deadlineWeeks)) h += 0.5;
  return h;
}

/** "prerequisite of B, which is prerequisite of C, which <why of target C>": the shortest chain to a target. */
function reasonFor(
  id: string,
  whyOf: Map<string, string>,
  dependents: Map<string, string[]>,
  needed: Set<string>,
  byId: Map<string, PlannerConcept>,
): string {
  if (whyOf.has(id)) return whyOf.get(id)!.replace('{it}', ' it');
  const prev = new Map<string, string>();
  const queue = [id];
  const seen = new Set([id]);
  while (queue.length) {
    const cur = queue.shift()!;
    for (const d of (dependents.get(cur) ?? []).filter((x) => needed.has(x)).sort()) {
      if (seen.has(d)) continue;
      seen.add(d);
      prev.set(d, cur);
      if (whyOf.has(d)) {
        const chain: string[] = [];
        for (let at: string | undefined = d; at && at !== id; at = prev.get(at)) chain.unshift(byId.get(at)!.name);
        return `prerequisite of ${chain.join(', which is a prerequisite of ')}, which ${whyOf.get(d)!.replace('{it}', '')}`;
      }
      queue.push(d);
    }
  }
  return 'prerequisite of a target';
}
