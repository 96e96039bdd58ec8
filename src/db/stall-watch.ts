/**
 * Notices a Neo4j that has gone silent: calls are waiting, the oldest for longer than `stallMs`, and none has
 * succeeded in that time. Neither the driver nor the circuit breaker sees this case: a server that shuts down, starts
 * up or sits behind a dead network can keep its sockets open without answering, so each call would wait for its own
 * deadline. The watch then asks `probe` (a trivial query on a connection of its own, bounded in time); when that
 * fails too, `onStall` is told (the database isolates its circuit and answers the waiting calls at once), and the
 * probe is repeated until it succeeds (`onRecover`).
 *
 * A merely busy database is not a stall: a slow query leaves the probe's own connection free, and it answers.
 */
export interface StallWatchOptions {
  stallMs: number;
  /** How often the watch looks; also the pause between probes while stalled. */
  everyMs: number;
  /** True when the database answers a trivial query in time. */
  probe: () => Promise<boolean>;
  onStall: () => void;
  onRecover: () => void;
  now?: () => number;
}

export class StallWatch {
  private readonly started = new Map<symbol, number>();
  private lastSuccess: number;
  private stalled = false;
  private probing = false;
  private readonly timer: NodeJS.Timeout;
  private readonly now: () => number;

  constructor(private readonly o: StallWatchOptions) {
    this.now = o.now ?? (() => performance.now());
    this.lastSuccess = this.now();
    this.timer = setInterval(() => void this.look(), o.everyMs);
    this.timer.unref();
  }

  /** A call begins; the returned function ends it, saying whether the database answered it. */
  begin(): (succeeded: boolean) => void {
    const id = Symbol();
    this.started.set(id, this.now());
    return (succeeded) => {
      this.started.delete(id);
      if (succeeded) this.lastSuccess = this.now();
    };
  }

  get isStalled(): boolean {
    return this.stalled;
  }

  /** One look: exported for tests, which drive the clock themselves. */
  async look(): Promise<void> {
    if (this.probing) return;
    const now = this.now();
    if (!this.stalled) {
      const oldest = this.started.values().next().value;
      if (oldest === undefined || now - oldest < this.o.stallMs || now - this.lastSuccess < this.o.stallMs) return;
    }
    this.probing = true;
    try {
      const up = await this.o.probe();
      if (up && this.stalled) {
        this.stalled = false;
        this.lastSuccess = this.now();
        this.o.onRecover();
      } else if (!up && !this.stalled) {
        this.stalled = true;
        this.o.onStall();
      } else if (up) {
        this.lastSuccess = this.now();
      }
    } finally {
      this.probing = false;
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/**
 * A deadline of `ms` that counts only the time this process could have noticed an answer: a pause of the event loop
 * (a long synchronous step, such as building the curated graph) counts as one tick, not as its length. Racing an
 * answer against a plain timer after such a pause lets the timer win although the answer is already in the socket,
 * and a busy API would then take its own pause for a silent database. `cancel` stops it.
 */
export function activeDeadline(ms: number, tickMs = 25): { reached: Promise<void>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const reached = new Promise<void>((resolve) => {
    let left = ms;
    let last = performance.now();
    timer = setInterval(() => {
      const now = performance.now();
      left -= Math.min(now - last, 2 * tickMs);
      last = now;
      if (left <= 0) {
        clearInterval(timer);
        resolve();
      }
    }, tickMs);
  });
  return { reached, cancel: () => clearInterval(timer) };
}
