import { fitsIn } from '../roadmap/schedule.js';
import type { CourseIndex } from './course.js';
import { isReached } from './syllabus.js';

/**
 * Compression: when the plan needs more weeks than the term has, propose what to leave out until it fits. Chosen
 * content goes last. Three phases, each applied one concept at a time and only while the plan still does not fit:
 *
 * 1. ASSUME KNOWN the prerequisites the selection pulled in (taught concepts that are neither targets nor in a chosen
 *    chapter). Students are asked to bring them, so nothing chosen loses a prerequisite. Assumed knowledge grows from
 *    the bottom: a pulled-in concept is assumed only once every pulled-in prerequisite it has is (knowing a concept
 *    means knowing what it builds on). Among those, the one farthest from the chosen material goes first, then the
 *    earliest in the course.
 * 2. DROP BREADTH: concepts of the chosen chapters that no target needs (not a target, nor a prerequisite of one).
 * 3. DROP CHOSEN: the remaining concepts of the chosen chapters (prerequisites of targets). Targets are never dropped;
 *    when only they are left and they still do not fit, the proposal keeps them all and says so (`fits: false`).
 *
 * Inside phases 2 and 3, a concept nothing kept depends on goes before one that kept concepts need (the fewest kept
 * dependents first); among equals, the one costing the least objective and review-question coverage per hour saved,
 * then the longer one, then the later one in the course. Every kept concept that loses a direct prerequisite is
 * listed, and so is every objective and question the proposal no longer covers.
 */
export type DropPhase = 'BREADTH' | 'CHOSEN';

export interface Assumed {
  concept: string;
  hours: number;
  /** Kept concepts that list it as a direct prerequisite. */
  neededBy: string[];
}

export interface Dropped extends Assumed {
  phase: DropPhase;
}

export interface Loss {
  /** A kept concept ... */
  concept: string;
  /** ... and its direct prerequisites that the proposal drops. */
  missing: string[];
}

/** Objectives and review questions the full plan covers and the proposal does not, with the concepts that cost them. */
export interface CoverageLoss {
  id: string;
  /** The assumed or dropped concepts the item names. */
  because: string[];
}

export interface Compression {
  kept: string[];
  assumed: Assumed[];
  dropped: Dropped[];
  losses: Loss[];
  /** What counts as known in the proposal: the selection's known concepts plus the assumed ones. */
  known: Set<string>;
  objectivesLost: CoverageLoss[];
  questionsLost: CoverageLoss[];
  fits: boolean;
}

export interface CompressOptions {
  weeks: number;
  hoursPerWeek: number;
  targets: string[];
  /** The chosen material: the targets and the concepts of the chosen chapters. Everything else taught was pulled in. */
  chosen: string[];
  known: Set<string>;
}

export function compress(index: CourseIndex, order: string[], opts: CompressOptions): Compression {
  const targets = new Set(opts.targets);
  const chosen = new Set(opts.chosen);
  const kept = new Set(order);
  const known = new Set(opts.known);
  const keptDependents = (id: string) => (index.dependents.get(id) ?? []).filter((d) => kept.has(d));
  const fits = () =>
    fitsIn(
      order.filter((id) => kept.has(id)).map((id) => ({ concept: id, hours: index.hours(id) })),
      opts.hoursPerWeek,
      opts.weeks,
    );

  const assumedOrder: string[] = [];
  const distance = distanceToChosen(index, order, chosen);
  const pulledIn = order.filter((id) => !chosen.has(id));
  while (!fits()) {
    // A pulled-in concept is ready once none of its taught prerequisites is pulled in; the earliest one in teaching
    // order always is, so the loop ends when every pulled-in concept is assumed.
    const ready = pulledIn.filter(
      (id) => kept.has(id) && (index.prerequisites.get(id) ?? []).every((p) => !kept.has(p) || chosen.has(p)),
    );
    if (!ready.length) break;
    ready.sort((a, b) => (distance.get(b) ?? 0) - (distance.get(a) ?? 0) || index.byRank(a, b));
    kept.delete(ready[0]!);
    known.add(ready[0]!);
    assumedOrder.push(ready[0]!);
  }

  const needed = index.prerequisiteClosure(opts.targets);
  const stakes = new Map<string, number>();
  for (const item of [...index.course.objectives, ...index.course.questions])
    for (const c of item.concepts) stakes.set(c, (stakes.get(c) ?? 0) + 1);
  const cost = (id: string) =>
    [keptDependents(id).length, (stakes.get(id) ?? 0) / index.hours(id), -index.hours(id), -index.rank(id)] as const;
  const dropped: { id: string; phase: DropPhase }[] = [];
  for (const phase of ['BREADTH', 'CHOSEN'] as const) {
    const inPhase = (id: string) => !targets.has(id) && chosen.has(id) && (phase === 'CHOSEN' || !needed.has(id));
    while (!fits()) {
      const candidates = order.filter((id) => kept.has(id) && inPhase(id));
      if (!candidates.length) break;
      const free = candidates.filter((id) => keptDependents(id).length === 0);
      const pool = free.length ? free : candidates;
      pool.sort((a, b) => {
        const [x, y] = [cost(a), cost(b)];
        for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
        return a.localeCompare(b);
      });
      kept.delete(pool[0]!);
      dropped.push({ id: pool[0]!, phase });
    }
  }

  const droppedIds = new Set(dropped.map((d) => d.id));
  const keptList = order.filter((id) => kept.has(id));
  const left = new Set([...assumedOrder, ...droppedIds]);
  const full = new Set(order);
  const lost = (items: { id: string; concepts: string[] }[]): CoverageLoss[] =>
    items
      .filter((i) => isReached(i.concepts, full, opts.known) && !isReached(i.concepts, kept, known))
      .map((i) => ({ id: i.id, because: i.concepts.filter((c) => left.has(c)).sort(index.byRank) }));
  return {
    kept: keptList,
    assumed: assumedOrder.map((id) => ({ concept: id, hours: index.hours(id), neededBy: keptDependents(id) })),
    dropped: dropped.map(({ id, phase }) => ({
      concept: id,
      hours: index.hours(id),
      neededBy: keptDependents(id),
      phase,
    })),
    losses: keptList
      .map((id) => ({ concept: id, missing: (index.prerequisites.get(id) ?? []).filter((p) => droppedIds.has(p)) }))
      .filter((l) => l.missing.length > 0),
    known,
    objectivesLost: lost(index.course.objectives),
    questionsLost: lost(index.course.questions),
    fits: fits(),
  };
}

/** For each taught concept, the fewest REQUIRES edges to a chosen concept that needs it (0 for chosen ones). */
function distanceToChosen(index: CourseIndex, order: string[], chosen: Set<string>): Map<string, number> {
  const taught = new Set(order);
  const dist = new Map<string, number>();
  const queue = order.filter((id) => chosen.has(id));
  for (const id of queue) dist.set(id, 0);
  while (queue.length) {
    const id = queue.shift()!;
    for (const p of index.prerequisites.get(id) ?? [])
      if (taught.has(p) && !dist.has(p)) {
        dist.set(p, dist.get(id)! + 1);
        queue.push(p);
      }
  }
  return dist;
}

export const COMPRESSION_RULE =
  'Chosen content goes last. First, prerequisites the selection pulled in (neither targets nor in a chosen chapter) are proposed as assumed knowledge, from the bottom up (a concept only once its own pulled-in prerequisites are), farthest from the chosen material first. ' +
  'Then concepts of the chosen chapters that no target needs are dropped, and only then the other chosen concepts; targets never. Within a phase, concepts nothing kept depends on go first, then those with the fewest kept dependents; among equals the one costing the least objective and question coverage per hour saved, then the longer, then the later in the course. ' +
  'Each step is taken only while the plan still does not fit; if the targets alone do not fit, all of them are kept and the plan says it does not fit.';
