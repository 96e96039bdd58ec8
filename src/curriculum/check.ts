import type { CourseIndex } from './course.js';

/**
 * Checks an educator's own ordered units against the REQUIRES edges, and proposes the smallest fixes.
 *
 * Concepts in the same unit are taught together, so a prerequisite in the same unit is in order. For each direct
 * prerequisite of a taught concept that is not assumed known:
 * - TAUGHT_LATE: it is taught in a later unit than the concept that needs it;
 * - NOT_TAUGHT: it is in no unit.
 *
 * Fixes, one problem at a time (the first remaining one), each on the units as the previous fixes left them:
 * - a prerequisite taught late is either moved earlier, into the first unit that needs it, together with those of
 *   its own prerequisites that would then come after it; or its too-early dependents are moved later, into its unit,
 *   together with their own dependents that would then come before them. Whichever moves fewer concepts wins; on a
 *   tie, the prerequisite moves (the educator's placement of what they build towards stays).
 * - a missing prerequisite is added to the first unit that needs it, together with its own missing prerequisites
 *   and any of its taught prerequisites that would then come after it.
 * No fix creates a new problem, so applying them all (`fixedUnits`) leaves none.
 */
export type IssueKind = 'TAUGHT_LATE' | 'NOT_TAUGHT';
export type FixAction = 'MOVE_PREREQUISITES_EARLIER' | 'MOVE_DEPENDENTS_LATER' | 'ADD_PREREQUISITES';

export interface Issue {
  kind: IssueKind;
  concept: string;
  unit: number;
  prerequisite: string;
  prerequisiteUnit: number | null;
  reason: string;
}

export interface Fix {
  action: FixAction;
  prerequisite: string;
  /** The unit the concepts go to (index in the units, from 0). */
  unit: number;
  /** Concepts added to the syllabus. */
  added: string[];
  /** Concepts moved from another unit. */
  moved: string[];
}

export interface CheckResult {
  issues: Issue[];
  fixes: Fix[];
  fixedUnits: string[][];
}

export function findIssues(index: CourseIndex, units: string[][], known: Set<string>): Issue[] {
  const unitOf = unitMap(units);
  const issues: Issue[] = [];
  units.forEach((unit, i) => {
    for (const c of unit) {
      for (const p of index.prerequisites.get(c) ?? []) {
        if (known.has(p)) continue;
        const u = unitOf.get(p);
        if (u === undefined)
          issues.push({
            kind: 'NOT_TAUGHT',
            concept: c,
            unit: i,
            prerequisite: p,
            prerequisiteUnit: null,
            reason: index.reasonOf(c, p),
          });
        else if (u > i)
          issues.push({
            kind: 'TAUGHT_LATE',
            concept: c,
            unit: i,
            prerequisite: p,
            prerequisiteUnit: u,
            reason: index.reasonOf(c, p),
          });
      }
    }
  });
  return issues;
}

export function checkSyllabus(index: CourseIndex, units: string[][], known: Set<string>): CheckResult {
  const issues = findIssues(index, units, known);
  let current = units.map((u) => [...u]);
  const fixes: Fix[] = [];
  // Each fix removes at least one problem and adds none; the bound only guards against a broken invariant.
  for (let guard = 0; guard <= issues.length + index.course.concepts.length; guard++) {
    const first = findIssues(index, current, known)[0];
    if (!first) return { issues, fixes, fixedUnits: current };
    const fix =
      first.kind === 'NOT_TAUGHT'
        ? addFix(index, current, known, first.prerequisite)
        : moveFix(index, current, known, first.prerequisite);
    current = apply(index, current, fix);
    fixes.push(fix);
  }
  throw new Error('checkSyllabus: fixes did not converge');
}

function unitMap(units: string[][]): Map<string, number> {
  const unitOf = new Map<string, number>();
  units.forEach((unit, i) => unit.forEach((c) => unitOf.set(c, i)));
  return unitOf;
}

/** The first unit holding a concept that directly needs `p`. */
function firstNeed(index: CourseIndex, unitOf: Map<string, number>, p: string): number {
  return Math.min(...(index.dependents.get(p) ?? []).filter((d) => unitOf.has(d)).map((d) => unitOf.get(d)!));
}

/** `start` and, transitively, the prerequisites of the collected concepts that would come after unit `to`. */
function pullEarlier(
  index: CourseIndex,
  unitOf: Map<string, number>,
  known: Set<string>,
  start: string,
  to: number,
  withMissing: boolean,
): string[] {
  const out = new Set<string>();
  const stack = [start];
  while (stack.length) {
    const id = stack.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    for (const p of index.prerequisites.get(id) ?? []) {
      if (known.has(p)) continue;
      const u = unitOf.get(p);
      if ((u !== undefined && u > to) || (u === undefined && withMissing)) stack.push(p);
    }
  }
  return [...out];
}

/** Dependents of `p` taught before unit `to`, and transitively their dependents that would then come before them. */
function pushLater(index: CourseIndex, unitOf: Map<string, number>, p: string, to: number): string[] {
  const out = new Set<string>();
  const stack = (index.dependents.get(p) ?? []).filter((d) => (unitOf.get(d) ?? Infinity) < to);
  while (stack.length) {
    const id = stack.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    for (const d of index.dependents.get(id) ?? []) if ((unitOf.get(d) ?? Infinity) < to) stack.push(d);
  }
  return [...out];
}

function moveFix(index: CourseIndex, units: string[][], known: Set<string>, p: string): Fix {
  const unitOf = unitMap(units);
  const j = unitOf.get(p)!;
  const a = firstNeed(index, unitOf, p);
  const earlier = pullEarlier(index, unitOf, known, p, a, false);
  const later = pushLater(index, unitOf, p, j);
  if (later.length < earlier.length)
    return { action: 'MOVE_DEPENDENTS_LATER', prerequisite: p, unit: j, added: [], moved: later.sort(index.byRank) };
  return {
    action: 'MOVE_PREREQUISITES_EARLIER',
    prerequisite: p,
    unit: a,
    added: [],
    moved: earlier.sort(index.byRank),
  };
}

function addFix(index: CourseIndex, units: string[][], known: Set<string>, p: string): Fix {
  const unitOf = unitMap(units);
  const a = firstNeed(index, unitOf, p);
  const all = pullEarlier(index, unitOf, known, p, a, true).sort(index.byRank);
  return {
    action: 'ADD_PREREQUISITES',
    prerequisite: p,
    unit: a,
    added: all.filter((c) => !unitOf.has(c)),
    moved: all.filter((c) => unitOf.has(c)),
  };
}

/** Moved and added concepts leave their units and join the target unit, prerequisites at its start, dependents at its end. */
function apply(index: CourseIndex, units: string[][], fix: Fix): string[][] {
  const going = new Set([...fix.added, ...fix.moved]);
  const next = units.map((u) => u.filter((c) => !going.has(c)));
  const joining = [...going].sort(index.byRank);
  next[fix.unit] =
    fix.action === 'MOVE_DEPENDENTS_LATER' ? [...next[fix.unit]!, ...joining] : [...joining, ...next[fix.unit]!];
  return next;
}

export const CHECK_RULE =
  'Concepts in one unit are taught together, so a prerequisite in the same unit is in order. A prerequisite taught in a later unit than a concept that needs it is TAUGHT_LATE; one in no unit and not assumed known is NOT_TAUGHT. ' +
  'A late prerequisite is fixed by whichever move touches fewer concepts: moving it (with its own prerequisites that would then come after it) into the first unit that needs it, or moving the concepts that need it too early (with their own dependents) into its unit; on a tie the prerequisite moves. ' +
  'A missing prerequisite is added, with its own missing prerequisites, to the first unit that needs it. Fixes apply one after another and never create a new issue.';

/** A fix in words, units counted from 0 as in the input. */
export function explainFix(index: CourseIndex, fix: Fix): string {
  const name = (id: string) => index.concept.get(id)?.name ?? id;
  const others = (list: string[]) => list.filter((c) => c !== fix.prerequisite).map(name);
  const also = (list: string[], what: string) => (list.length ? ` together with ${what} ${list.join(', ')}` : '');
  const p = name(fix.prerequisite);
  switch (fix.action) {
    case 'MOVE_PREREQUISITES_EARLIER':
      return `Move ${p} into unit ${fix.unit}, the first unit that needs it${also(others(fix.moved), 'its prerequisites')}.`;
    case 'MOVE_DEPENDENTS_LATER':
      return `Move ${fix.moved.map(name).join(', ')} into unit ${fix.unit}, where ${p} is taught: fewer moves than bringing ${p} forward.`;
    case 'ADD_PREREQUISITES':
      return `Add ${p} to unit ${fix.unit}, the first unit that needs it${also(others(fix.added), 'its missing prerequisites')}${fix.moved.length ? `, and move ${fix.moved.map(name).join(', ')} there too` : ''}.`;
  }
}
