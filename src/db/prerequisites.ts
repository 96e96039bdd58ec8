import type { Database } from './database.js';
import { NODE_MAP, type NodeRecord } from './nodes.js';
import type { PrereqEdge } from '../prereq/order.js';

/** A concept's prerequisite closure (or dependents' closure) as nodes and the REQUIRES edges among them. */
export interface Subgraph {
  id: string;
  nodes: NodeRecord[];
  edges: PrereqEdge[];
}

/**
 * Closures of several concepts in one statement. `prerequisites` follows REQUIRES forward (what to learn first);
 * `dependents` follows it backward (what a concept unlocks). The start concept itself is not among the nodes.
 */
export async function closures(
  db: Database,
  ids: readonly string[],
  direction: 'prerequisites' | 'dependents',
): Promise<Subgraph[]> {
  const walk = direction === 'prerequisites' ? '(c)-[:REQUIRES*1..]->(n:Concept)' : '(c)<-[:REQUIRES*1..]-(n:Concept)';
  return db.read<Subgraph>(
    `UNWIND $ids AS id
     MATCH (c:Concept {id: id})
     OPTIONAL MATCH ${walk}
     WITH c, collect(DISTINCT n) AS found
     WITH c, found, found + c AS members
     CALL (members) {
       UNWIND members AS a
       MATCH (a)-[:REQUIRES]->(b) WHERE b IN members
       RETURN collect({from: a.id, to: b.id}) AS edges
     }
     RETURN c.id AS id, [n IN found | ${NODE_MAP}] AS nodes, edges`,
    { ids },
  );
}

/** What is left to learn to reach `to` from knowing `from` (and its prerequisites), with the edges among it. */
export async function pathBetween(db: Database, from: string, to: string): Promise<Subgraph | undefined> {
  const rows = await db.read<Subgraph>(
    `MATCH (t:Concept {id: $to}), (f:Concept {id: $from})
     OPTIONAL MATCH (t)-[:REQUIRES*1..]->(p:Concept)
     WITH t, f, collect(DISTINCT p) AS before
     WITH t, f, before + t AS needed
     OPTIONAL MATCH (f)-[:REQUIRES*1..]->(q:Concept)
     WITH t, f, needed, collect(DISTINCT q) AS covered
     WITH t, needed, covered + f AS known
     WITH t, [n IN needed WHERE NOT n IN known] AS steps
     CALL (steps) {
       UNWIND steps AS a
       MATCH (a)-[:REQUIRES]->(b) WHERE b IN steps
       RETURN collect({from: a.id, to: b.id}) AS edges
     }
     RETURN t.id AS id, [n IN steps | ${NODE_MAP}] AS nodes, edges`,
    { from, to },
  );
  return rows[0];
}
