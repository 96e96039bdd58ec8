import type { PrereqEdge } from '../prereq/order.js';
import { buildDoc, type DocConcept, type RoadmapDoc } from './doc.js';
import { plan, prepareGraph, type Order, type PlannerConcept, type PreparedGraph } from './planner.js';
import { resolveTargets, type RoadmapRequest, type TargetData } from './targets.js';

export interface RoadmapIds {
  roles: string[];
  specializations: string[];
  chapters: string[];
}

/** The whole prerequisite graph: every concept with display fields, and every REQUIRES edge with its reason. */
export interface PrerequisiteGraph {
  concepts: (PlannerConcept & { chapterTitle: string; chapterUrl: string | null })[];
  edges: (PrereqEdge & { reason: string })[];
}

export interface RoadmapTargets extends Omit<TargetData, 'concepts'> {
  /** Changes whenever the graph is re-seeded or curated: a cached PrerequisiteGraph is current while it matches. */
  revision: string;
}

/** What planning reads from the graph (db/roadmap.ts reads it from Neo4j); the service itself does no I/O. */
export interface RoadmapReads {
  /** What a request's roles, specializations and chapters expand to, and the graph's revision. */
  targets(ids: RoadmapIds): Promise<RoadmapTargets>;
  prerequisiteGraph(): Promise<PrerequisiteGraph>;
}

export interface RoadmapOptions extends RoadmapRequest {
  hoursPerWeek: number;
  deadlineWeeks?: number;
  startDate?: string;
  hoursSpent?: number;
  /** GOAL_FIRST when absent. */
  order?: Order;
  /** Hours a learner already studied on particular concepts. */
  spentOn?: ReadonlyMap<string, number>;
}

/**
 * Plans roadmaps: one statement reads what the request names (and the graph's revision); the prerequisite graph is
 * read again only when the revision moved (a re-seed or a curation write), then planning is pure code.
 */
export class RoadmapService {
  /** The graph of one revision, indexed once: a plan then touches only its targets' closures. */
  private cached?: {
    revision: string;
    graph: PrerequisiteGraph;
    byId: Map<string, DocConcept>;
    prepared: PreparedGraph;
  };

  constructor(private readonly reads: RoadmapReads) {}

  async build(options: RoadmapOptions): Promise<RoadmapDoc> {
    const found = await this.reads.targets({
      roles: options.roles.map((r) => r.role),
      specializations: options.specializations,
      chapters: [...options.chapters, ...options.knownChapters],
    });
    if (this.cached?.revision !== found.revision) {
      const graph = await this.reads.prerequisiteGraph();
      this.cached = {
        revision: found.revision,
        graph,
        byId: new Map(graph.concepts.map((c) => [c.id, c])),
        prepared: prepareGraph(graph.concepts, graph.edges),
      };
    }
    const graph = this.cached.graph;
    const data: TargetData = { ...found, concepts: this.cached.byId };
    const { targets, known } = resolveTargets(options, data);
    const result = plan({
      concepts: graph.concepts,
      edges: graph.edges,
      targets,
      known,
      hoursPerWeek: options.hoursPerWeek,
      deadlineWeeks: options.deadlineWeeks,
      hoursSpent: options.hoursSpent,
      order: options.order,
      spentOn: options.spentOn,
      prepared: this.cached.prepared,
    });
    const doc = buildDoc(result, this.cached.byId, this.cached.prepared.requires, {
      title: titleOf(options, data, known),
      hoursPerWeek: options.hoursPerWeek,
      startDate: options.startDate,
    });
    return { ...doc, revision: found.revision };
  }
}

/** "Roadmap to MLOps Engineer, from scratch": the targets, and the starting point (what is known). */
export function titleOf(options: RoadmapRequest, data: TargetData, known: string[]): string {
  const name = (id: string) => data.concepts.get(id)!.name;
  const names = [
    ...options.roles.map((r) => data.roles.find((x) => x.id === r.role)!.name),
    ...options.specializations.map((id) => data.specializations.find((x) => x.id === id)!.name),
    ...options.chapters.map((id) => {
      const ch = data.chapters.find((x) => x.id === id)!;
      return `chapter ${ch.number} (${ch.title})`;
    }),
    ...options.concepts.map(name),
  ];
  const shown = names.length > 3 ? [...names.slice(0, 3), `${names.length - 3} more`] : names;
  const distinct = [...new Set(known)];
  const from =
    distinct.length === 0
      ? 'scratch'
      : options.knownConcepts.length === 0 && options.knownChapters.length > 0 && options.knownChapters.length <= 2
        ? options.knownChapters.map((id) => `chapter ${data.chapters.find((x) => x.id === id)!.number}`).join(' and ')
        : distinct.length <= 2
          ? distinct.map(name).join(' and ')
          : `${distinct.length} known concepts`;
  return `Roadmap to ${joinAnd(shown)}, from ${from}`;
}

const joinAnd = (items: string[]) =>
  items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
