import { firstArg, uuidArg } from '../../arguments.js';
import { INPUT_BOUNDS as B } from '../../bounds.js';
import { requireScope } from '../../curation/auth.js';
import { addedBy, CHECK_RULE, explainFix, movedBy, unitHours } from '../../curriculum/check.js';
import { COMPRESSION_RULE, type CoverageLoss } from '../../curriculum/compress.js';
import type { CourseIndex } from '../../curriculum/course.js';
import { coverage, type Coverage, type GroupCoverage } from '../../curriculum/coverage.js';
import { toPackage } from '../../curriculum/case-model.js';
import { type PlanDocument, planFramework, toCase } from '../../curriculum/export-case.js';
import { toMoodleXml, toQtiPackage } from '../../curriculum/export-questions.js';
import { toCsv, toMarkdown } from '../../curriculum/export-text.js';
import {
  bankFor,
  bankRequest,
  checkRequest,
  checkUnits,
  planSyllabus,
  syllabusRequest,
  type BankInput,
  type CheckInput,
  type SyllabusInput,
  type SyllabusRequest,
} from '../../curriculum/requests.js';
import { loadPlan, savedDocument, storePlan } from '../../curriculum/saved.js';
import type { Plan } from '../../curriculum/syllabus.js';
import { listSyllabi, readSyllabi, saveSyllabus, type SavedSyllabusRow } from '../../db/syllabi.js';
import type { Context } from '../context.js';
import { badInput } from '../../errors.js';
import { toGraph } from './node.js';

const BANK_TITLE = 'MLSysBook review questions';

/** Who may save syllabi: the owner of a valid API key. The one place that decides it. */
const syllabusOwner = (ctx: Context) => requireScope(ctx.caller, 'curate', 'Saving a syllabus');
const syllabusId = (value: string, arg: string) => uuidArg(value, arg, 'a saved syllabus id');

// Node fields are thunks: graphql-js calls a function-valued property, so a node is loaded only when selected, and
// the request's DataLoader batches all of them into one statement.
const node = (ctx: Context, id: string) => () => ctx.loaders.node.load(id).then(toGraph);
const nodes = (ctx: Context, ids: string[]) => () =>
  Promise.all(ids.map((id) => ctx.loaders.node.load(id).then(toGraph)));

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

/** A syllabus input checked, then planned on the request's course. */
async function planned(ctx: Context, input: SyllabusInput) {
  const req = syllabusRequest(input);
  const index = await ctx.loaders.course();
  return { req, index, ...planSyllabus(index, req) };
}

const iso = (t: string) => new Date(t).toISOString();

/** A saved syllabus as the GraphQL type reads it; its CASE exports carry the syllabus's own identifiers. */
function savedView(ctx: Context, index: CourseIndex, row: SavedSyllabusRow) {
  return {
    id: row.id,
    owner: row.owner,
    title: row.title,
    version: row.version,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    input: JSON.parse(row.input) as SyllabusRequest & { useCompression: boolean },
    casePath: `/ims/case/v1p1/CFDocuments/${row.id}`,
    plan: planView(ctx, index, loadPlan(row.plan), row.title, savedDocument(row)),
  };
}

interface SaveArgs {
  input: { id?: string | null; syllabus: SyllabusInput; useCompression?: boolean | null };
}

export const curriculumResolvers = {
  Query: {
    syllabus: async (_: unknown, { input }: { input: SyllabusInput }, ctx: Context) => {
      const { req, index, sel, plan, compression: c, compressed } = await planned(ctx, input);
      const lost = (items: CoverageLoss[], key: 'objective' | 'question') =>
        items.map((l) => ({ [key]: node(ctx, l.id), because: nodes(ctx, l.because) }));
      return {
        title: req.title,
        weeks: input.weeks,
        hoursPerWeek: input.hoursPerWeek,
        targets: nodes(ctx, sel.targets),
        assumedKnownCount: sel.known.size,
        plan: planView(ctx, index, plan, req.title),
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
          plan: planView(ctx, index, compressed()!, req.title),
        },
      };
    },

    syllabusCheck: async (_: unknown, { input }: { input: CheckInput }, ctx: Context) => {
      const req = checkRequest(input);
      const index = await ctx.loaders.course();
      const { result, taught, known } = checkUnits(index, req, input.unitHours);
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
          added: nodes(ctx, addedBy(f)),
          moved: nodes(ctx, movedBy(f)),
          moves: f.moves.map((m) => ({ ...m, concept: node(ctx, m.concept) })),
          explanation: explainFix(index, f),
        })),
        assumed: nodes(ctx, result.assumed),
        fixedUnits: result.fixedUnits.map((concepts, i) => ({
          index: i,
          name: req.units[i]?.name ?? null,
          hours: unitHours(index, concepts),
          conceptCount: concepts.length,
          concepts: nodes(ctx, concepts),
        })),
        coverage: () => coverageView(ctx, coverage(index, taught, known)),
      };
    },

    savedSyllabus: async (_: unknown, { id }: { id: string }, ctx: Context) => {
      const [row] = await readSyllabi(ctx.db, [syllabusId(id, 'id')]);
      return row ? savedView(ctx, await ctx.loaders.course(), row) : null;
    },

    savedSyllabi: async (_: unknown, args: { first: number; offset: number; mine: boolean }, ctx: Context) => {
      firstArg(args.first, B.savedSyllabiPage.max);
      if (!Number.isInteger(args.offset) || args.offset < 0 || args.offset > 100_000)
        throw badInput(`"offset" must be a whole number from 0 to 100000; got ${args.offset}`, 'offset');
      const owner = args.mine ? syllabusOwner(ctx) : null;
      const page = await listSyllabi(ctx.db, { owner, skip: args.offset, limit: args.first });
      const index = await ctx.loaders.course();
      return { totalCount: page.total, syllabi: page.syllabi.map((row) => savedView(ctx, index, row)) };
    },

    questionBank: async (_: unknown, args: BankInput, ctx: Context) => {
      const req = bankRequest(args);
      const index = await ctx.loaders.course();
      const entries = bankFor(index, req);
      const questions = entries.map((e) => e.question);
      return {
        totalCount: entries.length,
        withAnswersCount: entries.filter((e) => e.question.answer !== null).length,
        qtiPackage: () => Buffer.from(toQtiPackage(questions, BANK_TITLE)).toString('base64'),
        moodleXml: () => toMoodleXml(index, questions, BANK_TITLE),
        questions: ({ first }: { first: number }) =>
          entries.slice(0, firstArg(first, B.bankQuestions.max)).map((e) => ({
            question: node(ctx, e.question.id),
            matchedConcepts: nodes(ctx, e.matchedConcepts),
            inChapter: e.inChapter,
          })),
      };
    },
  },
  Mutation: {
    saveSyllabus: async (_: unknown, { input }: SaveArgs, ctx: Context) => {
      const owner = syllabusOwner(ctx);
      const id = input.id == null ? null : syllabusId(input.id, 'id');
      const p = await planned(ctx, input.syllabus);
      const useCompression = input.useCompression ?? false;
      const plan = (useCompression && p.compressed()) || p.plan;
      const row = {
        owner,
        title: p.req.title,
        input: JSON.stringify({ ...p.req, useCompression }),
        plan: storePlan(plan),
      };
      const saved = await saveSyllabus(ctx.db, row, id, B.savedSyllabiPerKey.max);
      return { syllabus: savedView(ctx, p.index, saved) };
    },
  },
};
