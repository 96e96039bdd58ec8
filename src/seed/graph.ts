import crypto from 'node:crypto';
import type { z } from 'zod';
import { EDGE_LISTS, KINDS, type KindSpec } from './kinds.js';
import type { SeedFile } from './read.js';
import { checkPrerequisiteRules, checkQuestionRules, checkRoleRules, checkUrls } from './rules.js';

/** A node ready to write: its labels' kind, id and flat Neo4j properties. */
export interface NodeRow {
  label: string;
  id: string;
  file: string;
  props: Record<string, string | number | boolean | string[] | number[]>;
  /** Who owns it: the seed files (default) or curators (see src/seed/overlay.ts). */
  origin?: Origin;
}

export type Origin = 'seed' | 'curated';

export interface EdgeRow {
  type: string;
  from: string;
  to: string;
  props: Record<string, string | number>;
  /** Where the edge was declared, for messages. */
  at: string;
  origin?: Origin;
}

export interface SeedProblem {
  file: string;
  path: string;
  message: string;
  /** Set for the two problems curation reports with codes of their own (CYCLE, NOT_FOUND). */
  kind?: 'cycle' | 'unknown-reference';
}

export interface SeedGraph {
  nodes: NodeRow[];
  edges: EdgeRow[];
}

/**
 * Pure: validates parsed seed files against the kind table and turns them into node and edge rows. Every problem is
 * collected (with file and path) instead of stopping at the first, so one run reports all of them.
 */
export function buildGraph(files: SeedFile[]): { graph: SeedGraph; problems: SeedProblem[] } {
  const problems: SeedProblem[] = [];
  const nodes: NodeRow[] = [];
  const edges: EdgeRow[] = [];
  const claimed = new Set<string>();

  for (const file of files) {
    if (file.parseError) {
      problems.push({ file: file.name, path: '', message: `YAML does not parse: ${file.parseError}` });
      continue;
    }
    if (!isRecord(file.data)) {
      problems.push({ file: file.name, path: '', message: 'expected a mapping of lists at the top level' });
      continue;
    }
    // A kind declared with a folder (`concepts`, `questions`, ...) keeps one file per chapter there, whose top-level
    // `chapter` is every item's chapter unless the item names its own.
    const folder = folderOf(file.name);
    const kinds = KINDS.filter((k) => k.file === (folder ?? file.name));
    const edgeLists = EDGE_LISTS.filter((e) => e.file === file.name);
    const known = new Set([
      ...kinds.map((k) => k.list),
      ...edgeLists.map((e) => e.list),
      ...(folder ? ['chapter'] : []),
    ]);
    if (kinds.length === 0 && edgeLists.length === 0) {
      problems.push({
        file: file.name,
        path: '',
        message: 'no kind of the knowledge base lives in this file (see docs/DATA.md)',
      });
      continue;
    }
    for (const key of Object.keys(file.data)) {
      if (!known.has(key))
        problems.push({
          file: file.name,
          path: key,
          message: `unknown list "${key}"; expected one of ${[...known].join(', ')}`,
        });
    }
    for (const kind of kinds) {
      claimed.add(`${file.name}#${kind.list}`);
      const list = file.data[kind.list];
      if (list === undefined) {
        problems.push({ file: file.name, path: kind.list, message: `missing list "${kind.list}"` });
        continue;
      }
      if (!Array.isArray(list)) {
        problems.push({ file: file.name, path: kind.list, message: 'expected a list' });
        continue;
      }
      const fileChapter = folder ? file.data.chapter : undefined;
      list.forEach((raw, i) => {
        const item = folder && isRecord(raw) ? { chapter: fileChapter, ...raw } : raw;
        const at = `${kind.list}[${i}]`;
        const parsed = check(kind.schema, item, file.name, at, problems);
        if (parsed) addItem(kind, { ...parsed, position: i + 1 }, file.name, at, nodes, edges);
      });
    }
    for (const spec of edgeLists) {
      const list = file.data[spec.list];
      if (list === undefined && spec.optional) continue;
      if (!Array.isArray(list)) {
        problems.push({ file: file.name, path: spec.list, message: `missing list "${spec.list}"` });
        continue;
      }
      list.forEach((raw, i) => {
        const at = `${spec.list}[${i}]`;
        const row = check(spec.schema, raw, file.name, at, problems);
        if (!row) return;
        const props = Object.fromEntries(spec.props.map((p) => [p, row[p] as string]));
        edges.push({
          type: spec.type,
          from: String(row[spec.from.field]),
          to: String(row[spec.to.field]),
          props,
          at: `${file.name} ${at}`,
        });
      });
    }
  }
  for (const kind of KINDS) {
    const present = files.some((f) => (folderOf(f.name) ?? f.name) === kind.file);
    if (!present)
      problems.push({ file: kind.file, path: '', message: `missing: ${kind.label} items are expected here` });
  }
  addChapterNumbers(nodes, edges);
  addSearchTexts(nodes, edges);
  problems.push(...checkReferences(nodes, edges), ...checkUrls(nodes));
  const cycles = checkCycles(edges.filter((e) => e.type === 'REQUIRES'));
  problems.push(...cycles);
  if (!cycles.length) problems.push(...checkPrerequisiteRules(nodes, edges));
  problems.push(...checkRoleRules(nodes, edges), ...checkQuestionRules(nodes, edges));
  return { graph: { nodes, edges }, problems };
}

/** The folder of a one-file-per-chapter kind (`concepts/ch10-....yaml` -> `concepts`); undefined at the top. */
export function folderOf(name: string): string | undefined {
  const slash = name.indexOf('/');
  return slash > 0 ? name.slice(0, slash) : undefined;
}

/** Concepts carry their chapter's number so lists can be ordered by course order without a join. */
function addChapterNumbers(nodes: NodeRow[], edges: EdgeRow[]): void {
  const numbers = new Map(nodes.filter((n) => n.label === 'Chapter').map((n) => [n.id, n.props.number as number]));
  const chapterOf = new Map(edges.filter((e) => e.type === 'INTRODUCED_IN').map((e) => [e.from, e.to]));
  for (const node of nodes) {
    if (node.label === 'Concept') node.props.chapterNumber = numbers.get(chapterOf.get(node.id) ?? '') ?? 0;
  }
}

/**
 * The texts search reads: `aliasText` and `body` feed the full-text index beside `name`; `embedText` is what the
 * model embeds (name, aliases, the descriptive fields and context such as the chapter), with a hash so a re-seed
 * re-embeds only what changed.
 */
function addSearchTexts(nodes: NodeRow[], edges: EdgeRow[]): void {
  const kinds = new Map(KINDS.map((k) => [k.label, k]));
  const titles = new Map(nodes.filter((n) => n.label === 'Chapter').map((n) => [n.id, String(n.props.title)]));
  const chapterOf = new Map(
    edges.filter((e) => e.type === 'INTRODUCED_IN' || e.type === 'IN_CHAPTER').map((e) => [e.from, e.to]),
  );
  for (const node of nodes) {
    const kind = kinds.get(node.label);
    const aliases = Array.isArray(node.props.aliases) ? (node.props.aliases as string[]) : [];
    const description = (kind?.textFields ?? ['text'])
      .filter((f) => f !== 'aliases')
      .map((f) => textOf(node.props[f]))
      .filter(Boolean)
      .join(' ');
    const body = [description, textOf(node.props.askedAs)].filter(Boolean).join(' ');
    const chapter = titles.get(chapterOf.get(node.id) ?? '');
    node.props.aliasText = aliases.join('; ');
    node.props.body = body;
    const kindName = node.label.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
    node.props.embedText = [
      `${node.props.name}${aliases.length ? ` (${aliases.join(', ')})` : ''}`,
      body,
      chapter ? `A ${kindName} of the chapter ${chapter}.` : `A ${kindName}.`,
    ]
      .map((part) => part.replace(/[.\s]+$/, ''))
      .filter(Boolean)
      .join('. ');
    node.props.embedTextHash = sha1(String(node.props.embedText));
    const passages = passagesOf(String(node.props.name), aliases, node.props.askedAs, description);
    node.props.passages = passages;
    node.props.passagesHash = sha1(passages.join('\n'));
  }
}

const sha1 = (text: string) => crypto.createHash('sha1').update(text).digest('hex');

const MAX_PASSAGES = 12;

/**
 * Short texts embedded one by one, so a question matches the one sentence that answers it instead of a whole
 * description averaged into one vector: the name with its aliases, each way learners ask for it (`askedAs`), and each
 * sentence of its description.
 */
export function passagesOf(name: string, aliases: string[], askedAs: unknown, body: string): string[] {
  const sentences = body
    .split(/(?<=[.!?])\s+|;\s+/)
    .map((t) => t.trim())
    .filter((t) => t.length >= 15);
  const asked = Array.isArray(askedAs) ? (askedAs as string[]) : [];
  const all = [[name, ...aliases].join(', '), ...asked, ...sentences.map((t) => `${name}: ${t}`)];
  return [...new Set(all.map((t) => t.slice(0, 400)))].slice(0, MAX_PASSAGES);
}

/** Plain text of a stored property (JSON objects such as facets or outlooks contribute their values). */
function textOf(value: unknown): string {
  if (typeof value === 'string' && value.startsWith('{'))
    return Object.values(JSON.parse(value) as Record<string, unknown>)
      .map(textOf)
      .join(' ');
  if (Array.isArray(value)) return value.map(textOf).join('; ');
  return value === undefined || value === null ? '' : String(value);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function check(
  schema: z.ZodType<Record<string, unknown>>,
  item: unknown,
  file: string,
  at: string,
  problems: SeedProblem[],
) {
  const result = schema.safeParse(item);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const where = [at, ...issue.path.map(String)].join('.');
    const keys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
    problems.push({ file, path: where, message: `${issue.message}${keys}` });
  }
  return undefined;
}

function addItem(
  kind: KindSpec,
  item: Record<string, unknown>,
  file: string,
  at: string,
  nodes: NodeRow[],
  edges: EdgeRow[],
): void {
  const id = String(item.id);
  const relFields = new Set([...kind.rels.map((r) => r.field), ...(kind.children?.map((c) => c.field) ?? [])]);
  const props: NodeRow['props'] = {};
  for (const [key, value] of Object.entries(item)) {
    if (relFields.has(key) || value === undefined) continue;
    props[key] = toProperty(value);
  }
  props.name = String(item[kind.nameField]);
  props.sourceDocs = [...new Set((item.sources as { doc: string }[]).map((s) => s.doc))];
  nodes.push({ label: kind.label, id, file, props });

  for (const rel of kind.rels) {
    const value = item[rel.field];
    const targets = value === undefined ? [] : Array.isArray(value) ? value : [value];
    targets.forEach((t: unknown, i) => {
      const target = isRecord(t) ? String(t.id) : String(t);
      const relProps = Object.fromEntries(
        (rel.props ?? []).flatMap((p) => {
          const v = isRecord(t) ? t[p] : undefined;
          return v === undefined ? [] : [[p, String(v)]];
        }),
      );
      const [from, to] = rel.reverse ? [target, id] : [id, target];
      edges.push({
        type: rel.type,
        from,
        to,
        props: relProps,
        at: `${file} ${at}.${rel.field}${Array.isArray(value) ? `[${i}]` : ''}`,
      });
    });
  }
  for (const child of kind.children ?? []) {
    ((item[child.field] as Record<string, unknown>[]) ?? []).forEach((c, i) => {
      const childId = String(c.id);
      const childProps: NodeRow['props'] = {
        name: String(c.text ?? c.name),
        sources: props.sources!,
        sourceDocs: props.sourceDocs!,
      };
      for (const [k, v] of Object.entries(c)) if (v !== undefined) childProps[k] = toProperty(v);
      nodes.push({ label: child.label, id: childId, file, props: childProps });
      edges.push({
        type: child.type,
        from: id,
        to: childId,
        props: { order: i + 1 },
        at: `${file} ${at}.${child.field}[${i}]`,
      });
    });
  }
}

/** Neo4j properties are scalars or lists of scalars; anything nested is kept as JSON text. */
function toProperty(value: unknown): NodeRow['props'][string] {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) return value as number[];
  return JSON.stringify(value);
}

function checkReferences(nodes: NodeRow[], edges: EdgeRow[]): SeedProblem[] {
  const problems: SeedProblem[] = [];
  const byId = new Map<string, NodeRow>();
  for (const node of nodes) {
    const prior = byId.get(node.id);
    if (prior)
      problems.push({
        file: node.file,
        path: node.id,
        message: `duplicate id "${node.id}" (first defined in ${prior.file})`,
      });
    else byId.set(node.id, node);
  }
  const seen = new Set<string>();
  for (const edge of edges) {
    const [file, path] = splitAt(edge.at);
    for (const end of [edge.from, edge.to]) {
      if (!byId.has(end))
        problems.push({ file, path, message: `unknown reference "${end}"`, kind: 'unknown-reference' });
    }
    if (edge.from === edge.to) problems.push({ file, path, message: `"${edge.from}" refers to itself` });
    const key = `${edge.type} ${edge.from} ${edge.to}`;
    if (seen.has(key)) problems.push({ file, path, message: `duplicate ${edge.type} link ${edge.from} -> ${edge.to}` });
    seen.add(key);
  }
  return problems;
}

function splitAt(at: string): [string, string] {
  const space = at.indexOf(' ');
  return [at.slice(0, space), at.slice(space + 1)];
}

/** Finds cycles in the REQUIRES edges (iterative DFS, colour marking); each cycle is reported once, as a path. */
export function checkCycles(edges: Pick<EdgeRow, 'from' | 'to' | 'at'>[]): SeedProblem[] {
  const out = new Map<string, string[]>();
  for (const e of edges) out.set(e.from, [...(out.get(e.from) ?? []), e.to]);
  const colour = new Map<string, 1 | 2>();
  const problems: SeedProblem[] = [];
  const where = new Map(edges.map((e) => [`${e.from} ${e.to}`, e.at]));
  for (const start of [...out.keys()].sort()) {
    if (colour.has(start)) continue;
    const stack: { node: string; next: number }[] = [{ node: start, next: 0 }];
    const path: string[] = [start];
    colour.set(start, 1);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const children = out.get(top.node) ?? [];
      if (top.next >= children.length) {
        colour.set(top.node, 2);
        stack.pop();
        path.pop();
        continue;
      }
      const child = children[top.next++]!;
      if (colour.get(child) === 1) {
        const cycle = [...path.slice(path.indexOf(child)), child];
        const [file, at] = splitAt(where.get(`${top.node} ${child}`) ?? ' ');
        problems.push({ file, path: at, message: `prerequisite cycle: ${cycle.join(' -> ')}`, kind: 'cycle' });
      } else if (!colour.has(child)) {
        colour.set(child, 1);
        stack.push({ node: child, next: 0 });
        path.push(child);
      }
    }
  }
  return problems;
}
