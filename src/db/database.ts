import neo4j, { type Driver, Neo4jError, type RecordShape } from 'neo4j-driver';
import type { Config } from '../config.js';
import { neo4jUri } from '../config.js';
import { apiError, ErrorCode } from '../graphql/errors.js';

/** Driver errors that mean "the database cannot be reached right now", as opposed to a bad query. */
const UNAVAILABLE = new Set([
  'ServiceUnavailable',
  'SessionExpired',
  'Neo.TransientError.General.DatabaseUnavailable',
  'Neo.ClientError.Security.Unauthorized',
  'Neo.ClientError.Database.DatabaseNotFound',
]);

export function isUnavailable(err: unknown): boolean {
  return err instanceof Neo4jError && (UNAVAILABLE.has(err.code) || err.code.startsWith('Neo.TransientError'));
}

/** A driver failure as the API reports it: DATABASE_UNAVAILABLE when Neo4j cannot be reached, otherwise as is. */
export function mapDriverError(err: unknown): unknown {
  return isUnavailable(err)
    ? apiError(ErrorCode.DATABASE_UNAVAILABLE, 'The graph database is unavailable; retry shortly.')
    : err;
}

/**
 * The one door to Neo4j: every Cypher statement of the API goes through `read`/`write`, which count statements
 * (tests use the count to prove batching) and map driver failures to API errors in one place.
 */
export class Database {
  readonly driver: Driver;
  readonly database: string;
  statements = 0;
  /** Sessions running a statement now (the driver keeps its pool to itself); read by /metrics. */
  inUse = 0;
  /** Called after every statement with its mode and duration (/metrics). */
  onStatement?: (mode: 'read' | 'write', seconds: number) => void;

  constructor(driver: Driver, database: string) {
    this.driver = driver;
    this.database = database;
  }

  static fromConfig(config: Config): Database {
    const driver = neo4j.driver(neo4jUri(config), neo4j.auth.basic(config.NEO4J_USER, config.NEO4J_PASSWORD), {
      disableLosslessIntegers: true,
      connectionAcquisitionTimeout: 5_000,
      connectionTimeout: 5_000,
      maxTransactionRetryTime: 3_000,
    });
    return new Database(driver, config.NEO4J_DATABASE);
  }

  /**
   * One read statement as an auto-commit transaction: RUN and PULL go out together and nothing needs committing, which
   * halves the driver's CPU and the round trips of a managed transaction (BEGIN, RUN, PULL, COMMIT). A single read
   * has nothing to retry that the client would not rather hear about: failures map to API errors at once. The
   * bookmark manager `write` uses keeps reads causally after this process's writes, on a cluster too.
   */
  async read<T extends RecordShape = RecordShape>(cypher: string, params: Record<string, unknown> = {}): Promise<T[]> {
    this.statements++;
    const session = this.driver.session({
      database: this.database,
      defaultAccessMode: neo4j.session.READ,
      bookmarkManager: this.driver.executeQueryBookmarkManager,
    });
    const started = performance.now();
    this.inUse++;
    try {
      const result = await session.run(cypher, params);
      return result.records.map((r) => r.toObject() as T);
    } catch (err) {
      throw mapDriverError(err);
    } finally {
      await session.close();
      this.inUse--;
      this.onStatement?.('read', (performance.now() - started) / 1000);
    }
  }

  /** One write statement in a managed transaction, retried by the driver on transient failures. */
  async write<T extends RecordShape = RecordShape>(cypher: string, params: Record<string, unknown> = {}): Promise<T[]> {
    this.statements++;
    const started = performance.now();
    this.inUse++;
    try {
      const result = await this.driver.executeQuery(cypher, params, {
        database: this.database,
        routing: neo4j.routing.WRITE,
      });
      return result.records.map((r) => r.toObject() as T);
    } catch (err) {
      throw mapDriverError(err);
    } finally {
      this.inUse--;
      this.onStatement?.('write', (performance.now() - started) / 1000);
    }
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

  close(): Promise<void> {
    return this.driver.close();
  }
}
