import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { inject } from 'vitest';
import { type Config, loadConfig, PROJECT_ROOT } from '../src/config.js';
import { Database } from '../src/db/database.js';
import { createLogger } from '../src/logger.js';
import type { Embedder } from '../src/search/embedder.js';
import type { SearchService } from '../src/search/service.js';
import { buildApi, loadEmbedder } from '../src/server.js';

/** Config for the tests' throwaway Neo4j (see global-setup.ts). */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NEO4J_URI: inject('neo4jUri'),
    NEO4J_PASSWORD: inject('neo4jPassword'),
    LOG_LEVEL: 'silent',
    PORT: '0',
    SEED_ON_START: 'false',
    // Test machines run many suites at once; tests of the deadline set their own.
    REQUEST_DEADLINE_MS: '60000',
    // A test file sends many costly operations from one address; tests of the rate limits set their own budget.
    RATE_LIMIT_POINTS: '1000000000',
    ...overrides,
  });
}

export function testDb(config: Config = testConfig()): Database {
  return Database.fromConfig(config);
}

export interface TestServer {
  url: string;
  app: FastifyInstance;
  db: Database;
  search: SearchService;
  close: () => Promise<void>;
}

let sharedEmbedder: Promise<Embedder | null> | undefined;

/** The real model, loaded once per test file; null when the config points at a folder without a model. */
export function testEmbedder(config: Config = testConfig()): Promise<Embedder | null> {
  return (sharedEmbedder ??= loadEmbedder(config, createLogger(config)));
}

/** The real HTTP app on an ephemeral port, against the test Neo4j. `withoutModel` serves as if the model failed. */
export async function startTestServer(
  overrides: Record<string, string> = {},
  options: { withoutModel?: boolean } = {},
): Promise<TestServer> {
  const config = testConfig(overrides);
  const db = testDb(config);
  const embedder = options.withoutModel ? null : await testEmbedder(config);
  const { app, services } = await buildApi(config, { db, embedder, logger: createLogger(config) });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    db,
    search: services.search,
    close: async () => {
      await app.close();
      await db.close();
    },
  };
}

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: Record<string, any> }[];
}

/** POSTs a GraphQL operation the way a client does. */
export async function gql<T = Record<string, any>>(
  server: { url: string },
  query: string,
  variables?: Record<string, unknown>,
): Promise<GraphQLResponse<T>> {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as Omit<GraphQLResponse<T>, 'status'>;
  return { status: res.status, ...body };
}

/** The GraphQL examples of one README section (from its `## ` heading to the next), to run them in tests. */
export function readmeExamples(heading: string): string[] {
  const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf(`## ${heading}\n`);
  if (start < 0) throw new Error(`README has no "## ${heading}" section`);
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  return [...section.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);
}
