import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The deadline of the request being served, carried through its async calls, so every database call it makes knows
 * how long it may take (outside a request, e.g. seeding, there is none).
 */
const store = new AsyncLocalStorage<{ at: number }>();

/** Runs `fn` (and everything it starts) under a deadline at the epoch millisecond `at`. */
export function withDeadline<T>(at: number, fn: () => T): T {
  return store.run({ at }, fn);
}

/** Milliseconds left before the current request's deadline; undefined outside a request. */
export function remainingMs(): number | undefined {
  const current = store.getStore();
  return current && current.at - Date.now();
}
