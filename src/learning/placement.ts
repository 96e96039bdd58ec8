/**
 * The placement test (pure), in the manner of ALEKS and knowledge-space theory: what a learner knows is a knowledge
 * state, a set of concepts closed under prerequisites (knowing a concept means knowing what it requires). The belief
 * over states is the uniform prior over those down-sets times the likelihood of the answers so far, where a question
 * is answered right with probability 1 - slip when the learner knows every concept it checks and with probability
 * guess otherwise. The belief is sampled by a Metropolis chain that adds or removes one concept at a time while
 * keeping the set closed. The next question is the one that most lowers the expected misclassification (the sum over
 * concepts of min(p, 1 - p)) once answered; the test stops at a question budget or when every concept is known or
 * unknown with the wanted confidence.
 */

export interface PlacementQuestion {
  id: string;
  /** The concepts a right answer needs. */
  checks: string[];
}

export interface PlacementModel {
  /** The concepts placed: the targets and their prerequisites. */
  concepts: string[];
  /** `from` requires `to`, both in `concepts`. */
  edges: { from: string; to: string }[];
  /** Questions whose every checked concept is in `concepts`. */
  questions: PlacementQuestion[];
}

export interface Answer {
  question: string;
  correct: boolean;
}

export interface PlacementOptions {
  slip: number;
  guess: number;
  /** Questions asked at most. */
  budget: number;
  /** Stop when every concept's belief is at least this sure either way. */
  confidence: number;
  /** Samples of the belief. */
  samples: number;
  seed: number;
}

export const DEFAULTS: PlacementOptions = {
  slip: 0.1,
  guess: 0.1,
  budget: 15,
  confidence: 0.9,
  samples: 400,
  seed: 1,
};

export interface PlacementStep {
  /** Belief that each concept is known, in model order. */
  belief: Map<string, number>;
  /** The question to ask next, or null when the test is over. */
  next: string | null;
  done: boolean;
}

/** The model for a set of concepts: their REQUIRES edges and the questions that check only them. */
export function placementModel(
  concepts: Iterable<string>,
  edges: { from: string; to: string }[],
  questions: PlacementQuestion[],
): PlacementModel {
  const inside = new Set(concepts);
  return {
    concepts: [...inside].sort(),
    edges: edges.filter((e) => inside.has(e.from) && inside.has(e.to)),
    questions: questions
      .filter((q) => q.checks.length > 0 && q.checks.every((c) => inside.has(c)))
      .sort((a, b) => a.id.localeCompare(b.id)),
  };
}

/** A small seeded PRNG (mulberry32), so a placement replays the same from its answers. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Index structure shared by the sampler and the question choice. */
interface Compiled {
  n: number;
  index: Map<string, number>;
  prereqs: number[][];
  dependents: number[][];
  checks: Map<string, number[]>;
}

function compile(model: PlacementModel): Compiled {
  const index = new Map(model.concepts.map((c, i) => [c, i]));
  const prereqs = model.concepts.map(() => [] as number[]);
  const dependents = model.concepts.map(() => [] as number[]);
  for (const e of model.edges) {
    prereqs[index.get(e.from)!]!.push(index.get(e.to)!);
    dependents[index.get(e.to)!]!.push(index.get(e.from)!);
  }
  const checks = new Map(model.questions.map((q) => [q.id, q.checks.map((c) => index.get(c)!)]));
  return { n: model.concepts.length, index, prereqs, dependents, checks };
}

/**
 * Samples of knowledge states given the answers: a Metropolis chain over down-sets (toggle one concept when the set
 * stays closed, accept by the likelihood ratio), started empty, burnt in, then thinned.
 */
export function sampleStates(
  model: PlacementModel,
  answers: Answer[],
  options: PlacementOptions,
  compiled: Compiled = compile(model),
): Uint8Array[] {
  const { n, prereqs, dependents, checks } = compiled;
  if (n === 0) return [new Uint8Array(0)];
  const rand = prng(options.seed + answers.length * 7919);
  const state = new Uint8Array(n);
  // For each answer: how many of its checked concepts the state lacks.
  const answered = answers.map((a) => ({ concepts: checks.get(a.question)!, correct: a.correct, lacking: 0 }));
  for (const a of answered) a.lacking = a.concepts.length;
  const byConcept = Array.from({ length: n }, () => [] as number[]);
  answered.forEach((a, i) => a.concepts.forEach((c) => byConcept[c]!.push(i)));
  const p = (mastered: boolean, correct: boolean) =>
    mastered ? (correct ? 1 - options.slip : options.slip) : correct ? options.guess : 1 - options.guess;
  const move = () => {
    const c = Math.floor(rand() * n);
    const adding = state[c] === 0;
    const valid = adding ? prereqs[c]!.every((x) => state[x] === 1) : dependents[c]!.every((x) => state[x] === 0);
    if (!valid) return;
    let ratio = 1;
    for (const i of byConcept[c]!) {
      const a = answered[i]!;
      const after = a.lacking + (adding ? -1 : 1);
      ratio *= p(after === 0, a.correct) / p(a.lacking === 0, a.correct);
    }
    if (ratio >= 1 || rand() < ratio) {
      state[c] = adding ? 1 : 0;
      for (const i of byConcept[c]!) answered[i]!.lacking += adding ? -1 : 1;
    }
  };
  for (let i = 0; i < 200 * n; i++) move();
  const out: Uint8Array[] = [];
  const thin = Math.max(2, 2 * n);
  for (let s = 0; s < options.samples; s++) {
    for (let i = 0; i < thin; i++) move();
    out.push(state.slice());
  }
  return out;
}

/** How many samples know each concept. */
const counts = (samples: Uint8Array[], n: number): number[] => {
  const known = new Array<number>(n).fill(0);
  for (const s of samples) for (let i = 0; i < n; i++) known[i]! += s[i]!;
  return known;
};

const misclassification = (p: number[]) => p.reduce((t, x) => t + Math.min(x, 1 - x), 0);

/** One step of the test: the belief after `answers`, and the question that should come next (or none). */
export function placementStep(
  model: PlacementModel,
  answers: Answer[],
  options: PlacementOptions = DEFAULTS,
): PlacementStep {
  const compiled = compile(model);
  const samples = sampleStates(model, answers, options, compiled);
  const total = counts(samples, compiled.n);
  const p = total.map((k) => k / samples.length);
  const belief = new Map(model.concepts.map((c, i) => [c, p[i]!]));
  const asked = new Set(answers.map((a) => a.question));
  const sure = p.every((x) => Math.max(x, 1 - x) >= options.confidence);
  const left = model.questions.filter((q) => !asked.has(q.id));
  if (answers.length >= options.budget || sure || left.length === 0) return { belief, next: null, done: true };

  // Each question splits the samples into those that master what it checks and the rest; the belief after a right
  // or a wrong answer weighs the two groups by the answer's likelihood. Counting over distinct states once per
  // question gives both beliefs (the same arithmetic as weighting every sample, in a fraction of the time).
  const distinct = new Map<string, { state: Uint8Array; count: number }>();
  for (const s of samples) {
    const key = s.join('');
    const d = distinct.get(key);
    if (d) d.count++;
    else distinct.set(key, { state: s, count: 1 });
  }
  const states = [...distinct.values()];
  const { slip, guess } = options;
  let best: { id: string; score: number } | undefined;
  for (const q of left) {
    const need = compiled.checks.get(q.id)!;
    const inMastered = new Array<number>(compiled.n).fill(0);
    let mastered = 0;
    for (const { state, count } of states) {
      if (!need.every((c) => state[c] === 1)) continue;
      mastered += count;
      for (let i = 0; i < compiled.n; i++) if (state[i]) inMastered[i]! += count;
    }
    const rest = samples.length - mastered;
    const after = (ifMastered: number, ifNot: number) => {
      const weight = ifMastered * mastered + ifNot * rest;
      return misclassification(inMastered.map((a, i) => (ifMastered * a + ifNot * (total[i]! - a)) / weight));
    };
    const pRight = ((1 - slip) * mastered + guess * rest) / samples.length;
    const score = pRight * after(1 - slip, guess) + (1 - pRight) * after(slip, 1 - guess);
    if (!best || score < best.score - 1e-12) best = { id: q.id, score };
  }
  return { belief, next: best!.id, done: false };
}

/** The concepts believed known (belief above one half), closed under prerequisites so the result is a state. */
export function inferredKnown(model: PlacementModel, belief: Map<string, number>): Set<string> {
  const requires = new Map<string, string[]>();
  for (const e of model.edges) requires.set(e.from, [...(requires.get(e.from) ?? []), e.to]);
  const known = new Set<string>();
  const add = (id: string) => {
    if (known.has(id)) return;
    known.add(id);
    for (const p of requires.get(id) ?? []) add(p);
  };
  for (const [id, p] of belief) if (p > 0.5) add(id);
  return known;
}

/** What the learner is ready to learn: concepts not known whose every prerequisite is known (the outer fringe). */
export function readyToLearn(model: PlacementModel, known: Set<string>): string[] {
  const requires = new Map<string, string[]>();
  for (const e of model.edges) requires.set(e.from, [...(requires.get(e.from) ?? []), e.to]);
  return model.concepts.filter((c) => !known.has(c) && (requires.get(c) ?? []).every((p) => known.has(p)));
}
