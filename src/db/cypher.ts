import type { Filter, Hop, Order, RelationField } from '../seed/kinds.js';

/**
 * The small Cypher builder of the read engine: patterns, orders and filters rendered from the relation data of
 * src/seed/kinds.ts. Labels, types, properties and parameters are that table's constants; names from GraphQL
 * documents (response keys) are quoted.
 * Pure: data in, text out.
 */

/** A quoted Cypher name; GraphQL names are [_A-Za-z][_0-9A-Za-z]*, and backticks make any name safe. */
export const q = (name: string) => `\`${name.split('`').join('``')}\``;

const label = (target: string | null) => (target ? `:${target}` : '');

/**
 * The path from variable `from` over `hops` to variable `to`; `edge` names the last relationship (only single-hop
 * relations expose theirs). Intermediate nodes are anonymous.
 */
export function path(from: string, hops: Hop[], to: string, edge = '', end = ''): string {
  let out = `(${from})`;
  hops.forEach((hop, i) => {
    const last = i === hops.length - 1;
    const rel = `[${last ? edge : ''}:${hop.type}]`;
    out += hop.direction === 'in' ? `<-${rel}-` : hop.direction === 'out' ? `-${rel}->` : `-${rel}-`;
    out += last ? `(${to}${label(hop.target)}${end})` : `(${label(hop.target)})`;
  });
  return out;
}

/** ORDER BY terms over neighbour `n` (and relationship `r`), ending with the id, and the relationship itself. */
export function orderBy(order: Order[], n: string, r?: string): string {
  const terms = order.map((o) => {
    const value = `${o.on === 'edge' ? r : n}.${o.prop}`;
    return `${o.lower ? `toLower(${value})` : value}${o.desc ? ' DESC' : ''}`;
  });
  // Parallel relationships to one neighbour tie on every node property; their own id orders them.
  const id = order.at(-1)?.prop === 'id' && !order.at(-1)!.on ? [] : [`${n}.id`];
  return [...terms, ...id, ...(r ? [`elementId(${r})`] : [])].join(', ');
}

/**
 * Whether rows over `hops` can repeat a neighbour: any path but one directed relationship kept in the row (which
 * is one row per relationship) can, since parallel relationships, both directions and longer paths all do.
 */
export const mayRepeat = (hops: Hop[], keepsEdge: boolean) =>
  !keepsEdge || hops.length !== 1 || hops[0]!.direction === 'both';

/** Whether a relation keeps its relationship in the row: it serves relationship properties or orders by one. */
export const keepsEdge = (rel: RelationField) => rel.edge !== undefined || rel.order.some((o) => o.on === 'edge');

/** A list filter as a predicate over `n` with parameter `$arg`. */
export function predicate(filter: Filter, arg: string): string {
  const p = `$${arg}`;
  switch (filter.op) {
    case 'ref':
      return path('n', filter.hops, '', '', ` {id: ${p}}`);
    case 'eq':
      return `n.${filter.prop} = ${p}`;
    case 'gte':
      return `n.${filter.prop} >= ${p}`;
    case 'lte':
      return `n.${filter.prop} <= ${p}`;
    case 'prefix':
      return `toLower(n.${filter.prop}) STARTS WITH toLower(${p})`;
    case 'present':
      return `(n.${filter.prop} IS NOT NULL) = ${p}`;
  }
}
