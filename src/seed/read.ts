import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { load as parseYaml } from 'js-yaml';
import { PROJECT_ROOT } from '../config.js';

export const SEED_DIR = path.join(PROJECT_ROOT, 'seed');

/** Bump when the loader writes the same files differently, so `npm start` re-seeds existing graphs. */
const LOADER_VERSION = 2;

/** A parsed seed file; `data` is whatever YAML gave, untrusted until validated. */
export interface SeedFile {
  /** Path relative to the seed folder, as used in messages ("concepts/ch10-model-optimizations.yaml"). */
  name: string;
  data: unknown;
  parseError?: string;
}

export interface SeedSet {
  files: SeedFile[];
  /** Hash of every file's bytes: the seed version `npm start` compares with the graph's. */
  version: string;
}

/** Reads every *.yaml under the folder (sorted, so the version hash is stable). */
export function readSeedDir(dir: string = SEED_DIR): SeedSet {
  const names = listYaml(dir);
  const hash = versionHash();
  return { files: names.map((name) => readSeedFile(dir, name, hash)), version: hash.digest('hex').slice(0, 16) };
}

/**
 * The same, yielding to the event loop after each file: parsing the whole seed takes a few hundred ms of CPU, which a
 * serving process must not spend in one block (its other requests, and the driver's 1 s connection handshakes, wait).
 */
export async function readSeedDirInTurns(dir: string = SEED_DIR): Promise<SeedSet> {
  const names = listYaml(dir);
  const hash = versionHash();
  const files: SeedFile[] = [];
  for (const name of names) {
    files.push(readSeedFile(dir, name, hash));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return { files, version: hash.digest('hex').slice(0, 16) };
}

const versionHash = () => crypto.createHash('sha256').update(`loader ${LOADER_VERSION}\0`);

function readSeedFile(dir: string, name: string, hash: crypto.Hash): SeedFile {
  const raw = fs.readFileSync(path.join(dir, name), 'utf8');
  hash.update(name).update('\0').update(raw).update('\0');
  try {
    return { name, data: parseYaml(raw) };
  } catch (err) {
    return { name, data: undefined, parseError: (err as Error).message.split('\n')[0] };
  }
}

/** Folders under seed/ that hold reference data for reports, not the graph (see src/seed/textbook.ts). */
const REFERENCE_FOLDERS = new Set(['textbook']);

function listYaml(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .flatMap((e) => {
      const rel = prefix ? `${prefix}/${e.name}` : e.name;
      if (e.isDirectory()) return REFERENCE_FOLDERS.has(rel) ? [] : listYaml(dir, rel);
      return e.name.endsWith('.yaml') ? [rel] : [];
    })
    .sort();
}
