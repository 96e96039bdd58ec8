import type { Plan } from './syllabus.js';
import type { PlanDocument } from './export-case.js';

/**
 * A saved plan as JSON and back. The plan is stored as it was saved (weeks, hours, what each week teaches and
 * reaches), so a later change to the graph does not change a saved syllabus; names and texts in its exports come
 * from the graph as it is.
 */
type StoredPlan = Omit<Plan, 'known'> & { known: string[] };

export function storePlan(plan: Plan): string {
  const stored: StoredPlan = { ...plan, known: [...plan.known].sort() };
  return JSON.stringify(stored);
}

export function loadPlan(json: string): Plan {
  const stored = JSON.parse(json) as StoredPlan;
  return { ...stored, known: new Set(stored.known) };
}

/** A saved syllabus as a CASE document: its own id and title, adopted, changed when it was last saved. */
export function savedDocument(row: { id: string; title: string; updatedAt: string }): PlanDocument {
  const changedAt = new Date(row.updatedAt).toISOString();
  return { identifier: row.id, title: row.title, changedAt, adoptionStatus: 'Adopted' };
}
