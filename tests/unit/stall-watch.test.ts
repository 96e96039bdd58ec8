import { afterEach, describe, expect, it } from 'vitest';
import { activeDeadline, StallWatch } from '../../src/db/stall-watch.js';

describe('StallWatch', () => {
  let clock = 0;
  let up = true;
  let probes = 0;
  const events: string[] = [];
  let watch: StallWatch;
  const make = () =>
    (watch = new StallWatch({
      stallMs: 700,
      everyMs: 60_000, // the tests call look() themselves
      now: () => clock,
      probe: async () => {
        probes++;
        return up;
      },
      onStall: () => events.push('stall'),
      onRecover: () => events.push('recover'),
    }));
  afterEach(() => {
    watch.stop();
    clock = 0;
    up = true;
    probes = 0;
    events.length = 0;
  });

  it('does not probe while nothing waits, or while the oldest call is younger than the threshold', async () => {
    make();
    clock = 5_000;
    await watch.look();
    const end = watch.begin();
    clock = 5_600;
    await watch.look();
    expect(probes).toBe(0);
    end(true);
  });

  it('does not probe while calls keep succeeding, even when one call is old', async () => {
    make();
    watch.begin();
    clock = 1_000;
    watch.begin()(true);
    await watch.look();
    expect(probes).toBe(0);
  });

  it('a busy database that answers the probe is not a stall', async () => {
    make();
    watch.begin();
    clock = 800;
    await watch.look();
    expect(probes).toBe(1);
    expect(events).toEqual([]);
    expect(watch.isStalled).toBe(false);
    // the probe's answer counts as progress: no second probe until the threshold passes again
    clock = 900;
    await watch.look();
    expect(probes).toBe(1);
  });

  it('a silent database is a stall; probing goes on until it answers', async () => {
    make();
    watch.begin();
    up = false;
    clock = 800;
    await watch.look();
    expect(events).toEqual(['stall']);
    expect(watch.isStalled).toBe(true);
    clock = 900;
    await watch.look();
    expect(probes).toBe(2);
    expect(events).toEqual(['stall']);
    up = true;
    clock = 1_000;
    await watch.look();
    expect(events).toEqual(['stall', 'recover']);
    expect(watch.isStalled).toBe(false);
  });

  it('a call that ends without an answer is not progress', async () => {
    make();
    watch.begin()(false);
    watch.begin();
    up = false;
    clock = 800;
    await watch.look();
    expect(events).toEqual(['stall']);
  });
});

describe('activeDeadline', () => {
  const block = (ms: number) => {
    const end = performance.now() + ms;
    while (performance.now() < end);
  };
  const settled = (p: Promise<void>) => {
    const state = { done: false };
    void p.then(() => (state.done = true));
    return state;
  };

  it('counts a blocked event loop as one tick, not its length, so an answer waiting in a socket can still win', async () => {
    const deadline = activeDeadline(200, 25);
    const state = settled(deadline.reached);
    block(400);
    await new Promise((r) => setTimeout(r, 30));
    expect(state.done).toBe(false);
    await deadline.reached;
    expect(state.done).toBe(true);
  });

  it('never arrives once cancelled', async () => {
    const deadline = activeDeadline(20, 5);
    const state = settled(deadline.reached);
    deadline.cancel();
    await new Promise((r) => setTimeout(r, 80));
    expect(state.done).toBe(false);
  });
});
