import { describe, expect, it } from 'vitest';
import { SlowStart } from '../../src/db/slow-start.js';

describe('SlowStart', () => {
  it('admits every call until a recovery, then only `limit` at a time for `forMs`, then every call again', () => {
    let clock = 0;
    const s = new SlowStart({ limit: 4, forMs: 1_500, now: () => clock });
    expect(s.admits(500)).toBe(true);
    s.begin();
    expect(s.admits(3)).toBe(true);
    expect(s.admits(4)).toBe(false);
    clock = 1_499;
    expect(s.admits(4)).toBe(false);
    clock = 1_500;
    expect(s.admits(4)).toBe(true);
    expect(s.admits(500)).toBe(true);
  });

  it('starts its window again at each recovery', () => {
    let clock = 0;
    const s = new SlowStart({ limit: 2, forMs: 1_000, now: () => clock });
    s.begin();
    clock = 900;
    s.begin();
    clock = 1_800;
    expect(s.admits(2)).toBe(false);
    clock = 1_900;
    expect(s.admits(2)).toBe(true);
  });
});
