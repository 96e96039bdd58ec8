import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plan, PRIORITIES, REASON_MAX, type PlannerConcept, type PlannerInput } from '../../src/roadmap/planner.js';
import { schedule } from '../../src/roadmap/schedule.js';

/** Random course: concepts in chapters, edges only towards lower-numbered concepts (a DAG), random targets/known. */
const input = fc.integer({ min: 1, max: 30 }).chain((n) =>
  fc
    .record({
      hours: fc.array(
        fc.integer({ min: 1, max: 20 }).map((h) => h / 2),
        { minLength: n, maxLength: n },
      ),
      pairs: fc.uniqueArray(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), {
        maxLength: n * 3,
        selector: ([a, b]) => `${a}-${b}`,
      }),
      targets: fc.uniqueArray(fc.tuple(fc.nat(n - 1), fc.constantFrom(...PRIORITIES)), {
        minLength: 1,
        maxLength: 6,
        selector: ([t]) => t,
      }),
      order: fc.constantFrom('GOAL_FIRST' as const, 'COURSE' as const),
      known: fc.uniqueArray(fc.nat(n - 1), { maxLength: 4 }),
      hoursPerWeek: fc.integer({ min: 1, max: 15 }),
      deadlineWeeks: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
      hoursSpent: fc.option(
        fc.integer({ min: 0, max: 60 }).map((h) => h / 2),
        { nil: undefined },
      ),
    })
    .map(({ hours, pairs, targets, order, known, hoursPerWeek, deadlineWeeks, hoursSpent }): PlannerInput => {
      const concepts: PlannerConcept[] = hours.map((h, i) => ({
        id: `c${i}`,
        name: `C${i}`,
        chapter: `ch${Math.floor(i / 5)}`,
        chapterNumber: Math.floor(i / 5),
        position: i % 5,
        hours: h,
      }));
      return {
        concepts,
        edges: pairs.filter(([a, b]) => a > b).map(([a, b]) => ({ from: `c${a}`, to: `c${b}` })),
        targets: targets.map(([t, priority]) => ({ concept: `c${t}`, why: `the learner wants{it}`, priority })),
        order,
        known: known.map((k) => `c${k}`),
        hoursPerWeek,
        deadlineWeeks,
        hoursSpent,
      };
    }),
);

function knownClosure(inp: PlannerInput): Set<string> {
  return closure(inp, inp.known);
}

/** The ids and all their prerequisites. */
function closure(inp: PlannerInput, ids: string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...ids];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const e of inp.edges) if (e.from === id) stack.push(e.to);
  }
  return seen;
}

describe('roadmap planner (property-based)', () => {
  it('orders every step after its prerequisites, which are earlier steps or known', () => {
    fc.assert(
      fc.property(input, (inp) => {
        const p = plan(inp);
        const known = knownClosure(inp);
        const pos = new Map(p.steps.map((s, i) => [s.concept, i]));
        for (const e of inp.edges) {
          if (!pos.has(e.from)) continue;
          expect(known.has(e.to) || pos.get(e.to)! < pos.get(e.from)!).toBe(true);
        }
      }),
    );
  });

  it('never plans what is known or implied known, and plans only targets and their prerequisites', () => {
    fc.assert(
      fc.property(input, (inp) => {
        const p = plan(inp);
        const known = knownClosure(inp);
        const wanted = new Set<string>();
        const stack = inp.targets.map((t) => t.concept);
        while (stack.length) {
          const id = stack.pop()!;
          if (wanted.has(id)) continue;
          wanted.add(id);
          for (const e of inp.edges) if (e.from === id) stack.push(e.to);
        }
        for (const s of p.steps) {
          expect(known.has(s.concept)).toBe(false);
          expect(wanted.has(s.concept)).toBe(true);
        }
        expect(p.steps.length).toBe([...wanted].filter((id) => !known.has(id)).length);
      }),
    );
  });

  it('keeps every week within the weekly hours and schedules every hour once', () => {
    fc.assert(
      fc.property(input, (inp) => {
        const p = plan(inp);
        for (const w of p.weeks) expect(w.hours).toBeLessThanOrEqual(inp.hoursPerWeek + 1e-9);
        const scheduled = p.weeks.reduce((s, w) => s + w.items.reduce((t, i) => t + i.hours, 0), 0);
        expect(scheduled).toBeCloseTo(p.remainingHours, 6);
        expect(p.remainingHours).toBeCloseTo(Math.max(0, p.totalHours - (inp.hoursSpent ?? 0)), 6);
      }),
    );
  });

  it('counts hours already spent against the first steps, and starts the fringe after them', () => {
    fc.assert(
      fc.property(input, (inp) => {
        const p = plan(inp);
        const firstOpen = p.steps.findIndex((s) => s.remainingHours > 0);
        const open = firstOpen < 0 ? [] : p.steps.slice(firstOpen);
        expect(open.slice(1).every((s) => s.remainingHours === s.hours)).toBe(true);
        for (const s of p.steps) expect(s.weeks.length > 0).toBe(s.remainingHours > 0);
        const remaining = new Set(open.map((s) => s.concept));
        for (const id of p.fringe) {
          expect(remaining.has(id)).toBe(true);
          expect(inp.edges.some((e) => e.from === id && remaining.has(e.to))).toBe(false);
        }
      }),
    );
  });

  it('is deterministic and explains every step', () => {
    fc.assert(
      fc.property(input, (inp) => {
        const a = plan(inp);
        expect(plan(structuredClone(inp))).toEqual(a);
        for (const s of a.steps) expect(s.reason.length).toBeGreaterThan(0);
      }),
    );
  });

  it('goal first: core steps before supporting before breadth, each target right after its missing prerequisites', () => {
    fc.assert(
      fc.property(input, (inp) => {
        const p = plan({ ...inp, order: 'GOAL_FIRST' });
        const rank = p.steps.map((s) => PRIORITIES.indexOf(s.priority));
        expect(rank).toEqual([...rank].sort((a, b) => a - b));
        const known = knownClosure(inp);
        const wanted = (priority: string) =>
          closure(
            inp,
            inp.targets.filter((t) => t.priority === priority).map((t) => t.concept),
          );
        // A step is CORE exactly when some core target needs it, and so on down.
        for (const s of p.steps) {
          const best = PRIORITIES.find((pr) => wanted(pr).has(s.concept));
          expect(s.priority).toBe(best);
          expect(known.has(s.concept)).toBe(false);
        }
        // A target's block: the steps serving it are contiguous and end at the target (when it is its own).
        const servedAt = new Map<string, number[]>();
        p.steps.forEach((s, i) => servedAt.set(s.target, [...(servedAt.get(s.target) ?? []), i]));
        for (const [target, at] of servedAt) {
          expect(at.at(-1)! - at[0]! + 1).toBe(at.length);
          expect(p.steps[at.at(-1)!]!.concept).toBe(target);
        }
      }),
    );
  });

  it('for a single concept target, plans exactly its unknown prerequisite closure', () => {
    fc.assert(
      fc.property(input, (inp) => {
        const one = { ...inp, targets: inp.targets.slice(0, 1) };
        const p = plan(one);
        const known = knownClosure(one);
        const expected = [...closure(one, [one.targets[0]!.concept])].filter((id) => !known.has(id)).sort();
        expect(p.steps.map((s) => s.concept).sort()).toEqual(expected);
      }),
    );
  });

  it('gives every step one short reason and the chain of hops to its target', () => {
    fc.assert(
      fc.property(input, (inp) => {
        const p = plan(inp);
        const isEdge = new Set(inp.edges.map((e) => `${e.from}>${e.to}`));
        for (const s of p.steps) {
          expect(s.reason.length).toBeLessThanOrEqual(REASON_MAX);
          expect(s.reasonChain[0]).toBe(s.concept);
          expect(s.reasonChain.at(-1)).toBe(s.target);
          for (let i = 1; i < s.reasonChain.length; i++)
            expect(isEdge.has(`${s.reasonChain[i]}>${s.reasonChain[i - 1]}`)).toBe(true);
        }
      }),
    );
  });

  it('with a deadline it cannot meet, drops breadth before supporting and keeps a valid plan that fits', () => {
    fc.assert(
      fc.property(input, (inp) => {
        if (inp.deadlineWeeks === undefined) return;
        const p = plan(inp);
        const d = p.deadline!;
        if (d.feasible) {
          expect(d.drop).toEqual([]);
          return;
        }
        const dropped = new Set(d.drop);
        const kept = p.steps.filter((s) => !dropped.has(s.concept));
        const keptHours = kept.reduce((t, s) => t + s.remainingHours, 0);
        expect(keptHours).toBeLessThanOrEqual(d.weeks * inp.hoursPerWeek + 1e-9);
        const keptSet = new Set(kept.map((s) => s.concept));
        const known = knownClosure(inp);
        for (const t of d.reachedAfterDrop)
          for (const id of closure(inp, [t]))
            expect(
              known.has(id) || keptSet.has(id) || p.steps.find((s) => s.concept === id)!.remainingHours === 0,
            ).toBe(true);
        // A core target is given up only when it does not fit even with every breadth and supporting step dropped.
        const coreOnly = p.steps.filter((s) => s.priority === 'CORE').reduce((t, s) => t + s.remainingHours, 0);
        if (coreOnly <= d.weeks * inp.hoursPerWeek + 1e-9)
          expect(p.steps.filter((s) => s.priority === 'CORE' && dropped.has(s.concept))).toEqual([]);
        // Breadth goes first: while a core or supporting step is dropped, no breadth step is kept.
        const rank = (pr: string) => PRIORITIES.indexOf(pr as never);
        const worstKept = Math.max(-1, ...kept.filter((s) => s.remainingHours > 0).map((s) => rank(s.priority)));
        const bestDropped = Math.min(9, ...p.steps.filter((s) => dropped.has(s.concept)).map((s) => rank(s.priority)));
        expect(worstKept <= bestDropped || bestDropped === 9).toBe(true);
      }),
    );
  });

  it('says whether a deadline is met and which targets fit', () => {
    fc.assert(
      fc.property(input, (inp) => {
        const p = plan(inp);
        if (inp.deadlineWeeks === undefined) {
          expect(p.deadline).toBeUndefined();
        } else {
          expect(p.deadline!.feasible).toBe(p.weeks.length <= inp.deadlineWeeks);
          const needed = p.deadline!.hoursPerWeekNeeded;
          const items = p.steps.map((s) => ({ concept: s.concept, hours: s.remainingHours }));
          expect(schedule(items, needed).length).toBeLessThanOrEqual(inp.deadlineWeeks);
          if (needed > 0.5) expect(schedule(items, needed - 0.5).length).toBeGreaterThan(inp.deadlineWeeks);
          if (p.deadline!.feasible)
            expect(p.deadline!.targetsThatFit.length).toBe(new Set(inp.targets.map((t) => t.concept)).size);
        }
      }),
    );
  });
});

describe('roadmap planner (examples)', () => {
  const concepts: PlannerConcept[] = [
    { id: 'a', name: 'Tensors', chapter: 'ch1', chapterNumber: 1, position: 1, hours: 2 },
    { id: 'b', name: 'Backprop', chapter: 'ch1', chapterNumber: 1, position: 2, hours: 3 },
    { id: 'c', name: 'Quantization', chapter: 'ch2', chapterNumber: 2, position: 1, hours: 4 },
  ];
  const edges = [
    { from: 'c', to: 'b' },
    { from: 'b', to: 'a' },
  ];

  it('explains a prerequisite by its chain to the target, in one sentence', () => {
    const p = plan({
      concepts,
      edges,
      targets: [{ concept: 'c', why: 'the MLOps Engineer path centres on{it}' }],
      known: [],
      hoursPerWeek: 5,
    });
    expect(p.steps.map((s) => s.concept)).toEqual(['a', 'b', 'c']);
    expect(p.steps[0]).toMatchObject({
      reason: 'needed for Backprop on the way to Quantization, which the MLOps Engineer path centres on',
      reasonChain: ['a', 'b', 'c'],
      target: 'c',
      priority: 'CORE',
    });
    expect(p.steps[1]!.reason).toBe('needed for Quantization, which the MLOps Engineer path centres on');
    expect(p.steps[2]!.reason).toBe('the MLOps Engineer path centres on it');
    expect(p.fringe).toEqual(['a']);
    expect(p.milestones).toEqual([
      { chapter: 'ch1', week: 1 },
      { chapter: 'ch2', week: 2 },
    ]);
    expect(p.weeks.map((w) => w.hours)).toEqual([5, 4]);
  });

  it('reaches a core target before breadth that comes earlier in the course', () => {
    const more: PlannerConcept[] = [
      ...concepts,
      { id: 'h', name: 'History', chapter: 'ch1', chapterNumber: 1, position: 0, hours: 1 },
    ];
    const targets = [
      { concept: 'h', why: 'breadth{it}', priority: 'BREADTH' as const },
      { concept: 'c', why: 'core{it}' },
    ];
    const goal = plan({ concepts: more, edges, targets, known: [], hoursPerWeek: 5 });
    expect(goal.steps.map((s) => [s.concept, s.priority])).toEqual([
      ['a', 'CORE'],
      ['b', 'CORE'],
      ['c', 'CORE'],
      ['h', 'BREADTH'],
    ]);
    const course = plan({ concepts: more, edges, targets, known: [], hoursPerWeek: 5, order: 'COURSE' });
    // The course finishes chapter 1 (History too) before Quantization.
    expect(course.steps.map((s) => s.concept)).toEqual(['a', 'b', 'h', 'c']);
  });

  it('says what to drop to meet a deadline, and what is still reached', () => {
    const more: PlannerConcept[] = [
      ...concepts,
      { id: 'h', name: 'History', chapter: 'ch1', chapterNumber: 1, position: 0, hours: 4 },
    ];
    const p = plan({
      concepts: more,
      edges,
      targets: [
        { concept: 'c', why: 'core{it}' },
        { concept: 'h', why: 'breadth{it}', priority: 'BREADTH' },
      ],
      known: [],
      hoursPerWeek: 3,
      deadlineWeeks: 3,
    });
    expect(p.deadline).toMatchObject({ feasible: false, drop: ['h'], reachedAfterDrop: ['c'] });
  });

  it('drops what the learner knows, with its prerequisites', () => {
    const p = plan({ concepts, edges, targets: [{ concept: 'c', why: 'wanted' }], known: ['b'], hoursPerWeek: 5 });
    expect(p.steps.map((s) => s.concept)).toEqual(['c']);
  });

  it('splits a step longer than a week across weeks', () => {
    expect(schedule([{ concept: 'x', hours: 7 }], 3).map((w) => w.items)).toEqual([
      [{ concept: 'x', hours: 3, part: { n: 1, of: 3 } }],
      [{ concept: 'x', hours: 3, part: { n: 2, of: 3 } }],
      [{ concept: 'x', hours: 1, part: { n: 3, of: 3 } }],
    ]);
  });

  it('reports the weekly hours a deadline needs, for the real packing rather than the average', () => {
    // 9 h over 3 weeks averages 3 h, but at 3 h Backprop (3 h) cannot share a week with Tensors (2 h): 4 weeks.
    const p = plan({
      concepts,
      edges,
      targets: [{ concept: 'c', why: 'wanted' }],
      known: [],
      hoursPerWeek: 2,
      deadlineWeeks: 3,
    });
    expect(p.deadline).toMatchObject({ weeks: 3, feasible: false, hoursPerWeekNeeded: 3.5 });
  });
});
