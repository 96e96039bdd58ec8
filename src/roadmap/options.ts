import { boundedList } from '../arguments.js';
import { INPUT_BOUNDS as B } from '../bounds.js';
import { badInput } from '../errors.js';
import type { RoadmapDoc } from './doc.js';
import type { Order } from './planner.js';
import type { RoadmapOptions } from './service.js';

/** A roadmap request as a client sends it (RoadmapInput, or a learner's goal): lists and numbers not yet checked. */
export type RoadmapInput = Partial<Omit<RoadmapOptions, 'hoursPerWeek'>> & {
  hoursPerWeek: number;
  deadlineWeeks?: number | null;
  startDate?: string | null;
  hoursSpent?: number | null;
  order?: Order | null;
};

function isoDate(value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const valid = match && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;
  const [from, to] = [B.startYear.min, B.startYear.max];
  if (!valid || Number(match[1]) < from || Number(match[1]) > to)
    throw badInput(
      `"startDate" must be a calendar date written YYYY-MM-DD, from ${from} to ${to}; got ${JSON.stringify(value.slice(0, 40))}`,
      'startDate',
    );
  return value;
}

/** Checks the input's shape and bounds; ids are checked against the graph by the planner's target resolution. */
export function roadmapOptions(input: RoadmapInput): RoadmapOptions {
  const roles = boundedList(input.roles, B.roadmapRoles.max, 'roles');
  for (const r of roles) boundedList(r.skills, B.roleSkills.max, 'roles.skills');
  if (new Set(roles.map((r) => r.role)).size !== roles.length)
    throw badInput('Each role may be given once in "roles"', 'roles');
  const options: RoadmapOptions = {
    roles,
    specializations: boundedList(input.specializations, B.roadmapSpecializations.max, 'specializations'),
    chapters: boundedList(input.chapters, B.roadmapChapters.max, 'chapters'),
    concepts: boundedList(input.concepts, B.roadmapConcepts.max, 'concepts'),
    knownConcepts: boundedList(input.knownConcepts, B.roadmapConcepts.max, 'knownConcepts'),
    knownChapters: boundedList(input.knownChapters, B.roadmapChapters.max, 'knownChapters'),
    hoursPerWeek: input.hoursPerWeek,
    deadlineWeeks: input.deadlineWeeks ?? undefined,
    startDate: input.startDate == null ? undefined : isoDate(input.startDate),
    hoursSpent: input.hoursSpent ?? 0,
    order: input.order ?? 'GOAL_FIRST',
  };
  const { hoursPerWeek, deadlineWeeks, hoursSpent } = B;
  if (!(options.hoursPerWeek >= hoursPerWeek.min && options.hoursPerWeek <= hoursPerWeek.max)) {
    throw badInput(
      `"hoursPerWeek" must be from ${hoursPerWeek.min} to ${hoursPerWeek.max}; got ${options.hoursPerWeek}`,
      'hoursPerWeek',
    );
  }
  if (
    options.deadlineWeeks !== undefined &&
    !(options.deadlineWeeks >= 1 && options.deadlineWeeks <= deadlineWeeks.max)
  ) {
    throw badInput(
      `"deadlineWeeks" must be between 1 and ${deadlineWeeks.max}; got ${options.deadlineWeeks}`,
      'deadlineWeeks',
    );
  }
  if (!(options.hoursSpent! >= 0 && options.hoursSpent! <= hoursSpent.max)) {
    throw badInput(`"hoursSpent" must be between 0 and ${hoursSpent.max}; got ${options.hoursSpent}`, 'hoursSpent');
  }
  if (!roles.length && !options.specializations.length && !options.chapters.length && !options.concepts.length) {
    throw badInput('Give at least one target: a role, specialization, chapter or concept', 'input');
  }
  return options;
}

/** The iCalendar export's own input: it needs the plan's start date, and a time zone name of bounded length. */
export function calendarOptions(doc: RoadmapDoc, timeZone: string | null | undefined) {
  if (!doc.startDate) throw badInput('The iCalendar export needs "startDate" in the input', 'startDate');
  if (timeZone != null && timeZone.length > B.timeZone.max)
    throw badInput(`"timeZone" is at most ${B.timeZone.max} characters`, 'timeZone');
  return { doc: { ...doc, startDate: doc.startDate }, options: { owner: doc.owner, timeZone: timeZone ?? undefined } };
}
