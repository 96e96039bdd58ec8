import type { NodeRecord } from '../../db/nodes.js';
import type { Context } from '../context.js';
import { badInput } from '../../errors.js';
import { DOCUMENT_TITLES } from '../../seed/schema.js';
import { reads } from '../catalog.js';

export const MAX_IDS = 100;

export interface GraphNode {
  id: string;
  __typename: string;
  [key: string]: unknown;
}

/** Turns a stored node into the object resolvers see: its properties plus id and GraphQL type name. */
export function toGraph(node: NodeRecord | null): GraphNode | null {
  if (!node) return null;
  return { ...node.props, id: node.id, __typename: node.label };
}

/**
 * A value computed at a graph revision it read (a plan, a placement): the nodes it names are then loaded at that
 * revision, so they come from what other requests read at it (a plan's steps name hundreds).
 */
export function pinned<T extends { revision?: string }>(value: T, ctx: Context): T {
  if (value.revision) ctx.loaders.atRevision(value.revision);
  return value;
}

/** Seed document keys ("course-ch21") as SourceDocument enum values ("COURSE_CH21"). */
export function toDoc(doc: string): string {
  return doc.toUpperCase().replace(/-/g, '_');
}

/** A node's sources (the resolvers of Source keep editors' working notes out and write the citation). */
export const sourcesOf = reads(['sources'], (parent: GraphNode): unknown[] => {
  const raw = parent.sources;
  const list = typeof raw === 'string' ? (JSON.parse(raw) as { doc: string }[]) : [];
  return list.map((s) => ({ ...s, doc: toDoc(s.doc) }));
});

const TITLE_BY_ENUM = new Map(Object.entries(DOCUMENT_TITLES).map(([doc, title]) => [toDoc(doc), title]));

export const nodeResolvers = {
  Source: {
    citation: (s: { doc: string; section: string }) => `${TITLE_BY_ENUM.get(toDoc(s.doc)) ?? s.doc}: ${s.section}`,
    // Editors' working notes stay in the seed files.
    note: () => null,
  },
  Query: {
    node: async (_: unknown, { id }: { id: string }, ctx: Context) => toGraph(await ctx.loaders.node.load(id)),
    nodes: async (_: unknown, { ids }: { ids: string[] }, ctx: Context) => {
      if (ids.length > MAX_IDS) throw badInput(`nodes accepts at most ${MAX_IDS} ids; got ${ids.length}`, 'ids');
      const nodes = await ctx.loaders.node.loadMany(ids);
      // loadMany reports a failed batch per id; a database outage is the request's error, not a list of nulls.
      const failed = nodes.find((n) => n instanceof Error);
      if (failed) throw failed;
      return nodes.map((n) => toGraph(n as Exclude<typeof n, Error>));
    },
  },
  Node: {
    __resolveType: (parent: GraphNode) => parent.__typename,
  },
};
