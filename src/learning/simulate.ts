import {
  DEFAULTS,
  inferredKnown,
  placementStep,
  prng,
  type Answer,
  type PlacementModel,
  type PlacementOptions,
} from './placement.js';
import type { SeedGraph } from '../seed/graph.js';

/**
 * Simulated learners for the placement test (pure): each has a true known set closed under prerequisites, answers
 * with the model's slip and guess rates, and takes the whole test; accuracy is the share of the model's concepts on
 * which the inferred set agrees with the true one.
 */

export interface SimulationResult {
  learners: number;
  /** Mean share of the concepts classified right. */
  accuracy: number;
  /** Mean questions asked. */
  questions: number;
  /** The lowest single learner's accuracy. */
  worst: number;
}

/**
 * A random true state: a random order of the concepts is walked and each is known with probability `rate` when all
 * its prerequisites are, so states range from nearly empty to nearly full.
 */
export function randomState(model: PlacementModel, rand: () => number): Set<string> {
  const requires = new Map<string, string[]>();
  for (const e of model.edges) requires.set(e.from, [...(requires.get(e.from) ?? []), e.to]);
  const rate = rand();
  const known = new Set<string>();
  // Topological order: a concept comes after its prerequisites.
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    for (const p of requires.get(id) ?? []) visit(p);
    order.push(id);
  };
  for (const c of model.concepts) visit(c);
  for (const c of order) if ((requires.get(c) ?? []).every((p) => known.has(p)) && rand() < rate) known.add(c);
  return known;
}

export function simulatePlacement(
  model: PlacementModel,
  learners: number,
  seed = 7,
  options: PlacementOptions = DEFAULTS,
): SimulationResult {
  const rand = prng(seed);
  const checks = new Map(model.questions.map((q) => [q.id, q.checks]));
  let accuracy = 0;
  let questions = 0;
  let worst = 1;
  for (let l = 0; l < learners; l++) {
    const truth = randomState(model, rand);
    const answers: Answer[] = [];
    const opts = { ...options, seed: seed * 1000 + l };
    let step = placementStep(model, answers, opts);
    while (!step.done) {
      const mastered = checks.get(step.next!)!.every((c) => truth.has(c));
      const correct = rand() < (mastered ? 1 - options.slip : options.guess);
      answers.push({ question: step.next!, correct });
      step = placementStep(model, answers, opts);
    }
    const inferred = inferredKnown(model, step.belief);
    const agree = model.concepts.filter((c) => inferred.has(c) === truth.has(c)).length;
    const share = model.concepts.length ? agree / model.concepts.length : 1;
    accuracy += share;
    worst = Math.min(worst, share);
    questions += answers.length;
  }
  return { learners, accuracy: accuracy / learners, questions: questions / learners, worst };
}

/** What the placement measurements read from a built seed graph: its prerequisite edges and its question bank. */
export function placementData(graph: SeedGraph) {
  const edges = graph.edges.filter((e) => e.type === 'REQUIRES').map((e) => ({ from: e.from, to: e.to }));
  const requires = new Map<string, string[]>();
  for (const e of edges) requires.set(e.from, [...(requires.get(e.from) ?? []), e.to]);
  const bank = graph.nodes
    .filter((n) => n.label === 'ReviewQuestion')
    .map((q) => ({
      id: q.id,
      checks: graph.edges.filter((e) => e.type === 'CHECKS' && e.from === q.id).map((e) => e.to),
    }));
  return { edges, requires, bank };
}
