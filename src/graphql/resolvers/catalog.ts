import { listPage, type Neighbour } from '../../db/nodes.js';
import { CATALOG, reads, recordReads, type CatalogKind, type CatalogRelation } from '../catalog.js';
import type { Context } from '../context.js';
import { listQuery, refuseUnknown } from '../../db/list-query.js';
import { connection, pageWindow, type PageArgs } from '../pagination.js';
import { sourcesOf, toDoc, toGraph, type GraphNode } from './node.js';

type Resolver = (parent: any, args: any, ctx: Context) => unknown;
type ResolverMap = Record<string, Record<string, Resolver>>;

/**
 * The resolvers graphql-js runs when the compiler leaves an operation to it, or for nodes a compiled plan does not
 * reach (those returned by roots outside the catalog): relationships through the per-request DataLoaders.
 */
function relationResolver(rel: CatalogRelation): Resolver {
  const wrap = (row: Neighbour) => {
    const node = toGraph(row.node);
    if (!rel.edge) return node;
    const props = Object.entries(rel.edge.props).map(([field, prop]) => [field, row.edge?.[prop] ?? null]);
    return { [rel.edge.node]: node, ...Object.fromEntries(props) };
  };
  return async (parent: GraphNode, _args, ctx) => {
    const rows = await ctx.loaders.related(parent.id, rel);
    return rel.list ? rows.map(wrap) : rows[0] ? wrap(rows[0]) : null;
  };
}

function listResolver(kind: CatalogKind): Resolver {
  return async (_parent, args: PageArgs & Record<string, unknown>, ctx) => {
    const query = listQuery(kind, pageWindow(args), args);
    const page = await listPage(ctx.db, ctx.nodes, query);
    refuseUnknown(page);
    return connection(page.nodes.map(toGraph), page.total, query.skip);
  };
}

function byIdResolver(kind: CatalogKind): Resolver {
  return async (_parent, { id }: { id: string }, ctx) => {
    const node = await ctx.loaders.node.load(id);
    return node && node.label === kind.label ? toGraph(node) : null;
  };
}

const parseJson = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);
/** A field stored as JSON text under its own name (Neo4j properties cannot nest), shaped by `shape`. */
const json = (field: string, shape: (value: any) => unknown) =>
  reads([field], (p: GraphNode) => shape(parseJson(p[field])));

/** Fields stored as JSON text and their GraphQL shapes. */
const JSON_FIELDS: ResolverMap = {
  TradeOff: {
    variants: json('variants', (variants: { source: { doc: string } }[] | undefined) =>
      (variants ?? []).map((v) => ({ ...v, source: { ...v.source, doc: toDoc(v.source.doc) } })),
    ),
  },
  DeploymentTarget: { resources: json('resources', (resources) => resources ?? []) },
  CareerPath: { salary: json('salary', (salary) => salary) },
  Technology: {
    outlook: json('outlook', (outlook: Record<string, string>) =>
      Object.entries(outlook).map(([horizon, text]) => ({ horizon, outlook: text })),
    ),
  },
  CaseStudy: { facets: json('facets', (facets) => facets) },
  OpenSourceProject: {
    contributionAreas: reads(['contributionAreas'], (p: GraphNode) => {
      const areas = p.contributionAreas;
      if (Array.isArray(areas)) return areas;
      if (typeof areas !== 'string') return [];
      return areas.startsWith('[') ? (JSON.parse(areas) as string[]) : [areas];
    }),
  },
};

/** Resolvers for every kind of the catalog: list query, lookup by id, relationship fields and sources. */
export function catalogResolvers(): ResolverMap {
  const map: ResolverMap = { Query: {} };
  for (const kind of CATALOG) {
    map.Query![kind.listQuery] = listResolver(kind);
    map.Query![kind.byIdQuery] = byIdResolver(kind);
    const fields: Record<string, Resolver> = { sources: sourcesOf, ...JSON_FIELDS[kind.type] };
    recordReads(kind.type, fields);
    for (const rel of kind.relations) fields[rel.field] = relationResolver(rel);
    map[kind.type] = fields;
  }
  return map;
}
