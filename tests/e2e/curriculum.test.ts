import { parse as parseCsv } from 'csv-parse/sync';
import { marked, type Tokens } from 'marked';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { strFromU8, unzipSync } from 'fflate';
import { caseErrors } from '../case-schema.js';
import { xsdErrors } from '../xml-schema.js';
import { gql, readmeExamples, startTestServer, type TestServer } from '../helpers.js';

/** Facts read from the graph through the ordinary API, against which the curriculum answers are checked. */
interface Graph {
  hours: Map<string, number>;
  chapterOf: Map<string, string>;
  /** Direct prerequisites with the edge's reason. */
  requires: Map<string, Map<string, string>>;
  objectives: { id: string; concepts: string[] }[];
  tradeOffs: { id: string; balances: string[] }[];
  questions: { id: string; chapter: string; answer: string | null; concepts: string[] }[];
}

let server: TestServer;
const EDUCATOR_KEY = 'educator-key-0123456789abcdefghij';
let graph: Graph;

async function all<T>(query: string, field: string): Promise<T[]> {
  const out: T[] = [];
  let after: string | null = null;
  do {
    const res: any = await gql(server, query, { after });
    expect(res.errors).toBeUndefined();
    out.push(...res.data[field].nodes);
    after = res.data[field].pageInfo.hasNextPage ? res.data[field].pageInfo.endCursor : null;
  } while (after);
  return out;
}

const page = (field: string, body: string) =>
  `query($after: String) { ${field}(first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { ${body} } } }`;

beforeAll(async () => {
  server = await startTestServer({ API_KEYS: `educator:${EDUCATOR_KEY}` });
  const concepts = await all<any>(
    page('concepts', 'id hours chapter { id } prerequisites { reason concept { id } }'),
    'concepts',
  );
  graph = {
    hours: new Map(concepts.map((c) => [c.id, c.hours])),
    chapterOf: new Map(concepts.map((c) => [c.id, c.chapter.id])),
    requires: new Map(concepts.map((c) => [c.id, new Map(c.prerequisites.map((p: any) => [p.concept.id, p.reason]))])),
    objectives: (await all<any>(page('learningObjectives', 'id concepts { id }'), 'learningObjectives')).map((o) => ({
      id: o.id,
      concepts: o.concepts.map((c: any) => c.id),
    })),
    tradeOffs: (await all<any>(page('tradeOffs', 'id balances { id }'), 'tradeOffs')).map((t) => ({
      id: t.id,
      balances: t.balances.map((c: any) => c.id),
    })),
    questions: (
      await all<any>(page('reviewQuestions', 'id answer chapter { id } concepts { id }'), 'reviewQuestions')
    ).map((q) => ({ id: q.id, chapter: q.chapter.id, answer: q.answer, concepts: q.concepts.map((c: any) => c.id) })),
  };
});
afterAll(() => server.close());

function closure(ids: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const stack = [...ids];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...graph.requires.get(id)!.keys());
  }
  return seen;
}

const inChapter = (chapter: string) => [...graph.chapterOf].filter(([, ch]) => ch === chapter).map(([id]) => id);
const reached = (concepts: string[], taught: Set<string>, known: Set<string>) =>
  concepts.length > 0 && concepts.every((c) => taught.has(c) || known.has(c)) && concepts.some((c) => taught.has(c));

const PLAN = `modules { number hours chapters { id } concepts { concept { id } hours part ofParts target } objectives { id } questions { id } }
  conceptCount totalHours weeksNeeded fits`;
const COVERAGE = `coverage { conceptsTaught conceptsAssumedKnown conceptsInCourse hoursTaught
  objectives { coveredCount total covered { id } partial { objective { id } missing { id } } leftOut { id } }
  questions { usableCount withAnswersCount total usable { id } }
  tradeOffs { coveredCount total covered { id } leftOut { id } }
  parts { coveredCount total items { node { id } covered conceptsTaught conceptsTotal } } }`;

async function syllabus(input: Record<string, unknown>, extra = '') {
  const res: any = await gql(
    server,
    `query($input: SyllabusInput!) { syllabus(input: $input) { targets { id } assumedKnownCount plan { ${PLAN} ${COVERAGE} } ${extra} } }`,
    { input },
  );
  expect(res.errors).toBeUndefined();
  return res.data.syllabus;
}

/** The distinct concepts of a plan in teaching order. */
const taughtOrder = (plan: any): string[] => [
  ...new Set<string>(plan.modules.flatMap((m: any) => m.concepts.map((c: any) => c.concept.id))),
];

describe('syllabus', () => {
  it('teaches the chosen chapters and every prerequisite they need, in a valid order, in weekly modules', async () => {
    const chapters = ['chapter:model-optimizations', 'chapter:ai-acceleration'];
    const s = await syllabus({ chapters, weeks: 30, hoursPerWeek: 8 });
    const order = taughtOrder(s.plan);
    const material = chapters.flatMap(inChapter);
    expect(new Set(order)).toEqual(closure(material));
    const at = new Map(order.map((id, i) => [id, i]));
    for (const id of order) for (const p of graph.requires.get(id)!.keys()) expect(at.get(p)).toBeLessThan(at.get(id)!);
    for (const m of s.plan.modules) expect(m.hours).toBeLessThanOrEqual(8);
    expect(s.plan.modules.map((m: any) => m.number)).toEqual(s.plan.modules.map((_: unknown, i: number) => i + 1));
    expect(s.plan.totalHours).toBeCloseTo(order.reduce((sum, id) => sum + graph.hours.get(id)!, 0));
    expect(s.plan.conceptCount).toBe(order.length);
    expect(s.plan.weeksNeeded).toBe(s.plan.modules.length);
    expect(s.plan.fits).toBe(s.plan.modules.length <= 30);
    for (const m of s.plan.modules)
      expect(new Set(m.chapters.map((c: any) => c.id))).toEqual(
        new Set(m.concepts.map((c: any) => graph.chapterOf.get(c.concept.id))),
      );
  });

  it('leaves out what is assumed known and its prerequisites, and marks the targets', async () => {
    const assumeKnown = ['chapter:introduction', 'chapter:deep-learning', 'concept:quantization'];
    const target = 'concept:knowledge-distillation';
    const s = await syllabus({
      chapters: ['chapter:model-optimizations'],
      concepts: [target],
      assumeKnown,
      weeks: 20,
      hoursPerWeek: 6,
    });
    const known = closure([
      ...inChapter('chapter:introduction'),
      ...inChapter('chapter:deep-learning'),
      'concept:quantization',
    ]);
    const material = new Set([...inChapter('chapter:model-optimizations'), target]);
    const expected = [...closure(material)].filter((id) => material.has(id) || !known.has(id));
    const order = taughtOrder(s.plan);
    expect(new Set(order)).toEqual(new Set(expected));
    expect(order).toContain('concept:quantization'); // chosen with its chapter: an explicit choice wins
    expect(s.targets.map((t: any) => t.id)).toEqual([target]);
    const flagged = s.plan.modules.flatMap((m: any) =>
      m.concepts.filter((c: any) => c.target).map((c: any) => c.concept.id),
    );
    expect(new Set(flagged)).toEqual(new Set([target]));
    for (const id of order)
      for (const p of graph.requires.get(id)!.keys()) expect(order.includes(p) || known.has(p)).toBe(true);
  });

  it('reports coverage by the documented rules, derived from the graph', async () => {
    const s = await syllabus({
      chapters: ['chapter:ml-operations'],
      assumeKnown: ['chapter:introduction'],
      weeks: 12,
      hoursPerWeek: 10,
    });
    const taught = new Set(taughtOrder(s.plan));
    const known = closure(inChapter('chapter:introduction'));
    for (const id of taught) known.delete(id);
    const cov = s.plan.coverage;
    const covered = graph.objectives.filter((o) => reached(o.concepts, taught, known)).map((o) => o.id);
    expect(cov.objectives.covered.map((o: any) => o.id).sort()).toEqual(covered.sort());
    expect(cov.objectives.total).toBe(graph.objectives.length);
    expect(cov.objectives.coveredCount + cov.objectives.partial.length + cov.objectives.leftOut.length).toBe(
      graph.objectives.length,
    );
    for (const p of cov.objectives.partial) {
      const o = graph.objectives.find((x) => x.id === p.objective.id)!;
      expect(p.missing.map((m: any) => m.id).sort()).toEqual(
        o.concepts.filter((c) => !taught.has(c) && !known.has(c)).sort(),
      );
    }
    expect(cov.tradeOffs.covered.map((t: any) => t.id).sort()).toEqual(
      graph.tradeOffs
        .filter((t) => reached(t.balances, taught, known))
        .map((t) => t.id)
        .sort(),
    );
    const usable = graph.questions.filter((q) => reached(q.concepts, taught, known));
    expect(cov.questions.usable.map((q: any) => q.id).sort()).toEqual(usable.map((q) => q.id).sort());
    expect(cov.questions.withAnswersCount).toBe(usable.filter((q) => q.answer !== null).length);
    // Every usable question sits in exactly one module: the week its last concept is taught.
    expect(s.plan.modules.flatMap((m: any) => m.questions.map((q: any) => q.id)).sort()).toEqual(
      usable.map((q) => q.id).sort(),
    );
    expect(cov.conceptsTaught).toBe(taught.size);
    expect(cov.conceptsInCourse).toBe(graph.hours.size);
    expect(cov.parts.items.reduce((sum: number, p: any) => sum + p.conceptsTaught, 0)).toBe(taught.size);
    expect(cov.parts.coveredCount).toBe(cov.parts.items.filter((p: any) => p.conceptsTaught > 0).length);
    expect(cov.parts.coveredCount).toBeLessThan(cov.parts.total); // one chapter's closure leaves some part untouched
  });

  it('has no compression when the plan fits', async () => {
    const s = await syllabus(
      { chapters: ['chapter:introduction'], weeks: 52, hoursPerWeek: 40 },
      'compression { rule }',
    );
    expect(s.plan.fits).toBe(true);
    expect(s.compression).toBeNull();
  });
});

describe('compression', () => {
  it('assumes pulled-in prerequisites first, then drops breadth, then chosen concepts, never a target', async () => {
    const targets = ['concept:quantization', 'concept:pruning'];
    // One week: room for the two targets and little else, so every phase has to run.
    const weeks = 1;
    const hoursPerWeek = targets.reduce((sum, t) => sum + graph.hours.get(t)!, 0);
    const chapter = 'chapter:model-optimizations';
    const s = await syllabus(
      { chapters: [chapter], concepts: targets, weeks, hoursPerWeek },
      `compression { rule assumedKnown { concept { id } hours neededBy { id } }
         dropped { concept { id } hours phase neededBy { id } } losses { concept { id } missing { reason concept { id } } }
         objectivesLost { objective { id } because { id } } questionsLost { question { id } because { id } }
         plan { ${PLAN} ${COVERAGE} } }`,
    );
    expect(s.plan.fits).toBe(false);
    const c = s.compression;
    expect(c.rule).toMatch(/assumed knowledge/);
    const full = taughtOrder(s.plan);
    const kept = taughtOrder(c.plan);
    const assumed = c.assumedKnown.map((a: any) => a.concept.id);
    const dropped = c.dropped.map((d: any) => d.concept.id);
    const chosen = new Set([...inChapter(chapter), ...targets]);
    // Pulled-in prerequisites are assumed (all of them, since the term is this short), chosen concepts dropped.
    expect(new Set(assumed)).toEqual(new Set(full.filter((id) => !chosen.has(id))));
    for (const d of dropped) expect(chosen.has(d)).toBe(true);
    expect(kept).toEqual(full.filter((id) => !dropped.includes(id) && !assumed.includes(id)));
    for (const t of targets) expect(kept).toContain(t);
    // Breadth first: a concept the targets need is dropped only after every one they do not need.
    const needed = closure(targets);
    const phases = c.dropped.map((d: any) => d.phase);
    expect(phases).toEqual([...phases].sort());
    for (const d of c.dropped) expect(d.phase).toBe(needed.has(d.concept.id) ? 'CHOSEN' : 'BREADTH');
    expect(phases).toContain('CHOSEN');
    expect(c.plan.weeksNeeded <= weeks).toBe(c.plan.fits);
    for (const d of c.dropped) expect(d.hours).toBe(graph.hours.get(d.concept.id));
    // Losses: exactly the kept concepts with a dropped direct prerequisite, each with the edge's reason.
    const losses = kept.filter((id) => [...graph.requires.get(id)!.keys()].some((p) => dropped.includes(p)));
    expect(c.losses.map((l: any) => l.concept.id)).toEqual(losses);
    expect(losses.length).toBeGreaterThan(0);
    for (const l of c.losses)
      for (const m of l.missing) expect(m.reason).toBe(graph.requires.get(l.concept.id)!.get(m.concept.id));
    for (const d of [...c.dropped, ...c.assumedKnown])
      expect(d.neededBy.map((n: any) => n.id).sort()).toEqual(
        kept.filter((id) => graph.requires.get(id)!.has(d.concept.id)).sort(),
      );
    // Coverage lost is listed item by item, with the left-out concepts it names.
    const fullCovered = s.plan.coverage.objectives.covered.map((o: any) => o.id);
    const nowCovered = new Set(c.plan.coverage.objectives.covered.map((o: any) => o.id));
    expect(c.objectivesLost.map((o: any) => o.objective.id).sort()).toEqual(
      fullCovered.filter((id: string) => !nowCovered.has(id)).sort(),
    );
    for (const l of [...c.objectivesLost, ...c.questionsLost])
      for (const b of l.because) expect(dropped.includes(b.id) || assumed.includes(b.id)).toBe(true);
    expect(c.plan.coverage.conceptsTaught).toBe(kept.length);
  });

  it('keeps the targets and says it does not fit when the targets alone exceed the term', async () => {
    // The longest concept that has prerequisites: alone it needs more than one week of half an hour.
    const target = [...graph.hours]
      .filter(([id]) => graph.requires.get(id)!.size > 0)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
    expect(graph.hours.get(target)).toBeGreaterThan(0.5);
    const s = await syllabus(
      { concepts: [target], weeks: 1, hoursPerWeek: 0.5 },
      'compression { assumedKnown { concept { id } } dropped { concept { id } } plan { fits modules { concepts { concept { id } } } } }',
    );
    expect(s.compression.plan.fits).toBe(false);
    const kept = taughtOrder(s.compression.plan);
    expect(kept).toEqual([target]);
    // Its prerequisites were all pulled in: they are assumed known, none is dropped.
    expect(s.compression.assumedKnown.length).toBe(closure([target]).size - 1);
    expect(s.compression.dropped).toEqual([]);
  });
});

describe('syllabusCheck', () => {
  const CHECK = `valid rule issues { kind concept { id } unit prerequisite { id } prerequisiteUnit reason }
    fixes { action prerequisite { id } unit added { id } moved { id } moves { concept { id } from to } options explanation }
    fixedUnits { index name hours conceptCount concepts { id } } assumed { id } capacity capacityGiven coverage { conceptsTaught }`;
  const check = async (units: { name?: string; concepts: string[] }[], assumeKnown: string[] = []) => {
    const res: any = await gql(
      server,
      `query($input: SyllabusCheckInput!) { syllabusCheck(input: $input) { ${CHECK} } }`,
      { input: { units, assumeKnown } },
    );
    expect(res.errors).toBeUndefined();
    return res.data.syllabusCheck;
  };

  it('accepts a syllabus built by syllabus, then finds a planted late prerequisite and a planted missing one', async () => {
    const s = await syllabus({ chapters: ['chapter:ai-training'], weeks: 20, hoursPerWeek: 6 });
    const units: string[][] = s.plan.modules.map((m: any) => [
      ...new Set<string>(m.concepts.map((c: any) => c.concept.id)),
    ]);
    // A concept split across weeks appears in several modules: keep it in its first.
    const seen = new Set<string>();
    const clean = units.map((u) => u.filter((id) => !seen.has(id) && (seen.add(id), true)));
    const ok = await check(clean.map((concepts, i) => ({ name: `Week ${i + 1}`, concepts })));
    expect(ok.valid).toBe(true);
    expect(ok.issues).toEqual([]);
    expect(ok.coverage.conceptsTaught).toBe(seen.size);

    // Plant: a prerequisite taught in a new last unit, after the unit of a concept that needs it; another one removed.
    const order = clean.flat();
    const dependent = order.find((id) => graph.requires.get(id)!.size >= 2)!;
    const [late, missing] = [...graph.requires.get(dependent)!.keys()];
    const planted = clean.map((u) => u.filter((id) => id !== late && id !== missing)).filter((u) => u.length);
    planted.push([late!]);
    const res = await check(planted.map((concepts) => ({ concepts })));
    expect(res.valid).toBe(false);
    const depUnit = planted.findIndex((u) => u.includes(dependent));
    expect(res.issues).toContainEqual({
      kind: 'TAUGHT_LATE',
      concept: { id: dependent },
      unit: depUnit,
      prerequisite: { id: late },
      prerequisiteUnit: planted.length - 1,
      reason: graph.requires.get(dependent)!.get(late!),
    });
    expect(res.issues).toContainEqual({
      kind: 'NOT_TAUGHT',
      concept: { id: dependent },
      unit: depUnit,
      prerequisite: { id: missing },
      prerequisiteUnit: null,
      reason: graph.requires.get(dependent)!.get(missing!),
    });
    // Every issue is a real edge of the graph, in the direction the kind says.
    const unitOf = new Map(planted.flatMap((u, i) => u.map((id) => [id, i] as const)));
    for (const i of res.issues) {
      expect(graph.requires.get(i.concept.id)!.get(i.prerequisite.id)).toBe(i.reason);
      if (i.kind === 'TAUGHT_LATE') expect(unitOf.get(i.prerequisite.id)!).toBeGreaterThan(unitOf.get(i.concept.id)!);
      else expect(unitOf.has(i.prerequisite.id)).toBe(false);
    }
    expect(res.fixes.length).toBeGreaterThan(0);
    for (const f of res.fixes) expect(f.explanation.length).toBeGreaterThan(10);
    // The missing prerequisite is either added to a unit or proposed as assumed knowledge, with both options named.
    const fixOfMissing = res.fixes.find((f: any) => f.prerequisite.id === missing)!;
    expect(['ADD_PREREQUISITE', 'ASSUME_KNOWN']).toContain(fixOfMissing.action);
    expect(fixOfMissing.options).toContain('ASSUME_KNOWN');
    // No unit that receives concepts grows beyond the largest unit given.
    const hoursOf = (ids: string[]) => ids.reduce((sum, id) => sum + graph.hours.get(id)!, 0);
    expect(res.capacity).toBeCloseTo(Math.max(...planted.map(hoursOf)));
    res.fixedUnits.forEach((u: any, i: number) =>
      expect(u.hours).toBeLessThanOrEqual(Math.max(res.capacity, hoursOf(planted[i] ?? [])) + 1e-9),
    );
    // The fixed units pass the check, with what the fixes propose to assume.
    const fixed = await check(
      res.fixedUnits.map((u: any) => ({ concepts: u.concepts.map((c: any) => c.id) })),
      res.assumed.map((a: any) => a.id),
    );
    expect(fixed.valid).toBe(true);
  });

  it('does not report prerequisites the students are assumed to know', async () => {
    const target = 'concept:quantization';
    const direct = [...graph.requires.get(target)!.keys()];
    const bare = await check([{ concepts: [target] }]);
    expect(bare.issues.map((i: any) => i.prerequisite.id).sort()).toEqual(direct.sort());
    const res = await check([{ concepts: [target] }], direct);
    expect(res.valid).toBe(true);
  });
});

describe('questionBank', () => {
  it('returns the questions of a chapter and of concepts, with the answers the data has', async () => {
    const chapter = graph.questions.find((q) => q.answer !== null)!.chapter;
    const res: any = await gql(
      server,
      `query($ch: [ID!]) { questionBank(chapters: $ch) { totalCount withAnswersCount questions(first: 100) { inChapter question { id text answer } } } }`,
      { ch: [chapter] },
    );
    expect(res.errors).toBeUndefined();
    const expected = graph.questions.filter((q) => q.chapter === chapter);
    expect(res.data.questionBank.totalCount).toBe(expected.length);
    expect(res.data.questionBank.questions.map((q: any) => q.question.id).sort()).toEqual(
      expected.map((q) => q.id).sort(),
    );
    for (const q of res.data.questionBank.questions)
      expect(q.question.answer).toBe(expected.find((e) => e.id === q.question.id)!.answer);
    expect(res.data.questionBank.withAnswersCount).toBe(expected.filter((q) => q.answer !== null).length);

    // The concept the most questions check (every question has an answer now; onlyWithAnswers must still agree).
    const checks = new Map<string, number>();
    for (const q of graph.questions) for (const c of q.concepts) checks.set(c, (checks.get(c) ?? 0) + 1);
    const concept = [...checks].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
    const byConcept: any = await gql(
      server,
      `query($c: [ID!]) { questionBank(concepts: $c) { totalCount questions(first: 100) { matchedConcepts { id } question { id answer } } } withAnswers: questionBank(concepts: $c, onlyWithAnswers: true) { totalCount questions { question { answer } } } }`,
      { c: [concept] },
    );
    const checking = graph.questions.filter((q) => q.concepts.includes(concept));
    expect(byConcept.data.questionBank.totalCount).toBe(checking.length);
    for (const q of byConcept.data.questionBank.questions) expect(q.matchedConcepts).toEqual([{ id: concept }]);
    expect(byConcept.data.withAnswers.totalCount).toBe(checking.filter((q) => q.answer !== null).length);
    for (const q of byConcept.data.withAnswers.questions) expect(q.question.answer).toEqual(expect.any(String));
  });
});

describe('question bank exports', () => {
  it('QTI 2.1 and Moodle XML carry every matching question, validate and parse back with their answers', async () => {
    const chapter = graph.questions.find((q) => q.answer !== null)!.chapter;
    const res: any = await gql(
      server,
      `query($ch: [ID!]) { questionBank(chapters: $ch) { totalCount qtiPackage moodleXml } }`,
      { ch: [chapter] },
    );
    expect(res.errors).toBeUndefined();
    const bank = res.data.questionBank;
    const expected = graph.questions.filter((q) => q.chapter === chapter);
    expect(bank.totalCount).toBe(expected.length);
    const parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@',
      isArray: (n) => ['resource', 'question', 'tag', 'keyword'].includes(n),
    });

    const files = unzipSync(Buffer.from(bank.qtiPackage, 'base64'));
    const manifest = strFromU8(files['imsmanifest.xml']!);
    expect(await xsdErrors(manifest, 'imscp.xsd')).toEqual([]);
    const resources = parser.parse(manifest).manifest.resources.resource;
    expect(resources.length).toBe(expected.length);
    for (const r of resources) {
      const itemXml = strFromU8(files[r['@href']]!);
      expect(await xsdErrors(itemXml, 'imsqti_item.xsd')).toEqual([]);
      const item = parser.parse(itemXml).assessmentItem;
      const q = expected.find((e) => e.id === item['@identifier'])!;
      expect(item.responseDeclaration.correctResponse?.value ?? null).toBe(
        q.answer?.replace(/\s+/g, ' ').trim() ?? null,
      );
      const keywords = r.metadata['lom:lom']['lom:general']['lom:keyword'].map((k: any) => k['lom:string']['#text']);
      for (const c of q.concepts) expect(keywords).toContain(c);
    }

    const quiz = parser.parse(bank.moodleXml).quiz.question;
    const essays = quiz.filter((q: any) => q['@type'] === 'essay');
    expect(essays.map((e: any) => e.idnumber).sort()).toEqual(expected.map((q) => q.id).sort());
    for (const e of essays) {
      const q = expected.find((x) => x.id === e.idnumber)!;
      if (q.answer) expect(e.graderinfo.text).toContain(q.answer.replace(/\s+/g, ' ').trim().slice(0, 20));
      for (const c of q.concepts) expect(e.tags.tag.map((t: any) => t.text)).toContain(c);
    }
  });
});

describe('exports', () => {
  it('CASE JSON, Markdown and CSV each parse back and say what the plan says', async () => {
    const s = await syllabus(
      { title: 'Efficient ML', chapters: ['chapter:efficient-ai'], weeks: 10, hoursPerWeek: 8 },
      'plan { caseJson markdown csv }',
    );
    const order = taughtOrder(s.plan);
    const rowsPerWeek = s.plan.modules.reduce((sum: number, m: any) => sum + m.concepts.length, 0);

    const pkg = JSON.parse(s.plan.caseJson);
    expect(caseErrors('package', pkg)).toBeNull();
    expect(pkg.CFDocument.title).toBe('Efficient ML');
    const items = new Map(pkg.CFItems.map((i: any) => [i.identifier, i]));
    const concepts = pkg.CFItems.filter((i: any) => i.CFItemType === 'Concept').map((i: any) => i.humanCodingScheme);
    expect(new Set(concepts)).toEqual(new Set(order));
    expect(pkg.CFItems.filter((i: any) => i.CFItemType === 'Module').length).toBe(s.plan.modules.length);
    const edges = order.flatMap((id) =>
      [...graph.requires.get(id)!].filter(([p]) => order.includes(p)).map(([p, reason]) => `${p}>${id}:${reason}`),
    );
    // Each prerequisite edge twice: `precedes` (order, for any consumer) and the extension type.
    for (const type of ['precedes', 'ext:isPrerequisiteOf']) {
      const pairs = pkg.CFAssociations.filter(
        (a: any) =>
          a.associationType === type && (items.get(a.originNodeURI.identifier) as any)?.CFItemType === 'Concept',
      );
      expect(
        pairs
          .map(
            (a: any) =>
              `${(items.get(a.originNodeURI.identifier) as any).humanCodingScheme}>${(items.get(a.destinationNodeURI.identifier) as any).humanCodingScheme}:${a.notes}`,
          )
          .sort(),
      ).toEqual(edges.sort());
    }
    expect(pkg.CFAssociations.filter((a: any) => a.associationType === 'isChildOf').length).toBe(
      s.plan.modules.length +
        rowsPerWeek +
        s.plan.modules.reduce((sum: number, m: any) => sum + m.objectives.length, 0),
    );

    const tokens = marked.lexer(s.plan.markdown);
    const headings = tokens.filter((t): t is Tokens.Heading => t.type === 'heading');
    expect(headings[0]).toMatchObject({ depth: 1, text: 'Efficient ML' });
    expect(headings.filter((h) => h.depth === 2).length).toBe(s.plan.modules.length);
    const listed = tokens
      .filter((t): t is Tokens.List => t.type === 'list')
      .flatMap((l) => l.items.map((i) => i.text))
      .join('\n');
    for (const id of order) expect(listed).toContain(`\`${id}\``);

    expect(s.plan.csv.endsWith('\r\n')).toBe(true);
    expect(s.plan.csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const rows = parseCsv(s.plan.csv, { columns: true }) as Record<string, string>[];
    expect(rows.length).toBe(rowsPerWeek);
    expect(rows.reduce((sum, r) => sum + Number(r.hours), 0)).toBeCloseTo(s.plan.totalHours);
    expect([...new Set(rows.map((r) => r.concept_id))]).toEqual(order);

    // Deterministic: the same request exports the same text.
    const again = await syllabus(
      { title: 'Efficient ML', chapters: ['chapter:efficient-ai'], weeks: 10, hoursPerWeek: 8 },
      'plan { caseJson markdown csv }',
    );
    expect(again.plan.caseJson).toBe(s.plan.caseJson);
    expect(again.plan.markdown).toBe(s.plan.markdown);
  });
});

describe('README', () => {
  it('the Efficient ML compression keeps the heart of the chosen chapter and assumes pulled-in prerequisites', async () => {
    const [example] = readmeExamples('Curriculum tools').filter((q) => q.includes('compression {'));
    const res: any = await gql(server, example!);
    expect(res.errors).toBeUndefined();
    const c = res.data.syllabus.compression;
    const kept = new Set<string>(c.plan.modules.flatMap((m: any) => m.concepts.map((x: any) => x.concept.id)));
    expect(c.plan.fits).toBe(true);
    for (const id of ['concept:quantization', 'concept:knowledge-distillation', 'concept:roofline-model'])
      expect(kept.has(id)).toBe(true);
    // The AI-workflow prerequisites the chapter pulls in are proposed as assumed knowledge, not taught.
    const assumed = c.assumedKnown.map((a: any) => a.concept.id);
    for (const id of ['concept:problem-definition', 'concept:success-criteria']) {
      expect(assumed).toContain(id);
      expect(kept.has(id)).toBe(false);
    }
    expect(c.dropped.filter((d: any) => d.phase === 'CHOSEN')).toEqual([]);
  });

  it("the syllabusCheck example keeps both units within the largest unit's hours and passes once fixed", async () => {
    const [example] = readmeExamples('Curriculum tools').filter((q) => q.includes('syllabusCheck'));
    const res: any = await gql(server, example!);
    expect(res.errors).toBeUndefined();
    const check = res.data.syllabusCheck;
    const input = [['concept:quantization', 'concept:pruning'], ['concept:model-compression']];
    const hours = (ids: string[]) => ids.reduce((sum, id) => sum + graph.hours.get(id)!, 0);
    expect(check.capacity).toBe(Math.max(...input.map(hours)));
    expect(check.fixedUnits.length).toBe(2);
    for (const u of check.fixedUnits) {
      expect(u.conceptCount).toBeGreaterThan(0);
      expect(u.hours).toBeLessThanOrEqual(check.capacity);
      expect(u.hours).toBeCloseTo(hours(u.concepts.map((c: any) => c.id)));
    }
    const missing = check.issues.filter((i: any) => i.kind === 'NOT_TAUGHT').map((i: any) => i.prerequisite.id);
    expect(check.fixes.some((f: any) => f.action === 'ASSUME_KNOWN')).toBe(true);
    for (const f of check.fixes.filter((x: any) => x.action === 'ASSUME_KNOWN')) {
      expect(f.unit).toBeNull();
      expect(f.options).toContain('ASSUME_KNOWN');
    }
    expect(check.assumed.length).toBeGreaterThan(0);
    for (const a of check.assumed) expect(missing).toContain(a.id);
    const again: any = await gql(
      server,
      `query($input: SyllabusCheckInput!) { syllabusCheck(input: $input) { valid } }`,
      {
        input: {
          units: check.fixedUnits.map((u: any) => ({ concepts: u.concepts.map((c: any) => c.id) })),
          assumeKnown: check.assumed.map((a: any) => a.id),
        },
      },
    );
    expect(again.data.syllabusCheck.valid).toBe(true);
  });

  it('every example of the "Curriculum tools" section runs without errors', async () => {
    const examples = readmeExamples('Curriculum tools');
    expect(examples.length).toBeGreaterThanOrEqual(4);
    for (const query of examples) {
      // Mutations (saving a syllabus) need a key; queries do not.
      const res = query.trimStart().startsWith('mutation')
        ? await fetch(`${server.url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${EDUCATOR_KEY}` },
            body: JSON.stringify({ query }),
          }).then((r) => r.json() as Promise<{ data?: Record<string, unknown>; errors?: unknown[] }>)
        : await gql(server, query);
      expect({ query, errors: res.errors }).toEqual({ query, errors: undefined });
      expect(Object.values(res.data!).every((v) => v !== null)).toBe(true);
    }
  });
});

describe('curriculum reads and bad input', () => {
  it('reads the course in one statement, whatever the plan size', async () => {
    const before = server.db.statements;
    await syllabus(
      { chapters: ['chapter:generative-ai'], weeks: 4, hoursPerWeek: 5 },
      'compression { dropped { concept { id } } }',
    );
    // One course read, plus the batched node loads of the selected nodes (concepts, chapters, objectives, ...).
    expect(server.db.statements - before).toBeLessThanOrEqual(3);
  });

  const bad = [
    [
      'unknown concept',
      `{ syllabus(input: {concepts: ["concept:nope"], weeks: 4, hoursPerWeek: 5}) { title } }`,
      /Unknown concept id in "concepts": "concept:nope"/,
    ],
    [
      'unknown chapter',
      `{ syllabus(input: {chapters: ["chapter:nope"], weeks: 4, hoursPerWeek: 5}) { title } }`,
      /Unknown chapter id in "chapters"/,
    ],
    [
      'concept given as a chapter',
      `{ syllabus(input: {chapters: ["concept:quantization"], weeks: 4, hoursPerWeek: 5}) { title } }`,
      /Unknown chapter id/,
    ],
    ['nothing chosen', `{ syllabus(input: {weeks: 4, hoursPerWeek: 5}) { title } }`, /at least one chapter or concept/],
    [
      'weeks out of range',
      `{ syllabus(input: {chapters: ["chapter:introduction"], weeks: 0, hoursPerWeek: 5}) { title } }`,
      /"weeks" must be/,
    ],
    [
      'hours out of range',
      `{ syllabus(input: {chapters: ["chapter:introduction"], weeks: 4, hoursPerWeek: 0}) { title } }`,
      /"hoursPerWeek" must be/,
    ],
    [
      'taught and known',
      `{ syllabus(input: {chapters: ["chapter:introduction"], assumeKnown: ["chapter:introduction"], weeks: 4, hoursPerWeek: 5}) { title } }`,
      /both taught and assumed known/,
    ],
    ['no units', `{ syllabusCheck(input: {units: []}) { valid } }`, /"units" takes 1 to 52/],
    [
      'a concept twice',
      `{ syllabusCheck(input: {units: [{concepts: ["concept:quantization"]}, {concepts: ["concept:quantization"]}]}) { valid } }`,
      /one unit only/,
    ],
    [
      'unknown unit concept',
      `{ syllabusCheck(input: {units: [{concepts: ["concept:nope"]}]}) { valid } }`,
      /Unknown concept id in "units"/,
    ],
    ['empty question bank', `{ questionBank { totalCount } }`, /at least one concept or chapter/],
    [
      'unit hours below the longest concept',
      `{ syllabusCheck(input: {units: [{concepts: ["concept:quantization"]}], unitHours: 0.5}) { valid } }`,
      /"unitHours" must be from/,
    ],
    [
      'unit hours above 80',
      `{ syllabusCheck(input: {units: [{concepts: ["concept:quantization"]}], unitHours: 81}) { valid } }`,
      /"unitHours" must be from/,
    ],
    ['a malformed syllabus id', `{ savedSyllabus(id: "nope") { id } }`, /"id" is a saved syllabus id/],
    [
      'a saved-syllabus page out of range',
      `{ savedSyllabi(first: 101) { totalCount } }`,
      /"first" must be between 1 and 100/,
    ],
    ['a negative saved-syllabus offset', `{ savedSyllabi(offset: -1) { totalCount } }`, /"offset" must be/],
    [
      'question page out of range',
      `{ questionBank(chapters: ["chapter:introduction"]) { questions(first: 0) { inChapter } } }`,
      /"first" must be between 1 and 100/,
    ],
  ] as const;
  for (const [name, query, message] of bad) {
    it(`refuses ${name} with BAD_USER_INPUT`, async () => {
      const res = await gql(server, query);
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors![0]!.message).toMatch(message);
      expect(res.errors![0]!.extensions!.argumentName).toEqual(expect.any(String));
    });
  }

  it('refuses lists over their bound', async () => {
    const ids = Array.from({ length: 301 }, (_, i) => `concept:x${i}`);
    const res = await gql(
      server,
      `query($ids: [ID!]) { syllabus(input: {concepts: $ids, weeks: 4, hoursPerWeek: 5}) { title } }`,
      { ids },
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.message).toMatch(/at most 300 entries; got 301/);
    const units = Array.from({ length: 53 }, () => ({ concepts: [] }));
    const check = await gql(
      server,
      `query($units: [SyllabusUnitInput!]!) { syllabusCheck(input: {units: $units}) { valid } }`,
      { units },
    );
    expect(check.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
