import type { Database } from '../db/database.js';
import { buildGraph, type SeedProblem } from './graph.js';
import { readSeedDir, SEED_DIR } from './read.js';
import { countGraph, ensureConstraints, seedVersion, writeGraph, type GraphCounts } from './write.js';

export class SeedValidationError extends Error {
  override name = 'SeedValidationError';
  constructor(readonly problems: SeedProblem[]) {
    super(`The seed data has ${problems.length} problem(s); nothing was written:\n${problems.map((p) => `  ${p.file}${p.path ? ` ${p.path}` : ''}: ${p.message}`).join('\n')}`);
  }
}

export interface SeedResult {
  version: string;
  skipped: boolean;
  ms: number;
  counts?: GraphCounts;
}

/**
 * Validates every seed file, then (only if all is valid) writes the graph in one transaction and records the seed
 * version. With `onlyIfChanged`, a graph already at this version is left alone.
 */
export async function seed(db: Database, options: { dir?: string; onlyIfChanged?: boolean } = {}): Promise<SeedResult> {
  const started = Date.now();
  const set = readSeedDir(options.dir ?? SEED_DIR);
  const { graph, problems } = buildGraph(set.files);
  if (problems.length) throw new SeedValidationError(problems);
  if (options.onlyIfChanged && (await seedVersion(db)) === set.version) {
    return { version: set.version, skipped: true, ms: Date.now() - started };
  }
  await ensureConstraints(db);
  await writeGraph(db, graph, set.version);
  return { version: set.version, skipped: false, ms: Date.now() - started, counts: await countGraph(db) };
}
