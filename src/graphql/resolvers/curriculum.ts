import crypto from 'node:crypto';
import { CHECK_RULE, checkSyllabus, explainFix, unitHours } from '../../curriculum/check.js';
import { compress, COMPRESSION_RULE, type CoverageLoss } from '../../curriculum/compress.js';
import { CourseIndex } from '../../curriculum/course.js';
import { coverage, type Coverage, type GroupCoverage } from '../../curriculum/coverage.js';
import { toPackage } from '../../curriculum/case-model.js';
import { type PlanDocument, planFramework, toCase } from '../../curriculum/export-case.js';
import { loadPlan, storePlan } from '../../curriculum/saved.js';
import {
  countOwned,
  createSyllabus,
  listSyllabi,
  readSyllabi,
  type SavedSyllabusRow,
  updateSyllabus,
} from '../../db/syllabi.js';
import { toMoodleXml, toQtiPackage } from '../../curriculum/export-questions.js';
import { toCsv, toMarkdown } from '../../curriculum/export-text.js';
import { questionBank } from '../../curriculum/questions.js';
import { expand, select } from '../../curriculum/selection.js';
import { buildPlan, type Plan, teachingOrder } from '../../curriculum/syllabus.js';
import { readCourse } from '../../db/curriculum.js';
import { requireScope, type Context } from '../context.js';
import { badInput, boundedList } from '../errors.js';
import { toGraph } from './node.js';
import { INPUT_BOUNDS as B } from '../../bounds.js';

const MAX_CONCEPTS = B.syllabusConcepts.max;
const MAX_CHAPTERS = B.syllabusChapters.max;
const MAX_UNITS = B.units.max;
const MAX_UNIT_CONCEPTS = B.unitConcepts.max;
const MAX_TEXT = B.syllabusText.max;
const MAX_QUESTIONS = B.bankQuestions.max;
const MAX_SAVED_PER_OWNER = B.savedSyllabiPerKey.max;
const BANK_TITLE = 'MLSysBook review questions';
const MAX_SAVED_PAGE = B.savedSyllabiPage.max;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Who may save syllabi: the owner of a valid API key. The one place that decides it. */
function syllabusOwner(ctx: Context): string {
  return requireScope(ctx, 'curate', 'Saving a syllabus');
}

function uuidArg(value: string, arg: string): string {
  if (!UUID.test(value))
    throw badInput(`"${arg}" is a saved syllabus id, a lower-case UUID; got "${value.slice(0, 60)}"`, arg);
  return value;
}

/** The course is read once per request, however many curriculum fields the operation asks for. */
const courses = new WeakMap<Context, Promise<CourseIndex>>();
function courseOf(ctx: Context): Promise<CourseIndex> {
  let course = courses.get(ctx);
  if (!course) {
    course = readCourse(ctx.db).then((c) => new CourseIndex(c));
    courses.set(ctx, course);
  }
  return course;
}

// Node fields are thunks: graphql-js calls a function-valued property, so a node is loaded only when selected, and
// the request's DataLoader batches all of them into one statement.
const node = (ctx: Context, id: string) => () => ctx.loaders.node.load(id).then(toGraph);
const nodes = (ctx: Context, ids: string[]) => () =>
  Promise.all(ids.map((id) => ctx.loaders.node.load(id).then(toGraph)));

// ---- input checks: every list bounded, every id known, each message naming the argument ----

function known(index: CourseIndex, ids: string[], arg: string, kinds: ('concept' | 'chapter')[]): string[] {
  const ok = (id: string) =>
    (kinds.includes('concept') && index.concept.has(id)) || (kinds.includes('chapter') && index.chapter.has(id));
  const unknown = ids.filter((id) => !ok(id));
  if (unknown.length) {
    const what = kinds
      .map((k) => `${k} ids look like "${k === 'concept' ? 'concept:quantization' : 'chapter:ai-training'}"`)
      .join(' and ');
    throw badInput(
      `Unknown ${kinds.join(' or ')} id${unknown.length > 1 ? 's' : ''} in "${arg}": ${unknown.map((id) => `"${id}"`).join(', ')}; ${what}`,
      arg,
    );
  }
  return ids;
}

function text(value: string | null | undefined, arg: string, fallback: string): string {
  const t = (value ?? fallback).trim();
  if (t.length > MAX_TEXT) throw badInput(`"${arg}" is at most ${MAX_TEXT} characters; got ${t.length}`, arg);
  return t || fallback;
}

// ---- views: pure results turned into what the GraphQL types read ----

function structureView(ctx: Context, groups: GroupCoverage[]) {
  return {
    coveredCount: groups.filter((g) => g.conceptsTaught > 0).length,
    total: groups.length,
    items: groups.map((g) => ({ ...g, node: node(ctx, g.id), covered: g.conceptsTaught > 0 })),
  };
}

function coverageView(ctx: Context, c: Coverage) {
  return {
    conceptsTaught: c.conceptsTaught,
    conceptsAssumedKnown: c.conceptsKnown,
    conceptsInCourse: c.conceptsTotal,
    hoursTaught: c.hoursTaught,
    hoursInCourse: c.hoursTotal,
    objectives: {
      coveredCount: c.objectives.covered.length,
      total: c.objectives.total,
      covered: nodes(ctx, c.objectives.covered),
      partial: c.objectives.partial.map((p) => ({ objective: node(ctx, p.id), missing: nodes(ctx, p.missing) })),
      leftOut: nodes(ctx, c.objectives.leftOut),
    },
    questions: {
      usableCount: c.questions.usable.length,
      withAnswersCount: c.questions.withAnswers,
      total: c.questions.total,
      usable: nodes(ctx, c.questions.usable),
      leftOut: nodes(ctx, c.questions.leftOut),
    },
    tradeOffs: {
      coveredCount: c.tradeOffs.covered.length,
      total: c.tradeOffs.total,
      covered: nodes(ctx, c.tradeOffs.covered),
      leftOut: nodes(ctx, c.tradeOffs.leftOut),
    },
    parts: structureView(ctx, c.parts),
    pillars: structureView(ctx, c.pillars),
    chapters: structureView(ctx, c.chapters),
  };
}

function planView(ctx: Context, index: CourseIndex, plan: Plan, title: string, caseDoc?: PlanDocument) {
  return {
    modules: plan.modules.map((m) => ({
      number: m.number,
      hours: m.hours,
      chapters: nodes(ctx, m.chapters),
      concepts: m.items.map((i) => ({
        concept: node(ctx, i.concept),
        hours: i.hours,
        part: i.part?.n ?? 1,
        ofParts: i.part?.of ?? 1,
        target: i.target,
      })),
      objectives: nodes(ctx, m.objectives),
      questions: nodes(ctx, m.questions),
    })),
    conceptCount: plan.order.length,
    totalHours: plan.totalHours,
    weeksNeeded: plan.weeksNeeded,
    fits: plan.fits,
    coverage: () => coverageView(ctx, coverage(index, plan.order, plan.known)),
    caseJson: () =>
      JSON.stringify(caseDoc ? toPackage(planFramework(index, plan, caseDoc)) : toCase(index, plan, title), null, 2),
    markdown: () => toMarkdown(index, plan, title),
    csv: () => toCsv(index, plan),
  };
}

/** A syllabus input checked, then planned: the full plan and, when it does not fit, the compression. */
async function planned(ctx: Context, input: SyllabusArgs['input']) {
  const title = text(input.title, 'title', 'ML systems course plan');
  const { weeks, hoursPerWeek } = { weeks: B.syllabusWeeks, hoursPerWeek: B.hoursPerWeek };
  if (!Number.isInteger(input.weeks) || input.weeks < weeks.min || input.weeks > weeks.max)
    throw badInput(`"weeks" must be a whole number from ${weeks.min} to ${weeks.max}; got ${input.weeks}`, 'weeks');
  if (!(input.hoursPerWeek >= hoursPerWeek.min && input.hoursPerWeek <= hoursPerWeek.max))
    throw badInput(
      `"hoursPerWeek" must be from ${hoursPerWeek.min} to ${hoursPerWeek.max}; got ${input.hoursPerWeek}`,
      'hoursPerWeek',
    );
  const chapters = boundedList(input.chapters, MAX_CHAPTERS, 'chapters');
  const targets = boundedList(input.concepts, MAX_CONCEPTS, 'concepts');
  const assumed = boundedList(input.assumeKnown, MAX_CONCEPTS, 'assumeKnown');
  if (!chapters.length && !targets.length) throw badInput('Choose at least one chapter or concept to teach', 'input');
  const both = assumed.filter((id) => chapters.includes(id) || targets.includes(id));
  if (both.length)
    throw badInput(`${both.map((id) => `"${id}"`).join(', ')} cannot be both taught and assumed known`, 'assumeKnown');

  const index = await courseOf(ctx);
  known(index, chapters, 'chapters', ['chapter']);
  known(index, targets, 'concepts', ['concept']);
  known(index, assumed, 'assumeKnown', ['chapter', 'concept']);

  const sel = select(index, { chapters, concepts: targets, assumeKnown: assumed });
  const opts = { weeks: input.weeks, hoursPerWeek: input.hoursPerWeek, targets: sel.targets, known: sel.known };
  const order = teachingOrder(index, sel.taught);
  const chosen = [...new Set([...expand(index, chapters), ...sel.targets])];
  // A plan past MAX_PLAN_WEEKS throws PlanTooLongError, an InputError on hoursPerWeek.
  const plan = buildPlan(index, order, opts);
  const compression = plan.fits ? null : compress(index, order, { ...opts, chosen });
  return {
    title,
    index,
    sel,
    opts,
    plan,
    compression,
    input: {
      title,
      chapters,
      concepts: targets,
      assumeKnown: assumed,
      weeks: input.weeks,
      hoursPerWeek: input.hoursPerWeek,
    },
  };
}

interface SavedInput {
  title: string;
  chapters: string[];
  concepts: string[];
  assumeKnown: string[];
  weeks: number;
  hoursPerWeek: number;
  useCompression: boolean;
}

const iso = (t: string) => new Date(t).toISOString();

/** A saved syllabus as the GraphQL type reads it; its CASE exports carry the syllabus's own identifiers. */
function savedView(ctx: Context, index: CourseIndex, row: SavedSyllabusRow) {
  const input = JSON.parse(row.input) as SavedInput;
  const updatedAt = iso(row.updatedAt);
  return {
    id: row.id,
    owner: row.owner,
    title: row.title,
    version: row.version,
    createdAt: iso(row.createdAt),
    updatedAt,
    input,
    casePath: `/ims/case/v1p1/CFDocuments/${row.id}`,
    plan: planView(ctx, index, loadPlan(row.plan), row.title, {
      identifier: row.id,
      title: row.title,
      changedAt: updatedAt,
      adoptionStatus: 'Adopted',
    }),
  };
}

interface SaveArgs {
  input: { id?: string | null; syllabus: SyllabusArgs['input']; useCompression?: boolean | null };
}

interface SyllabusArgs {
  input: {
    title?: string | null;
    chapters?: string[] | null;
    concepts?: string[] | null;
    assumeKnown?: string[] | null;
    weeks: number;
    hoursPerWeek: number;
  };
}

interface CheckArgs {
  input: {
    units: { name?: string | null; concepts: string[] }[];
    assumeKnown?: string[] | null;
    unitHours?: number | null;
  };
}

interface BankArgs {
  concepts?: string[] | null;
  chapters?: string[] | null;
  onlyWithAnswers?: boolean | null;
}

export const curriculumResolvers = {
  Query: {
    syllabus: async (_: unknown, { input }: SyllabusArgs, ctx: Context) => {
      const { title, index, sel, plan, opts, compression: c } = await planned(ctx, input);
      const lost = (items: CoverageLoss[], key: 'objective' | 'question') =>
        items.map((l) => ({ [key]: node(ctx, l.id), because: nodes(ctx, l.because) }));
      return {
        title,
        weeks: input.weeks,
        hoursPerWeek: input.hoursPerWeek,
        targets: nodes(ctx, sel.targets),
        assumedKnownCount: sel.known.size,
        plan: planView(ctx, index, plan, title),
        compression: c && {
          rule: COMPRESSION_RULE,
          assumedKnown: c.assumed.map((a) => ({
            concept: node(ctx, a.concept),
            hours: a.hours,
            neededBy: nodes(ctx, a.neededBy),
          })),
          dropped: c.dropped.map((d) => ({
            concept: node(ctx, d.concept),
            hours: d.hours,
            phase: d.phase,
            neededBy: nodes(ctx, d.neededBy),
          })),
          losses: c.losses.map((l) => ({
            concept: node(ctx, l.concept),
            missing: l.missing.map((p) => ({
              concept: ctx.loaders.node.load(p).then(toGraph),
              reason: index.reasonOf(l.concept, p),
            })),
          })),
          objectivesLost: lost(c.objectivesLost, 'objective'),
          questionsLost: lost(c.questionsLost, 'question'),
          plan: planView(ctx, index, buildPlan(index, c.kept, { ...opts, known: c.known }), title),
        },
      };
    },

    syllabusCheck: async (_: unknown, { input }: CheckArgs, ctx: Context) => {
      const { units } = input;
      if (units.length < 1 || units.length > MAX_UNITS)
        throw badInput(`"units" takes 1 to ${MAX_UNITS} units; got ${units.length}`, 'units');
      const all: string[] = [];
      units.forEach((u, i) => {
        if (u.concepts.length > MAX_UNIT_CONCEPTS)
          throw badInput(
            `Unit ${i} has ${u.concepts.length} concepts; a unit takes at most ${MAX_UNIT_CONCEPTS}`,
            'units',
          );
        text(u.name, `units[${i}].name`, '');
        all.push(...u.concepts);
      });
      if (all.length > MAX_CONCEPTS)
        throw badInput(`"units" hold at most ${MAX_CONCEPTS} concepts in all; got ${all.length}`, 'units');
      const twice = [...new Set(all.filter((id, i) => all.indexOf(id) !== i))];
      if (twice.length)
        throw badInput(
          `Each concept goes in one unit only; listed more than once: ${twice.map((id) => `"${id}"`).join(', ')}`,
          'units',
        );
      const assumed = boundedList(input.assumeKnown, MAX_CONCEPTS, 'assumeKnown');

      const index = await courseOf(ctx);
      known(index, all, 'units', ['concept']);
      known(index, assumed, 'assumeKnown', ['chapter', 'concept']);

      const taught = new Set(all);
      const knownSet = index.prerequisiteClosure(expand(index, assumed));
      for (const id of taught) knownSet.delete(id);
      const least = Math.max(B.unitHours.min, ...all.map(index.hours));
      if (input.unitHours != null && !(input.unitHours >= least && input.unitHours <= B.unitHours.max))
        throw badInput(
          `"unitHours" must be from ${least} (the longest concept in the units) to ${B.unitHours.max}; got ${input.unitHours}`,
          'unitHours',
        );
      const result = checkSyllabus(
        index,
        units.map((u) => u.concepts),
        { known: knownSet, capacity: input.unitHours ?? null },
      );
      return {
        valid: result.issues.length === 0,
        rule: CHECK_RULE,
        capacity: result.capacity,
        capacityGiven: input.unitHours != null,
        issues: result.issues.map((i) => ({
          ...i,
          concept: node(ctx, i.concept),
          prerequisite: node(ctx, i.prerequisite),
        })),
        fixes: result.fixes.map((f) => ({
          ...f,
          prerequisite: node(ctx, f.prerequisite),
          added: nodes(
            ctx,
            f.moves.filter((m) => m.from === null).map((m) => m.concept),
          ),
          moved: nodes(
            ctx,
            f.moves.filter((m) => m.from !== null).map((m) => m.concept),
          ),
          moves: f.moves.map((m) => ({ ...m, concept: node(ctx, m.concept) })),
          explanation: explainFix(index, f),
        })),
        assumed: nodes(ctx, result.assumed),
        fixedUnits: result.fixedUnits.map((concepts, i) => ({
          index: i,
          name: units[i]?.name ?? null,
          hours: unitHours(index, concepts),
          conceptCount: concepts.length,
          concepts: nodes(ctx, concepts),
        })),
        coverage: () => coverageView(ctx, coverage(index, taught, knownSet)),
      };
    },

    savedSyllabus: async (_: unknown, { id }: { id: string }, ctx: Context) => {
      const [row] = await readSyllabi(ctx.db, [uuidArg(id, 'id')]);
      return row ? savedView(ctx, await courseOf(ctx), row) : null;
    },

    savedSyllabi: async (_: unknown, args: { first: number; offset: number; mine: boolean }, ctx: Context) => {
      if (!Number.isInteger(args.first) || args.first < 1 || args.first > MAX_SAVED_PAGE)
        throw badInput(`"first" must be between 1 and ${MAX_SAVED_PAGE}; got ${args.first}`, 'first');
      if (!Number.isInteger(args.offset) || args.offset < 0 || args.offset > 100_000)
        throw badInput(`"offset" must be a whole number from 0 to 100000; got ${args.offset}`, 'offset');
      const owner = args.mine ? syllabusOwner(ctx) : null;
      const page = await listSyllabi(ctx.db, { owner, skip: args.offset, limit: args.first });
      const index = await courseOf(ctx);
      return { totalCount: page.total, syllabi: page.syllabi.map((row) => savedView(ctx, index, row)) };
    },

    questionBank: async (_: unknown, args: BankArgs, ctx: Context) => {
      const concepts = boundedList(args.concepts, MAX_CONCEPTS, 'concepts');
      const chapters = boundedList(args.chapters, MAX_CHAPTERS, 'chapters');
      if (!concepts.length && !chapters.length) throw badInput('Ask for at least one concept or chapter', 'concepts');
      const index = await courseOf(ctx);
      known(index, concepts, 'concepts', ['concept']);
      known(index, chapters, 'chapters', ['chapter']);
      const entries = questionBank(index, { concepts, chapters, onlyWithAnswers: args.onlyWithAnswers ?? false });
      const questions = entries.map((e) => e.question);
      return {
        totalCount: entries.length,
        withAnswersCount: entries.filter((e) => e.question.answer !== null).length,
        qtiPackage: () => Buffer.from(toQtiPackage(questions, BANK_TITLE)).toString('base64'),
        moodleXml: () => toMoodleXml(index, questions, BANK_TITLE),
        questions: ({ first }: { first: number }) => {
          if (!Number.isInteger(first) || first < 1 || first > MAX_QUESTIONS)
            throw badInput(`"first" must be between 1 and ${MAX_QUESTIONS}; got ${first}`, 'first');
          return entries.slice(0, first).map((e) => ({
            question: node(ctx, e.question.id),
            matchedConcepts: nodes(ctx, e.matchedConcepts),
            inChapter: e.inChapter,
          }));
        },
      };
    },
  },
  Mutation: {
    saveSyllabus: async (_: unknown, { input }: SaveArgs, ctx: Context) => {
      const owner = syllabusOwner(ctx);
      const id = input.id == null ? null : uuidArg(input.id, 'id');
      const p = await planned(ctx, input.syllabus);
      const useCompression = input.useCompression ?? false;
      const plan =
        useCompression && p.compression
          ? buildPlan(p.index, p.compression.kept, { ...p.opts, known: p.compression.known })
          : p.plan;
      const row = {
        owner,
        title: p.title,
        input: JSON.stringify({ ...p.input, useCompression } satisfies SavedInput),
        plan: storePlan(plan),
      };
      let saved: SavedSyllabusRow | null;
      if (id) {
        saved = await updateSyllabus(ctx.db, { ...row, id });
        if (!saved)
          throw badInput(`No syllabus "${id}" is saved under this key; leave "id" out to save a new one`, 'id');
      } else {
        const owned = await countOwned(ctx.db, owner);
        if (owned >= MAX_SAVED_PER_OWNER)
          throw badInput(
            `A key saves at most ${MAX_SAVED_PER_OWNER} syllabi and this one has ${owned}; update one by its "id" instead`,
            'id',
          );
        saved = await createSyllabus(ctx.db, { ...row, id: crypto.randomUUID() });
      }
      return { syllabus: savedView(ctx, p.index, saved) };
    },
  },
};
