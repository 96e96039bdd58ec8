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

/**
 * The one door to Neo4j: every Cypher statement of the API goes through `read`/`write`, which count statements
 * (tests use the count to prove batching) and map driver failures to API errors in one place.
 */
export class Database {
  readonly driver: Driver;
  readonly database: string;
  statements = 0;

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

  async read<T extends RecordShape = RecordShape>(cypher: string, params: Record<string, unknown> = {}): Promise<T[]> {
    return this.run<T>(cypher, params, neo4j.routing.READ);
  }

  async write<T extends RecordShape = RecordShape>(cypher: string, params: Record<string, unknown> = {}): Promise<T[]> {
    return this.run<T>(cypher, params, neo4j.routing.WRITE);
  }

  private async run<T extends RecordShape>(cypher: string, params: Record<string, unknown>, routing: 'READ' | 'WRITE'): Promise<T[]> {
    this.statements++;
    try {
      const result = await this.driver.executeQuery(cypher, params, { database: this.database, routing });
      return result.records.map((r) => r.toObject() as T);
    } catch (err) {
      if (isUnavailable(err)) {
        throw apiError(ErrorCode.DATABASE_UNAVAILABLE, 'The graph database is unavailable; retry shortly.');
      }
      throw err;
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
