import type { Database } from '../db/database.js';
import { roadmapGraph, type RoadmapGraph } from '../db/roadmap.js';
import { buildDoc, type DocConcept, type RoadmapDoc } from './doc.js';
import { plan } from './planner.js';
import { resolveTargets, type RoadmapRequest } from './targets.js';

export interface RoadmapOptions extends RoadmapRequest {
  hoursPerWeek: number;
  deadlineWeeks?: number;
  startDate?: string;
  hoursSpent?: number;
}

/** Reads what the request names and the prerequisite graph in one statement, then plans in pure code. */
export async function buildRoadmap(db: Database, options: RoadmapOptions): Promise<RoadmapDoc> {
  const graph = await roadmapGraph(db, {
    roles: options.roles.map((r) => r.role),
    specializations: options.specializations,
    chapters: [...options.chapters, ...options.knownChapters],
  });
  const data = graph.targets;
  const { targets, known } = resolveTargets(options, data);
  const result = plan({ concepts: graph.concepts, edges: graph.edges, targets, known, hoursPerWeek: options.hoursPerWeek, deadlineWeeks: options.deadlineWeeks, hoursSpent: options.hoursSpent });
  const concepts = new Map<string, DocConcept>(graph.concepts.map((c) => [c.id, c]));
  return buildDoc(result, concepts, graph.edges, { title: titleOf(options, data), hoursPerWeek: options.hoursPerWeek, startDate: options.startDate });
}

function titleOf(options: RoadmapOptions, data: RoadmapGraph['targets']): string {
  const names = [
    ...options.roles.map((r) => data.roles.find((x) => x.id === r.role)!.name),
    ...options.specializations.map((id) => data.specializations.find((x) => x.id === id)!.name),
    ...options.chapters.map((id) => `chapter ${data.chapters.find((x) => x.id === id)!.number}`),
    ...options.concepts.map((id) => data.concepts.find((x) => x.id === id)!.name),
  ];
  const shown = names.length > 4 ? [...names.slice(0, 4), `${names.length - 4} more`] : names;
  return `Learning roadmap: ${shown.join(', ')}`;
}
