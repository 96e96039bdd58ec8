/**
 * The learning measurements. In process on the seed graph (pure code, no database): goal-first planning per role,
 * one placement step, and placement accuracy on simulated learners (slip = guess = 10%, at most 15 questions), both
 * on the question bank as it is and with one question per concept. Over HTTP against the API: a learner's roadmap
 * with progress and placement steps, as an app sends them.
 */
import { load } from './harness.js';
import {
  type Client,
  deleteLearner,
  learnerWithProgress,
  percentile as pct,
  placementStepTimes,
} from './learner-http.js';
import { placementModel, placementStep } from '../src/learning/placement.js';
import { placementData, simulatePlacement } from '../src/learning/simulate.js';
import { reachable } from '../src/prereq/order.js';
import { plan } from '../src/roadmap/planner.js';
import { resolveTargets } from '../src/roadmap/targets.js';
import { buildGraph } from '../src/seed/graph.js';
import { readSeedDir } from '../src/seed/read.js';
import type { Difficulty, SkillLevel } from '../src/seed/schema.js';
import { percentile } from './stats.js';

const timed = (run: () => void, times: number) => {
  for (let i = 0; i < 3; i++) run();
  return Array.from({ length: times }, () => {
    const t = performance.now();
    run();
    return performance.now() - t;
  });
};

export async function learningSuite(client: Client, seconds: number): Promise<void> {
  const { graph } = buildGraph(readSeedDir().files);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const concepts = graph.nodes
    .filter((n) => n.label === 'Concept')
    .map((n) => ({
      id: n.id,
      name: String(n.props.name),
      chapter: graph.edges.find((e) => e.type === 'INTRODUCED_IN' && e.from === n.id)!.to,
      chapterNumber: Number(n.props.chapterNumber),
      position: Number(n.props.position),
      hours: Number(n.props.hours),
    }));
  const { edges, requires, bank } = placementData(graph);
  const rows: Record<string, string | number>[] = [];
  for (const role of graph.nodes.filter((n) => n.label === 'CareerPath')) {
    const focus = graph.edges
      .filter((e) => e.type === 'FOCUSES_ON' && e.from === role.id)
      .map((e) => ({ id: e.to, weight: e.props.weight as 'CORE' | 'SUPPORTING' }));
    const needs = graph.edges
      .filter((e) => e.type === 'NEEDS' && e.from === role.id)
      .map((e) => ({
        skill: e.to,
        skillName: String(byId.get(e.to)!.props.name),
        level: e.props.level as SkillLevel,
        concepts: graph.edges
          .filter((b) => b.type === 'BUILT_BY' && b.from === e.to)
          .map((b) => ({ id: b.to, difficulty: byId.get(b.to)!.props.difficulty as Difficulty })),
      }));
    const request = {
      roles: [{ role: role.id }],
      specializations: [],
      concepts: [],
      chapters: [],
      knownConcepts: [],
      knownChapters: [],
    };
    const data = {
      roles: [{ id: role.id, name: String(role.props.name), focus, needs }],
      specializations: [],
      chapters: [],
      concepts: new Map(concepts.map((c) => [c.id, c])),
      skills: [],
    };
    const { targets } = resolveTargets(request, data);
    const make = () => plan({ concepts, edges, targets, known: [], hoursPerWeek: 8 });
    const ms = timed(make, 30);
    const ids = make().steps.map((s) => s.concept);
    const core = focus
      .filter((f) => f.weight === 'CORE')
      .map((f) => ids.indexOf(f.id) + 1)
      .sort((a, b) => a - b);
    rows.push({
      role: role.id,
      steps: ids.length,
      'median core position': core[Math.floor(core.length / 2)]!,
      'core in first 20': core.filter((p) => p <= 20).length,
      'p50 ms': percentile(ms, 50),
      'p99 ms': percentile(ms, 99),
    });
  }
  console.log('\nGoal-first roadmap per role from nothing known (planner in process, 30 runs)');
  console.table(rows);

  const accuracy: Record<string, string | number>[] = [];
  for (const target of [
    'concept:quantization-aware-training',
    'concept:model-serving',
    'concept:distributed-training',
  ]) {
    const scope = reachable([target], requires);
    for (const [questions, model] of [
      ['bank', placementModel(scope, edges, bank)],
      [
        'one per concept',
        placementModel(
          scope,
          edges,
          [...scope].map((c) => ({ id: `q:${c}`, checks: [c] })),
        ),
      ],
    ] as const) {
      const ms = timed(() => placementStep(model, []), 20);
      const r = simulatePlacement(model, 30);
      accuracy.push({
        target,
        questions,
        concepts: model.concepts.length,
        'bank size': model.questions.length,
        accuracy: Math.round(r.accuracy * 1000) / 1000,
        worst: Math.round(r.worst * 1000) / 1000,
        asked: Math.round(r.questions * 10) / 10,
        'step p50 ms': percentile(ms, 50),
      });
    }
  }
  console.log('\nPlacement on 30 simulated learners per row (slip = guess = 10%, at most 15 questions)');
  console.table(accuracy);

  await learningOverHttp(client, seconds);
}

/** Goals (issue 15): a learner roadmap with progress p50 <= 40 ms, a placement step p50 <= 20 ms. */
async function learningOverHttp(client: Client, seconds: number): Promise<void> {
  const done = ['concept:machine-learning', 'concept:tensor', 'concept:neural-network', 'concept:deep-learning'];
  const learner = await learnerWithProgress(client, done);
  const rows: Record<string, string | number>[] = [];
  try {
    const query = `query($id: ID!) { learner(id: $id) { roadmap(goal: {roles: [{role: "role:mlops-engineer"}], hoursPerWeek: 8}) {
      totalHours steps { position hours reason concept { id name } } } } }`;
    const r = await load(
      {
        url: client.url,
        method: 'POST',
        headers: { authorization: `Bearer ${client.key}` },
        body: JSON.stringify({ query, variables: { id: learner } }),
      },
      seconds,
      1,
    );
    if (r.bad) throw new Error(`learner roadmap: ${r.bad} bad responses`);
    rows.push({
      run: `learner roadmap, ${done.length} concepts done (goal p50 <= 40)`,
      requests: r.requests,
      'p50 ms': r.p50,
      'p99 ms': r.p99,
    });
  } finally {
    await deleteLearner(client, learner);
  }
  const targets = ['concept:quantization-aware-training', 'concept:model-serving'];
  // One placement's answers as a warm-up, as the roadmap has: the first answers meet a cold JIT and cold caches.
  await placementStepTimes(client, targets, 15);
  const steps = await placementStepTimes(client, targets, 60);
  rows.push({
    run: 'placement step, answerPlacement (goal p50 <= 20)',
    requests: steps.length,
    'p50 ms': pct(steps, 50),
    'p99 ms': pct(steps, 99),
  });
  console.log(
    `\nLearners over HTTP (1 connection; the roadmap ${seconds} s after a warm-up, placement 60 answers one by one after 15 as a warm-up)`,
  );
  console.table(rows);
}
