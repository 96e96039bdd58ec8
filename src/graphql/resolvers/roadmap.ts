import { addDays, type DocStep, type RoadmapDoc } from '../../roadmap/doc.js';
import { roadmapICalendar } from '../../roadmap/export/icalendar.js';
import { roadmapMarkdown } from '../../roadmap/export/markdown.js';
import { roadmapMermaid } from '../../roadmap/export/mermaid.js';
import type { Deadline, Order } from '../../roadmap/planner.js';
import type { RoadmapOptions } from '../../roadmap/service.js';
import type { WeekItem } from '../../roadmap/schedule.js';
import { CATALOG } from '../catalog.js';
import type { Context } from '../context.js';
import { badInput, boundedList } from '../errors.js';
import { sourcesOf, toGraph } from './node.js';
import { INPUT_BOUNDS as B } from '../../bounds.js';

const BOUNDS = {
  roles: B.roadmapRoles.max,
  skills: B.roleSkills.max,
  specializations: B.roadmapSpecializations.max,
  chapters: B.roadmapChapters.max,
  concepts: B.roadmapConcepts.max,
  minHoursPerWeek: B.hoursPerWeek.min,
  hoursPerWeek: B.hoursPerWeek.max,
  years: [B.startYear.min, B.startYear.max] as const,
  deadlineWeeks: B.deadlineWeeks.max,
  hoursSpent: B.hoursSpent.max,
  perStep: B.stepItems.max,
};
const conceptRelation = (field: string) =>
  CATALOG.find((k) => k.type === 'Concept')!.relations.find((r) => r.field === field)!;
const RESOURCES = conceptRelation('resources');
const QUESTIONS = conceptRelation('questions');

type Input = Partial<Omit<RoadmapOptions, 'hoursPerWeek'>> & {
  hoursPerWeek: number;
  deadlineWeeks?: number | null;
  startDate?: string | null;
  hoursSpent?: number | null;
  order?: Order | null;
};

function isoDate(value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const valid = match && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;
  const [from, to] = BOUNDS.years;
  if (!valid || Number(match[1]) < from || Number(match[1]) > to)
    throw badInput(
      `"startDate" must be a calendar date written YYYY-MM-DD, from ${from} to ${to}; got ${JSON.stringify(value.slice(0, 40))}`,
      'startDate',
    );
  return value;
}

/** Checks the input's shape and bounds; ids are checked against the graph by the planner's target resolution. */
export function roadmapOptions(input: Input): RoadmapOptions {
  const roles = boundedList(input.roles, BOUNDS.roles, 'roles');
  for (const r of roles) boundedList(r.skills, BOUNDS.skills, 'roles.skills');
  if (new Set(roles.map((r) => r.role)).size !== roles.length)
    throw badInput('Each role may be given once in "roles"', 'roles');
  const options: RoadmapOptions = {
    roles,
    specializations: boundedList(input.specializations, BOUNDS.specializations, 'specializations'),
    chapters: boundedList(input.chapters, BOUNDS.chapters, 'chapters'),
    concepts: boundedList(input.concepts, BOUNDS.concepts, 'concepts'),
    knownConcepts: boundedList(input.knownConcepts, BOUNDS.concepts, 'knownConcepts'),
    knownChapters: boundedList(input.knownChapters, BOUNDS.chapters, 'knownChapters'),
    hoursPerWeek: input.hoursPerWeek,
    deadlineWeeks: input.deadlineWeeks ?? undefined,
    startDate: input.startDate == null ? undefined : isoDate(input.startDate),
    hoursSpent: input.hoursSpent ?? 0,
    order: input.order ?? 'GOAL_FIRST',
  };
  if (!(options.hoursPerWeek >= BOUNDS.minHoursPerWeek && options.hoursPerWeek <= BOUNDS.hoursPerWeek)) {
    throw badInput(
      `"hoursPerWeek" must be from ${BOUNDS.minHoursPerWeek} to ${BOUNDS.hoursPerWeek}; got ${options.hoursPerWeek}`,
      'hoursPerWeek',
    );
  }
  if (
    options.deadlineWeeks !== undefined &&
    !(options.deadlineWeeks >= 1 && options.deadlineWeeks <= BOUNDS.deadlineWeeks)
  ) {
    throw badInput(
      `"deadlineWeeks" must be between 1 and ${BOUNDS.deadlineWeeks}; got ${options.deadlineWeeks}`,
      'deadlineWeeks',
    );
  }
  if (!(options.hoursSpent! >= 0 && options.hoursSpent! <= BOUNDS.hoursSpent)) {
    throw badInput(`"hoursSpent" must be between 0 and ${BOUNDS.hoursSpent}; got ${options.hoursSpent}`, 'hoursSpent');
  }
  if (!roles.length && !options.specializations.length && !options.chapters.length && !options.concepts.length) {
    throw badInput('Give at least one target: a role, specialization, chapter or concept', 'input');
  }
  return options;
}

function perStep(first: number): number {
  if (!Number.isInteger(first) || first < 1 || first > BOUNDS.perStep)
    throw badInput(`"first" must be between 1 and ${BOUNDS.perStep}; got ${first}`, 'first');
  return first;
}

const node = (id: string, ctx: Context) => ctx.loaders.node.load(id).then(toGraph);

export const roadmapResolvers = {
  Query: {
    roadmap: async (_: unknown, { input }: { input: Input }, ctx: Context) => {
      return ctx.roadmaps.build(roadmapOptions(input));
    },
  },
  Roadmap: {
    totalWeeks: (doc: RoadmapDoc) => doc.weeks.length,
    reviewsPerWeek: (doc: RoadmapDoc) => doc.reviewsPerWeek ?? 0,
    reviewHoursPerWeek: (doc: RoadmapDoc) => doc.reviewHoursPerWeek ?? 0,
    endDate: (doc: RoadmapDoc) => (doc.startDate && doc.weeks.length ? addDays(doc.weeks.at(-1)!.startDate!, 6) : null),
    fringe: (doc: RoadmapDoc, _: unknown, ctx: Context) => doc.fringe.map((id) => node(id, ctx)),
    markdown: (doc: RoadmapDoc) => roadmapMarkdown(doc),
    mermaid: (doc: RoadmapDoc) => roadmapMermaid(doc),
    iCalendar: (doc: RoadmapDoc, { timeZone }: { timeZone?: string | null }) => {
      if (!doc.startDate) throw badInput('The iCalendar export needs "startDate" in the input', 'startDate');
      if (timeZone != null && timeZone.length > B.timeZone.max)
        throw badInput(`"timeZone" is at most ${B.timeZone.max} characters`, 'timeZone');
      return roadmapICalendar(
        { ...doc, startDate: doc.startDate },
        { owner: doc.owner, timeZone: timeZone ?? undefined },
      );
    },
  },
  RoadmapStep: {
    concept: (s: DocStep, _: unknown, ctx: Context) => node(s.concept, ctx),
    chapter: (s: DocStep, _: unknown, ctx: Context) => node(s.chapter, ctx),
    after: (s: DocStep, _: unknown, ctx: Context) => s.after.map((id) => node(id, ctx)),
    reasonChain: (s: DocStep, _: unknown, ctx: Context) => s.reasonChain.map((id) => node(id, ctx)),
    target: (s: DocStep, _: unknown, ctx: Context) => node(s.target, ctx),
    sources: async (s: DocStep, _: unknown, ctx: Context) => sourcesOf((await node(s.concept, ctx))!),
    resources: async (s: DocStep, { first }: { first: number }, ctx: Context) =>
      (await ctx.loaders.related(s.concept, RESOURCES)).slice(0, perStep(first)).map((r) => toGraph(r.node)),
    questions: async (s: DocStep, { first }: { first: number }, ctx: Context) =>
      (await ctx.loaders.related(s.concept, QUESTIONS)).slice(0, perStep(first)).map((r) => toGraph(r.node)),
  },
  RoadmapWeekItem: {
    concept: (item: WeekItem, _: unknown, ctx: Context) => node(item.concept, ctx),
    part: (item: WeekItem) => item.part?.n ?? null,
    parts: (item: WeekItem) => item.part?.of ?? null,
  },
  RoadmapMilestone: {
    chapter: (m: { chapter: string }, _: unknown, ctx: Context) => node(m.chapter, ctx),
  },
  RoadmapDeadline: {
    targetsThatFit: (d: Deadline, _: unknown, ctx: Context) => d.targetsThatFit.map((id) => node(id, ctx)),
    drop: (d: Deadline, _: unknown, ctx: Context) => d.drop.map((id) => node(id, ctx)),
    reachedAfterDrop: (d: Deadline, _: unknown, ctx: Context) => d.reachedAfterDrop.map((id) => node(id, ctx)),
  },
};
