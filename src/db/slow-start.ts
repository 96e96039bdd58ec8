/**
 * After an outage Neo4j starts on a cold JVM with an empty query-plan cache, and the API's whole backlog would meet
 * it at once: with 200 requests in flight that first wave took about 2.4 s to answer. For `forMs` after recovery only
 * `limit` calls run at a time; a call above the limit is refused at once (the caller answers 503 and the client
 * retries), so no answer waits behind the wave while Neo4j warms up.
 */
export class SlowStart {
  private since?: number;
  private readonly now: () => number;

  constructor(private readonly o: { limit: number; forMs: number; now?: () => number }) {
    this.now = o.now ?? (() => performance.now());
  }

  /** Neo4j answers again: the window of limited calls begins. */
  begin(): void {
    this.since = this.now();
  }

  /** Whether one more call may run while `inFlight` already do. */
  admits(inFlight: number): boolean {
    if (this.since === undefined) return true;
    if (this.now() - this.since >= this.o.forMs) {
      this.since = undefined;
      return true;
    }
    return inFlight < this.o.limit;
  }
}
