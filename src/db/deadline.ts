import { AsyncLocalStorage } from 'node:async_hooks';
import { DomainError, ErrorCode } from '../errors.js';

/**
 * The deadline of the request being served, carried through its async calls, so every database call it makes knows
 * how long it may take (outside a request, e.g. seeding, there is none).
 */
const store = new AsyncLocalStorage<{ at: number }>();

/** Runs `fn` (and everything it starts) under a deadline at the epoch millisecond `at`. */
export function withDeadline<T>(at: number, fn: () => T): T {
  return store.run({ at }, fn);
}

/** Milliseconds left before the current request's deadline (Infinity in shared work); undefined outside a request. */
export function remainingMs(): number | undefined {
  const current = store.getStore();
  return current && current.at - Date.now();
}

export const deadlineExceeded = () =>
  new DomainError(
    ErrorCode.DEADLINE_EXCEEDED,
    'The request ran past its deadline and its database work was cancelled; ask for less, or retry.',
  );

/**
 * Starts work that the requests of one graph revision share (filling a per-revision cache) without the deadline of
 * the request that happened to start it: that request may give up, the work goes on for the ones after it. On a
 * large graph such a fill can take longer than one request may (the whole course at 45 times today's graph: 5-8 s),
 * and cancelling it with each request would mean it never completes. It is still request work in every other way
 * (an infinite deadline, not none): an outage fails it at once instead of being retried as seeding is. Each request
 * waits for it with `awaitShared`.
 */
export function startShared<T>(start: () => Promise<T>): Promise<T> {
  return store.run({ at: Infinity }, start);
}

/** Waits for shared work within the current request's deadline (DEADLINE_EXCEEDED then); the work itself goes on. */
export async function awaitShared<T>(work: Promise<T>): Promise<T> {
  const left = remainingMs();
  if (left === undefined || left === Infinity) return work;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(deadlineExceeded()), Math.max(0, left));
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
