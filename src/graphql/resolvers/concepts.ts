import { firstArg } from '../../arguments.js';
import { INPUT_BOUNDS as B } from '../../bounds.js';
import { pathBetween, type Subgraph } from '../../db/prerequisites.js';
import { closureOrder, pathOrder } from '../../prereq/course-order.js';
import type { Context } from '../context.js';
import { toGraph, type GraphNode } from './node.js';

const ordered = (start: string, graph: Subgraph, direction: 'prerequisites' | 'dependents', first: number) =>
  closureOrder(start, graph, direction, firstArg(first, B.closure.max)).map((c) => ({
    concept: toGraph(c.node),
    depth: c.depth,
  }));

export const conceptResolvers = {
  Concept: {
    allPrerequisites: async (c: GraphNode, { first }: { first: number }, ctx: Context) =>
      ordered(c.id, await ctx.loaders.prerequisiteClosure.load(c.id), 'prerequisites', first),
    unlocks: async (c: GraphNode, { first }: { first: number }, ctx: Context) =>
      ordered(c.id, await ctx.loaders.dependentClosure.load(c.id), 'dependents', first),
  },
  Query: {
    learningPath: async (_: unknown, { from, to }: { from: string; to: string }, ctx: Context) => {
      const graph = await pathBetween(ctx.db, from, to);
      if (!graph) return null;
      const steps = pathOrder(graph).map((n) => toGraph(n)!);
      return {
        from: await ctx.loaders.node.load(from).then(toGraph),
        to: await ctx.loaders.node.load(to).then(toGraph),
        steps,
        totalHours: steps.reduce((sum, s) => sum + Number(s.hours ?? 0), 0),
      };
    },
  },
};
