import type { NodeRecord } from '../../db/nodes.js';
import { pathBetween, type Subgraph } from '../../db/prerequisites.js';
import { depths, learningOrder } from '../../prereq/order.js';
import type { Context } from '../context.js';
import { badInput } from '../errors.js';
import { toGraph, type GraphNode } from './node.js';
import { INPUT_BOUNDS as B } from '../../bounds.js';

const MAX_CLOSURE = B.closure.max;

/** Course position of a concept: chapter first, then its place in the chapter. */
export function courseRank(node: NodeRecord): number {
  return Number(node.props.chapterNumber ?? 0) * 1000 + Number(node.props.position ?? 0);
}

function bounded(first: number): number {
  if (!Number.isInteger(first) || first < 1 || first > MAX_CLOSURE) {
    throw badInput(`"first" must be between 1 and ${MAX_CLOSURE}; got ${first}`, 'first');
  }
  return first;
}

/** The closure in learning order (prerequisites before what needs them), each with its distance from the start. */
function ordered(start: string, graph: Subgraph, direction: 'prerequisites' | 'dependents', first: number) {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const dist = depths(start, graph.edges, direction);
  const ids = graph.nodes.map((n) => n.id);
  const order =
    direction === 'prerequisites'
      ? learningOrder(ids, graph.edges, (id) => courseRank(byId.get(id)!))
      : [...ids].sort((a, b) => dist.get(a)! - dist.get(b)! || courseRank(byId.get(a)!) - courseRank(byId.get(b)!));
  return order.slice(0, first).map((id) => ({ concept: toGraph(byId.get(id)!), depth: dist.get(id)! }));
}

export const conceptResolvers = {
  Concept: {
    allPrerequisites: async (c: GraphNode, { first }: { first: number }, ctx: Context) =>
      ordered(c.id, await ctx.loaders.prerequisiteClosure.load(c.id), 'prerequisites', bounded(first)),
    unlocks: async (c: GraphNode, { first }: { first: number }, ctx: Context) =>
      ordered(c.id, await ctx.loaders.dependentClosure.load(c.id), 'dependents', bounded(first)),
  },
  Query: {
    learningPath: async (_: unknown, { from, to }: { from: string; to: string }, ctx: Context) => {
      const graph = await pathBetween(ctx.db, from, to);
      if (!graph) return null;
      const byId = new Map(graph.nodes.map((n) => [n.id, n]));
      const steps = learningOrder([...byId.keys()], graph.edges, (id) => courseRank(byId.get(id)!)).map((id) =>
        toGraph(byId.get(id)!)!,
      );
      return {
        from: await ctx.loaders.node.load(from).then(toGraph),
        to: await ctx.loaders.node.load(to).then(toGraph),
        steps,
        totalHours: steps.reduce((sum, s) => sum + Number(s.hours ?? 0), 0),
      };
    },
  },
};
