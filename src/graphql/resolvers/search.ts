import type { SearchHit, SearchMode } from '../../search/service.js';
import { CATALOG } from '../catalog.js';
import type { Context } from '../context.js';
import { badInput } from '../errors.js';
import { toGraph } from './node.js';

/** SearchableType enum values (CONCEPT, CAREER_PATH, ...) to Neo4j labels. */
const LABELS = new Map(CATALOG.map((k) => [k.type.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase(), k.label]));

function labelsOf(types: string[] | null | undefined): string[] | null {
  if (!types?.length) return null;
  if (types.length > LABELS.size)
    throw badInput(`"types" lists at most ${LABELS.size} kinds; got ${types.length}`, 'types');
  return [...new Set(types.map((t) => LABELS.get(t)!))];
}

export const searchResolvers = {
  Query: {
    search: (
      _: unknown,
      args: { query: string; types?: string[] | null; first: number; mode: SearchMode },
      ctx: Context,
    ) => ctx.search.search({ query: args.query, labels: labelsOf(args.types), first: args.first, mode: args.mode }),
    didYouMean: (_: unknown, args: { query: string }, ctx: Context) => ctx.search.didYouMean(args.query),
    similar: (_: unknown, args: { id: string; types?: string[] | null; first: number }, ctx: Context) =>
      ctx.search.similar(args.id, labelsOf(args.types), args.first),
  },
  SearchResult: {
    node: (hit: SearchHit, _: unknown, ctx: Context) => ctx.loaders.node.load(hit.id).then(toGraph),
    alsoAs: (hit: SearchHit, _: unknown, ctx: Context) =>
      Promise.all(hit.alsoAs.map((id) => ctx.loaders.node.load(id).then(toGraph))),
  },
};
