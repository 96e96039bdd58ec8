/**
 * Synthetic knowledge bases `factor` times today's: `factor` volumes, each a relabelled copy of every seed file (ids
 * suffixed, names and chapter numbers made unique), written as seed files for the real loader. Each volume keeps
 * today's prerequisite structure, so the depth and fan-in distributions are exactly today's, and chapters, roles,
 * questions and resources grow with the concepts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { dump } from 'js-yaml';
import { buildGraph, folderOf } from '../../src/seed/graph.js';
import { readSeedDir } from '../../src/seed/read.js';

export function generateSeed(factor: number, outDir: string): { files: number } {
  const { files } = readSeedDir();
  const { graph } = buildGraph(files);
  const ids = new Set(graph.nodes.map((n) => n.id));
  fs.rmSync(outDir, { recursive: true, force: true });
  const merged = new Map<string, unknown>();
  for (let v = 0; v < factor; v++) {
    for (const file of files) {
      const data = relabel(file.data, v, ids);
      if (folderOf(file.name)) {
        // One file per chapter: each volume's chapter gets its own file.
        merged.set(v === 0 ? file.name : file.name.replace(/\.yaml$/, `.v${v}.yaml`), data);
      } else {
        // A top-level file holds whole kinds: the volumes' lists are joined.
        merged.set(file.name, v === 0 ? data : joinLists(merged.get(file.name), data));
      }
    }
  }
  for (const [name, data] of merged) {
    const target = path.join(outDir, name);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    // Block YAML, as the seed files are written.
    fs.writeFileSync(target, dump(data, { lineWidth: -1 }));
  }
  return { files: merged.size };
}

function joinLists(into: unknown, more: unknown): unknown {
  if (!into || typeof into !== 'object' || Array.isArray(into)) return into;
  const out = { ...(into as Record<string, unknown>) };
  for (const [k, x] of Object.entries(more as Record<string, unknown>))
    if (Array.isArray(out[k]) && Array.isArray(x)) out[k] = [...(out[k] as unknown[]), ...x];
  return out;
}

function relabel(value: unknown, v: number, ids: Set<string>, key = ''): unknown {
  if (v === 0) return value;
  if (typeof value === 'string') {
    if (ids.has(value)) return `${value}-v${v}`;
    if (NAMED.has(key)) return `${value} (volume ${v + 1})`;
    return value;
  }
  if (typeof value === 'number' && NUMBERED.has(key)) return value + v * 100;
  if (Array.isArray(value)) return value.map((x) => relabel(x, v, ids, key));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, relabel(x, v, ids, k)]));
  return value;
}

const NAMED = new Set(['name', 'title', 'aliases', 'term']);
const NUMBERED = new Set<string>();
