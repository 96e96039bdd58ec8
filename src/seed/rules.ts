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
