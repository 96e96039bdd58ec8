import type { EdgeRow, NodeRow, SeedGraph } from './graph.js';

export interface GraphDiff {
  /** New nodes and nodes whose properties or origin changed. */
  nodes: NodeRow[];
  /** New edges and edges whose properties or origin changed. */
  edges: EdgeRow[];
  removedEdges: { type: string; from: string; to: string }[];
}

const edgeKey = (e: { type: string; from: string; to: string }) => `${e.type} ${e.from}>${e.to}`;
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * What a curation change does to the stored graph: the graph built with the new overlays against the one built with
 * the old. Only what differs is written, so an edit touches a handful of nodes, yet every derived text (search
 * texts, positions) comes from the same code that the seed uses.
 */
export function diffGraphs(before: SeedGraph, after: SeedGraph): GraphDiff {
  const oldNodes = new Map(before.nodes.map((n) => [n.id, n]));
  const oldEdges = new Map(before.edges.map((e) => [edgeKey(e), e]));
  const newEdges = new Set(after.edges.map(edgeKey));
  return {
    nodes: after.nodes.filter((n) => {
      const old = oldNodes.get(n.id);
      return !old || old.origin !== n.origin || !same(old.props, n.props);
    }),
    edges: after.edges.filter((e) => {
      const old = oldEdges.get(edgeKey(e));
      return !old || old.origin !== e.origin || !same(old.props, e.props);
    }),
    removedEdges: before.edges
      .filter((e) => !newEdges.has(edgeKey(e)))
      .map(({ type, from, to }) => ({ type, from, to })),
  };
}
