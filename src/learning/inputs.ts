import { boundedList } from '../arguments.js';
import { INPUT_BOUNDS as B } from '../bounds.js';
import { badInput } from '../errors.js';
import { roadmapOptions } from '../roadmap/options.js';
import type { LearnerGoal } from './service.js';

/** A goal checked like a roadmap input (bounds, dates), without known concepts or hours spent. */
export function goalOf(goal: Record<string, unknown>): LearnerGoal {
  const { knownConcepts: _k, knownChapters: _c, hoursSpent: _h, ...rest } = roadmapOptions(goal as never);
  return rest;
}

/** The end of a YYYY-MM-DD day (UTC), or of today. */
export function endOfDay(on: string | null | undefined): Date {
  const day = on ?? new Date().toISOString().slice(0, 10);
  const date = new Date(`${day}T23:59:59.999Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day)
    throw badInput(`"on" must be a calendar date written YYYY-MM-DD; got "${day.slice(0, 40)}"`, 'on');
  return date;
}

/** Concept ids a learner mutation acts on: at least one, within the bound, without repeats. */
export function conceptsArg(list: string[], max: number, argumentName: string): string[] {
  const concepts = boundedList(list, max, argumentName);
  if (!concepts.length) throw badInput(`"${argumentName}" needs at least one concept id`, argumentName);
  return concepts;
}

/** Hours of one study session. */
export function studyHours(hours: number): number {
  const max = B.studyHours.max;
  if (!(hours >= 0 && hours <= max)) throw badInput(`"hours" must be between 0 and ${max}; got ${hours}`, 'hours');
  return hours;
}
