import { InputError } from '../errors.js';
import crypto from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { courseRevision } from '../db/curriculum.js';
import * as repo from '../db/learners.js';
import type { Database } from '../db/database.js';
import { awaitShared, startShared } from '../db/deadline.js';
import { reachable } from '../prereq/order.js';
import {
  cardFromJson,
  dueBy,
  learnedCard,
  REVIEW_HOURS,
  reviewsPerWeek,
  reviewWithCredit,
  type ReviewRating,
} from './review.js';
import type { RoadmapDoc } from '../roadmap/doc.js';
import {
  DEFAULTS,
  inferredKnown,
  placementModel,
  placementStep,
  readyToLearn,
  type PlacementModel,
  type PlacementStep,
} from './placement.js';
import type { RoadmapOptions, RoadmapService } from '../roadmap/service.js';

export class LearnerError extends InputError {
  override name = 'LearnerError';
}

/** What to plan for a learner: a roadmap input without what is known or spent (the learner's record says that). */
export type LearnerGoal = Omit<RoadmapOptions, 'knownConcepts' | 'knownChapters' | 'hoursSpent' | 'spentOn'>;

/**
 * Learner records for the owner of an API key: every call takes the owner, and a learner of another owner is the
 * same as one that does not exist.
 */
export class LearnerService {
  private schemaReady?: Promise<void>;

  constructor(
    private readonly db: Database,
    private readonly roadmaps: RoadmapService,
  ) {}

  private ready(): Promise<void> {
    return (this.schemaReady ??= repo.ensureLearnerSchema(this.db));
  }

  /** The last state this process saved of each placement, so the next answer need not read it. */
  private readonly placements = new LRUCache<string, KnownPlacement>({ max: 1_000 });
  private cachedGraph?: { revision: string; graph: ReturnType<typeof repo.placementGraph> };
  /**
   * The graph's REQUIRES edges and review questions at its revision (read here unless the caller read it already),
   * read whole only when the revision moved (a re-seed or a curation write).
   */
  private async placementGraph(known?: string): Promise<PlacementGraph> {
    const revision = known ?? (await courseRevision(this.db));
    if (this.cachedGraph?.revision !== revision) {
      const entry = { revision, graph: startShared(() => repo.placementGraph(this.db)) };
      this.cachedGraph = entry;
      // A failed read is not kept: the next request reads again. A request that gives up waiting leaves it running.
      entry.graph.catch(() => {
        if (this.cachedGraph === entry) this.cachedGraph = undefined;
      });
    }
    return { ...(await awaitShared(this.cachedGraph.graph)), revision };
  }

  async create(owner: string): Promise<repo.LearnerRow> {
    await this.ready();
    return repo.createLearner(this.db, owner);
  }

  async find(owner: string, id: string): Promise<repo.LearnerRow | null> {
    return repo.findLearner(this.db, owner, id);
  }

  async get(owner: string, id: string, argument = 'learner'): Promise<repo.LearnerRow> {
    const found = await this.find(owner, id);
    if (!found) throw notFound(id, argument);
    return found;
  }

  delete(owner: string, id: string): Promise<boolean> {
    return repo.deleteLearner(this.db, owner, id);
  }

  state(owner: string, id: string) {
    return repo.learnerState(this.db, owner, id);
  }

  async recordStudy(owner: string, id: string, study: Parameters<typeof repo.recordStudy>[3]): Promise<void> {
    checked(await repo.recordStudy(this.db, owner, id, study), id, 'concept');
    if (study.status === 'DONE') await this.startReviews(owner, id, [study.concept]);
  }

  /** Review cards for newly learned concepts (a concept that has one keeps it). */
  private async startReviews(owner: string, id: string, concepts: string[], at = new Date()): Promise<void> {
    const card = learnedCard(at);
    const rows = concepts.map((concept) => ({ concept, card: JSON.stringify(card), due: card.due.toISOString() }));
    await repo.saveCards(this.db, owner, id, rows, true);
  }

  private async cards(owner: string, id: string) {
    const rows = await repo.reviewCards(this.db, owner, id);
    return new Map(rows.map((r) => [r.concept, cardFromJson(r.card)]));
  }

  /** Reviews due by the end of `on`. */
  async dueReviews(owner: string, id: string, on: Date): Promise<{ concept: string; due: string }[]> {
    return dueBy(await this.cards(owner, id), on).map((d) => ({ concept: d.concept, due: d.due.toISOString() }));
  }

  /** Records a review and the implicit credit it gives the concept's due prerequisites; returns what was credited. */
  async recordReview(owner: string, id: string, concept: string, rating: ReviewRating, at = new Date()) {
    await this.get(owner, id);
    const cards = await this.cards(owner, id);
    if (!cards.has(concept))
      throw new LearnerError(
        `The learner has no review of "${concept.slice(0, 80)}": only concepts studied to the end or placed are reviewed`,
        'concept',
      );
    const { edges } = await this.placementGraph();
    const requires = new Map<string, string[]>();
    for (const e of edges) requires.set(e.from, [...(requires.get(e.from) ?? []), e.to]);
    const changed = reviewWithCredit(cards, concept, rating, at, (c) => reachable(requires.get(c) ?? [], requires));
    await repo.saveCards(
      this.db,
      owner,
      id,
      [...changed].map(([c, card]) => ({ concept: c, card: JSON.stringify(card), due: card.due.toISOString() })),
    );
    return [...changed.keys()].filter((c) => c !== concept);
  }

  async markKnown(
    owner: string,
    id: string,
    entries: { concept: string; confidence: number }[],
    source: 'PLACED' | 'DECLARED',
  ): Promise<void> {
    checked(await repo.markKnown(this.db, owner, id, entries, source), id, 'concepts');
  }

  /** The placement's concepts: the targets and their prerequisites, less what the learner already knows. */
  private async scope(owner: string, learner: string, targets: string[]) {
    const [graph, { known }] = await Promise.all([this.placementGraph(), this.state(owner, learner)]);
    const requires = new Map<string, string[]>();
    for (const e of graph.edges) requires.set(e.from, [...(requires.get(e.from) ?? []), e.to]);
    const knownSet = reachable(
      known.map((k) => k.concept),
      requires,
    );
    const scope = [...reachable(targets, requires)].filter((c) => !knownSet.has(c));
    return { model: placementModel(scope, graph.edges, graph.questions), revision: graph.revision };
  }

  private view(row: repo.PlacementRow, model: PlacementModel, step: PlacementStep, revision: string): PlacementView {
    const known = inferredKnown(model, step.belief);
    return {
      revision,
      id: row.id,
      learner: row.learner,
      targets: row.targets,
      answered: row.answers.length,
      question: row.done ? null : row.next,
      done: row.done,
      belief: [...step.belief].map(([concept, p]) => ({ concept, known: Math.round(p * 1000) / 1000 })),
      known: [...known],
      readyToLearn: readyToLearn(model, known),
    };
  }

  /** Starts an adaptive placement over the targets' prerequisites; unknown target ids are refused. */
  async startPlacement(owner: string, learner: string, targets: string[]): Promise<PlacementView> {
    await this.get(owner, learner);
    const graphConcepts = await repo.conceptIds(this.db, targets);
    const missing = targets.filter((t) => !graphConcepts.has(t));
    if (missing.length)
      throw new LearnerError(
        `Unknown concept ${missing.map((c) => `"${c}"`).join(', ')} in targets; ids look like "concept:quantization"`,
        'targets',
      );
    const { model, revision } = await this.scope(owner, learner, targets);
    const id = crypto.randomUUID();
    const first = placementStep(model, [], { ...DEFAULTS, seed: seedOf(id) });
    const row = { id, learner, targets, scope: model.concepts, answers: [], next: first.next, done: first.done };
    if (!(await repo.createPlacement(this.db, owner, learner, row))) throw notFound(learner, 'learner');
    this.placements.set(id, { owner, row, stored: '[]', revision });
    if (first.done) await this.record(owner, row, model, first);
    return this.view(row, model, first, revision);
  }

  /**
   * Records the answer to the question the placement asked, picks the next one, and when the test ends records the
   * inferred known concepts (source PLACED, with the belief as confidence). When this process wrote the placement's
   * last state, at the graph revision it has cached, the answer is computed from that state without reading it; the
   * save checks that the stored placement and the graph are still as assumed, and when they are not, the placement
   * is read and the answer computed again.
   */
  async answerPlacement(owner: string, id: string, question: string, correct: boolean): Promise<PlacementView> {
    const last = this.placements.get(id);
    if (
      last?.owner === owner &&
      last.row.next === question &&
      !last.row.done &&
      last.revision === this.cachedGraph?.revision
    ) {
      const view = await this.answer(owner, last, question, correct, true);
      if (view) return view;
    }
    const { row, stored, revision } = await repo.findPlacement(this.db, owner, id);
    if (!row) throw new LearnerError(`No placement "${id.slice(0, 60)}" belongs to this key`, 'placement');
    if (row.done) throw new LearnerError(`Placement "${id}" is finished; start a new one`, 'placement');
    if (row.answers.some((a) => a.question === question))
      throw new LearnerError(`Question "${question}" is already answered in this placement`, 'question');
    if (row.next !== question)
      throw new LearnerError(
        `Question "${question.slice(0, 80)}" is not the one this placement asked; answer "${row.next}"`,
        'question',
      );
    const view = await this.answer(owner, { owner, row, stored, revision }, question, correct, false);
    if (!view) throw new LearnerError(`Question "${question}" is already answered in this placement`, 'question');
    return view;
  }

  /** The answer on a placement's state; null when the save found the placement (or, if `assumed`, the graph) moved. */
  private async answer(
    owner: string,
    state: KnownPlacement,
    question: string,
    correct: boolean,
    assumed: boolean,
  ): Promise<PlacementView | null> {
    const { row, revision } = state;
    // The model of a started placement: its own concepts, and the graph's edges and questions as they are now.
    const graph = await this.placementGraph(revision);
    const model = placementModel(row.scope, graph.edges, graph.questions);
    const asked = new Set(model.questions.map((q) => q.id));
    const answers = [...row.answers, { question, correct }].filter((a) => asked.has(a.question));
    const step = placementStep(model, answers, { ...DEFAULTS, seed: seedOf(row.id) });
    const next = { ...row, answers, next: step.next, done: step.done };
    const stored = JSON.stringify(answers);
    const saved = await repo.savePlacementAnswer(this.db, owner, row.id, {
      asked: question,
      previous: state.stored,
      answers: stored,
      next: step.next,
      done: step.done,
      ...(assumed ? { revision } : {}),
    });
    if (!saved) {
      this.placements.delete(row.id);
      return null;
    }
    this.placements.set(row.id, { owner, row: next, stored, revision });
    if (step.done) await this.record(owner, next, model, step);
    return this.view(next, model, step, revision);
  }

  private async record(
    owner: string,
    row: repo.PlacementRow,
    model: PlacementModel,
    step: PlacementStep,
  ): Promise<void> {
    const known = [...inferredKnown(model, step.belief)];
    if (!known.length) return;
    await this.markKnown(
      owner,
      row.learner,
      known.map((concept) => ({ concept, confidence: Math.round(step.belief.get(concept)! * 1000) / 1000 })),
      'PLACED',
    );
    await this.startReviews(owner, row.learner, known);
  }

  /** The learner's roadmap: what they know is left out, hours they spent on a concept count against its step. */
  async roadmap(owner: string, id: string, goal: LearnerGoal): Promise<RoadmapDoc> {
    const [{ known, studies }, cards] = await Promise.all([this.state(owner, id), this.cards(owner, id)]);
    const spentOn = new Map(studies.filter((s) => s.status === 'STARTED').map((s) => [s.concept, s.hours]));
    // Time for due reviews comes off the weekly hours first: the average over the next 12 weeks, at most half.
    const start = goal.startDate ? new Date(`${goal.startDate}T00:00:00Z`) : new Date();
    const counts = reviewsPerWeek(cards.values(), start, 12);
    const reviews = Math.ceil(counts.reduce((a, b) => a + b, 0) / counts.length);
    const reserved = Math.min(goal.hoursPerWeek / 2, Math.round(reviews * REVIEW_HOURS * 2) / 2);
    const doc = await this.roadmaps.build({
      ...goal,
      hoursPerWeek: goal.hoursPerWeek - reserved,
      knownConcepts: known.map((k) => k.concept),
      knownChapters: [],
      hoursSpent: 0,
      spentOn,
    });
    return { ...doc, reviewsPerWeek: reviews, reviewHoursPerWeek: reserved, owner: id };
  }
}

/** A placement as the API shows it: where the test stands and what it concluded so far. */
export interface PlacementView {
  /** The graph's revision the placement was computed at. */
  revision: string;
  id: string;
  learner: string;
  targets: string[];
  answered: number;
  /** The question to answer next; null when the test is over. */
  question: string | null;
  done: boolean;
  belief: { concept: string; known: number }[];
  known: string[];
  readyToLearn: string[];
}

/** A placement as stored: its row, its answers' stored text, and the graph revision its model was built at. */
interface KnownPlacement {
  owner: string;
  row: repo.PlacementRow;
  stored: string;
  revision: string;
}

type PlacementGraph = Awaited<ReturnType<typeof repo.placementGraph>> & { revision: string };

/** A stable seed from a placement id, so the same answers always give the same belief. */
const seedOf = (id: string) => [...id].reduce((h, ch) => (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0, 7);

const notFound = (id: string, argument: string) =>
  new LearnerError(`No learner "${id.slice(0, 60)}" belongs to this key (never created, or deleted)`, argument);

function checked(result: repo.WriteCheck, id: string, argument: string): void {
  if (!result.learner) throw notFound(id, 'learner');
  if (result.missing.length)
    throw new LearnerError(
      `Unknown concept ${result.missing.map((c) => `"${c}"`).join(', ')} in ${argument}; ids look like "concept:quantization"`,
      argument,
    );
}
