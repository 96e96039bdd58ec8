import { firstArg, uuidArg } from '../../arguments.js';
import { INPUT_BOUNDS as B } from '../../bounds.js';
import { requireScope } from '../../curation/auth.js';
import type { LearnerRow } from '../../db/learners.js';
import { conceptsArg, endOfDay, goalOf, studyHours } from '../../learning/inputs.js';
import type { ReviewRating } from '../../learning/review.js';
import type { PlacementView } from '../../learning/service.js';
import { nextSteps } from '../../roadmap/next-steps.js';
import type { Context } from '../context.js';
import { badInput } from '../../errors.js';
import { pinned, toGraph } from './node.js';

/** The key's name, when it may keep learners. */
const owner = (ctx: Context) => requireScope(ctx.caller, 'learners', 'Learner records');
const learnerId = (value: string, argument: string) => uuidArg(value, argument, 'a learner id');
/** The key's name and the learner a mutation names in its `learner` argument, both checked. */
const learnerOf = (ctx: Context, learner: string) => ({ who: owner(ctx), id: learnerId(learner, 'learner') });

const node = (id: string, ctx: Context) => ctx.loaders.node.load(id).then(toGraph);
/** The resolvers of a type that holds a concept's id under `concept`. */
const ofConcept = { concept: (k: { concept: string }, _: unknown, ctx: Context) => node(k.concept, ctx) };

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
      const { who, id } = learnerOf(ctx, args.learner);
      const concepts = conceptsArg(args.concepts, B.declaredConcepts.max, 'concepts');
      const entries = concepts.map((concept) => ({ concept, confidence: 1 }));
      await ctx.learners.markKnown(who, id, entries, 'DECLARED');
      return ctx.learners.get(who, id);
    },
    recordReview: async (
      _: unknown,
      args: { learner: string; concept: string; rating: ReviewRating },
      ctx: Context,
    ) => {
      const { who, id } = learnerOf(ctx, args.learner);
      const credited = await ctx.learners.recordReview(who, id, args.concept.slice(0, 200), args.rating);
      return { learner: await ctx.learners.get(who, id), credited };
    },
    startPlacement: async (_: unknown, args: { learner: string; targets: string[] }, ctx: Context) => {
      const who = owner(ctx);
      const targets = conceptsArg(args.targets, B.placementTargets.max, 'targets');
      return pinned(await ctx.learners.startPlacement(who, learnerId(args.learner, 'learner'), targets), ctx);
    },
    answerPlacement: async (
      _: unknown,
      args: { placement: string; question: string; correct: boolean },
      ctx: Context,
    ) => {
      const who = owner(ctx);
      const placement = uuidArg(args.placement, 'placement', 'a placement id');
      return pinned(await ctx.learners.answerPlacement(who, placement, args.question.slice(0, 200), args.correct), ctx);
    },
    recordStudy: async (
      _: unknown,
      args: { learner: string; concept: string; status: 'STARTED' | 'DONE'; hours: number },
      ctx: Context,
    ) => {
      const { who, id } = learnerOf(ctx, args.learner);
      const study = { concept: args.concept, status: args.status, hours: studyHours(args.hours) };
      await ctx.learners.recordStudy(who, id, study);
      return ctx.learners.get(who, id);
    },
  },
  Placement: {
    targets: (p: PlacementView, _: unknown, ctx: Context) => p.targets.map((id) => node(id, ctx)),
    question: (p: PlacementView, _: unknown, ctx: Context) => (p.question ? node(p.question, ctx) : null),
    known: (p: PlacementView, _: unknown, ctx: Context) => p.known.map((id) => node(id, ctx)),
    readyToLearn: (p: PlacementView, _: unknown, ctx: Context) => p.readyToLearn.map((id) => node(id, ctx)),
  },
  ConceptBelief: ofConcept,
  ReviewResult: {
    credited: (r: { credited: string[] }, _: unknown, ctx: Context) => r.credited.map((id) => node(id, ctx)),
  },
  DueReview: ofConcept,
  Learner: {
    dueReviews: (l: LearnerRow, { on }: { on?: string | null }, ctx: Context) =>
      ctx.learners.dueReviews(l.owner, l.id, endOfDay(on)),
    known: async (l: LearnerRow, _: unknown, ctx: Context) => (await ctx.learners.state(l.owner, l.id)).known,
    progress: async (l: LearnerRow, _: unknown, ctx: Context) => (await ctx.learners.state(l.owner, l.id)).studies,
    roadmap: async (l: LearnerRow, { goal }: { goal: Record<string, unknown> }, ctx: Context) =>
      pinned(await ctx.learners.roadmap(l.owner, l.id, goalOf(goal)), ctx),
    nextSteps: async (
      l: LearnerRow,
      { goal, first }: { goal: Record<string, unknown>; first: number },
      ctx: Context,
    ) => {
      firstArg(first, B.stepItems.max);
      return nextSteps(pinned(await ctx.learners.roadmap(l.owner, l.id, goalOf(goal)), ctx), first);
    },
  },
  KnownConcept: ofConcept,
  StudyRecord: ofConcept,
  NextStep: ofConcept,
};
