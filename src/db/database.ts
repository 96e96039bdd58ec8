import {
  BrokenCircuitError,
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  handleWhen,
  retry,
} from 'cockatiel';
import neo4j, { type Driver, Neo4jError, type RecordShape } from 'neo4j-driver';
import type { Config } from '../config.js';
import { neo4jUri } from '../config.js';
import { DomainError, ErrorCode } from '../errors.js';
import { deadlineExceeded, remainingMs } from './deadline.js';
import { SlowStart } from './slow-start.js';
import { activeDeadline, StallWatch } from './stall-watch.js';

/** Driver errors that mean "the database cannot be reached right now", as opposed to a bad query. */
const UNAVAILABLE = new Set([
  'ServiceUnavailable',
  'SessionExpired',
  'Neo.TransientError.General.DatabaseUnavailable',
  'Neo.ClientError.Security.Unauthorized',
  'Neo.ClientError.Database.DatabaseNotFound',
]);

/**
 * A transaction that met a concurrent one (a deadlock, a lock wait ended) and still failed after the driver's
 * retries: the database is up, the write may simply be tried again.
 */
const CONFLICT = 'Neo.TransientError.Transaction.';

export class WriteConflictError extends DomainError {
  constructor(cause?: unknown) {
    super(
      ErrorCode.DATABASE_UNAVAILABLE,
      'The write met a concurrent write and could not finish; retry shortly.',
      {},
      {
        cause,
      },
    );
  }
}

export function isUnavailable(err: unknown): boolean {
  return (
    err instanceof Neo4jError &&
    (UNAVAILABLE.has(err.code) ||
      (err.code.startsWith('Neo.TransientError') && !err.code.startsWith(CONFLICT)) ||
      // No connection within the acquisition timeout: a server that accepts and never answers ends here. The driver
      // gives this error no code of its own, so it is the one driver error told apart by its text.
      err.message.startsWith('Connection acquisition timed out'))
  );
}

/** Neo4j cancelled the transaction at the timeout the request's deadline gave it. */
const TIMED_OUT = /^Neo\.ClientError\.Transaction\.TransactionTimedOut/;

/** `cause`, the driver's own error, reaches the logs (never the client): it tells which failure this was. */
const unavailable = (cause?: unknown) =>
  new DomainError(ErrorCode.DATABASE_UNAVAILABLE, 'The graph database is unavailable; retry shortly.', {}, { cause });

class DeadlineError extends Error {}

/** A driver failure as the API reports it: unavailable (or circuit open), past the deadline, or as is. */
function mapDriverError(err: unknown): unknown {
  if (err instanceof BrokenCircuitError || isUnavailable(err)) return unavailable(err);
  if (err instanceof Neo4jError && err.code.startsWith(CONFLICT)) return new WriteConflictError(err);
  if (err instanceof DeadlineError || (err instanceof Neo4jError && TIMED_OUT.test(err.code)))
    return deadlineExceeded();
  return err;
}

/**
 * Runs one database call within the current request's deadline: Neo4j cancels the transaction at the time left
 * (`timeout`), and the call is abandoned then even when the server or the network does not answer at all.
 */
async function withinDeadline<T>(call: (timeout: number | undefined) => Promise<T>): Promise<T> {
  const left = remainingMs();
  if (left === undefined || left === Infinity) return call(undefined);
  if (left <= 0) throw new DeadlineError();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError()), left);
  });
  try {
    return await Promise.race([call(Math.max(1, Math.floor(left))), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** A transaction's handle: each statement's records as plain objects. */
export interface Transaction {
  run<T extends RecordShape = RecordShape>(cypher: string, params?: Record<string, unknown>): Promise<T[]>;
}

/**
 * The one door to Neo4j: every Cypher statement of the API goes through `read`, `write` or `transaction`, which
 * count statements (tests use the count to prove batching) and map driver failures to domain errors in one place
 * (DATABASE_UNAVAILABLE, DEADLINE_EXCEEDED). Nothing else opens a session on the driver.
 */
export class Database {
  private readonly driver: Driver;
  readonly database: string;
  statements = 0;
  /** Sessions running a statement now (the driver keeps its pool to itself); read by /metrics. */
  inUse = 0;
  /** Called after every statement with its mode and duration (/metrics). */
  onStatement?: (mode: 'read' | 'write', seconds: number) => void;
  /**
   * After five calls in a row find Neo4j unavailable, calls fail at once with DATABASE_UNAVAILABLE instead of each
   * waiting for its own connection attempt; after a second one call tries again, and its success closes the circuit.
   */
  private readonly breaker = circuitBreaker(handleWhen(isUnavailable), {
    halfOpenAfter: 1_000,
    breaker: new ConsecutiveBreaker(5),
  });
  /**
   * Calls still waiting on Neo4j when the circuit opens are answered DATABASE_UNAVAILABLE at once: a Neo4j that shuts
   * down (or a network that drops) can leave their sockets silent until the request's deadline.
   */
  private readonly waiting = new Set<(err: unknown) => void>();
  private readonly onBreak = this.breaker.onBreak(() => {
    for (const abandon of this.waiting) abandon(new BrokenCircuitError());
  });
  /** After an outage, a few calls at a time meet the cold Neo4j first (see SlowStart). */
  private readonly slowStart = new SlowStart({ limit: 16, forMs: 1_500 });
  private readonly onReset = this.breaker.onReset(() => this.slowStart.begin());

  private readonly watch: StallWatch;
  private isolation?: { dispose(): void };
  private readonly closeProbe: () => Promise<void>;
  private readonly warmProbe: () => void;

  /** `connect` makes a driver; the stall watch's probe gets a small one of its own (see StallWatch). */
  constructor(
    connect: (o: { timeoutMs?: number }) => Driver,
    database: string,
    stallMs: number,
    private readonly backgroundRetryMs = 0,
  ) {
    this.driver = connect({});
    this.database = database;
    const probe = probeOn(() => connect({ timeoutMs: stallMs }), database, stallMs);
    this.warmProbe = probe.warm;
    this.closeProbe = probe.close;
    this.watch = new StallWatch({
      stallMs,
      everyMs: Math.min(100, stallMs / 4),
      probe: probe.run,
      onStall: () => (this.isolation ??= this.breaker.isolate()),
      onRecover: () => {
        this.isolation?.dispose();
        this.isolation = undefined;
      },
    });
  }

  static fromConfig(config: Config): Database {
    const connect = ({ timeoutMs }: { timeoutMs?: number }) =>
      neo4j.driver(neo4jUri(config), neo4j.auth.basic(config.NEO4J_USER, config.NEO4J_PASSWORD), {
        disableLosslessIntegers: true,
        connectionAcquisitionTimeout: timeoutMs ?? config.NEO4J_CONNECT_TIMEOUT_MS * 2,
        connectionTimeout: timeoutMs ?? config.NEO4J_CONNECT_TIMEOUT_MS,
        maxTransactionRetryTime: 3_000,
        ...(timeoutMs ? { maxConnectionPoolSize: 2 } : {}),
      });
    return new Database(connect, config.NEO4J_DATABASE, config.NEO4J_STALL_MS, config.NEO4J_BACKGROUND_RETRY_MS);
  }

  /**
   * Work outside a request (seeding, embedding at start-up) has nobody to tell "retry shortly": it rides out a
   * database that is briefly unavailable or a write conflict (a busy Neo4j on a small machine can drop a connection
   * or miss a connect timeout while it builds an index) for `backgroundRetryMs`, with growing pauses, then gives up.
   */
  private inBackground<T>(work: () => Promise<T>): Promise<T> {
    if (this.backgroundRetryMs === 0) return work();
    const until = performance.now() + this.backgroundRetryMs;
    const unavailableYet = (err: Error) =>
      err instanceof DomainError && err.code === ErrorCode.DATABASE_UNAVAILABLE && performance.now() < until;
    return retry(handleWhen(unavailableYet), {
      maxAttempts: Number.MAX_SAFE_INTEGER,
      backoff: new ExponentialBackoff({ initialDelay: 250, maxDelay: 5_000 }),
    }).execute(work);
  }

  /**
   * One call through the circuit breaker and the request's deadline, with driver errors mapped to API errors; outside
   * a request, retried while the database is unavailable (see `inBackground`).
   */
  private guarded<T>(mode: 'read' | 'write', call: (timeout: number | undefined) => Promise<T>): Promise<T> {
    if (remainingMs() !== undefined) return this.guardedOnce(mode, call, true);
    return this.inBackground(() => this.guardedOnce(mode, call, false));
  }

  /** `watched`: the stall watch counts the call (work outside a request may rightly take long, so it is not). */
  private async guardedOnce<T>(
    mode: 'read' | 'write',
    call: (timeout: number | undefined) => Promise<T>,
    watched: boolean,
  ): Promise<T> {
    // While one call tests a half-open circuit the breaker would queue the others behind it, and a Neo4j that is
    // starting can hold that test until its deadline: they are refused at once instead, as are the calls above the
    // slow start's limit just after recovery.
    if (this.breaker.state === CircuitState.HalfOpen || !this.slowStart.admits(this.inUse)) throw unavailable();
    const started = performance.now();
    this.inUse++;
    let abandon!: (err: unknown) => void;
    const abandoned = new Promise<never>((_, reject) => (abandon = reject));
    this.waiting.add(abandon);
    const end = watched ? this.watch.begin() : () => {};
    let answered = false;
    try {
      const result = await Promise.race([this.breaker.execute(() => withinDeadline(call)), abandoned]);
      answered = true;
      if (watched) this.warmProbe();
      return result;
    } catch (err) {
      throw mapDriverError(err);
    } finally {
      end(answered);
      this.waiting.delete(abandon);
      this.inUse--;
      this.onStatement?.(mode, (performance.now() - started) / 1000);
    }
  }

  /**
   * One read statement as an auto-commit transaction: RUN and PULL go out together and nothing needs committing, which
   * halves the driver's CPU and the round trips of a managed transaction (BEGIN, RUN, PULL, COMMIT). A single read
   * has nothing to retry that the client would not rather hear about: failures map to API errors at once. The
   * bookmark manager `write` uses keeps reads causally after this process's writes, on a cluster too.
   */
  async read<T extends RecordShape = RecordShape>(cypher: string, params: Record<string, unknown> = {}): Promise<T[]> {
    this.statements++;
    return this.guarded('read', async (timeout) => {
      const session = this.driver.session({
        database: this.database,
        defaultAccessMode: neo4j.session.READ,
        bookmarkManager: this.driver.executeQueryBookmarkManager,
      });
      try {
        const result = await session.run(cypher, params, timeout ? { timeout } : undefined);
        return result.records.map((r) => r.toObject() as T);
      } finally {
        await session.close().catch(() => {});
      }
    });
  }

  /**
   * The `row` column of a read statement's records: for reads of many small maps, which stream and decode 2-3 times
   * faster as rows than collected into one large record.
   */
  async readRows<T>(cypher: string, params: Record<string, unknown> = {}): Promise<T[]> {
    return (await this.read<{ row: T }>(cypher, params)).map((r) => r.row);
  }

  /** One write statement in a managed transaction, retried by the driver on transient failures. */
  async write<T extends RecordShape = RecordShape>(cypher: string, params: Record<string, unknown> = {}): Promise<T[]> {
    this.statements++;
    return this.guarded('write', async (timeout) => {
      const result = await this.driver.executeQuery(cypher, params, {
        database: this.database,
        routing: neo4j.routing.WRITE,
        ...(timeout ? { transactionConfig: { timeout } } : {}),
      });
      return result.records.map((r) => r.toObject() as T);
    });
  }

  /**
   * Several statements in one managed write transaction: all of them commit or none does. The driver retries the
   * work on transient failures, so `work` must be safe to run again (an error it throws ends the transaction).
   * Counts as one statement.
   */
  async transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    this.statements++;
    return this.guarded('write', async (timeout) => {
      const session = this.driver.session({
        database: this.database,
        bookmarkManager: this.driver.executeQueryBookmarkManager,
      });
      try {
        return await session.executeWrite(
          (tx) =>
            work({
              run: async <R extends RecordShape>(cypher: string, params: Record<string, unknown> = {}) =>
                (await tx.run(cypher, params)).records.map((r) => r.toObject() as R),
            }),
          timeout ? { timeout } : undefined,
        );
      } finally {
        await session.close().catch(() => {});
      }
    });
  }

  /** True when Neo4j answers a trivial query. */
  async ping(): Promise<boolean> {
    try {
      await this.driver.executeQuery('RETURN 1', {}, { database: this.database });
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.watch.stop();
    this.onBreak.dispose();
    this.onReset.dispose();
    await Promise.all([this.driver.close(), this.closeProbe()]);
  }
}

/**
 * The stall watch's probe: `RETURN 1` within `timeoutMs` of this process's active time (see activeDeadline) on a
 * driver of its own. `warm` opens its connection ahead of need, so that a probe asked while Neo4j is busy does not
 * spend its deadline on a new connection and its authentication. A probe that times out may have left a socket that
 * will never answer in that driver's small pool, so the driver is replaced.
 */
function probeOn(connect: () => Driver, database: string, timeoutMs: number) {
  let driver: Driver | undefined;
  return {
    warm: () => {
      if (driver) return;
      driver = connect();
      void driver.verifyConnectivity({ database }).catch(() => {});
    },
    run: async (): Promise<boolean> => {
      driver ??= connect();
      const deadline = activeDeadline(timeoutMs);
      const answered = driver.executeQuery('RETURN 1', {}, { database }).then(
        () => true,
        () => false,
      );
      const up = await Promise.race([answered, deadline.reached.then(() => false)]);
      deadline.cancel();
      if (!up) {
        void driver.close().catch(() => {});
        driver = undefined;
      }
      return up;
    },
    close: async () => {
      await driver?.close();
    },
  };
}
