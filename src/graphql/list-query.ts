import type { ListQuery, ListRef } from '../db/nodes.js';
import type { CatalogKind } from './catalog-types.js';
import { badInput } from './errors.js';
import { pageWindow, type PageArgs } from './pagination.js';
import { INPUT_BOUNDS as B } from '../bounds.js';

const MAX_TEXT_FILTER = B.textFilter.max;

/** A filter that names a node (`(:Chapter {id: $chapter})`): the label the id must have. */
const REFERENCE = /\(:(\w+) \{id: \$(\w+)\}\)/;

/** A kind's list arguments (page window and filters) checked and made the list read; BAD_USER_INPUT otherwise. */
export function listQuery(kind: CatalogKind, args: PageArgs & Record<string, unknown>): Omit<ListQuery, 'project'> {
  const { skip, limit } = pageWindow(args);
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  const refs: ListRef[] = [];
  for (const filter of kind.filters) {
    const value = args[filter.arg];
    if (value === undefined || value === null) continue;
    if (typeof value === 'string' && value.length > MAX_TEXT_FILTER) {
      throw badInput(`"${filter.arg}" is limited to ${MAX_TEXT_FILTER} characters; got ${value.length}`, filter.arg);
    }
    where.push(filter.cypher);
    params[filter.arg] = value;
    const ref = REFERENCE.exec(filter.cypher);
    if (ref && ref[2] === filter.arg) refs.push({ arg: filter.arg, label: ref[1]!, id: String(value) });
  }
  return { label: kind.label, where, params, order: kind.order, skip, limit, refs };
}

/** Refuses a page whose filters named a node that does not exist, as `roadmap` refuses unknown ids. */
export function refuseUnknown(page: { unknown: ListRef[] }): void {
  const [ref] = page.unknown;
  if (ref) throw badInput(`Unknown id "${ref.id}" in ${ref.arg}; no ${ref.label} has that id`, ref.arg);
}
