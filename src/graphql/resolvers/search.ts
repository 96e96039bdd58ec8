import type DataLoader from 'dataloader';
import { placesLoader, type ResultPlace } from '../../db/search.js';
import type { Database } from '../../db/database.js';
import type { SearchHit, SearchMode } from '../../search/service.js';
import { CATALOG } from '../catalog.js';
import type { Context } from '../context.js';
import { badInput } from '../../errors.js';
import { pinned, toGraph } from './node.js';

/** SearchableType enum values (CONCEPT, CAREER_PATH, ...) to Neo4j labels. */
const LABELS = new Map(CATALOG.map((k) => [k.type.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase(), k.label]));

function labelsOf(types: string[] | null | undefined): string[] | null {
  if (!types?.length) return null;
  if (types.length > LABELS.size)
    throw badInput(`"types" lists at most ${LABELS.size} kinds; got ${types.length}`, 'types');
  return [...new Set(types.map((t) => LABELS.get(t)!))];
}

/** A result as resolvers see it: with one loader per result list for the chapters and URLs, read only if asked. */
type Result = SearchHit & { places: DataLoader<string, ResultPlace | undefined> };

function withPlaces(db: Database, hits: SearchHit[] | null): Result[] | null {
  if (!hits) return null;
  const places = placesLoader(db);
  return hits.map((h) => ({ ...h, places }));
}

/** A concept's own field (difficulty, hours), null for other kinds. */
const conceptField = (field: string) => async (hit: Result, _: unknown, ctx: Context) => {
  const node = await ctx.loaders.node.load(hit.id);
  return node?.label === 'Concept' ? (node.props[field] ?? null) : null;
};

export const searchResolvers = {
  Query: {
    search: async (
      _: unknown,
      args: { query: string; types?: string[] | null; first: number; mode: SearchMode },
      ctx: Context,
    ) => {
      const found = await ctx.search.searchAt({
        query: args.query,
        labels: labelsOf(args.types),
        first: args.first,
        mode: args.mode,
      });
      return withPlaces(ctx.db, pinned(found, ctx).hits);
    },
    didYouMean: (_: unknown, args: { query: string }, ctx: Context) => ctx.search.didYouMean(args.query),
    similar: async (_: unknown, args: { id: string; types?: string[] | null; first: number }, ctx: Context) =>
      withPlaces(ctx.db, await ctx.search.similar(args.id, labelsOf(args.types), args.first)),
  },
  SearchResult: {
    node: (hit: SearchHit, _: unknown, ctx: Context) => ctx.loaders.node.load(hit.id).then(toGraph),
    chapter: async (hit: Result, _: unknown, ctx: Context) => {
      const chapter = (await hit.places.load(hit.id))?.chapter;
      return chapter ? toGraph(await ctx.loaders.node.load(chapter)) : null;
    },
    url: async (hit: Result) => (await hit.places.load(hit.id))?.url ?? null,
    difficulty: conceptField('difficulty'),
    hours: conceptField('hours'),
    alsoAs: (hit: SearchHit, _: unknown, ctx: Context) =>
      Promise.all(hit.alsoAs.map((id) => ctx.loaders.node.load(id).then(toGraph))),
  },
};
