import { firstArg } from '../arguments.js';
import { badInput } from '../errors.js';
import { INPUT_BOUNDS as B } from '../bounds.js';

export const MAX_PAGE = B.page.max;

/** Opaque cursors: the position of an item in the list's stable order. */
export function encodeCursor(offset: number): string {
  return Buffer.from(`cursor:${offset}`).toString('base64url');
}

export function decodeCursor(cursor: string): number {
  const match = /^cursor:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match)
    throw badInput(`"after" is not a cursor this API issued: ${JSON.stringify(cursor.slice(0, 40))}`, 'after');
  return Number(match[1]);
}

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

/** Validates `first` (1..100) and `after`, and returns the slice to read. */
export function pageWindow({ first, after }: PageArgs, defaultFirst = 20): { skip: number; limit: number } {
  const limit = firstArg(first ?? defaultFirst, MAX_PAGE);
  return { skip: after ? decodeCursor(after) + 1 : 0, limit };
}

export function connection<T>(items: T[], total: number, skip: number) {
  const edges = items.map((node, i) => ({ cursor: encodeCursor(skip + i), node }));
  return {
    edges,
    nodes: items,
    totalCount: total,
    pageInfo: {
      hasNextPage: skip + items.length < total,
      hasPreviousPage: skip > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
