import { firstArg } from '../../arguments.js';
import { INPUT_BOUNDS as B } from '../../bounds.js';
import { endDateOf, type DocStep, type RoadmapDoc } from '../../roadmap/doc.js';
import { roadmapICalendar } from '../../roadmap/export/icalendar.js';
import { roadmapMarkdown } from '../../roadmap/export/markdown.js';
import { roadmapMermaid } from '../../roadmap/export/mermaid.js';
import { calendarOptions, roadmapOptions, type RoadmapInput } from '../../roadmap/options.js';
import type { Deadline } from '../../roadmap/planner.js';
import type { WeekItem } from '../../roadmap/schedule.js';
import { CATALOG } from '../catalog.js';
import type { Context } from '../context.js';
import { pinned, sourcesOf, toGraph } from './node.js';

const conceptRelation = (field: string) =>
  CATALOG.find((k) => k.type === 'Concept')!.relations.find((r) => r.field === field)!;
const RESOURCES = conceptRelation('resources');
const QUESTIONS = conceptRelation('questions');

const node = (id: string, ctx: Context) => ctx.loaders.node.load(id).then(toGraph);

export const roadmapResolvers = {
  Query: {
    roadmap: async (_: unknown, { input }: { input: RoadmapInput }, ctx: Context) =>
      pinned(await ctx.roadmaps.build(roadmapOptions(input)), ctx),
  },
  Roadmap: {
    totalWeeks: (doc: RoadmapDoc) => doc.weeks.length,
    reviewsPerWeek: (doc: RoadmapDoc) => doc.reviewsPerWeek ?? 0,
    reviewHoursPerWeek: (doc: RoadmapDoc) => doc.reviewHoursPerWeek ?? 0,
    endDate: endDateOf,
    fringe: (doc: RoadmapDoc, _: unknown, ctx: Context) => doc.fringe.map((id) => node(id, ctx)),
    markdown: (doc: RoadmapDoc) => roadmapMarkdown(doc),
    mermaid: (doc: RoadmapDoc) => roadmapMermaid(doc),
    iCalendar: (doc: RoadmapDoc, { timeZone }: { timeZone?: string | null }) => {
      const calendar = calendarOptions(doc, timeZone);
      return roadmapICalendar(calendar.doc, calendar.options);
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
      (await ctx.loaders.related(s.concept, RESOURCES))
        .slice(0, firstArg(first, B.stepItems.max))
        .map((r) => toGraph(r.node)),
    questions: async (s: DocStep, { first }: { first: number }, ctx: Context) =>
      (await ctx.loaders.related(s.concept, QUESTIONS))
        .slice(0, firstArg(first, B.stepItems.max))
        .map((r) => toGraph(r.node)),
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
