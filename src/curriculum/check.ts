import { learningOrder } from '../prereq/order.js';
import { round2 } from '../roadmap/schedule.js';
import type { CourseIndex } from './course.js';

/**
 * Checks an educator's own ordered units against the REQUIRES edges, and proposes fixes that keep their structure.
 *
 * Concepts in the same unit are taught together, so a prerequisite in the same unit is in order. For each direct
 * prerequisite of a taught concept that is not assumed known:
 * - TAUGHT_LATE: it is taught in a later unit than the concept that needs it;
 * - NOT_TAUGHT: it is in no unit.
 *
 * Fixes, one problem at a time (the first remaining one), each on the units as the previous fixes left them. No fix
 * lets a unit that receives concepts grow beyond the capacity (hours per unit: given, or else the largest unit's).
 * - A late prerequisite: either it moves earlier, into a unit no later than the first one that needs it (with those
 *   of its own prerequisites that would then come after it), or the concepts that need it too early move later, into
 *   its unit or a later one (with their own dependents that would then come before them). When the receiving unit
 *   would be over capacity, concepts that can go elsewhere without creating a problem make room (each counts as a
 *   move); a unit the move would empty gets one of them back when that is possible. The candidate that empties no
 *   unit wins, then the one with the fewest moves, then moving the prerequisite, then the unit nearest to where the
 *   concepts were. Only when no unit can take them do the dependents go to new units after the last one.
 * - A missing prerequisite: assume it known (with its own prerequisites), or add it to a unit at or before the first
 *   one that needs it that has room. It is added when it belongs to a chapter the syllabus already teaches from and
 *   a unit has room; otherwise it is assumed known (students bring it from earlier study). Its own missing
 *   prerequisites then come up as problems of their own.
 * No fix creates a late prerequisite, so applying them all (`fixedUnits`, with `assumed` added to what is known)
 * leaves no problem.
 */
export type IssueKind = 'TAUGHT_LATE' | 'NOT_TAUGHT';
export type FixAction =
  | 'MOVE_PREREQUISITES_EARLIER'
  | 'MOVE_DEPENDENTS_LATER'
  | 'MOVE_DEPENDENTS_TO_NEW_UNIT'
  | 'ADD_PREREQUISITE'
  | 'ASSUME_KNOWN';

export interface Issue {
  kind: IssueKind;
  concept: string;
  unit: number;
  prerequisite: string;
  prerequisiteUnit: number | null;
  reason: string;
}

export interface Move {
  concept: string;
  /** The unit it leaves; null for a concept added to the syllabus. */
  from: number | null;
  to: number;
}

export interface Fix {
  action: FixAction;
  prerequisite: string;
  /** The unit the prerequisite or its dependents go to (index from 0); null when the prerequisite is assumed known. */
  unit: number | null;
  /** Every concept the fix places, the main group first, then those moved to make room. */
  moves: Move[];
  /** The actions that could fix this problem within the capacity, the chosen one first. */
  options: FixAction[];
}

/** The concepts a fix adds to the syllabus, and those it moves between units. */
export const addedBy = (fix: Fix) => fix.moves.filter((m) => m.from === null).map((m) => m.concept);
export const movedBy = (fix: Fix) => fix.moves.filter((m) => m.from !== null).map((m) => m.concept);

export interface CheckResult {
  issues: Issue[];
  fixes: Fix[];
  fixedUnits: string[][];
  /** Prerequisites the fixes propose to assume known (their own prerequisites count as known too). */
  assumed: string[];
  /** Hours per unit the fixes respect. */
  capacity: number;
}

const EPS = 1e-9;

export const unitHours = (index: CourseIndex, unit: string[]): number =>
  round2(unit.reduce((s, c) => s + index.hours(c), 0));

export function findIssues(index: CourseIndex, units: string[][], known: Set<string>): Issue[] {
  const unitOf = unitMap(units);
  const issues: Issue[] = [];
  units.forEach((unit, i) => {
    for (const c of unit) {
      for (const p of index.prerequisites.get(c) ?? []) {
        if (known.has(p)) continue;
        const u = unitOf.get(p);
        if (u === undefined || u > i)
          issues.push({
            kind: u === undefined ? 'NOT_TAUGHT' : 'TAUGHT_LATE',
            concept: c,
            unit: i,
            prerequisite: p,
            prerequisiteUnit: u ?? null,
            reason: index.reasonOf(c, p),
          });
      }
    }
  });
  return issues;
}

export function checkSyllabus(
  index: CourseIndex,
  units: string[][],
  opts: { known: Set<string>; capacity?: number | null },
): CheckResult {
  const issues = findIssues(index, units, opts.known);
  const capacity = opts.capacity ?? Math.max(0, ...units.map((u) => unitHours(index, u)));
  const scope = new Set(units.flat().map((c) => index.concept.get(c)?.chapter));
  let current = units.map((u) => [...u]);
  const known = new Set(opts.known);
  const assumed: string[] = [];
  const fixes: Fix[] = [];
  // Each fix solves its problem without creating a late prerequisite; added and assumed concepts come from a finite
  // course, so the loop ends. The bound only guards against a broken invariant.
  for (let guard = 0; guard <= issues.length + 2 * index.course.concepts.length + 1; guard++) {
    const first = findIssues(index, current, known)[0];
    if (!first) return { issues, fixes, fixedUnits: current, assumed, capacity };
    const layout = new Layout(index, current);
    const fix =
      first.kind === 'NOT_TAUGHT'
        ? missingFix(index, layout, known, first.prerequisite, capacity, scope)
        : lateFix(index, layout, known, first.prerequisite, capacity);
    if (fix.action === 'ASSUME_KNOWN') {
      assumed.push(fix.prerequisite);
      for (const id of index.prerequisiteClosure([fix.prerequisite])) if (!layout.unitOf.has(id)) known.add(id);
    }
    current = applyFix(current, fix);
    fixes.push(fix);
  }
  throw new Error('checkSyllabus: fixes did not converge');
}

/** The units after a fix: groups moved earlier (and added concepts) lead their unit, the others follow. */
export function applyFix(units: string[][], fix: Fix): string[][] {
  const going = new Set(fix.moves.map((m) => m.concept));
  const next = units.map((u) => u.filter((c) => !going.has(c)));
  for (const m of fix.moves) {
    while (next.length <= m.to) next.push([]);
    const earlier = m.from === null || m.from > m.to;
    next[m.to] = earlier ? [m.concept, ...next[m.to]!] : [...next[m.to]!, m.concept];
  }
  // Concepts joining at the front keep the order they were listed in.
  for (const to of new Set(fix.moves.map((m) => m.to))) {
    const front = fix.moves.filter((m) => m.to === to && (m.from === null || m.from > m.to)).map((m) => m.concept);
    next[to] = [...front, ...next[to]!.filter((c) => !front.includes(c))];
  }
  return next;
}

function unitMap(units: string[][]): Map<string, number> {
  const unitOf = new Map<string, number>();
  units.forEach((unit, i) => unit.forEach((c) => unitOf.set(c, i)));
  return unitOf;
}

/** Where each concept is and how full each unit is, cheap to copy while candidates are tried. */
class Layout {
  unitOf: Map<string, number>;
  hours: number[];
  count: number[];

  constructor(
    private readonly index: CourseIndex,
    units: string[][] | Layout,
  ) {
    if (units instanceof Layout) {
      this.unitOf = new Map(units.unitOf);
      this.hours = [...units.hours];
      this.count = [...units.count];
    } else {
      this.unitOf = unitMap(units);
      this.hours = units.map((u) => unitHours(index, u));
      this.count = units.map((u) => u.length);
    }
  }

  copy(): Layout {
    return new Layout(this.index, this);
  }

  move(concept: string, to: number): void {
    const h = this.index.hours(concept);
    const from = this.unitOf.get(concept);
    if (from !== undefined) {
      this.hours[from] = round2(this.hours[from]! - h);
      this.count[from]!--;
    }
    while (this.hours.length <= to) {
      this.hours.push(0);
      this.count.push(0);
    }
    this.hours[to] = round2(this.hours[to]! + h);
    this.count[to]!++;
    this.unitOf.set(concept, to);
  }

  in(unit: number): string[] {
    return [...this.unitOf].filter(([, u]) => u === unit).map(([c]) => c);
  }

  /** True when `concept` may sit in `unit` without a taught prerequisite after it or a taught dependent before it. */
  fits(concept: string, unit: number, known: Set<string>): boolean {
    const prerequisites = this.index.prerequisites.get(concept) ?? [];
    const dependents = this.index.dependents.get(concept) ?? [];
    return (
      prerequisites.every((p) => known.has(p) || (this.unitOf.get(p) ?? -Infinity) <= unit) &&
      dependents.every((d) => (this.unitOf.get(d) ?? Infinity) >= unit)
    );
  }
}

/** The first unit holding a concept that directly needs `p`. */
function firstNeed(index: CourseIndex, unitOf: Map<string, number>, p: string): number {
  return Math.min(...(index.dependents.get(p) ?? []).filter((d) => unitOf.has(d)).map((d) => unitOf.get(d)!));
}

/** `start` and, transitively, the taught prerequisites of the collected concepts that would come after unit `to`. */
function pullEarlier(index: CourseIndex, unitOf: Map<string, number>, known: Set<string>, start: string, to: number) {
  const out = new Set<string>();
  const stack = [start];
  while (stack.length) {
    const id = stack.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    for (const p of index.prerequisites.get(id) ?? []) if (!known.has(p) && (unitOf.get(p) ?? -1) > to) stack.push(p);
  }
  return [...out].sort(index.byRank);
}

/**
 * Dependents of `p` taught before its unit `from`, and transitively the dependents of the collected concepts that
 * would then come before unit `to`.
 */
function pushLater(index: CourseIndex, unitOf: Map<string, number>, p: string, from: number, to: number) {
  const out = new Set<string>();
  const stack = (index.dependents.get(p) ?? []).filter((d) => (unitOf.get(d) ?? Infinity) < from);
  while (stack.length) {
    const id = stack.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    for (const d of index.dependents.get(id) ?? []) if ((unitOf.get(d) ?? Infinity) < to) stack.push(d);
  }
  return [...out].sort(index.byRank);
}

interface Candidate {
  action: FixAction;
  unit: number;
  moves: Move[];
  emptied: number;
  distance: number;
}

/**
 * The group placed in `unit`, then concepts moved out of it while it is over capacity, then one concept given back
 * to each unit the move emptied; `keep` (the prerequisite being fixed) stays. Null when the unit cannot be brought
 * within the capacity.
 */
function place(
  index: CourseIndex,
  base: Layout,
  known: Set<string>,
  group: string[],
  unit: number,
  capacity: number,
  keep: string,
): { moves: Move[]; emptied: number } | null {
  const layout = base.copy();
  const moves: Move[] = group.map((c) => ({ concept: c, from: base.unitOf.get(c) ?? null, to: unit }));
  for (const c of group) layout.move(c, unit);
  const fixed = new Set([...group, keep]);
  /** Concepts of `unit` that may go to another unit with room, each with the nearest such unit. */
  const movable = (only?: number) =>
    layout
      .in(unit)
      .filter((c) => !fixed.has(c))
      .flatMap((c) => {
        const targets = (only === undefined ? layout.hours.map((_, v) => v) : [only])
          .filter((v) => v !== unit && layout.hours[v]! + index.hours(c) <= capacity + EPS && layout.fits(c, v, known))
          .sort((a, b) => Math.abs(a - unit) - Math.abs(b - unit) || b - a);
        return targets.length ? [{ concept: c, to: targets[0]! }] : [];
      });
  const later = (a: { concept: string }, b: { concept: string }) => index.byRank(b.concept, a.concept);
  while (layout.hours[unit]! > capacity + EPS) {
    const excess = layout.hours[unit]! - capacity;
    const options = movable();
    if (!options.length) return null;
    const enough = options.filter((o) => index.hours(o.concept) >= excess - EPS);
    const pick = enough.length
      ? enough.sort((a, b) => index.hours(a.concept) - index.hours(b.concept) || later(a, b))[0]!
      : options.sort((a, b) => index.hours(b.concept) - index.hours(a.concept) || later(a, b))[0]!;
    moves.push({ concept: pick.concept, from: unit, to: pick.to });
    layout.move(pick.concept, pick.to);
    fixed.add(pick.concept);
  }
  const emptied = () => base.count.map((n, u) => (n > 0 && layout.count[u] === 0 ? u : -1)).filter((u) => u >= 0);
  for (const e of emptied()) {
    const back = movable(e).sort(later)[0];
    if (back && layout.count[unit]! > 1) {
      moves.push({ concept: back.concept, from: unit, to: e });
      layout.move(back.concept, e);
      fixed.add(back.concept);
    }
  }
  return { moves, emptied: emptied().length };
}

function lateFix(index: CourseIndex, base: Layout, known: Set<string>, p: string, capacity: number): Fix {
  const j = base.unitOf.get(p)!;
  const a = firstNeed(index, base.unitOf, p);
  const units = base.hours.length;
  const candidates: Candidate[] = [];
  for (let u = 0; u <= a; u++) {
    const placed = place(index, base, known, pullEarlier(index, base.unitOf, known, p, u), u, capacity, p);
    if (placed) candidates.push({ action: 'MOVE_PREREQUISITES_EARLIER', unit: u, ...placed, distance: a - u });
  }
  for (let u = j; u < units; u++) {
    const placed = place(index, base, known, pushLater(index, base.unitOf, p, j, u), u, capacity, p);
    if (placed) candidates.push({ action: 'MOVE_DEPENDENTS_LATER', unit: u, ...placed, distance: u - j });
  }
  const order = (c: Candidate) =>
    [c.emptied, c.moves.length, c.action === 'MOVE_PREREQUISITES_EARLIER' ? 0 : 1, c.distance, c.unit] as const;
  candidates.sort((x, y) => {
    const [a1, b1] = [order(x), order(y)];
    for (let i = 0; i < a1.length; i++) if (a1[i] !== b1[i]) return a1[i]! - b1[i]!;
    return 0;
  });
  const options = [...new Set(candidates.map((c) => c.action))];
  const best = candidates[0];
  if (best) return { action: best.action, prerequisite: p, unit: best.unit, moves: best.moves, options };

  // No existing unit has room: the dependents (and everything that depends on them) go to new units at the end,
  // packed in a valid order within the capacity.
  const stack = (index.dependents.get(p) ?? []).filter((d) => (base.unitOf.get(d) ?? Infinity) < j);
  const moving = new Set<string>();
  while (stack.length) {
    const id = stack.pop()!;
    if (moving.has(id)) continue;
    moving.add(id);
    for (const d of index.dependents.get(id) ?? []) if (base.unitOf.has(d)) stack.push(d);
  }
  const group = learningOrder([...moving], index.edgesAmong(moving), index.rank);
  const moves: Move[] = [];
  let unit = units;
  let hours = 0;
  for (const c of group) {
    if (hours > 0 && hours + index.hours(c) > capacity + EPS) [unit, hours] = [unit + 1, 0];
    moves.push({ concept: c, from: base.unitOf.get(c)!, to: unit });
    hours += index.hours(c);
  }
  return { action: 'MOVE_DEPENDENTS_TO_NEW_UNIT', prerequisite: p, unit: units, moves, options: [] };
}

function missingFix(
  index: CourseIndex,
  base: Layout,
  known: Set<string>,
  p: string,
  capacity: number,
  scope: Set<string | undefined>,
): Fix {
  const a = firstNeed(index, base.unitOf, p);
  let room: number | null = null;
  for (let u = a; u >= 0 && room === null; u--)
    if (base.hours[u]! + index.hours(p) <= capacity + EPS && base.fits(p, u, known)) room = u;
  const inScope = scope.has(index.concept.get(p)?.chapter);
  const add = room !== null && inScope;
  const options: FixAction[] =
    room === null
      ? ['ASSUME_KNOWN']
      : add
        ? ['ADD_PREREQUISITE', 'ASSUME_KNOWN']
        : ['ASSUME_KNOWN', 'ADD_PREREQUISITE'];
  return add
    ? {
        action: 'ADD_PREREQUISITE',
        prerequisite: p,
        unit: room,
        moves: [{ concept: p, from: null, to: room! }],
        options,
      }
    : { action: 'ASSUME_KNOWN', prerequisite: p, unit: null, moves: [], options };
}

export const CHECK_RULE =
  'Concepts in one unit are taught together, so a prerequisite in the same unit is in order. A prerequisite taught in a later unit than a concept that needs it is TAUGHT_LATE; one in no unit and not assumed known is NOT_TAUGHT. ' +
  'No fix lets a receiving unit grow beyond the capacity (hours per unit, given or the largest unit). A late prerequisite moves earlier, or the concepts needing it move later, whichever empties no unit and takes the fewest moves (concepts moved to make room count); on a tie the prerequisite moves. Only when no unit has room do the dependents go to new units at the end. ' +
  'A missing prerequisite is added where it is needed when it comes from a chapter the syllabus teaches and a unit has room; otherwise it is proposed as assumed knowledge. Fixes apply one after another and never create a late prerequisite.';

/** A fix in words, units counted from 0 as in the input. */
export function explainFix(index: CourseIndex, fix: Fix): string {
  const name = (id: string) => index.concept.get(id)?.name ?? id;
  const list = (moves: Move[]) => moves.map((m) => name(m.concept)).join(', ');
  const p = name(fix.prerequisite);
  const main = fix.moves.filter((m) => m.to === fix.unit);
  const room = fix.moves.filter((m) => m.to !== fix.unit);
  const making = room.length
    ? `; so that no unit goes over its hours or is left empty, ${room.map((m) => `${name(m.concept)} moves from unit ${m.from} to unit ${m.to}`).join(', ')}`
    : '';
  switch (fix.action) {
    case 'MOVE_PREREQUISITES_EARLIER':
      return `Move ${list(main)} into unit ${fix.unit}, so ${p} comes no later than the first unit that needs it${making}.`;
    case 'MOVE_DEPENDENTS_LATER':
      return `Move ${list(main)} into unit ${fix.unit}, where ${p} is taught or later: fewer moves than bringing ${p} forward${making}.`;
    case 'MOVE_DEPENDENTS_TO_NEW_UNIT':
      return `No unit has room: move ${list(fix.moves)} to new units after the last one (from unit ${fix.unit}), after ${p}.`;
    case 'ADD_PREREQUISITE':
      return `Add ${p} to unit ${fix.unit}, which has room and comes no later than the first unit that needs it; or assume it known.`;
    case 'ASSUME_KNOWN':
      return fix.options.includes('ADD_PREREQUISITE')
        ? `Assume ${p} known (with its prerequisites): it comes from a chapter this syllabus does not teach; or add it to a unit that needs it.`
        : `Assume ${p} known (with its prerequisites): no unit at or before the first one that needs it has room for it.`;
  }
}
