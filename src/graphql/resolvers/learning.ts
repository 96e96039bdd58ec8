import type { LearnerRow } from '../../db/learners.js';
import type { ReviewRating } from '../../learning/review.js';
import type { LearnerGoal, PlacementView } from '../../learning/service.js';
import { nextSteps } from '../../roadmap/next-steps.js';
import { requireScope, type Context } from '../context.js';
import { badInput, boundedList } from '../errors.js';
import { toGraph } from './node.js';
import { roadmapOptions } from './roadmap.js';
import { INPUT_BOUNDS as B } from '../../bounds.js';

const BOUNDS = {
  concepts: B.declaredConcepts.max,
  hours: B.studyHours.max,
  first: B.stepItems.max,
  targets: B.placementTargets.max,
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The key's name, when it may keep learners. */
const owner = (ctx: Context) => requireScope(ctx, 'learners', 'Learner records');

function learnerId(value: string, argument: string): string {
  if (!UUID.test(value))
    throw badInput(`"${argument}" is a learner id, a lower-case UUID; got "${value.slice(0, 60)}"`, argument);
  return value;
}

/** A goal checked like a roadmap input (bounds, dates), without known concepts or hours spent. */
function goalOf(goal: Record<string, unknown>): LearnerGoal {
  const { knownConcepts: _k, knownChapters: _c, hoursSpent: _h, ...rest } = roadmapOptions(goal as never);
  return rest;
}

/** The end of a YYYY-MM-DD day (UTC), or of today. */
function endOfDay(on: string | null | undefined): Date {
  const day = on ?? new Date().toISOString().slice(0, 10);
  const date = new Date(`${day}T23:59:59.999Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day)
    throw badInput(`"on" must be a calendar date written YYYY-MM-DD; got "${day.slice(0, 40)}"`, 'on');
  return date;
}

const node = (id: string, ctx: Context) => ctx.loaders.node.load(id).then(toGraph);

export const learningResolvers = {
  Query: {
    learner: async (_: unknown, { id }: { id: string }, ctx: Context) =>
      ctx.learners.find(owner(ctx), learnerId(id, 'id')),
  },
  Mutation: {
    createLearner: (_: unknown, __: unknown, ctx: Context) => ctx.learners.create(owner(ctx)),
    deleteLearner: async (_: unknown, { id }: { id: string }, ctx: Context) => {
      const who = owner(ctx);
      const deleted = await ctx.learners.delete(who, learnerId(id, 'id'));
      if (!deleted) throw badInput(`No learner "${id}" belongs to this key (never created, or deleted)`, 'id');
      return true;
    },
    declareKnown: async (_: unknown, args: { learner: string; concepts: string[] }, ctx: Context) => {
      const who = owner(ctx);
      const id = learnerId(args.learner, 'learner');
      const concepts = boundedList(args.concepts, BOUNDS.concepts, 'concepts');
      if (!concepts.length) throw badInput('"concepts" needs at least one concept id', 'concepts');
      await ctx.learners.markKnown(
        who,
        id,
        concepts.map((concept) => ({ concept, confidence: 1 })),
        'DECLARED',
      );
      return ctx.learners.get(who, id);
    },
    recordReview: async (
      _: unknown,
      args: { learner: string; concept: string; rating: ReviewRating },
      ctx: Context,
    ) => {
      const who = owner(ctx);
      const id = learnerId(args.learner, 'learner');
      const credited = await ctx.learners.recordReview(who, id, args.concept.slice(0, 200), args.rating);
      return { learner: await ctx.learners.get(who, id), credited };
    },
    startPlacement: async (_: unknown, args: { learner: string; targets: string[] }, ctx: Context) => {
      const who = owner(ctx);
      const targets = boundedList(args.targets, BOUNDS.targets, 'targets');
      if (!targets.length) throw badInput('"targets" needs at least one concept id', 'targets');
      return ctx.learners.startPlacement(who, learnerId(args.learner, 'learner'), targets);
    },
    answerPlacement: async (
      _: unknown,
      args: { placement: string; question: string; correct: boolean },
      ctx: Context,
    ) => {
      const who = owner(ctx);
      if (!UUID.test(args.placement))
        throw badInput(
          `"placement" is a placement id, a lower-case UUID; got "${args.placement.slice(0, 60)}"`,
          'placement',
        );
      return ctx.learners.answerPlacement(who, args.placement, args.question.slice(0, 200), args.correct);
    },
    recordStudy: async (
      _: unknown,
      args: { learner: string; concept: string; status: 'STARTED' | 'DONE'; hours: number },
      ctx: Context,
    ) => {
      const who = owner(ctx);
      const id = learnerId(args.learner, 'learner');
      if (!(args.hours >= 0 && args.hours <= BOUNDS.hours))
        throw badInput(`"hours" must be between 0 and ${BOUNDS.hours}; got ${args.hours}`, 'hours');
      await ctx.learners.recordStudy(who, id, { concept: args.concept, status: args.status, hours: args.hours });
      return ctx.learners.get(who, id);
    },
  },
  Placement: {
    targets: (p: PlacementView, _: unknown, ctx: Context) => p.targets.map((id) => node(id, ctx)),
    question: (p: PlacementView, _: unknown, ctx: Context) => (p.question ? node(p.question, ctx) : null),
    known: (p: PlacementView, _: unknown, ctx: Context) => p.known.map((id) => node(id, ctx)),
    readyToLearn: (p: PlacementView, _: unknown, ctx: Context) => p.readyToLearn.map((id) => node(id, ctx)),
  },
  ConceptBelief: { concept: (b: { concept: string }, _: unknown, ctx: Context) => node(b.concept, ctx) },
  ReviewResult: {
    credited: (r: { credited: string[] }, _: unknown, ctx: Context) => r.credited.map((id) => node(id, ctx)),
  },
  DueReview: { concept: (d: { concept: string }, _: unknown, ctx: Context) => node(d.concept, ctx) },
  Learner: {
    dueReviews: (l: LearnerRow, { on }: { on?: string | null }, ctx: Context) =>
      ctx.learners.dueReviews(l.owner, l.id, endOfDay(on)),
    known: async (l: LearnerRow, _: unknown, ctx: Context) => (await ctx.learners.state(l.owner, l.id)).known,
    progress: async (l: LearnerRow, _: unknown, ctx: Context) => (await ctx.learners.state(l.owner, l.id)).studies,
    roadmap: (l: LearnerRow, { goal }: { goal: Record<string, unknown> }, ctx: Context) =>
      ctx.learners.roadmap(l.owner, l.id, goalOf(goal)),
    nextSteps: async (
      l: LearnerRow,
      { goal, first }: { goal: Record<string, unknown>; first: number },
      ctx: Context,
    ) => {
      if (!Number.isInteger(first) || first < 1 || first > BOUNDS.first)
        throw badInput(`"first" must be between 1 and ${BOUNDS.first}; got ${first}`, 'first');
      return nextSteps(await ctx.learners.roadmap(l.owner, l.id, goalOf(goal)), first);
    },
  },
  KnownConcept: { concept: (k: { concept: string }, _: unknown, ctx: Context) => node(k.concept, ctx) },
  StudyRecord: { concept: (k: { concept: string }, _: unknown, ctx: Context) => node(k.concept, ctx) },
  NextStep: { concept: (k: { concept: string }, _: unknown, ctx: Context) => node(k.concept, ctx) },
};
