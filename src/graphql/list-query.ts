import type { ListQuery, ListRef } from '../db/nodes.js';
import type { CatalogKind } from './catalog.js';
import { orderBy, predicate } from './cypher.js';
import { badInput } from './errors.js';
import { pageWindow, type PageArgs } from './pagination.js';
import { INPUT_BOUNDS as B } from '../bounds.js';

const MAX_TEXT_FILTER = B.textFilter.max;

/** A kind's list arguments (page window and filters) checked and made the list read; BAD_USER_INPUT otherwise. */
export function listQuery(kind: CatalogKind, args: PageArgs & Record<string, unknown>): Omit<ListQuery, 'project'> {
  const { skip, limit } = pageWindow(args);
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
