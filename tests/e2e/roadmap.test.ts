import ICAL from 'ical.js';
import { marked, type Tokens } from 'marked';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reachable } from '../../src/prereq/order.js';
import { gql, readmeExamples, startTestServer, type TestServer } from '../helpers.js';
import { parseMermaidFlowchart } from '../mermaid-flowchart.js';

let server: TestServer;
/** Every REQUIRES edge of the graph, read straight from Neo4j: concept -> its direct prerequisites. */
const requires = new Map<string, string[]>();
let roles: { id: string; name: string }[] = [];

beforeAll(async () => {
  server = await startTestServer();
  const rows = await server.db.read<{ from: string; to: string }>(
    'MATCH (a:Concept)-[:REQUIRES]->(b:Concept) RETURN a.id AS from, b.id AS to',
  );
  for (const r of rows) requires.set(r.from, [...(requires.get(r.from) ?? []), r.to]);
  const res: any = await gql(server, '{ careerPaths(first: 100) { nodes { id name } } }');
  roles = res.data.careerPaths.nodes;
});
afterAll(() => server.close());

const PLAN = `query($input: RoadmapInput!) { roadmap(input: $input) {
  title totalHours remainingHours totalWeeks hoursPerWeek startDate endDate
  steps { position hours remainingHours reason isTarget priority reasonChain { id } target { id } weeks concept { id name }
          chapter { id number } after { id }
          sources { doc } resources(first: 3) { id } questions(first: 3) { id } }
  weeks { number startDate hours items { concept { id } hours part parts } }
  fringe { id } milestones { chapter { id } week date }
  deadline { weeks feasible hoursPerWeekNeeded targetsThatFit { id } drop { id } reachedAfterDrop { id } } } }`;

async function roadmap(input: Record<string, unknown>): Promise<any> {
  const res: any = await gql(server, PLAN, { input });
  expect(res.errors).toBeUndefined();
  return res.data.roadmap;
}

const closureOf = (ids: string[]) => reachable(ids, requires);

/** The rules every plan keeps, checked against the edges in the database rather than what the API says about them. */
function expectValidPlan(plan: any, hoursPerWeek: number, known: Set<string> = new Set()) {
  const pos = new Map<string, number>(plan.steps.map((s: any, i: number) => [s.concept.id, i]));
  for (const [i, s] of plan.steps.entries()) {
    expect(s.reason.length).toBeGreaterThan(10);
    expect(known.has(s.concept.id)).toBe(false);
    for (const p of requires.get(s.concept.id) ?? []) expect(known.has(p) || pos.get(p)! < i).toBe(true);
  }
  const targets = plan.steps.filter((s: any) => s.isTarget).map((s: any) => s.concept.id);
  const wanted = closureOf(targets);
  for (const s of plan.steps) expect(wanted.has(s.concept.id)).toBe(true);
  for (const w of plan.weeks) {
    expect(w.hours).toBeLessThanOrEqual(hoursPerWeek + 1e-9);
    expect(w.items.reduce((t: number, i: any) => t + i.hours, 0)).toBeCloseTo(w.hours, 6);
  }
  expect(plan.weeks.reduce((t: number, w: any) => t + w.hours, 0)).toBeCloseTo(plan.remainingHours, 6);
  expect(plan.totalWeeks).toBe(plan.weeks.length);
}

describe('roadmap over HTTP on the real graph', () => {
  it('plans every role from nothing known: valid order, reasons that name the role, capacity kept', async () => {
    expect(roles.length).toBe(6);
    for (const role of roles) {
      const plan = await roadmap({ roles: [{ role: role.id }], hoursPerWeek: 8 });
      expect(plan.steps.length).toBeGreaterThan(20);
      expectValidPlan(plan, 8);
      expect(plan.title).toBe(`Roadmap to ${role.name}, from scratch`);
      const why = `the ${role.name} (path centres on|path leans on|role needs)`;
      for (const s of plan.steps) {
        expect(s.reason.length).toBeLessThanOrEqual(160);
        expect(s.reasonChain[0].id).toBe(s.concept.id);
        expect(s.reasonChain.at(-1).id).toBe(s.target.id);
      }
      for (const s of plan.steps.filter((x: any) => x.target.id === x.concept.id))
        expect(s.reason).toMatch(new RegExp(`^${why} it`));
      for (const s of plan.steps.filter((x: any) => x.target.id !== x.concept.id))
        expect(s.reason).toMatch(new RegExp(`^needed for .+, which ${why}`));
      expect(plan.steps.some((s: any) => s.resources.length > 0)).toBe(true);
      expect(plan.steps.some((s: any) => s.questions.length > 0)).toBe(true);
      expect(plan.steps.every((s: any) => s.sources.length > 0)).toBe(true);
      expect(plan.fringe.length).toBeGreaterThan(0);
      for (const f of plan.fringe) expect((requires.get(f.id) ?? []).length).toBe(0);
    }
  });

  it('goal first: each role reaches its core concepts earlier than the course order does, and no two roles plan alike', async () => {
    const plans = new Map<string, string[]>();
    for (const role of roles) {
      const res: any = await gql(server, `{ careerPath(id: "${role.id}") { coreConcepts { concept { id } weight } } }`);
      const core = res.data.careerPath.coreConcepts
        .filter((c: any) => c.weight === 'CORE')
        .map((c: any) => c.concept.id);
      expect(core.length).toBeGreaterThanOrEqual(5);
      const plan = await roadmap({ roles: [{ role: role.id }], hoursPerWeek: 8 });
      const ids: string[] = plan.steps.map((s: any) => s.concept.id);
      plans.set(role.id, ids);
      // Within its first 20 steps each role's plan reaches at least 5 of its core concepts (with their prerequisites);
      // `npm run bench -- --only learning` prints the count and the median core position per role.
      const early = core.filter((c: string) => ids.indexOf(c) >= 0 && ids.indexOf(c) < 20).length;
      expect({ role: role.id, coreInFirst20: early >= 5 }).toEqual({ role: role.id, coreInFirst20: true });
      // Goal first puts the core earlier than the course does.
      const course = await roadmap({ roles: [{ role: role.id }], hoursPerWeek: 8, order: 'COURSE' });
      const courseIds: string[] = course.steps.map((s: any) => s.concept.id);
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      const goalMedian = median(core.map((c: string) => ids.indexOf(c)));
      const courseMedian = median(core.map((c: string) => courseIds.indexOf(c)));
      expect({ role: role.id, earlier: goalMedian < courseMedian }).toEqual({ role: role.id, earlier: true });
      // Every core concept comes before every step that only breadth needs.
      const firstBreadth = plan.steps.findIndex((s: any) => s.priority === 'BREADTH');
      for (const c of core) expect(ids.indexOf(c)).toBeLessThan(firstBreadth < 0 ? ids.length : firstBreadth);
    }
    const distinct = new Set([...plans.values()].map((ids) => ids.join(' ')));
    expect(distinct.size).toBe(roles.length);
  });

  it('plans a single concept as exactly its unknown prerequisite closure', async () => {
    const known = closureOf(['concept:neural-network']);
    const plan = await roadmap({
      concepts: ['concept:quantization-aware-training'],
      knownConcepts: ['concept:neural-network'],
      hoursPerWeek: 5,
    });
    const expected = [...closureOf(['concept:quantization-aware-training'])].filter((id) => !known.has(id)).sort();
    expect(plan.steps.map((s: any) => s.concept.id).sort()).toEqual(expected);
    expect(plan.steps.at(-1).concept.id).toBe('concept:quantization-aware-training');
    expect(plan.title).toBe('Roadmap to Quantization-Aware Training, from Neural Network');
  });

  it('course order keeps chapters together: a chapter, once left, comes back only where a prerequisite forces it', async () => {
    const plan = await roadmap({ roles: [{ role: 'role:ml-engineer' }], hoursPerWeek: 10, order: 'COURSE' });
    const steps: { id: string; chapter: number }[] = plan.steps.map((s: any) => ({
      id: s.concept.id,
      chapter: s.chapter.number,
    }));
    // A chapter is split only by an edge against course order: a concept of an earlier chapter needs one of it, or
    // one of it needs a concept of a later chapter.
    const chapterOf = new Map(steps.map((s) => [s.id, s.chapter]));
    const againstOrder = new Set<number>();
    for (const s of steps)
      for (const p of requires.get(s.id) ?? []) {
        const pc = chapterOf.get(p);
        if (pc !== undefined && pc > s.chapter) againstOrder.add(pc).add(s.chapter);
      }
    const runs = new Map<number, number>();
    steps.forEach((s, i) => {
      if (i === 0 || steps[i - 1]!.chapter !== s.chapter) runs.set(s.chapter, (runs.get(s.chapter) ?? 0) + 1);
    });
    for (const [chapter, n] of runs)
      if (n > 1) expect({ chapter, split: againstOrder.has(chapter) }).toEqual({ chapter, split: true });
    expect([...runs.values()].filter((n) => n > 1).length).toBeLessThanOrEqual(againstOrder.size);
  });

  it('gives the same plan for the same input', async () => {
    const input = {
      roles: [{ role: 'role:data-engineer' }],
      specializations: ['specialization:model-optimization'],
      hoursPerWeek: 6,
      deadlineWeeks: 10,
      startDate: '2027-01-04',
    };
    expect(await roadmap(input)).toEqual(await roadmap(input));
  });

  it('drops what is known: known chapters, known concepts and everything they imply', async () => {
    const chapter: any = await gql(server, '{ chapter(id: "chapter:deep-learning") { concepts { id } } }');
    const knownChapter = chapter.data.chapter.concepts.map((c: any) => c.id);
    const known = closureOf([...knownChapter, 'concept:quantization']);
    const plan = await roadmap({
      chapters: ['chapter:model-optimizations'],
      knownChapters: ['chapter:deep-learning'],
      knownConcepts: ['concept:quantization'],
      hoursPerWeek: 5,
    });
    expect(plan.steps.length).toBeGreaterThan(0);
    expectValidPlan(plan, 5, known);
  });

  it('reports an unmet deadline with the weekly hours that would meet it and the targets that fit', async () => {
    const input = { roles: [{ role: 'role:mlops-engineer' }], hoursPerWeek: 5, deadlineWeeks: 20 };
    const plan = await roadmap(input);
    expect(plan.deadline.feasible).toBe(false);
    expect(plan.deadline.targetsThatFit.length).toBeGreaterThan(0);
    expect(plan.deadline.targetsThatFit.length).toBeLessThan(plan.steps.filter((s: any) => s.isTarget).length);
    // What to drop: breadth first; what is left fits and still reaches the role's core concepts.
    const dropped = new Set(plan.deadline.drop.map((c: any) => c.id));
    const left = plan.steps.filter((s: any) => !dropped.has(s.concept.id));
    expect(left.reduce((t: number, s: any) => t + s.remainingHours, 0)).toBeLessThanOrEqual(5 * 20);
    const coreHours = plan.steps
      .filter((s: any) => s.priority === 'CORE')
      .reduce((t: number, s: any) => t + s.remainingHours, 0);
    if (coreHours <= 5 * 20)
      expect(plan.steps.filter((s: any) => s.priority === 'CORE' && dropped.has(s.concept.id))).toEqual([]);
    else expect(plan.steps.filter((s: any) => s.priority === 'BREADTH' && !dropped.has(s.concept.id))).toEqual([]);
    expect(plan.deadline.reachedAfterDrop.length).toBeGreaterThan(0);
    const faster = await roadmap({ ...input, hoursPerWeek: plan.deadline.hoursPerWeekNeeded });
    expect(faster.totalWeeks).toBeLessThanOrEqual(20);
    expect(faster.deadline.feasible).toBe(true);
  });

  it('splits a step longer than a week and counts hours already spent', async () => {
    const plan = await roadmap({ concepts: ['concept:backpropagation'], hoursPerWeek: 1, hoursSpent: 3 });
    const split = plan.weeks.flatMap((w: any) => w.items).filter((i: any) => i.parts > 1);
    expect(split.length).toBeGreaterThan(0);
    expect(plan.remainingHours).toBeCloseTo(plan.totalHours - 3, 6);
    expect(plan.steps[0].remainingHours).toBe(0);
    expect(plan.steps[0].weeks).toEqual([]);
  });

  it('dates weeks and milestones from the start date, and reads the plan in a few statements', async () => {
    const before = server.db.statements;
    const plan = await roadmap({
      roles: [{ role: 'role:research-scientist' }],
      hoursPerWeek: 12,
      startDate: '2027-03-01',
    });
    expect(server.db.statements - before).toBeLessThanOrEqual(8);
    expect(plan.weeks[1].startDate).toBe('2027-03-08');
    expect(plan.endDate).toBe(plan.milestones.at(-1).date);
    expect(plan.milestones.length).toBe(new Set(plan.steps.map((s: any) => s.chapter.id)).size);
  });

  it('exports Markdown, iCalendar and Mermaid that parse back to the same plan', async () => {
    const input = { roles: [{ role: 'role:ml-infrastructure-engineer' }], hoursPerWeek: 9, startDate: '2027-02-01' };
    const res: any = await gql(
      server,
      `query($input: RoadmapInput!) { roadmap(input: $input) { markdown iCalendar mermaid steps { concept { name } after { id } } weeks { items { hours } } } }`,
      { input },
    );
    expect(res.errors).toBeUndefined();
    const { markdown, iCalendar, mermaid, steps, weeks } = res.data.roadmap;
    const table = marked.lexer(markdown).find((t): t is Tokens.Table => t.type === 'table')!;
    expect(table.rows.map((r) => r[1]!.text.replace(/\\\|/g, '|'))).toEqual(steps.map((s: any) => s.concept.name));
    const events = new ICAL.Component(ICAL.parse(iCalendar)).getAllSubcomponents('vevent');
    expect(events.length).toBe(weeks.reduce((n: number, w: any) => n + w.items.length, 0));
    const chart = parseMermaidFlowchart(mermaid);
    expect(chart.nodes.size).toBe(steps.length);
    expect(chart.edges.length).toBe(steps.reduce((n: number, s: any) => n + s.after.length, 0));
  });

  it('refuses bad input with BAD_USER_INPUT and a message naming the problem', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ roles: [{ role: 'role:astronaut' }], hoursPerWeek: 5 }, /Unknown id "role:astronaut" in roles/],
      [{ concepts: ['concept:nope'], hoursPerWeek: 5 }, /Unknown id "concept:nope" in concepts/],
      [{ concepts: ['concept:quantization'], knownChapters: ['chapter:nope'], hoursPerWeek: 5 }, /knownChapters/],
      [
        {
          roles: [{ role: 'role:ml-engineer', skills: [{ skill: 'skill:juggling', level: 'HELPFUL' }] }],
          hoursPerWeek: 5,
        },
        /Unknown skill "skill:juggling"/,
      ],
      [{ concepts: ['concept:quantization'], hoursPerWeek: 0 }, /hoursPerWeek/],
      [{ concepts: ['concept:quantization'], hoursPerWeek: 81 }, /hoursPerWeek/],
      [{ concepts: ['concept:quantization'], hoursPerWeek: 5, deadlineWeeks: 0 }, /deadlineWeeks/],
      [{ concepts: ['concept:quantization'], hoursPerWeek: 5, startDate: '2027-02-30' }, /startDate/],
      [{ concepts: ['concept:quantization'], hoursPerWeek: 5, hoursSpent: -1 }, /hoursSpent/],
      [{ hoursPerWeek: 5 }, /at least one target/],
      [{ concepts: Array.from({ length: 301 }, (_, i) => `concept:x${i}`), hoursPerWeek: 5 }, /at most 300/],
    ];
    for (const [input, message] of cases) {
      const res: any = await gql(server, 'query($input: RoadmapInput!) { roadmap(input: $input) { totalHours } }', {
        input,
      });
      expect(res.data).toBeNull();
      expect(res.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(res.errors[0].message).toMatch(message);
    }
    const noDate: any = await gql(
      server,
      '{ roadmap(input: {concepts: ["concept:quantization"], hoursPerWeek: 5}) { iCalendar } }',
    );
    expect(noDate.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(noDate.errors[0].message).toMatch(/startDate/);
    const noZone: any = await gql(
      server,
      '{ roadmap(input: {concepts: ["concept:quantization"], hoursPerWeek: 5, startDate: "2027-01-04"}) { iCalendar(timeZone: "Mars/Olympus") } }',
    );
    expect(noZone.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'timeZone' });
    expect(noZone.errors[0].message).toMatch(/Unknown time zone "Mars\/Olympus"/);
    const tooMany: any = await gql(
      server,
      '{ roadmap(input: {concepts: ["concept:quantization"], hoursPerWeek: 5}) { steps { resources(first: 21) { id } } } }',
    );
    expect(tooMany.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('runs the README examples of the Roadmaps section', async () => {
    const examples = readmeExamples('Roadmaps');
    expect(examples.length).toBeGreaterThan(0);
    for (const query of examples) {
      const res: any = await gql(server, query);
      expect({ query, errors: res.errors }).toEqual({ query, errors: undefined });
      expect(res.data.roadmap.steps.length).toBeGreaterThan(0);
    }
  });
});
