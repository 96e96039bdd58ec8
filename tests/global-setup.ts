import fs from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadConfig, PROJECT_ROOT } from '../src/config.js';
import { Database } from '../src/db/database.js';
import { createLogger } from '../src/logger.js';
import { loadEmbedder } from '../src/server.js';
import * as local from '../src/local/neo4j-local.js';
import { seed } from '../src/seed/seeder.js';

/** The tests' own Neo4j: another port and folder than `npm start`'s, wiped first, so tests never touch user data. */
export const TEST_NEO4J_DIR = path.join(PROJECT_ROOT, '.data', 'test-neo4j');
export const TEST_NEO4J_PORT = Number(process.env.TEST_NEO4J_PORT ?? 7688);
export const TEST_PASSWORD = 'mlsys-graph-test';

declare module 'vitest' {
  export interface ProvidedContext {
    neo4jUri: string;
    neo4jPassword: string;
    neo4jDir: string;
    neo4jPort: number;
  }
}

interface Shared {
  ready: Promise<string>;
  users: number;
}
/**
 * The integration and e2e projects both name this setup; one run of `npm test` must start one Neo4j, not two on the
 * same port. The first project starts it, the last one to finish stops it (kept on globalThis: each project may load
 * this module afresh).
 */
const SHARED = Symbol.for('mlsys-graph.test-neo4j');
const registry = globalThis as unknown as { [SHARED]?: Shared };

/**
 * TEST_NEO4J_REUSE=1 keeps the test Neo4j running after the run and reuses it (seeded) on the next one: for repeated
 * runs of a few files while working. Tests that change data clean up after themselves, so a reused graph is the seed's.
 */
const REUSE = process.env.TEST_NEO4J_REUSE === '1';

async function startAndSeed(): Promise<string> {
  const running = REUSE ? await local.status(TEST_NEO4J_DIR) : undefined;
  const reused = running?.running && running.port === TEST_NEO4J_PORT;
  if (!reused) {
    await local.stop(TEST_NEO4J_DIR);
    fs.rmSync(TEST_NEO4J_DIR, { recursive: true, force: true });
  }
  const started = await local.start({
    dir: TEST_NEO4J_DIR,
    port: TEST_NEO4J_PORT,
    password: TEST_PASSWORD,
    heap: '1g',
  });
  const config = loadConfig({ NEO4J_URI: started.uri, NEO4J_PASSWORD: TEST_PASSWORD });
  const embedder = await loadEmbedder({ ...config, LOG_LEVEL: 'silent' }, createLogger({ LOG_LEVEL: 'silent' }));
  if (!embedder) throw new Error('The embedding model could not be loaded for the tests; run `npm run fetch:model`.');
  const db = Database.fromConfig(config);
  try {
    await seed(db, { embedder, onlyIfChanged: reused });
  } finally {
    await db.close();
  }
  return started.uri!;
}

export default async function setup(project: TestProject) {
  const shared = (registry[SHARED] ??= { ready: startAndSeed(), users: 0 });
  shared.users++;
  const uri = await shared.ready;
  project.provide('neo4jUri', uri);
  project.provide('neo4jPassword', TEST_PASSWORD);
  project.provide('neo4jDir', TEST_NEO4J_DIR);
  project.provide('neo4jPort', TEST_NEO4J_PORT);
  return async () => {
    if (--shared.users > 0) return;
    delete registry[SHARED];
    if (!REUSE) await local.stop(TEST_NEO4J_DIR);
  };
}
