import { parse as parseCsv } from 'csv-parse/sync';
import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { strFromU8, unzipSync } from 'fflate';
import { marked, type Tokens } from 'marked';
import { describe, expect, it } from 'vitest';
import { applyFix, type CheckResult, checkSyllabus, findIssues, unitHours } from '../../src/curriculum/check.js';
import { compress } from '../../src/curriculum/compress.js';
import { type Course, CourseIndex } from '../../src/curriculum/course.js';
import { coverage } from '../../src/curriculum/coverage.js';
import { courseFramework } from '../../src/curriculum/case-course.js';
import { toPackage } from '../../src/curriculum/case-model.js';
import { toCase } from '../../src/curriculum/export-case.js';
import { qtiFileOf, toMoodleXml, toQtiPackage } from '../../src/curriculum/export-questions.js';
import { CSV_COLUMNS, toCsv, toMarkdown } from '../../src/curriculum/export-text.js';
import { questionBank } from '../../src/curriculum/questions.js';
import { expand, select } from '../../src/curriculum/selection.js';
import { buildPlan, isReached, teachingOrder } from '../../src/curriculum/syllabus.js';
import { uuidFor } from '../../src/curriculum/uuid.js';
import { schedule } from '../../src/roadmap/schedule.js';
import { caseErrors } from '../case-schema.js';
import { xsdErrors } from '../xml-schema.js';

/**
 * A synthetic course: `hours.length` concepts spread over 3 chapters in order; an edge [a, b] with a < b means
 * concept b requires concept a (so the graph is a DAG whose edges point to earlier concepts, like the real one).
 */
function makeCourse(hours: number[], edges: [number, number][], groups: number[][] = []): CourseIndex {
  const id = (i: number) => `concept:c${i}`;
  const perChapter = Math.ceil(hours.length / 3);
  const course: Course = {
    concepts: hours.map((h, i) => ({
      id: id(i),
      name: `Concept ${i} *${i}*`,
      definition: `Definition of concept ${i}.`,
      chapter: `chapter:ch${Math.floor(i / perChapter) + 1}`,
      chapterNumber: Math.floor(i / perChapter) + 1,
      position: (i % perChapter) + 1,
      hours: h,
    })),
    requires: [
      ...new Map(
        edges
          .filter(([a, b]) => a < b)
          .map(([a, b]) => [`${a}-${b}`, { from: id(b), to: id(a), reason: `needs c${a} because c${b} builds on it` }]),
      ).values(),
    ],
    chapters: [1, 2, 3].map((n) => ({
      id: `chapter:ch${n}`,
      number: n,
      title: `Chapter ${n}`,
      part: n < 3 ? 'part:p1' : 'part:p2',
      // Chapter 3 has no page, so the exports show both forms.
      url: n < 3 ? `https://mlsysbook.ai/contents/core/ch${n}/ch${n}.html` : null,
    })),
    parts: [
      { id: 'part:p1', number: 1, name: 'Part 1' },
      { id: 'part:p2', number: 2, name: 'Part 2' },
    ],
    pillars: [{ id: 'pillar:x', order: 1, name: 'Pillar', chapters: ['chapter:ch1', 'chapter:ch3'] }],
    objectives: groups.map((g, k) => ({
      id: `objective:o${k}`,
      chapter: 'chapter:ch1',
      order: k + 1,
      text: `Objective ${k}`,
      concepts: [...new Set(g.filter((i) => i < hours.length).map(id))],
    })),
    questions: groups.map((g, k) => ({
      id: `question:q${k}`,
      chapter: `chapter:ch${(k % 3) + 1}`,
      position: k + 1,
      text: `Question ${k}?`,
      answer: k % 2 ? null : `Answer ${k}.`,
      difficulty: k % 3 === 0 ? null : ['BEGINNER', 'INTERMEDIATE', 'ADVANCED'][k % 3]!,
      kind: k % 2 ? 'EXPLAIN' : null,
      concepts: [...new Set(g.filter((i) => i < hours.length).map(id))],
    })),
    tradeOffs: groups.slice(0, 2).map((g, k) => ({
      id: `tradeoff:t${k}`,
      name: `Trade-off ${k}`,
      balances: [...new Set(g.filter((i) => i < hours.length).map(id))],
      resolvedBy: [],
    })),
    changedAt: '2025-01-02T03:04:05.000Z',
    version: 'test',
    revision: 'test#0',
  };
  return new CourseIndex(course);
}

const courseArb = fc.integer({ min: 3, max: 24 }).chain((n) =>
  fc.record({
    hours: fc.array(
      fc.integer({ min: 1, max: 16 }).map((x) => x / 2),
      { minLength: n, maxLength: n },
    ),
    edges: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: n * 2 }),
    groups: fc.array(fc.array(fc.nat(n - 1), { minLength: 1, maxLength: 4 }), { maxLength: 6 }),
    picks: fc.array(fc.nat(n - 1), { minLength: 1, maxLength: 4 }),
    hoursPerWeek: fc.integer({ min: 1, max: 12 }),
    weeks: fc.integer({ min: 1, max: 8 }),
  }),
);

const ids = (index: CourseIndex, picks: number[]) => [
  ...new Set(picks.map((i) => index.course.concepts.find((c) => c.id === `concept:c${i}`)!.id)),
];

describe('syllabus plan', () => {
  it('teaches every target and every prerequisite it needs, in a valid order, within the weekly hours', () => {
    fc.assert(
      fc.property(courseArb, ({ hours, edges, groups, picks, hoursPerWeek, weeks }) => {
        const index = makeCourse(hours, edges, groups);
        const sel = select(index, { chapters: [], concepts: ids(index, picks), assumeKnown: [] });
        const order = teachingOrder(index, sel.taught);
        const plan = buildPlan(index, order, { weeks, hoursPerWeek, targets: sel.targets, known: sel.known });
        const at = new Map(order.map((id, i) => [id, i]));
        for (const t of sel.targets) expect(at.has(t)).toBe(true);
        for (const id of order)
          for (const p of index.prerequisites.get(id) ?? []) expect(at.get(p)).toBeLessThan(at.get(id)!);
        for (const m of plan.modules) expect(m.hours).toBeLessThanOrEqual(hoursPerWeek + 1e-9);
        const taughtHours = plan.modules.flatMap((m) => m.items).reduce((s, i) => s + i.hours, 0);
        expect(taughtHours).toBeCloseTo(plan.totalHours);
        expect([...new Set(plan.modules.flatMap((m) => m.items.map((i) => i.concept)))]).toEqual(order);
        expect(plan.fits).toBe(plan.weeksNeeded <= weeks);
      }),
    );
  });

  it('leaves out what is assumed known, with its prerequisites, unless it is chosen', () => {
    const index = makeCourse(
      [1, 1, 1, 1],
      [
        [0, 1],
        [1, 2],
        [2, 3],
      ],
    );
    const sel = select(index, { chapters: [], concepts: ['concept:c3'], assumeKnown: ['concept:c1'] });
    expect(sel.taught).toEqual(['concept:c2', 'concept:c3']);
    expect([...sel.known].sort()).toEqual(['concept:c0', 'concept:c1']);
    const chosen = select(index, { chapters: [], concepts: ['concept:c3', 'concept:c0'], assumeKnown: ['concept:c1'] });
    expect(chosen.taught).toEqual(['concept:c0', 'concept:c2', 'concept:c3']);
  });

  it('places each objective and question in the week its last concept is taught', () => {
    const index = makeCourse(
      [2, 2, 2],
      [
        [0, 1],
        [1, 2],
      ],
      [[0, 2], [1]],
    );
    const plan = buildPlan(index, ['concept:c0', 'concept:c1', 'concept:c2'], {
      weeks: 3,
      hoursPerWeek: 2,
      targets: [],
      known: new Set(),
    });
    expect(plan.modules.map((m) => m.objectives)).toEqual([[], ['objective:o1'], ['objective:o0']]);
    expect(plan.modules.map((m) => m.questions)).toEqual([[], ['question:q1'], ['question:q0']]);
  });
});

describe('coverage', () => {
  it('counts every objective, question and trade-off exactly once, by the documented rule', () => {
    fc.assert(
      fc.property(courseArb, ({ hours, edges, groups, picks }) => {
        const index = makeCourse(hours, edges, groups);
        const taught = new Set(ids(index, picks));
        const c = coverage(index, taught, new Set());
        expect(c.objectives.covered.length + c.objectives.partial.length + c.objectives.leftOut.length).toBe(
          c.objectives.total,
        );
        for (const o of index.course.objectives) {
          expect(c.objectives.covered.includes(o.id)).toBe(o.concepts.every((x) => taught.has(x)));
        }
        expect(c.questions.usable.length + c.questions.leftOut.length).toBe(c.questions.total);
        expect(c.tradeOffs.covered.length + c.tradeOffs.leftOut.length).toBe(c.tradeOffs.total);
        expect(c.parts.reduce((s, p) => s + p.conceptsTaught, 0)).toBe(taught.size);
        expect(c.chapters.reduce((s, p) => s + p.conceptsTotal, 0)).toBe(index.course.concepts.length);
      }),
    );
  });
});

describe('compression', () => {
  const weeksOf = (index: CourseIndex, list: string[], hoursPerWeek: number) =>
    schedule(
      list.map((id) => ({ concept: id, hours: index.hours(id) })),
      hoursPerWeek,
    ).length;

  it('leaves chosen content for last: pulled-in prerequisites are assumed first, breadth dropped next, targets never', () => {
    fc.assert(
      fc.property(courseArb, fc.nat(), ({ hours, edges, groups, picks, hoursPerWeek, weeks }, chapterPick) => {
        const index = makeCourse(hours, edges, groups);
        const chapters = [`chapter:ch${(chapterPick % 3) + 1}`];
        const sel = select(index, { chapters, concepts: ids(index, picks), assumeKnown: [] });
        const order = teachingOrder(index, sel.taught);
        const chosen = [...new Set([...expand(index, chapters), ...sel.targets])];
        const c = compress(index, order, { weeks, hoursPerWeek, targets: sel.targets, chosen, known: sel.known });
        const assumed = c.assumed.map((a) => a.concept);
        const dropped = c.dropped.map((d) => d.concept);
        // Everything is accounted for once, in teaching order.
        expect([...c.kept, ...assumed, ...dropped].sort()).toEqual([...order].sort());
        expect(c.kept).toEqual(order.filter((id) => !assumed.includes(id) && !dropped.includes(id)));
        for (const t of sel.targets) expect(c.kept).toContain(t);
        // Only pulled-in concepts are assumed, bottom up; only chosen ones are dropped.
        for (const a of assumed) expect(chosen).not.toContain(a);
        assumed.forEach((a, i) => {
          for (const p of index.prerequisites.get(a) ?? [])
            if (order.includes(p) && !chosen.includes(p)) expect(assumed.indexOf(p)).toBeLessThan(i);
        });
        for (const d of dropped) expect(chosen).toContain(d);
        // A chosen concept goes only when nothing else can: every pulled-in concept is assumed by then, and a
        // concept a target needs only once no breadth is left.
        if (dropped.length) expect(c.kept.filter((id) => !chosen.includes(id))).toEqual([]);
        const needed = index.prerequisiteClosure(sel.targets);
        if (c.dropped.some((d) => d.phase === 'CHOSEN'))
          expect(c.kept.filter((id) => !needed.has(id) && chosen.includes(id))).toEqual([]);
        for (const d of c.dropped) expect(d.phase === 'BREADTH').toBe(!needed.has(d.concept));
        // Each step is needed: without the last one, the plan would not fit.
        expect(c.fits).toBe(weeksOf(index, c.kept, hoursPerWeek) <= weeks);
        const last = [...assumed, ...dropped].at(-1);
        if (last)
          expect(
            weeksOf(
              index,
              order.filter((id) => c.kept.includes(id) || id === last),
              hoursPerWeek,
            ),
          ).toBeGreaterThan(weeks);
        if (
          weeksOf(
            index,
            sel.targets.filter((t) => order.includes(t)),
            hoursPerWeek,
          ) <= weeks
        )
          expect(c.fits).toBe(true);
        // Losses: exactly the kept concepts with a dropped direct prerequisite; assumptions are not losses.
        expect(c.losses.map((l) => l.concept)).toEqual(
          c.kept.filter((id) => (index.prerequisites.get(id) ?? []).some((p) => dropped.includes(p))),
        );
        for (const a of assumed) expect(c.known.has(a)).toBe(true);
        // Coverage lost: exactly the objectives the full plan covers and the proposal does not.
        const full = new Set(order);
        const kept = new Set(c.kept);
        expect(c.objectivesLost.map((o) => o.id)).toEqual(
          index.course.objectives
            .filter((o) => isReached(o.concepts, full, sel.known) && !isReached(o.concepts, kept, c.known))
            .map((o) => o.id),
        );
        for (const l of [...c.objectivesLost, ...c.questionsLost]) expect(l.because.length).toBeGreaterThan(0);
      }),
    );
  });

  it('drops a concept nothing depends on before one that others need', () => {
    // c0 <- c1 <- c2 (target); c3 stands alone; all chosen. Budget: 2 weeks of 2 hours; the material is 4 hours too
    // many. c3 is breadth; after it c0 and c1 tie (one kept dependent each, no coverage, same hours): the later goes.
    const index = makeCourse(
      [2, 2, 2, 2],
      [
        [0, 1],
        [1, 2],
      ],
    );
    const order = teachingOrder(index, ['concept:c0', 'concept:c1', 'concept:c2', 'concept:c3']);
    const c = compress(index, order, {
      weeks: 2,
      hoursPerWeek: 2,
      targets: ['concept:c2'],
      chosen: order,
      known: new Set(),
    });
    expect(c.dropped.map((d) => [d.concept, d.phase])).toEqual([
      ['concept:c3', 'BREADTH'],
      ['concept:c1', 'CHOSEN'],
    ]);
    expect(c.dropped[0]!.neededBy).toEqual([]);
    expect(c.dropped[1]!.neededBy).toEqual(['concept:c2']);
    expect(c.losses).toEqual([{ concept: 'concept:c2', missing: ['concept:c1'] }]);
    expect(c.fits).toBe(true);
  });

  it('assumes pulled-in prerequisites known before dropping anything chosen', () => {
    // Chapter 3 (c4, c5) is chosen; c5 needs c3 (chapter 2) which needs c0 (chapter 1): both pulled in.
    const index = makeCourse(
      [2, 1, 1, 2, 2, 2],
      [
        [0, 3],
        [3, 5],
      ],
    );
    const sel = select(index, { chapters: ['chapter:ch3'], concepts: [], assumeKnown: [] });
    const order = teachingOrder(index, sel.taught);
    const chosen = expand(index, ['chapter:ch3']);
    const c = compress(index, order, { weeks: 2, hoursPerWeek: 2, targets: [], chosen, known: sel.known });
    expect(c.assumed.map((a) => a.concept)).toEqual(['concept:c0', 'concept:c3']);
    expect(c.assumed[1]!.neededBy).toEqual(['concept:c5']);
    expect(c.dropped).toEqual([]);
    expect(c.kept).toEqual(['concept:c4', 'concept:c5']);
    expect(c.losses).toEqual([]);
  });
});

describe('syllabus check', () => {
  /** A valid syllabus: the whole course in a valid order, cut into units of `size`. */
  const validUnits = (index: CourseIndex, size: number) => {
    const order = teachingOrder(
      index,
      index.course.concepts.map((c) => c.id),
    );
    const units: string[][] = [];
    for (let i = 0; i < order.length; i += size) units.push(order.slice(i, i + size));
    return units;
  };
  const knownAfter = (index: CourseIndex, result: CheckResult, known: Set<string>) => {
    const taught = new Set(result.fixedUnits.flat());
    return new Set([...known, ...[...index.prerequisiteClosure(result.assumed)].filter((id) => !taught.has(id))]);
  };

  it('finds a planted late prerequisite and a planted missing one, and its fixes leave no issue', () => {
    fc.assert(
      fc.property(
        courseArb,
        fc.integer({ min: 1, max: 4 }),
        fc.nat(),
        fc.boolean(),
        ({ hours, edges }, size, pick, remove) => {
          const index = makeCourse(hours, edges);
          const units = validUnits(index, size);
          expect(findIssues(index, units, new Set())).toEqual([]);
          const edge = index.course.requires[pick % Math.max(1, index.course.requires.length)];
          if (!edge) return;
          const planted = units.map((u) => u.filter((c) => c !== edge.to));
          // Late: the prerequisite goes to a new unit after all the others. Missing: it goes nowhere.
          if (!remove) planted.push([edge.to]);
          const result = checkSyllabus(index, planted, { known: new Set() });
          const found = result.issues.find((i) => i.concept === edge.from && i.prerequisite === edge.to);
          if (remove) expect(found).toMatchObject({ kind: 'NOT_TAUGHT', prerequisiteUnit: null, reason: edge.reason });
          else
            expect(found).toMatchObject({
              kind: 'TAUGHT_LATE',
              prerequisiteUnit: planted.length - 1,
              reason: edge.reason,
            });
          expect(findIssues(index, result.fixedUnits, knownAfter(index, result, new Set()))).toEqual([]);
        },
      ),
    );
  });

  it('never grows a unit beyond the capacity, keeps every concept, and fixedUnits always pass the check', () => {
    fc.assert(
      fc.property(
        courseArb,
        fc.array(fc.integer({ min: -1, max: 4 }), { minLength: 24, maxLength: 24 }),
        fc.option(fc.integer({ min: 0, max: 20 })),
        ({ hours, edges }, placement, extra) => {
          const index = makeCourse(hours, edges);
          // Any placement: each concept in one of 5 units, or (-1) left out.
          const units: string[][] = [[], [], [], [], []];
          index.course.concepts.forEach((c, i) => {
            if (placement[i]! >= 0) units[placement[i]!]!.push(c.id);
          });
          const taught = units.flat();
          if (!taught.length) return;
          const longest = Math.max(...taught.map(index.hours));
          const capacity = extra === null ? undefined : longest + extra / 2;
          const result = checkSyllabus(index, units, { known: new Set(), capacity });
          expect(result.capacity).toBe(capacity ?? Math.max(...units.map((u) => unitHours(index, u))));
          let current = units;
          for (const fix of result.fixes) {
            const before = current;
            current = applyFix(current, fix);
            for (const to of new Set(fix.moves.map((m) => m.to)))
              expect(unitHours(index, current[to]!)).toBeLessThanOrEqual(
                Math.max(result.capacity, unitHours(index, before[to] ?? [])) + 1e-9,
              );
            for (const m of fix.moves) expect(current[m.to]).toContain(m.concept);
          }
          expect(current).toEqual(result.fixedUnits);
          const after = result.fixedUnits.flat();
          expect(new Set(after).size).toBe(after.length);
          for (const c of taught) expect(after).toContain(c);
          expect(after.length).toBe(
            taught.length + result.fixes.flatMap((f) => f.moves.filter((m) => m.from === null)).length,
          );
          expect(findIssues(index, result.fixedUnits, knownAfter(index, result, new Set()))).toEqual([]);
          // A unit that only lost concepts never grew; one that grew stays within the capacity.
          result.fixedUnits.forEach((u, i) =>
            expect(unitHours(index, u)).toBeLessThanOrEqual(
              Math.max(result.capacity, unitHours(index, units[i] ?? [])) + 1e-9,
            ),
          );
        },
      ),
    );
  });

  it('moves the dependent later when that touches fewer concepts than bringing the prerequisite forward', () => {
    // c3 needs c2, which needs c0 and c1. Unit 0 teaches c3 alone; c0, c1, c2 come in unit 1.
    const index = makeCourse(
      [1, 1, 1, 1],
      [
        [0, 2],
        [1, 2],
        [2, 3],
      ],
    );
    const result = checkSyllabus(index, [['concept:c3'], ['concept:c0', 'concept:c1', 'concept:c2']], {
      known: new Set(),
      capacity: 4,
    });
    expect(result.issues.map((i) => [i.kind, i.concept, i.prerequisite])).toEqual([
      ['TAUGHT_LATE', 'concept:c3', 'concept:c2'],
    ]);
    // Moving c3 alone would empty unit 0; moving c0, c1, c2 forward would too. Moving c3 and giving c0 back to
    // unit 0 takes two moves and keeps both units.
    expect(result.fixes[0]).toMatchObject({ action: 'MOVE_DEPENDENTS_LATER', prerequisite: 'concept:c2', unit: 1 });
    expect(result.fixedUnits.every((u) => u.length > 0)).toBe(true);
    expect(findIssues(index, result.fixedUnits, new Set())).toEqual([]);
  });

  it('swaps within the capacity instead of overfilling a unit, and assumes what has no room', () => {
    // c3 needs c2 (2 h), which needs c1 (2 h), which needs c0 (not taught). Units: [c2, c3] (4 h) and [c1] (2 h), so
    // the capacity is 4: c2 and c3 cannot join c1, and c1 joins them only if one of them makes room.
    const index = makeCourse(
      [1, 2, 2, 2],
      [
        [0, 1],
        [1, 2],
        [2, 3],
      ],
    );
    const result = checkSyllabus(index, [['concept:c2', 'concept:c3'], ['concept:c1']], { known: new Set() });
    expect(result.capacity).toBe(4);
    expect(result.fixes[0]).toMatchObject({
      action: 'MOVE_PREREQUISITES_EARLIER',
      unit: 0,
      moves: [
        { concept: 'concept:c1', from: 1, to: 0 },
        { concept: 'concept:c3', from: 0, to: 1 },
      ],
    });
    expect(result.fixes[1]).toMatchObject({ action: 'ASSUME_KNOWN', prerequisite: 'concept:c0', unit: null });
    expect(result.fixedUnits).toEqual([['concept:c1', 'concept:c2'], ['concept:c3']]);
    expect(result.assumed).toEqual(['concept:c0']);
  });

  it('adds a missing prerequisite of a taught chapter where a unit has room', () => {
    // c1 needs c0, both in chapter 1, which the syllabus teaches from.
    const index = makeCourse([1, 1, 1, 1, 1, 1], [[0, 1]]);
    const result = checkSyllabus(index, [['concept:c1'], ['concept:c2']], { known: new Set(), capacity: 2 });
    expect(result.fixes).toEqual([
      {
        action: 'ADD_PREREQUISITE',
        prerequisite: 'concept:c0',
        unit: 0,
        moves: [{ concept: 'concept:c0', from: null, to: 0 }],
        options: ['ADD_PREREQUISITE', 'ASSUME_KNOWN'],
      },
    ]);
    expect(result.fixedUnits).toEqual([['concept:c0', 'concept:c1'], ['concept:c2']]);
  });

  it('does not report prerequisites assumed known', () => {
    const index = makeCourse([1, 1], [[0, 1]]);
    expect(findIssues(index, [['concept:c1']], new Set(['concept:c0']))).toEqual([]);
    expect(findIssues(index, [['concept:c1']], new Set())[0]).toMatchObject({
      kind: 'NOT_TAUGHT',
      prerequisite: 'concept:c0',
    });
  });
});

describe('question bank', () => {
  it('returns questions of the asked concepts or chapters, answers only when asked', () => {
    const index = makeCourse([1, 1, 1], [], [[0], [1], [2, 0]]);
    const bank = questionBank(index, { concepts: ['concept:c0'], chapters: [], onlyWithAnswers: false });
    expect(bank.map((e) => [e.question.id, e.matchedConcepts])).toEqual([
      ['question:q0', ['concept:c0']],
      ['question:q2', ['concept:c0']],
    ]);
    expect(
      questionBank(index, { concepts: [], chapters: ['chapter:ch2'], onlyWithAnswers: false }).map(
        (e) => e.question.id,
      ),
    ).toEqual(['question:q1']);
    expect(questionBank(index, { concepts: [], chapters: ['chapter:ch2'], onlyWithAnswers: true })).toEqual([]);
  });
});

describe('exports', () => {
  const index = makeCourse(
    [1, 3, 2, 1, 0.5, 2],
    [
      [0, 1],
      [1, 2],
      [0, 3],
      [3, 5],
    ],
    [[0, 1], [2], [4, 5]],
  );
  const order = teachingOrder(
    index,
    index.course.concepts.map((c) => c.id),
  );
  const plan = buildPlan(index, order, { weeks: 4, hoursPerWeek: 2, targets: ['concept:c5'], known: new Set() });

  it('name-based UUIDs are stable, distinct and well formed', () => {
    expect(uuidFor('a')).toBe(uuidFor('a'));
    expect(uuidFor('a')).not.toBe(uuidFor('b'));
    expect(uuidFor('a')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('CASE: a package that validates and says the same as the plan', () => {
    const pkg = JSON.parse(JSON.stringify(toCase(index, plan, 'Test plan')));
    expect(caseErrors('package', pkg)).toBeNull();
    const byId = new Map(pkg.CFItems.map((i: any) => [i.identifier, i]));
    const code = (link: any) => (byId.get(link.identifier) as any)?.humanCodingScheme;
    const children = pkg.CFAssociations.filter(
      (a: any) =>
        a.associationType === 'isChildOf' && (byId.get(a.originNodeURI.identifier) as any)?.CFItemType === 'Concept',
    );
    expect(new Set(children.map((a: any) => code(a.originNodeURI)))).toEqual(new Set(order));
    // Every REQUIRES edge twice: `precedes` for order and the extension type for the prerequisite, same reason.
    const edges = index.course.requires.map((e) => `${e.to}>${e.from}:${e.reason}`).sort();
    for (const type of ['precedes', 'ext:isPrerequisiteOf']) {
      const pairs = pkg.CFAssociations.filter((a: any) => a.associationType === type && a.notes).map(
        (a: any) => `${code(a.originNodeURI)}>${code(a.destinationNodeURI)}:${a.notes}`,
      );
      expect(pairs.sort()).toEqual(edges);
    }
    // Each concept and objective points at its course item; the definitions name what the package uses.
    const matches = pkg.CFAssociations.filter((a: any) => a.associationType === 'exactMatchOf');
    expect(matches.length).toBe(pkg.CFItems.filter((i: any) => i.CFItemType !== 'Module').length);
    expect(pkg.CFDefinitions.CFItemTypes.map((t: any) => t.title).sort()).toEqual(
      [...new Set(pkg.CFItems.map((i: any) => i.CFItemType))].sort(),
    );
    const typeIds = new Set(pkg.CFDefinitions.CFItemTypes.map((t: any) => t.identifier));
    for (const i of pkg.CFItems) expect(typeIds.has(i.CFItemTypeURI.identifier)).toBe(true);
    expect(pkg.CFDocument.licenseURI.identifier).toBe(pkg.CFDefinitions.CFLicenses[0].identifier);
    expect(pkg.CFDefinitions.CFLicenses[0].title).toMatch(/CC BY-NC-SA 4\.0/);
    expect(pkg.CFDocument).toMatchObject({ adoptionStatus: 'Draft', language: 'en', caseVersion: '1.1' });
    const groupings = new Set(pkg.CFDefinitions.CFAssociationGroupings.map((g: any) => g.identifier));
    for (const a of pkg.CFAssociations)
      if (a.CFAssociationGroupingURI) expect(groupings.has(a.CFAssociationGroupingURI.identifier)).toBe(true);
    // Hours read as English: "1 study hour", "3 study hours".
    const notes = pkg.CFItems.map((i: any) => i.notes).filter(Boolean);
    expect(notes).toContain('1 study hour');
    expect(notes.some((n: string) => /\b1 study hours\b/.test(n))).toBe(false);
    expect(JSON.stringify(toCase(index, plan, 'Test plan'))).toBe(JSON.stringify(pkg));
    // A broken package is refused: the check can fail.
    delete pkg.CFItems[0].fullStatement;
    expect(caseErrors('package', pkg)).toMatch(/fullStatement/);
    pkg.CFItems[0].fullStatement = 'x';
    pkg.CFItems[0].CFDocumentURI = pkg.CFItems[0].CFItemTypeURI; // only allowed outside a package
    expect(caseErrors('package', pkg)).toMatch(/unevaluated/);
    delete pkg.CFItems[0].CFDocumentURI;
    expect(caseErrors('package', pkg)).toBeNull();
    pkg.CFAssociations[0].associationType = 'isPrerequisiteOf';
    expect(caseErrors('package', pkg)).not.toBeNull();
  });

  it('CASE: the course package carries each chapter page as an extension of its item, and validates', () => {
    const pkg = JSON.parse(JSON.stringify(toPackage(courseFramework(index))));
    expect(caseErrors('package', pkg)).toBeNull();
    const chapters = pkg.CFItems.filter((i: any) => i.CFItemType === 'Chapter');
    expect(chapters.map((i: any) => [i.humanCodingScheme, i.extensions?.url ?? null])).toEqual(
      index.course.chapters.map((ch) => [ch.id, ch.url ?? null]),
    );
    expect(chapters.every((i: any) => i.uri.startsWith('urn:uuid:'))).toBe(true);
  });

  it('Markdown: one section per week listing its concepts, parsed back with marked', () => {
    const tokens = marked.lexer(toMarkdown(index, plan, 'Test plan'));
    const headings = tokens.filter((t): t is Tokens.Heading => t.type === 'heading');
    expect(headings[0]).toMatchObject({ depth: 1, text: 'Test plan' });
    expect(headings.filter((h) => h.depth === 2).length).toBe(plan.modules.length);
    // A week's chapters are linked to their pages where the data has one.
    const links = headings.flatMap((h) => h.tokens.filter((t): t is Tokens.Link => t.type === 'link'));
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(index.course.chapters.find((ch) => ch.title === link.text)?.url).toBe(link.href);
    const listed = tokens.filter((t): t is Tokens.List => t.type === 'list').flatMap((l) => l.items.map((i) => i.text));
    for (const id of order) expect(listed.some((t) => t.includes(`\`${id}\``))).toBe(true);
    expect(listed.some((t) => t.startsWith('Concept 0 \\*0\\*') || t.startsWith('Concept 0 *0*'))).toBe(true);
  });

  it('CSV: one row per concept per week, parsed back with csv-parse', () => {
    const csv = toCsv(index, plan);
    // RFC 4180: every record, the last one included, ends with CRLF, and no bare LF appears.
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const rows = parseCsv(csv, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...CSV_COLUMNS]);
    expect(rows.length).toBe(plan.modules.reduce((s, m) => s + m.items.length, 0));
    expect(rows.reduce((s, r) => s + Number(r.hours), 0)).toBeCloseTo(plan.totalHours);
    expect(rows.filter((r) => r.target === 'yes').map((r) => r.concept_id)).toEqual(['concept:c5']);
    expect(rows.find((r) => r.concept_id === 'concept:c5')!.prerequisites).toBe('concept:c3');
  });

  describe('question bank exports', () => {
    const questions = index.course.questions;
    const parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@',
      isArray: (name) => ['resource', 'keyword', 'question', 'tag', 'file'].includes(name),
    });

    it('QTI 2.1: a content package whose manifest and items validate and parse back to the questions', async () => {
      const files = unzipSync(toQtiPackage(questions, 'Bank'));
      const manifestXml = strFromU8(files['imsmanifest.xml']!);
      expect(await xsdErrors(manifestXml, 'imscp.xsd')).toEqual([]);
      const manifest = parser.parse(manifestXml).manifest;
      const resources = manifest.resources.resource;
      expect(resources.map((r: any) => r['@href'])).toEqual(questions.map((q) => qtiFileOf(q.id)));
      expect(Object.keys(files).sort()).toEqual(['imsmanifest.xml', ...questions.map((q) => qtiFileOf(q.id))].sort());
      for (const [i, q] of questions.entries()) {
        const itemXml = strFromU8(files[qtiFileOf(q.id)]!);
        expect(await xsdErrors(itemXml, 'imsqti_item.xsd')).toEqual([]);
        const item = parser.parse(itemXml).assessmentItem;
        expect(item['@identifier']).toBe(q.id);
        expect(item.itemBody.p).toBe(q.text);
        expect(item.responseDeclaration.correctResponse?.value).toBe(q.answer ?? undefined);
        const lom = resources[i].metadata['lom:lom'];
        const keywords = lom['lom:general']['lom:keyword'].map((k: any) => k['lom:string']['#text']);
        expect(keywords).toEqual([
          ...q.concepts,
          ...(q.difficulty ? [`difficulty:${q.difficulty}`] : []),
          ...(q.kind ? [`kind:${q.kind}`] : []),
        ]);
        const difficulty = lom['lom:educational']?.['lom:difficulty']['lom:value'];
        expect(difficulty).toBe(
          q.difficulty ? { BEGINNER: 'easy', INTERMEDIATE: 'medium', ADVANCED: 'difficult' }[q.difficulty] : undefined,
        );
        expect(resources[i].metadata['qmd:qtiMetadata']['qmd:solutionAvailable']).toBe(q.answer !== null);
      }
      // The validation can fail: a required attribute removed, or an element out of order.
      const item = strFromU8(files[qtiFileOf(questions[0]!.id)]!);
      expect(await xsdErrors(item.replace(/ timeDependent="false"/, ''), 'imsqti_item.xsd')).not.toEqual([]);
      expect(
        await xsdErrors(
          item.replace('<itemBody>', '<itemBody><responseDeclaration identifier="X" cardinality="single"/>'),
          'imsqti_item.xsd',
        ),
      ).not.toEqual([]);
      expect(Buffer.from(toQtiPackage(questions, 'Bank')).equals(Buffer.from(toQtiPackage(questions, 'Bank')))).toBe(
        true,
      );
    });

    it('Moodle XML: one essay per question in a category per chapter, with answer, tags and id', () => {
      const quiz = parser.parse(toMoodleXml(index, questions, 'Bank')).quiz.question;
      const essays = quiz.filter((q: any) => q['@type'] === 'essay');
      expect(essays.map((e: any) => e.idnumber)).toEqual(questions.map((q) => q.id));
      const categories = quiz.filter((q: any) => q['@type'] === 'category').map((c: any) => c.category.text);
      expect(new Set(categories).size).toBe(categories.length);
      for (const c of categories) expect(c).toMatch(/^\$course\$\/top\/Bank\//);
      for (const [i, q] of questions.entries()) {
        const e = essays[i];
        expect(e.questiontext.text).toBe(`<p>${q.text}</p>`);
        expect(e.graderinfo.text || null).toBe(q.answer ? `<p>${q.answer}</p>` : null);
        expect(e.tags.tag.map((t: any) => t.text)).toEqual([
          ...q.concepts,
          ...(q.difficulty ? [`difficulty:${q.difficulty}`] : []),
          ...(q.kind ? [`kind:${q.kind}`] : []),
        ]);
      }
      // Markup in the text stays text: escaped once for HTML, once for XML.
      const tricky = { ...questions[0]!, text: 'Is a < b && c > d?' };
      const parsed = parser.parse(toMoodleXml(index, [tricky], 'Bank')).quiz.question[1];
      expect(parsed.questiontext.text).toBe('<p>Is a &lt; b &amp;&amp; c &gt; d?</p>');
    });
  });
});
