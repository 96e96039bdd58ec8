import { depths, learningOrder, type PrereqEdge } from './order.js';

/** A concept as the graph stores it: its id, and its chapter and place in the chapter among its properties. */
interface StoredConcept {
  id: string;
  props: Record<string, unknown>;
}

interface Graph<N extends StoredConcept> {
  nodes: N[];
  edges: PrereqEdge[];
}

/** Course position of a concept: chapter first, then its place in the chapter. */
export function courseRank(node: StoredConcept): number {
  return Number(node.props.chapterNumber ?? 0) * 1000 + Number(node.props.position ?? 0);
}

/**
 * The first `first` concepts of a closure of `start`, each with its distance from it: prerequisites in learning
 * order (before what needs them), dependents nearest first; the course order breaks ties.
 */
export function closureOrder<N extends StoredConcept>(
  start: string,
  graph: Graph<N>,
  direction: 'prerequisites' | 'dependents',
  first: number,
): { node: N; depth: number }[] {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const dist = depths(start, graph.edges, direction);
  const ids = graph.nodes.map((n) => n.id);
  const order =
    direction === 'prerequisites'
      ? learningOrder(ids, graph.edges, (id) => courseRank(byId.get(id)!))
      : [...ids].sort((a, b) => dist.get(a)! - dist.get(b)! || courseRank(byId.get(a)!) - courseRank(byId.get(b)!));
  return order.slice(0, first).map((id) => ({ node: byId.get(id)!, depth: dist.get(id)! }));
}

/** Every concept of a path between two concepts, in learning order. */
export function pathOrder<N extends StoredConcept>(graph: Graph<N>): N[] {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  return learningOrder([...byId.keys()], graph.edges, (id) => courseRank(byId.get(id)!)).map((id) => byId.get(id)!);
}
