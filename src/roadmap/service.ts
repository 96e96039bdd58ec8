import type { Database } from '../db/database.js';
import { prerequisiteGraph, roadmapTargets, type PrerequisiteGraph } from '../db/roadmap.js';
import { buildDoc, type DocConcept, type RoadmapDoc } from './doc.js';
import { plan } from './planner.js';
import { resolveTargets, type RoadmapRequest, type TargetData } from './targets.js';

export interface RoadmapOptions extends RoadmapRequest {
  hoursPerWeek: number;
  deadlineWeeks?: number;
  startDate?: string;
  hoursSpent?: number;
}

/**
 * Plans roadmaps: one statement reads what the request names (and the graph's revision); the prerequisite graph is
 * read again only when the revision moved (a re-seed or a curation write), then planning is pure code.
 */
export class RoadmapService {
  private cached?: { revision: string; graph: PrerequisiteGraph };

  constructor(private readonly db: Database) {}

  async build(options: RoadmapOptions): Promise<RoadmapDoc> {
    const found = await roadmapTargets(this.db, {
      roles: options.roles.map((r) => r.role),
      specializations: options.specializations,
      chapters: [...options.chapters, ...options.knownChapters],
    });
    if (this.cached?.revision !== found.revision)
      this.cached = { revision: found.revision, graph: await prerequisiteGraph(this.db) };
    const graph = this.cached.graph;
    const data: TargetData = { ...found, concepts: graph.concepts };
    const { targets, known } = resolveTargets(options, data);
    const result = plan({
      concepts: graph.concepts,
      edges: graph.edges,
      targets,
      known,
      hoursPerWeek: options.hoursPerWeek,
      deadlineWeeks: options.deadlineWeeks,
      hoursSpent: options.hoursSpent,
    });
    const concepts = new Map<string, DocConcept>(graph.concepts.map((c) => [c.id, c]));
    return buildDoc(result, concepts, graph.edges, {
      title: titleOf(options, data),
      hoursPerWeek: options.hoursPerWeek,
      startDate: options.startDate,
    });
  }
}

function titleOf(options: RoadmapOptions, data: TargetData): string {
  const names = [
    ...options.roles.map((r) => data.roles.find((x) => x.id === r.role)!.name),
    ...options.specializations.map((id) => data.specializations.find((x) => x.id === id)!.name),
    ...options.chapters.map((id) => `chapter ${data.chapters.find((x) => x.id === id)!.number}`),
    ...options.concepts.map((id) => data.concepts.find((x) => x.id === id)!.name),
  ];
  const shown = names.length > 4 ? [...names.slice(0, 4), `${names.length - 4} more`] : names;
  return `Learning roadmap: ${shown.join(', ')}`;
}
