import { indexEdges, learningOrder, reachable, type PrereqEdge, type PrereqIndex } from '../prereq/order.js';
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

/** How much a step matters to the targets: core first, breadth last (and first to drop when time is short). */
export const PRIORITIES = ['CORE', 'SUPPORTING', 'BREADTH'] as const;
export type Priority = (typeof PRIORITIES)[number];
/** GOAL_FIRST reaches each target as early as its prerequisites allow; COURSE follows the book chapter by chapter. */
export type Order = 'GOAL_FIRST' | 'COURSE';

/** Longest reason a step carries; the full chain is in `reasonChain`. */
export const REASON_MAX = 160;

export interface PlannerTarget {
  concept: string;
  /**
   * Why the learner wants it, with `{it}` where the concept goes: "the MLOps Engineer path centres on{it}" reads
   * "... centres on it" on the target and "needed for X, which the MLOps Engineer path centres on" on a prerequisite.
   */
  why: string;
  /** CORE unless said otherwise; a concept named by several targets takes its highest priority. */
  priority?: Priority;
}

export interface PlannerInput {
  /** Every concept the plan may touch: the targets and their prerequisite closures. */
  concepts: PlannerConcept[];
  /** REQUIRES edges among them: `from` needs `to` first. */
  edges: PrereqEdge[];
  /** The same concepts and edges indexed (see prepareGraph), when the caller keeps them across plans. */
  prepared?: PreparedGraph;
  targets: PlannerTarget[];
  /** Concepts already learned (chapters expanded by the caller); their prerequisites count as known too. */
  known: string[];
  hoursPerWeek: number;
  deadlineWeeks?: number;
  /** Hours already studied along this plan; they count against the steps in plan order. */
  hoursSpent?: number;
  /** Hours already studied on particular concepts (a learner's progress); they count against those steps first. */
  spentOn?: ReadonlyMap<string, number>;
  /** GOAL_FIRST when absent. */
  order?: Order;
}

export interface Step {
  concept: string;
  /** The estimate for the whole step. */
  hours: number;
  /** What is left after `hoursSpent`; 0 for a step already done. */
  remainingHours: number;
  /** The highest priority of the targets that need this step. */
  priority: Priority;
  /** One sentence of at most REASON_MAX characters. */
  reason: string;
  /** The concepts from this step to the target it serves: this step first, the target last. */
  reasonChain: string[];
  /** The target this step serves (in a goal-first plan, the one it was scheduled for). */
  target: string;
  isTarget: boolean;
  /** The weeks this step is scheduled in; empty when it is already done. */
  weeks: number[];
}

export interface Deadline {
  weeks: number;
  feasible: boolean;
  hoursPerWeekNeeded: number;
  /** Targets that fit within the deadline, taken in the order given, with their prerequisites. */
  targetsThatFit: string[];
  /** Steps to leave out so the rest fits (breadth first, then supporting); empty when the deadline is met. */
  drop: string[];
  /** The targets the plan still reaches once `drop` is left out. */
  reachedAfterDrop: string[];
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
  deadline?: Deadline;
}

const RANK: Record<Priority, number> = { CORE: 0, SUPPORTING: 1, BREADTH: 2 };

/** A plan's graph indexed once: concepts by id and the edges both ways. */
export interface PreparedGraph extends PrereqIndex {
  byId: ReadonlyMap<string, PlannerConcept>;
}

export function prepareGraph(concepts: PlannerConcept[], edges: PrereqEdge[]): PreparedGraph {
  return { byId: new Map(concepts.map((c) => [c.id, c])), ...indexEdges(edges) };
}

export function plan(input: PlannerInput): Plan {
  if (!(input.hoursPerWeek > 0)) throw new Error('hoursPerWeek must be above 0');
  if ((input.hoursSpent ?? 0) < 0) throw new Error('hoursSpent cannot be negative');
  const { byId, requires, dependents } = input.prepared ?? prepareGraph(input.concepts, input.edges);
  const known = reachable(input.known, requires);
  const targets = goals(input.targets, byId);
  const closureOf = (id: string) => [...reachable([id], requires)].filter((c) => !known.has(c) && byId.has(c));
  const closures = new Map(targets.map((t) => [t.concept, closureOf(t.concept)]));
  const needed = [...new Set(targets.flatMap((t) => closures.get(t.concept)!))];
  const neededSet = new Set(needed);
  const courseRank = (id: string) => byId.get(id)!.chapterNumber * 1e4 + byId.get(id)!.position;

  const { order, servedBy } =
    (input.order ?? 'GOAL_FIRST') === 'GOAL_FIRST'
      ? goalFirstOrder(targets, closures, requires, byId, courseRank)
      : courseOrder(needed, neededSet, targets, requires, dependents, byId);

  const priorityOf = new Map<string, Priority>();
  for (const t of targets)
    for (const id of closures.get(t.concept)!)
      if (!priorityOf.has(id) || RANK[t.priority] < RANK[priorityOf.get(id)!]) priorityOf.set(id, t.priority);
  const whyOf = new Map(targets.map((t) => [t.concept, t.why]));
  let spent = input.hoursSpent ?? 0;
  const steps: Step[] = order.map((id) => {
    const hours = byId.get(id)!.hours;
    const own = Math.min(hours, input.spentOn?.get(id) ?? 0);
    const done = own + Math.min(hours - own, spent);
    spent -= done - own;
    const target = servedBy.get(id)!;
    const chain = chainTo(id, target, dependents, new Set(closures.get(target)));
    return {
      concept: id,
      hours,
      remainingHours: round2(hours - done),
      priority: priorityOf.get(id)!,
      reason: reasonOf(chain, whyOf.get(target)!, byId),
      reasonChain: chain,
      target,
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
    const left = (ids: Iterable<string>) => [...ids].reduce((s, id) => s + (stepOf.get(id)?.remainingHours ?? 0), 0);
    /**
     * Targets taken greedily in the given order while their steps, with those already kept, fit the budget. With
     * `strict`, once a target of some priority does not fit, no target of a lower priority is taken.
     */
    const fitting = (ids: string[], strict = false) => {
      const fit: string[] = [];
      const kept = new Set<string>();
      const priority = new Map(targets.map((t) => [t.concept, RANK[t.priority]]));
      let failed = Infinity;
      for (const t of ids) {
        if (strict && priority.get(t)! > failed) break;
        const more = closures.get(t)!.filter((id) => !kept.has(id));
        if (left(kept) + left(more) > budget + 1e-9) {
          failed = Math.min(failed, priority.get(t)!);
          continue;
        }
        fit.push(t);
        for (const id of more) kept.add(id);
      }
      return { fit, kept };
    };
    const feasible = weeks.length <= input.deadlineWeeks;
    // Priority first, then plan order: breadth is dropped before supporting, supporting before core.
    const position = new Map(order.map((id, i) => [id, i]));
    const byPriority = [...targets]
      .sort((a, b) => RANK[a.priority] - RANK[b.priority] || position.get(a.concept)! - position.get(b.concept)!)
      .map((t) => t.concept);
    const reduced = feasible ? undefined : fitting(byPriority, true);
    result.deadline = {
      weeks: input.deadlineWeeks,
      feasible,
      hoursPerWeekNeeded: hoursPerWeekFor(steps, input.deadlineWeeks),
      targetsThatFit: fitting(targets.map((t) => t.concept)).fit,
      drop: reduced ? order.filter((id) => !reduced.kept.has(id) && stepOf.get(id)!.remainingHours > 0) : [],
      reachedAfterDrop: reduced ? reduced.fit : targets.map((t) => t.concept),
    };
  }
  return result;
}

/** The targets once each, in the order given, with the highest priority any entry gave it; unknown ids ignored. */
function goals(list: PlannerTarget[], byId: ReadonlyMap<string, PlannerConcept>): Required<PlannerTarget>[] {
  const out = new Map<string, Required<PlannerTarget>>();
  for (const t of list) {
    if (!byId.has(t.concept)) continue;
    const priority = t.priority ?? 'CORE';
    const seen = out.get(t.concept);
    if (!seen) out.set(t.concept, { concept: t.concept, why: t.why, priority });
    else if (RANK[priority] < RANK[seen.priority]) out.set(t.concept, { ...seen, why: t.why, priority });
  }
  return [...out.values()];
}

/**
 * Goal first: core targets, then supporting, then breadth; within a priority, the target with the fewest steps left
 * to reach (its prerequisites not yet planned; then the fewest hours) goes next, and its missing closure is added in
 * a valid order that follows the course where the graph leaves a choice. Each step serves the target it was added for.
 */
function goalFirstOrder(
  targets: Required<PlannerTarget>[],
  closures: Map<string, string[]>,
  requires: PrereqIndex['requires'],
  byId: ReadonlyMap<string, PlannerConcept>,
  courseRank: (id: string) => number,
): { order: string[]; servedBy: Map<string, string> } {
  const order: string[] = [];
  const servedBy = new Map<string, string>();
  // Hours and count left per target, lowered as its closure's concepts get planned.
  const cost = new Map(targets.map((t) => [t.concept, { hours: 0, count: 0 }]));
  const holders = new Map<string, string[]>();
  for (const t of targets)
    for (const id of closures.get(t.concept)!) {
      const c = cost.get(t.concept)!;
      c.hours += byId.get(id)!.hours;
      c.count += 1;
      holders.set(id, [...(holders.get(id) ?? []), t.concept]);
    }
  for (const priority of PRIORITIES) {
    const pending = new Set(targets.filter((t) => t.priority === priority).map((t) => t.concept));
    while (pending.size) {
      let best: string | undefined;
      for (const t of pending) {
        if (best === undefined) {
          best = t;
          continue;
        }
        const [a, b] = [cost.get(t)!, cost.get(best)!];
        const better =
          a.count - b.count || a.hours - b.hours || courseRank(t) - courseRank(best) || t.localeCompare(best);
        if (better < 0) best = t;
      }
      pending.delete(best!);
      const missing = closures.get(best!)!.filter((id) => !servedBy.has(id));
      for (const id of learningOrder(missing, requires, courseRank)) {
        order.push(id);
        servedBy.set(id, best!);
        for (const h of holders.get(id)!) {
          const c = cost.get(h)!;
          c.hours -= byId.get(id)!.hours;
          c.count -= 1;
        }
      }
    }
  }
  return { order, servedBy };
}

/**
 * Course order: Kahn's topological order, choosing among the ready steps by rank. The chapter number dominates the
 * rank, so a chapter is finished before the next starts unless a prerequisite forces a detour. Inside a chapter, steps
 * that unlock the most remaining steps per study hour come first, then the chapter's own teaching order; the id
 * breaks the last ties. Each step serves its nearest target.
 */
function courseOrder(
  needed: string[],
  neededSet: Set<string>,
  targets: Required<PlannerTarget>[],
  requires: PrereqIndex['requires'],
  dependents: PrereqIndex['dependents'],
  byId: ReadonlyMap<string, PlannerConcept>,
): { order: string[]; servedBy: Map<string, string> } {
  const unlockRate = (id: string) =>
    (dependents.get(id) ?? []).filter((d) => neededSet.has(d)).length / Math.max(byId.get(id)!.hours, 0.5);
  const ranks = new Map(
    needed.map((id) => {
      const c = byId.get(id)!;
      return [id, c.chapterNumber * 1e7 + (1000 - Math.min(999, Math.round(unlockRate(id) * 100))) * 1e3 + c.position];
    }),
  );
  const order = learningOrder(needed, requires, (id) => ranks.get(id)!);
  const isTarget = new Set(targets.map((t) => t.concept));
  const servedBy = new Map(order.map((id) => [id, nearestTarget(id, isTarget, dependents, neededSet)]));
  return { order, servedBy };
}

/** The nearest target reached by following dependents inside the plan (breadth first, ids sorted for ties). */
function nearestTarget(id: string, isTarget: Set<string>, dependents: PrereqIndex['dependents'], inside: Set<string>) {
  const queue = [id];
  const seen = new Set([id]);
  while (queue.length) {
    const cur = queue.shift()!;
    if (isTarget.has(cur)) return cur;
    for (const d of (dependents.get(cur) ?? []).filter((x) => inside.has(x) && !seen.has(x)).sort()) {
      seen.add(d);
      queue.push(d);
    }
  }
  throw new Error(`planner: ${id} serves no target`);
}

/** The shortest path of dependents from `id` to `target` inside the target's closure: [id, ..., target]. */
function chainTo(id: string, target: string, dependents: PrereqIndex['dependents'], inside: Set<string>): string[] {
  const prev = new Map<string, string>();
  const queue = [id];
  const seen = new Set([id]);
  while (queue.length && !seen.has(target)) {
    const cur = queue.shift()!;
    for (const d of (dependents.get(cur) ?? []).filter((x) => inside.has(x) && !seen.has(x)).sort()) {
      seen.add(d);
      prev.set(d, cur);
      queue.push(d);
    }
  }
  const chain = [target];
  while (chain[0] !== id) chain.unshift(prev.get(chain[0]!)!);
  return chain;
}

/**
 * One sentence of at most REASON_MAX characters: the target's own why on a target; otherwise "needed for <next>
 * on the way to <target>, which <why>", shortened as far as needed to fit.
 */
function reasonOf(chain: string[], why: string, byId: ReadonlyMap<string, PlannerConcept>): string {
  if (chain.length === 1) return clip(why.replace('{it}', ' it'));
  const name = (id: string) => byId.get(id)!.name;
  const target = name(chain.at(-1)!);
  const which = `which ${why.replace('{it}', '')}`;
  const candidates = [
    chain.length > 2 ? `needed for ${name(chain[1]!)} on the way to ${target}, ${which}` : undefined,
    `needed for ${target}, ${which}`,
    chain.length > 2 ? `needed for ${name(chain[1]!)} on the way to ${target}` : undefined,
    `needed for ${target}`,
  ];
  return clip(candidates.find((c) => c && c.length <= REASON_MAX) ?? `needed for ${target}`);
}

const clip = (s: string) => (s.length <= REASON_MAX ? s : `${s.slice(0, REASON_MAX - 1)}…`);

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
