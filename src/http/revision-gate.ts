/**
 * Reads of the graph's revision shared by concurrent requests, without ever answering a request with a revision read
 * that started before it arrived: a request joins the next read, which starts once the running one ends. Every
 * write committed before a request arrived is then seen, and under load one read serves every request that arrived
 * while the previous one ran. When a read fails, so does the next one its waiters were queued for.
 */
export class RevisionGate {
  private running?: Promise<string>;
  private next?: Promise<string>;

  constructor(private readonly read: () => Promise<string>) {}

  current(): Promise<string> {
    if (!this.running) {
      this.running = this.read().finally(() => {
        this.running = undefined;
      });
      return this.running;
    }
    // A failed read fails its waiters too: they learn no revision either way, and an outage is not waited out twice.
    this.next ??= this.running.then(
      () => {
        this.next = undefined;
        return this.current();
      },
      (err: unknown) => {
        this.next = undefined;
        throw err;
      },
    );
    return this.next;
  }
}
