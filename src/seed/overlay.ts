import type { SeedFile } from './read.js';
import type { SeedGraph } from './graph.js';

/**
 * Curated data lives beside the seed as overlays: per node, what curators changed. The seed files stay the base; an
 * overlay is applied on top of the parsed files before validation, both when a mutation is checked and on every
 * re-seed, so curated changes survive a re-seed and go through the same rules (references, ranges, no cycles).
 */
export interface ConceptFields {
  name?: string;
  definition?: string;
  aliases?: string[];
  chapter?: string;
  difficulty?: string;
  hours?: number;
}

export interface ConceptOverlay {
  kind: 'concept';
  id: string;
  /** True for a concept that curators created (it has no seed record). */
  created: boolean;
  fields: ConceptFields;
  /** Prerequisites added, or whose reason was changed. */
  requiresAdded: { id: string; reason: string }[];
  requiresRemoved: string[];
  /** Key names of the curators who touched it, in order of first change. */
  curators: string[];
}

export interface ResourceOverlay {
  kind: 'resource';
  id: string;
  teachesAdded: string[];
  teachesRemoved: string[];
  curators: string[];
}

export type Overlay = ConceptOverlay | ResourceOverlay;

type Item = Record<string, unknown>;
const isConceptFile = (f: SeedFile) => f.name.startsWith('concepts/');
const listOf = (f: SeedFile, key: string) => ((f.data as Item)[key] as Item[] | undefined) ?? [];

/** The parsed seed files with the overlays applied (the input is not changed). */
export function applyOverlays(files: SeedFile[], overlays: Overlay[]): SeedFile[] {
  const out = structuredClone(files);
  const conceptFiles = out.filter((f) => isConceptFile(f) && !f.parseError);
  const chapterFile = (chapter: string): SeedFile => {
    const found = conceptFiles.find((f) => (f.data as Item).chapter === chapter);
    if (found) return found;
    const added: SeedFile = {
      name: `concepts/curated-${chapter.replace(/^chapter:/, '')}.yaml`,
      data: { chapter, concepts: [] },
    };
    out.push(added);
    conceptFiles.push(added);
    return added;
  };
  const findConcept = (id: string) => {
    for (const file of conceptFiles) {
      const list = listOf(file, 'concepts');
      const index = list.findIndex((c) => c.id === id);
      if (index >= 0) return { file, list, index };
    }
    return undefined;
  };

  for (const o of overlays.filter((x): x is ConceptOverlay => x.kind === 'concept')) {
    let at = findConcept(o.id);
    const source = { doc: 'curated', section: `curation API (${o.curators.join(', ')})` };
    if (!at) {
      const file = chapterFile(o.fields.chapter ?? '');
      listOf(file, 'concepts').push({ id: o.id, aliases: [], requires: [], related: [], sources: [source] });
      at = findConcept(o.id)!;
    }
    const item = at.list[at.index]!;
    const currentChapter = (item.chapter as string | undefined) ?? ((at.file.data as Item).chapter as string);
    Object.assign(item, o.fields);
    if (!o.created) item.sources = [...((item.sources as unknown[]) ?? []), source];
    if (o.fields.chapter && o.fields.chapter !== currentChapter) {
      // A concept that changes chapter moves to the end of its new chapter's list (its position there).
      at.list.splice(at.index, 1);
      listOf(chapterFile(o.fields.chapter), 'concepts').push(item);
    }
    const removed = new Set([...o.requiresRemoved, ...o.requiresAdded.map((r) => r.id)]);
    item.requires = [
      ...((item.requires as { id: string }[]) ?? []).filter((r) => !removed.has(r.id)),
      ...o.requiresAdded,
    ];
  }

  const resourcesFile = out.find((f) => f.name === 'resources.yaml' && !f.parseError);
  for (const o of overlays.filter((x): x is ResourceOverlay => x.kind === 'resource')) {
    const item = resourcesFile && listOf(resourcesFile, 'resources').find((r) => r.id === o.id);
    if (!item) continue; // the resource left the seed: nothing to link any more
    const removed = new Set([...o.teachesRemoved, ...o.teachesAdded]);
    item.teaches = [...((item.teaches as string[]) ?? []).filter((c) => !removed.has(c)), ...o.teachesAdded];
  }
  return out;
}

/** Marks what curators own in a built graph: created nodes and added edges get origin "curated", the rest "seed". */
export function markOrigins(graph: SeedGraph, overlays: Overlay[]): SeedGraph {
  const created = new Set(overlays.filter((o) => o.kind === 'concept' && o.created).map((o) => o.id));
  const edges = new Set<string>();
  for (const o of overlays) {
    if (o.kind === 'concept') for (const r of o.requiresAdded) edges.add(`REQUIRES ${o.id}>${r.id}`);
    else for (const c of o.teachesAdded) edges.add(`TEACHES ${o.id}>${c}`);
  }
  return {
    nodes: graph.nodes.map((n) => ({ ...n, origin: created.has(n.id) ? 'curated' : 'seed' })),
    edges: graph.edges.map((e) => ({ ...e, origin: edges.has(`${e.type} ${e.from}>${e.to}`) ? 'curated' : 'seed' })),
  };
}
