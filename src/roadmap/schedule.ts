import { INPUT_BOUNDS } from '../bounds.js';
import { InputError } from '../errors.js';
/** Weekly pacing shared by roadmaps and syllabi: hours rounded to hundredths, steps packed into weeks in order. */

export const round2 = (x: number): number => Math.round(x * 100) / 100;

/** No plan is packed into more weeks than this (ten years); longer ones are refused with PlanTooLongError. */
export const MAX_PLAN_WEEKS = INPUT_BOUNDS.planWeeks.max;

export class PlanTooLongError extends InputError {
  override name = 'PlanTooLongError';
  constructor(readonly hoursPerWeek: number) {
    super(
      `At ${hoursPerWeek} hours a week this plan needs more than ${MAX_PLAN_WEEKS} weeks; give more hours a week or fewer targets`,
      'hoursPerWeek',
    );
  }
}

export interface WeekItem {
  concept: string;
  hours: number;
  /** Set when a step longer than a week is split: part n of `of`. */
  part?: { n: number; of: number };
}

export interface Week {
  number: number;
  hours: number;
  items: WeekItem[];
}

/**
 * Packs steps into weeks in order, never above the weekly hours; a step longer than a week is split across weeks.
 * Throws PlanTooLongError past MAX_PLAN_WEEKS weeks (at once when the hours alone need that many).
 */
export function schedule(steps: { concept: string; hours: number }[], hoursPerWeek: number): Week[] {
  const total = steps.reduce((sum, s) => sum + Math.max(s.hours, 0), 0);
  if (!(hoursPerWeek > 0) || total / hoursPerWeek > MAX_PLAN_WEEKS) throw new PlanTooLongError(hoursPerWeek);
  const weeks: Week[] = [];
  let current: Week = { number: 1, hours: 0, items: [] };
  const close = () => {
    if (current.items.length) weeks.push(current);
    if (weeks.length > MAX_PLAN_WEEKS) throw new PlanTooLongError(hoursPerWeek);
    current = { number: weeks.length + 1, hours: 0, items: [] };
  };
  for (const step of steps) {
    if (step.hours <= 0) continue;
    if (step.hours <= hoursPerWeek) {
      if (current.hours + step.hours > hoursPerWeek + 1e-9) close();
      current.items.push({ concept: step.concept, hours: step.hours });
      current.hours = round2(current.hours + step.hours);
      continue;
    }
    const parts: number[] = [];
    let left = step.hours;
    const first = Math.min(left, hoursPerWeek - current.hours);
    if (first > 1e-9) {
      parts.push(first);
      left -= first;
    }
    while (left > 1e-9) {
      parts.push(Math.min(left, hoursPerWeek));
      left -= Math.min(left, hoursPerWeek);
    }
    parts.forEach((h, i) => {
      if (i > 0 || current.hours + h > hoursPerWeek + 1e-9) close();
      current.items.push({ concept: step.concept, hours: round2(h), part: { n: i + 1, of: parts.length } });
      current.hours = round2(current.hours + h);
    });
  }
  close();
  return weeks;
}

/** Whether the steps fit in `weeks` weeks at this pace (a plan too long to pack does not). */
export function fitsIn(steps: { concept: string; hours: number }[], hoursPerWeek: number, weeks: number): boolean {
  try {
    return schedule(steps, hoursPerWeek).length <= weeks;
  } catch (err) {
    if (err instanceof PlanTooLongError) return false;
    throw err;
  }
}
