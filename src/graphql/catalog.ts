import { READS, type Filter, type Order, type RelationField } from '../seed/kinds.js';

/**
 * The GraphQL side of each node kind, derived from the one declaration (src/seed/kinds.ts READS): its list and
 * by-id queries, list order and filters, and relationship fields. Type names are the labels.
 */
export interface CatalogRelation extends RelationField {
  field: string;
  /** `Type.field`: names the relation in caches and logs. */
  key: string;
  /** The neighbour's type; null when it may be of any kind (an interface field). */
  target: string | null;
}

export interface CatalogKind {
  type: string;
  label: string;
  listQuery: string;
  byIdQuery: string;
  order: Order[];
  filters: { arg: string; filter: Filter }[];
  relations: CatalogRelation[];
}

const lowerFirst = (name: string) => name[0]!.toLowerCase() + name.slice(1);
/** "Technology" lists as "technologies", "KeyTakeaway" as "keyTakeaways". */
const plural = (name: string) =>
  name.endsWith('y') && !'aeiou'.includes(name.at(-2)!) ? `${name.slice(0, -1)}ies` : `${name}s`;

export const CATALOG: CatalogKind[] = Object.entries(READS).map(([label, spec]) => ({
  type: label,
  label,
  listQuery: lowerFirst(plural(label)),
  byIdQuery: lowerFirst(label),
  order: spec.order,
  filters: Object.entries(spec.filters ?? {}).map(([arg, filter]) => ({ arg, filter })),
  relations: Object.entries(spec.fields ?? {}).map(([field, rel]) => ({
    ...rel,
    field,
    key: `${label}.${field}`,
    target: rel.hops.at(-1)!.target,
  })),
}));

export const KIND_BY_TYPE = new Map(CATALOG.map((k) => [k.type, k]));

type Resolver = (...args: never[]) => unknown;
const FIELD_READS = new Map<string, string[]>();

/** Declares the stored properties a field resolver reads from its parent node, so a plan fetches only those. */
export const reads = <R extends Resolver>(props: string[], resolver: R): R & { reads: string[] } =>
  Object.assign(resolver, { reads: props });

/** Records the reads its resolvers declared, per `Type.field` (the executable schema holds bound copies). */
export function recordReads(type: string, fields: Record<string, Resolver & { reads?: string[] }>) {
  for (const [field, resolver] of Object.entries(fields))
    if (resolver.reads) FIELD_READS.set(`${type}.${field}`, resolver.reads);
}

/** The properties the resolver of `type.field` declared it reads; undefined: it may read any. */
export const readsOf = (type: string, field: string) => FIELD_READS.get(`${type}.${field}`);
