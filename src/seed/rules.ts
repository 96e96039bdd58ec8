import { reachable } from '../prereq/order.js';
import type { EdgeRow, NodeRow, SeedProblem } from './graph.js';
import { KINDS } from './kinds.js';

/**
 * Pure: the rules the prerequisite graph must keep beyond being a DAG, checked by `npm run seed:check`.
 * - No history prerequisite: a history concept (an era, a past approach) is context, never what an engineering
 *   concept needs first.
 * - One concept per name: a name or alias (case-insensitive) belongs to one concept only.
 * - No redundant edge: when A requires B and C, and C already requires B (directly or further down), the edge A -> B
 *   adds nothing to a plan; drop it, or keep it with `whyDirect`.
 * - No steep edge: a prerequisite two difficulty levels above its dependent (BEGINNER requiring ADVANCED) needs
 *   `whyHarder`.
 */
export function checkPrerequisiteRules(nodes: NodeRow[], edges: EdgeRow[]): SeedProblem[] {
  const concepts = new Map(nodes.filter((n) => n.label === 'Concept').map((n) => [n.id, n]));
  const requires = edges.filter((e) => e.type === 'REQUIRES' && concepts.has(e.from) && concepts.has(e.to));
  const problems: SeedProblem[] = [];
  const at = (edge: EdgeRow) => splitAt(edge.at);

  for (const edge of requires) {
    const from = concepts.get(edge.from)!;
    const to = concepts.get(edge.to)!;
    if (to.props.history === true && from.props.history !== true) {
      const [file, path] = at(edge);
      problems.push({
        file,
        path,
        message: `rule "no history prerequisite": ${edge.from} requires the history concept ${edge.to}; history is context, make it "related" instead`,
      });
    }
    const gap = LEVEL[String(to.props.difficulty)]! - LEVEL[String(from.props.difficulty)]!;
    if (gap >= 2 && !edge.props.whyHarder) {
      const [file, path] = at(edge);
      problems.push({
        file,
        path,
        message: `rule "no steep prerequisite": ${edge.from} (${from.props.difficulty}) requires ${edge.to} (${to.props.difficulty}); give "whyHarder" or drop the edge`,
      });
    }
  }

  for (const edge of redundantEdges(requires)) {
    if (edge.props.whyDirect) continue;
    const [file, path] = at(edge);
    problems.push({
      file,
      path,
      message: `rule "no redundant prerequisite": ${edge.from} -> ${edge.to} is implied by ${edge.via}; drop it or give "whyDirect"`,
    });
  }

  const owners = new Map<string, string>();
  for (const node of concepts.values()) {
    const names = [String(node.props.name), ...((node.props.aliases as string[] | undefined) ?? [])];
    for (const name of new Set(names.map(normalName))) {
      const owner = owners.get(name);
      if (owner && owner !== node.id) {
        problems.push({
          file: node.file,
          path: node.id,
          message: `rule "one concept per name": "${name}" names both ${owner} and ${node.id}; keep it on one of them`,
        });
      } else owners.set(name, node.id);
    }
  }
  return problems;
}

/** Pure: the rule "url required": an item of a kind that links out (`needsUrl` in src/seed/kinds.ts) has a `url`. */
export function checkUrls(nodes: NodeRow[]): SeedProblem[] {
  const needsUrl = new Map(KINDS.filter((k) => k.needsUrl).map((k) => [k.label, k.needsUrl!]));
  return nodes
    .filter((n) => !n.props.url && needsUrl.get(n.label)?.(n.props))
    .map((n) => ({
      file: n.file,
      path: n.id,
      message: `rule "url required": ${n.id} has no url; a ${n.label} links to its page (home page, DOI or arXiv)`,
    }));
}

const LEVEL: Record<string, number> = { BEGINNER: 0, INTERMEDIATE: 1, ADVANCED: 2 };

/** Names compared case- and space-insensitively. */
export const normalName = (name: string) => name.trim().toLowerCase().replace(/\s+/g, ' ');

/**
 * The REQUIRES edges another prerequisite of the same concept already implies, each with that prerequisite (`via`).
 * Assumes a DAG (cycles are reported before this runs).
 */
export function redundantEdges<E extends Pick<EdgeRow, 'from' | 'to'>>(requires: E[]): (E & { via: string })[] {
  const next = new Map<string, string[]>();
  for (const e of requires) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const below = new Map<string, Set<string>>();
  const closureOf = (id: string) => {
    let set = below.get(id);
    if (!set) below.set(id, (set = reachable(next.get(id) ?? [], next)));
    return set;
  };
  const out: (E & { via: string })[] = [];
  for (const e of requires) {
    const via = (next.get(e.from) ?? []).find((other) => other !== e.to && closureOf(other).has(e.to));
    if (via) out.push({ ...e, via });
  }
  return out;
}

function splitAt(at: string): [string, string] {
  const space = at.indexOf(' ');
  return [at.slice(0, space), at.slice(space + 1)];
}

/** Fewest concepts a career path names, and the largest share of them another path may name too. */
export const ROLE_MIN_CONCEPTS = 12;
export const ROLE_MAX_SHARED = 0.8;

/**
 * Pure: the rules career paths keep, so that roles plan differently (checked by `npm run seed:check`).
 * - Enough concepts: each role names at least ROLE_MIN_CONCEPTS concepts (CORE or SUPPORTING).
 * - Roles that differ: two roles never share more than ROLE_MAX_SHARED of the smaller role's concepts.
 */
export function checkRoleRules(nodes: NodeRow[], edges: EdgeRow[]): SeedProblem[] {
  const roles = nodes.filter((n) => n.label === 'CareerPath');
  const conceptsOf = new Map(roles.map((r) => [r.id, new Set<string>()]));
  for (const e of edges) if (e.type === 'FOCUSES_ON') conceptsOf.get(e.from)?.add(e.to);
  const problems: SeedProblem[] = [];
  for (const role of roles) {
    const n = conceptsOf.get(role.id)!.size;
    if (n < ROLE_MIN_CONCEPTS)
      problems.push({
        file: role.file,
        path: role.id,
        message: `rule "enough role concepts": ${role.id} names ${n} concepts; give at least ${ROLE_MIN_CONCEPTS} (CORE or SUPPORTING)`,
      });
  }
  for (let i = 0; i < roles.length; i++)
    for (let j = i + 1; j < roles.length; j++) {
      const [a, b] = [conceptsOf.get(roles[i]!.id)!, conceptsOf.get(roles[j]!.id)!];
      const shared = [...a].filter((id) => b.has(id)).length;
      const smaller = Math.min(a.size, b.size);
      if (smaller > 0 && shared / smaller > ROLE_MAX_SHARED)
        problems.push({
          file: roles[j]!.file,
          path: roles[j]!.id,
          message: `rule "roles that differ": ${roles[i]!.id} and ${roles[j]!.id} share ${shared} of ${smaller} concepts (above ${ROLE_MAX_SHARED * 100}%); give each role concepts of its own`,
        });
    }
  return problems;
}

/** How many concepts must build on a concept (through REQUIRES, directly or not) for it to need its own question. */
export const FOUNDATION_MIN_DEPENDENTS = 10;

/**
 * Pure: the rule "foundation question": a concept that at least FOUNDATION_MIN_DEPENDENTS others build on has a
 * review question that checks it alone. The placement test infers a foundation from the answers about it, and a
 * question that also checks other concepts cannot tell which of them a wrong answer is about.
 */
export function checkQuestionRules(nodes: NodeRow[], edges: EdgeRow[]): SeedProblem[] {
  const concepts = nodes.filter((n) => n.label === 'Concept');
  const requires = new Map<string, string[]>();
  const checks = new Map<string, string[]>();
  for (const e of edges) {
    if (e.type === 'REQUIRES') requires.set(e.from, [...(requires.get(e.from) ?? []), e.to]);
    if (e.type === 'CHECKS') checks.set(e.from, [...(checks.get(e.from) ?? []), e.to]);
  }
  const checkedAlone = new Set([...checks.values()].filter((c) => c.length === 1).map((c) => c[0]!));
  const dependents = new Map<string, number>();
  for (const c of concepts)
    for (const p of reachable(requires.get(c.id) ?? [], requires))
      if (p !== c.id) dependents.set(p, (dependents.get(p) ?? 0) + 1);
  return concepts
    .filter((c) => (dependents.get(c.id) ?? 0) >= FOUNDATION_MIN_DEPENDENTS && !checkedAlone.has(c.id))
    .map((c) => ({
      file: c.file,
      path: c.id,
      message: `rule "foundation question": ${dependents.get(c.id)} concepts build on ${c.id} and no review question checks it alone; add one with checks: [${c.id}] to its chapter's question file`,
    }));
}

/** Fewest `askedAs` phrases an item carries (of a kind that has them): search matches learners' words against them. */
export const MIN_ASKED_AS = 5;

/**
 * Pure: the rules the shipped items' `askedAs` phrases keep (checked by `npm run seed:check` only: curated changes
 * cannot edit askedAs, and synthetic seeds repeat them).
 * - Enough ways of asking: an item of a kind that has phrases (`asked` in src/seed/kinds.ts) has at least
 *   MIN_ASKED_AS.
 * - In the learner's words: no phrase contains the item's name or one of its aliases (as whole words), since a
 *   learner who knew the name would type it, and the name is matched by its own passage already.
 * - One phrase, one item: no phrase is listed twice, by one item or by two (case and spacing ignored), since a
 *   phrase two items share cannot tell search which of them the learner means.
 */
export function checkAskedAsRules(nodes: NodeRow[]): SeedProblem[] {
  // A child kind (a challenge's research directions) is a line of its parent's item and carries no phrases either.
  const unasked = new Set(
    KINDS.flatMap((k) => [...(k.asked === false ? [k.label] : []), ...(k.children ?? []).map((c) => c.label)]),
  );
  const problems: SeedProblem[] = [];
  const owners = new Map<string, string>();
  for (const node of nodes) {
    const asked = (node.props.askedAs as string[] | undefined) ?? [];
    const problem = (message: string) => problems.push({ file: node.file, path: node.id, message });
    if (!unasked.has(node.label) && asked.length < MIN_ASKED_AS)
      problem(
        `rule "enough ways of asking": ${node.id} has ${asked.length} askedAs phrases; give at least ${MIN_ASKED_AS}, each how a learner would ask for it without its name`,
      );
    const names = [String(node.props.name), ...((node.props.aliases as string[] | undefined) ?? [])].map(normalName);
    for (const phrase of asked) {
      const text = normalName(phrase);
      const named = names.find((name) => containsWords(text, name));
      if (named)
        problem(`rule "in the learner's words": an askedAs phrase of ${node.id} names it ("${named}"): "${phrase}"`);
      const owner = owners.get(text);
      if (owner) problem(`rule "one phrase, one item": ${node.id} lists "${phrase}", already listed by ${owner}`);
      else owners.set(text, node.id);
    }
  }
  return problems;
}

/** Whether `words` occurs in `text` as whole words (both already normalised). */
function containsWords(text: string, words: string): boolean {
  let at = text.indexOf(words);
  while (at >= 0) {
    const before = text[at - 1];
    const after = text[at + words.length];
    if (!isWordChar(before) && !isWordChar(after)) return true;
    at = text.indexOf(words, at + 1);
  }
  return false;
}

const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);
