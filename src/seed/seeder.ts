import type { Database } from '../db/database.js';
import { buildGraph, type SeedProblem } from './graph.js';
import { readSeedDir, SEED_DIR } from './read.js';
import type { Embedder } from '../search/embedder.js';
import { embedChanged, ensureSearchIndexes, type EmbedResult } from '../search/indexer.js';
import { countGraph, ensureConstraints, seedVersion, writeGraph, type GraphCounts } from './write.js';
import { ensureCurationSchema, readOverlays } from '../db/curation.js';
import { applyOverlays, markOrigins, type Overlay } from './overlay.js';
import type { SeedFile } from './read.js';
import type { SeedGraph } from './graph.js';

export class SeedValidationError extends Error {
  override name = 'SeedValidationError';
  constructor(readonly problems: SeedProblem[]) {
    super(
      `The seed data has ${problems.length} problem(s); nothing was written:\n${problems.map((p) => `  ${p.file}${p.path ? ` ${p.path}` : ''}: ${p.message}`).join('\n')}`,
    );
  }
}

export interface SeedResult {
  version: string;
  skipped: boolean;
  ms: number;
  counts?: GraphCounts;
  /** Nodes (re-)embedded and the time it took, when an embedder was given. */
  embedding?: EmbedResult;
}

/**
 * Validates every seed file, then (only if all is valid) writes the graph in one transaction and records the seed
 * version. Curated overlays stored in the graph are applied on top of the files first, so curated changes survive;
 * a seed change that conflicts with them (say, a new edge closing a cycle with a curated one) is refused, naming both.
 * With `onlyIfChanged`, a graph already at this version is left alone.
 */
export async function seed(
  db: Database,
  options: { dir?: string; onlyIfChanged?: boolean; embedder?: Embedder | null } = {},
): Promise<SeedResult> {
  const started = Date.now();
  const set = readSeedDir(options.dir ?? SEED_DIR);
  const { graph, problems } = buildGraph(set.files);
  if (problems.length) throw new SeedValidationError(problems);
  const skipped = options.onlyIfChanged === true && (await seedVersion(db)) === set.version;
  if (!skipped) {
    await ensureConstraints(db);
    await ensureCurationSchema(db);
    const overlays = await readOverlays(db);
    await writeGraph(db, overlays.length ? curatedGraph(set.files, overlays) : graph, set.version);
  }
  await ensureSearchIndexes(db);
  // Embeddings are brought up to date even when the graph was current: an earlier start may have had no model.
  const embedding = options.embedder ? await embedChanged(db, options.embedder) : undefined;
  return {
    version: set.version,
    skipped,
    ms: Date.now() - started,
    counts: skipped ? undefined : await countGraph(db),
    embedding,
  };
}

/** The seed files with curated overlays on top, validated as one graph. */
export function curatedGraph(files: SeedFile[], overlays: Overlay[]): SeedGraph {
  const { graph, problems } = buildGraph(applyOverlays(files, overlays));
  if (problems.length) {
    throw new SeedValidationError(
      problems.map((p) => ({ ...p, message: `${p.message} (with the curated changes applied)` })),
    );
  }
  return markOrigins(graph, overlays);
}
