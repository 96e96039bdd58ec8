import { describe, expect, it } from 'vitest';
import { awaitShared, remainingMs, startShared, withDeadline } from '../../src/db/deadline.js';
import { DomainError, ErrorCode } from '../../src/errors.js';

const after = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('work shared by the requests of a revision', () => {
  it('runs without the deadline of the request that starts it, and still as request work', async () => {
    const seen = await withDeadline(Date.now() + 50, () => startShared(async () => remainingMs()));
    expect(seen).toBe(Infinity);
    expect(remainingMs()).toBeUndefined();
  });

  it('a request stops waiting at its own deadline with DEADLINE_EXCEEDED; the work goes on for the next one', async () => {
    let shared!: Promise<string>;
    const started = performance.now();
    const first = withDeadline(Date.now() + 40, () => {
      shared = startShared(() => after(250, 'course'));
      return awaitShared(shared);
    });
    const err = await first.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe(ErrorCode.DEADLINE_EXCEEDED);
    expect(performance.now() - started).toBeLessThan(200);
    // A later request with time to spare gets the same work's answer.
    expect(await withDeadline(Date.now() + 5_000, () => awaitShared(shared))).toBe('course');
  });

  it('outside a request, or inside shared work, waiting has no deadline', async () => {
    expect(await awaitShared(after(20, 1))).toBe(1);
    expect(await withDeadline(Date.now() + 1, () => startShared(() => awaitShared(after(30, 2))))).toBe(2);
  });
});
