import fs from 'node:fs';
import path from 'node:path';
import { load as parseYaml } from 'js-yaml';
import { z } from 'zod';
import type { SeedGraph } from './graph.js';
import { SEED_DIR } from './read.js';
import { idOf, text } from './schema.js';

/**
 * Reference data, not part of the graph: the concept names of each chapter's concept file in the public textbook
 * (harvard-edge/cs249r_book, `book/quarto/contents/core/<chapter>/<chapter>_concepts.yml`), names only, grouped as
 * the textbook groups them, with the names the graph leaves out on purpose and why. `npm run seed:report` measures
 * how many of them the graph covers.
 */
export const TEXTBOOK_DIR = path.join(SEED_DIR, 'textbook');

const referenceSchema = z.strictObject({
  chapter: idOf('chapter'),
  source: z.strictObject({ repo: text, path: text, commit: z.string().regex(/^[0-9a-f]{40}$/) }),
  names: z.record(z.string(), z.array(text).min(1)),
  leftOut: z.array(z.strictObject({ name: text, why: text })).default([]),
});
export type TextbookNames = z.infer<typeof referenceSchema>;

export function readTextbookNames(dir: string = TEXTBOOK_DIR): { file: string; data: TextbookNames }[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((file) => {
      const result = referenceSchema.safeParse(parseYaml(fs.readFileSync(path.join(dir, file), 'utf8')));
      if (!result.success)
        throw new Error(
          `seed/textbook/${file}: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        );
      return { file, data: result.data };
    });
}

/**
 * A name as compared: lower case, punctuation and hyphens as spaces, a plural "s" dropped from longer words
 * ("Binary Neural Networks" matches "binary neural network").
 */
export function matchKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .map((w) => (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w))
    .join(' ');
}

/** The forms a textbook name may match under: itself, and for "SNIP (Single-shot Network Pruning)" each part. */
function forms(name: string): string[] {
  const m = /^(.*?)\s*\((.*)\)\s*$/.exec(name);
  return [name, ...(m ? [m[1]!, m[2]!] : [])].map(matchKey).filter(Boolean);
}

export interface ChapterCoverage {
  chapter: string;
  names: number;
  covered: number;
  leftOut: number;
  /** Names neither covered nor left out on purpose. */
  missing: string[];
  /** Names left out on purpose that the graph covers after all (the list is stale). */
  staleLeftOut: string[];
  /** covered / names, in percent. */
  percent: number;
}

/**
 * The names under which a node covers a textbook name, or none: concepts and terms (the glossary: each names one idea
 * a learner studies), and the named things the chapters list beside them: tools (not the generic kinds of software),
 * organizations, open-source projects and papers (title or short title).
 */
function coveringNames(node: SeedGraph['nodes'][number]): string[] {
  const props = node.props;
  const list = (v: unknown) => (Array.isArray(v) ? (v as string[]) : []);
  switch (node.label) {
    case 'Concept':
    case 'Organization':
      return [String(props.name), ...list(props.aliases)];
    case 'Tool':
      return props.category === 'generic' ? [] : [String(props.name), ...list(props.aliases)];
    case 'Term':
    case 'OpenSourceProject':
      return [String(props.name)];
    case 'Paper':
      return [String(props.name), ...(typeof props.shortTitle === 'string' ? [props.shortTitle] : [])];
    default:
      return [];
  }
}

/** Pure: how many textbook names the graph covers, by the names of the nodes `coveringNames` admits. */
export function textbookCoverage(graph: SeedGraph, references: TextbookNames[]): ChapterCoverage[] {
  const known = new Set<string>();
  for (const node of graph.nodes) for (const n of coveringNames(node)) for (const f of forms(n)) known.add(f);
  const isCovered = (name: string) => forms(name).some((f) => known.has(f));
  return references.map((ref) => {
    const all = [...new Set(Object.values(ref.names).flat())];
    const leftOut = new Set(ref.leftOut.map((l) => l.name));
    const covered = all.filter(isCovered);
    return {
      chapter: ref.chapter,
      names: all.length,
      covered: covered.length,
      leftOut: all.filter((n) => leftOut.has(n) && !isCovered(n)).length,
      missing: all.filter((n) => !isCovered(n) && !leftOut.has(n)),
      staleLeftOut: [...leftOut].filter(isCovered),
      percent: all.length ? Math.round((1000 * covered.length) / all.length) / 10 : 0,
    };
  });
}
