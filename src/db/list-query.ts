import { INPUT_BOUNDS as B } from '../bounds.js';
import { badInput } from '../errors.js';
import type { Filter, Order } from '../seed/kinds.js';
import { orderBy, predicate } from './cypher.js';
import type { ListQuery, ListRef } from './nodes.js';

/** A kind as its list is read: its label, stable order and filters (graphql/catalog.ts CatalogKind). */
export interface ListedKind {
  label: string;
  order: Order[];
  filters: { arg: string; filter: Filter }[];
}

const MAX_TEXT_FILTER = B.textFilter.max;

/** A page of a kind's list, its filter arguments checked and made the list read; BAD_USER_INPUT otherwise. */
export function listQuery(
  kind: ListedKind,
  { skip, limit }: { skip: number; limit: number },
  args: Record<string, unknown>,
): Omit<ListQuery, 'project'> {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  const refs: ListRef[] = [];
  for (const { arg, filter } of kind.filters) {
    const value = args[arg];
    if (value === undefined || value === null) continue;
    if (typeof value === 'string' && value.length > MAX_TEXT_FILTER) {
      throw badInput(`"${arg}" is limited to ${MAX_TEXT_FILTER} characters; got ${value.length}`, arg);
    }
    where.push(predicate(filter, arg));
    params[arg] = value;
    if (filter.op === 'ref') refs.push({ arg, label: filter.hops.at(-1)!.target!, id: String(value) });
  }
  return { label: kind.label, where, params, order: orderBy(kind.order, 'n'), skip, limit, refs };
}

/** Refuses a page whose filters named a node that does not exist, as `roadmap` refuses unknown ids. */
export function refuseUnknown(page: { unknown: ListRef[] }): void {
  const [ref] = page.unknown;
  if (ref) throw badInput(`Unknown id "${ref.id}" in ${ref.arg}; no ${ref.label} has that id`, ref.arg);
}
