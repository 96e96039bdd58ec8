import type { GraphQLResolveInfo } from 'graphql';
import { listPage, plannedNode, type Neighbour } from '../../db/nodes.js';
import { CATALOG, EDGE_WRAPPERS } from '../catalog.js';
import type { CatalogKind, CatalogRelation } from '../catalog-types.js';
import type { Context } from '../context.js';
import { listQuery, refuseUnknown } from '../list-query.js';
import { connection, type PageArgs } from '../pagination.js';
import { PLANNED, planConnection, planNode } from '../planner.js';
import { sourcesOf, toDoc, toGraph, type GraphNode } from './node.js';

type Resolver = (parent: any, args: any, ctx: Context, info: GraphQLResolveInfo) => unknown;
type ResolverMap = Record<string, Record<string, Resolver>>;

/**
 * A relationship field: a list of neighbours, a single neighbour, or (with an edge property) wrapped edges. A value
 * planned into the parent by the root resolver is returned as is (synchronously: hot nested reads create no promise
 * per field); otherwise the per-request DataLoader reads it.
 */
function relationResolver(rel: CatalogRelation): Resolver {
  const load = async (parent: GraphNode, ctx: Context) => {
    const rows = await ctx.loaders.related(parent.id, rel);
    if (rel.edge) return rows.map((r) => ({ node: toGraph(r.node), edge: r.edge, rule: r.rule }));
    if (rel.list) return rows.map((r) => toGraph(r.node));
    return toGraph(rows[0]?.node ?? null);
  };
  return (parent: GraphNode, _args, ctx) => {
    const planned = (parent[PLANNED] as Record<string, unknown> | undefined)?.[rel.field];
    return planned !== undefined ? planned : load(parent, ctx);
  };
}

function listResolver(kind: CatalogKind): Resolver {
  return async (_parent, args: PageArgs & Record<string, unknown>, ctx, info) => {
    const query = listQuery(kind, args);
    const project = planConnection(kind.type, info.fieldNodes[0]!.selectionSet, 'n', info);
    if (project) {
      const page = await listPage<GraphNode>(ctx.db, { ...query, project });
      refuseUnknown(page);
      return connection(page.nodes, page.total, query.skip);
    }
    const page = await listPage(ctx.db, query);
    refuseUnknown(page);
    return connection(page.nodes.map(toGraph), page.total, query.skip);
  };
}

/** Whether a planned projection reads relationships (otherwise the batched node loader is as good). */
const readsRelations = (project: string) => project.includes(PLANNED);

function byIdResolver(kind: CatalogKind): Resolver {
  return async (_parent, { id }: { id: string }, ctx, info) => {
    const project = planNode(kind.type, info.fieldNodes[0]!.selectionSet, 'n', info);
    if (project && readsRelations(project)) return plannedNode<GraphNode>(ctx.db, kind.label, id, project);
    const node = await ctx.loaders.node.load(id);
    return node && node.label === kind.label ? toGraph(node) : null;
  };
}

const parseJson = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);

/** Fields stored as JSON text (Neo4j properties cannot nest) and their GraphQL shapes. */
const JSON_FIELDS: ResolverMap = {
  TradeOff: {
    variants: (p: GraphNode) =>
      ((parseJson(p.variants) as { source: { doc: string } }[] | undefined) ?? []).map((v) => ({
        ...v,
        source: { ...v.source, doc: toDoc(v.source.doc) },
      })),
  },
  DeploymentTarget: { resources: (p: GraphNode) => parseJson(p.resources) ?? [] },
  CareerPath: { salary: (p: GraphNode) => parseJson(p.salary) },
  Technology: {
    outlook: (p: GraphNode) =>
      Object.entries(parseJson(p.outlook) as Record<string, string>).map(([horizon, outlook]) => ({
        horizon,
        outlook,
      })),
  },
  CaseStudy: { facets: (p: GraphNode) => parseJson(p.facets) },
  OpenSourceProject: {
    contributionAreas: (p: GraphNode) => {
      const areas = p.contributionAreas;
      if (Array.isArray(areas)) return areas;
      if (typeof areas !== 'string') return [];
      return areas.startsWith('[') ? (JSON.parse(areas) as string[]) : [areas];
    },
  },
};

/** The shapes that carry an edge property beside the neighbour (`Neighbour.edge`) and maybe its derivation rule. */
function edgeWrapperResolvers(): ResolverMap {
  const map: ResolverMap = {};
  for (const [type, w] of Object.entries(EDGE_WRAPPERS)) {
    map[type] = {
      [w.node]: (e: Neighbour) => e.node,
      [w.edge]: (e: Neighbour) => e.edge,
      ...(w.rule ? { [w.rule]: (e: Neighbour) => e.rule } : {}),
    };
  }
  return map;
}

/** Resolvers for every kind of the catalog: list query, lookup by id, relationship fields and sources. */
export function catalogResolvers(): ResolverMap {
  const map: ResolverMap = { Query: {}, ...edgeWrapperResolvers() };
  for (const kind of CATALOG) {
    map.Query![kind.listQuery] = listResolver(kind);
    map.Query![kind.byIdQuery] = byIdResolver(kind);
    const fields: Record<string, Resolver> = { sources: sourcesOf, ...JSON_FIELDS[kind.type] };
    for (const rel of kind.relations) fields[rel.field] = relationResolver(rel);
    map[kind.type] = fields;
  }
  return map;
}
