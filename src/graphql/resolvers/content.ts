import { nodesOfLabel } from '../../db/nodes.js';
import type { Context } from '../context.js';
import { sourcesOf, toGraph, type GraphNode } from './node.js';

async function byIdOfType(ctx: Context, id: string, type: string) {
  const node = await ctx.loaders.node.load(id);
  return node && node.label === type ? toGraph(node) : null;
}

export const contentResolvers = {
  Query: {
    parts: async (_: unknown, __: unknown, ctx: Context) => (await nodesOfLabel(ctx.db, 'Part', 'number')).map(toGraph),
    part: (_: unknown, { id }: { id: string }, ctx: Context) => byIdOfType(ctx, id, 'Part'),
    chapters: async (_: unknown, { part }: { part?: string | null }, ctx: Context) => {
      if (part) return (await ctx.loaders.related(part, 'PART_OF', 'in', 'number')).map((r) => toGraph(r.node));
      return (await nodesOfLabel(ctx.db, 'Chapter', 'number')).map(toGraph);
    },
    chapter: (_: unknown, { id }: { id: string }, ctx: Context) => byIdOfType(ctx, id, 'Chapter'),
  },
  Part: {
    chapters: async (p: GraphNode, _: unknown, ctx: Context) =>
      (await ctx.loaders.related(p.id, 'PART_OF', 'in', 'number')).map((r) => toGraph(r.node)),
    sources: sourcesOf,
  },
  Chapter: {
    part: async (c: GraphNode, _: unknown, ctx: Context) => toGraph((await ctx.loaders.related(c.id, 'PART_OF', 'out'))[0]?.node ?? null),
    sources: sourcesOf,
  },
};
