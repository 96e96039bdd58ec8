import type { RoadmapDoc } from './doc.js';

export interface NextStep {
  concept: string;
  /** Hours left on it. */
  hours: number;
  /** Steps of the plan it opens the way to (itself included): it and every remaining step that needs it. */
  unlocks: number;
  reason: string;
}

/**
 * What can be studied now (the plan's fringe: every prerequisite known or done), ranked by how much of the goal each
 * unlocks per hour left: the remaining steps that need it, directly or through others, itself included. Ties keep
 * plan order. Pure.
 */
export function nextSteps(doc: RoadmapDoc, first: number): NextStep[] {
  const open = doc.steps.filter((s) => s.remainingHours > 0);
  const dependents = new Map<string, string[]>();
  for (const s of open) for (const p of s.after) dependents.set(p, [...(dependents.get(p) ?? []), s.concept]);
  const isOpen = new Set(open.map((s) => s.concept));
  const unlocked = (id: string) => {
    const seen = new Set([id]);
    const stack = [id];
    while (stack.length)
      for (const d of dependents.get(stack.pop()!) ?? [])
        if (isOpen.has(d) && !seen.has(d)) {
          seen.add(d);
          stack.push(d);
        }
    return seen.size;
  };
  const position = new Map(doc.steps.map((s, i) => [s.concept, i]));
  const step = new Map(doc.steps.map((s) => [s.concept, s]));
  return doc.fringe
    .map((id) => ({
      concept: id,
      hours: step.get(id)!.remainingHours,
      unlocks: unlocked(id),
      reason: step.get(id)!.reason,
    }))
    .sort((a, b) => b.unlocks / b.hours - a.unlocks / a.hours || position.get(a.concept)! - position.get(b.concept)!)
    .slice(0, first);
}
