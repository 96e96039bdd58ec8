import { schedule } from '../roadmap/schedule.js';
import type { CourseIndex } from './course.js';

/**
 * Compression: when the plan needs more weeks than the term has, propose concepts to drop until it fits.
 *
 * The rule, applied one concept at a time until the packed plan fits in the weeks:
 * 1. Targets are never dropped. When every other concept is gone and the targets alone still do not fit, the proposal
 *    keeps them all and says so (`fits: false`).
 * 2. Prefer a concept nothing kept depends on (dropping it breaks no prerequisite). Only when no such concept is
 *    left, drop one that kept concepts need, the one with the fewest kept dependents; those losses are reported.
 * 3. Among equals, drop the concept that costs the least coverage per hour saved (the objectives and review
 *    questions that name it), then the longer one, then the later one in the course.
 */
export interface Dropped {
  concept: string;
  hours: number;
  /** Kept concepts that list this one as a direct prerequisite (empty when nothing kept needs it). */
  neededBy: string[];
}

export interface Loss {
  /** A kept concept ... */
  concept: string;
  /** ... and its direct prerequisites that the proposal drops. */
  missing: string[];
}

export interface Compression {
  kept: string[];
  dropped: Dropped[];
  losses: Loss[];
  fits: boolean;
}

export function compress(
  index: CourseIndex,
  order: string[],
  opts: { weeks: number; hoursPerWeek: number; targets: string[] },
): Compression {
  const targets = new Set(opts.targets);
  const kept = new Set(order);
  const stakes = new Map<string, number>();
  for (const item of [...index.course.objectives, ...index.course.questions])
    for (const c of item.concepts) stakes.set(c, (stakes.get(c) ?? 0) + 1);
  const keptDependents = (id: string) => (index.dependents.get(id) ?? []).filter((d) => kept.has(d));
  const weeksFor = () =>
    schedule(
      order.filter((id) => kept.has(id)).map((id) => ({ concept: id, hours: index.hours(id) })),
      opts.hoursPerWeek,
    ).length;

  const droppedOrder: string[] = [];
  while (weeksFor() > opts.weeks) {
    const candidates = order.filter((id) => kept.has(id) && !targets.has(id));
    if (!candidates.length) break;
    const free = candidates.filter((id) => keptDependents(id).length === 0);
    const pool = free.length ? free : candidates;
    const cost = (id: string) =>
      [keptDependents(id).length, (stakes.get(id) ?? 0) / index.hours(id), -index.hours(id), -index.rank(id)] as const;
    pool.sort((a, b) => {
      const [x, y] = [cost(a), cost(b)];
      for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
      return a.localeCompare(b);
    });
    kept.delete(pool[0]!);
    droppedOrder.push(pool[0]!);
  }

  const dropped = new Set(droppedOrder);
  const keptList = order.filter((id) => kept.has(id));
  return {
    kept: keptList,
    dropped: droppedOrder.map((id) => ({ concept: id, hours: index.hours(id), neededBy: keptDependents(id) })),
    losses: keptList
      .map((id) => ({ concept: id, missing: (index.prerequisites.get(id) ?? []).filter((p) => dropped.has(p)) }))
      .filter((l) => l.missing.length > 0),
    fits: weeksFor() <= opts.weeks,
  };
}

export const COMPRESSION_RULE =
  'Concepts are dropped one at a time until the plan fits the weeks. Targets are never dropped. First come concepts that nothing kept depends on; only when none is left, one that kept concepts need (the fewest kept dependents first), and those losses are listed. ' +
  'Among equals, the concept costing the least objective and review-question coverage per hour saved goes first, then the longer one, then the later one in the course. If the targets alone do not fit, all of them are kept and the plan says it does not fit.';
