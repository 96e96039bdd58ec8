import { boundedList } from '../arguments.js';
import { INPUT_BOUNDS as B } from '../bounds.js';
import { badInput } from '../errors.js';
import { checkSyllabus } from './check.js';
import { compress } from './compress.js';
import type { CourseIndex } from './course.js';
import { questionBank } from './questions.js';
import { expand, select } from './selection.js';
import { buildPlan, teachingOrder } from './syllabus.js';

/**
 * The curriculum tools' requests as clients send them, checked in two steps: their shape and bounds first (no read
 * needed), then their ids against the course, and planned. Every refusal names the argument (BAD_USER_INPUT).
 */

export interface SyllabusInput {
  title?: string | null;
  chapters?: string[] | null;
  concepts?: string[] | null;
  assumeKnown?: string[] | null;
  weeks: number;
  hoursPerWeek: number;
}

/** A syllabus input checked: what a saved syllabus stores as its input (with `useCompression`). */
export interface SyllabusRequest {
  title: string;
  chapters: string[];
  concepts: string[];
  assumeKnown: string[];
  weeks: number;
  hoursPerWeek: number;
}

export interface CheckInput {
  units: { name?: string | null; concepts: string[] }[];
  assumeKnown?: string[] | null;
  unitHours?: number | null;
}

export interface BankInput {
  concepts?: string[] | null;
  chapters?: string[] | null;
  onlyWithAnswers?: boolean | null;
}

const MAX_CONCEPTS = B.syllabusConcepts.max;
const MAX_CHAPTERS = B.syllabusChapters.max;
const quoted = (ids: string[]) => ids.map((id) => `"${id}"`).join(', ');

/** Refuses ids the course does not have, naming them and the argument. */
function known(index: CourseIndex, ids: string[], arg: string, kinds: ('concept' | 'chapter')[]): string[] {
  const ok = (id: string) =>
    (kinds.includes('concept') && index.concept.has(id)) || (kinds.includes('chapter') && index.chapter.has(id));
  const unknown = ids.filter((id) => !ok(id));
  if (unknown.length) {
    const what = kinds
      .map((k) => `${k} ids look like "${k === 'concept' ? 'concept:quantization' : 'chapter:ai-training'}"`)
      .join(' and ');
    throw badInput(
      `Unknown ${kinds.join(' or ')} id${unknown.length > 1 ? 's' : ''} in "${arg}": ${quoted(unknown)}; ${what}`,
      arg,
    );
  }
  return ids;
}

function text(value: string | null | undefined, arg: string, fallback: string): string {
  const t = (value ?? fallback).trim();
  const max = B.syllabusText.max;
  if (t.length > max) throw badInput(`"${arg}" is at most ${max} characters; got ${t.length}`, arg);
  return t || fallback;
}

export function syllabusRequest(input: SyllabusInput): SyllabusRequest {
  const title = text(input.title, 'title', 'ML systems course plan');
  const { syllabusWeeks: weeks, hoursPerWeek } = B;
  if (!Number.isInteger(input.weeks) || input.weeks < weeks.min || input.weeks > weeks.max)
    throw badInput(`"weeks" must be a whole number from ${weeks.min} to ${weeks.max}; got ${input.weeks}`, 'weeks');
  if (!(input.hoursPerWeek >= hoursPerWeek.min && input.hoursPerWeek <= hoursPerWeek.max))
    throw badInput(
      `"hoursPerWeek" must be from ${hoursPerWeek.min} to ${hoursPerWeek.max}; got ${input.hoursPerWeek}`,
      'hoursPerWeek',
    );
  const chapters = boundedList(input.chapters, MAX_CHAPTERS, 'chapters');
  const concepts = boundedList(input.concepts, MAX_CONCEPTS, 'concepts');
  const assumeKnown = boundedList(input.assumeKnown, MAX_CONCEPTS, 'assumeKnown');
  if (!chapters.length && !concepts.length) throw badInput('Choose at least one chapter or concept to teach', 'input');
  const both = assumeKnown.filter((id) => chapters.includes(id) || concepts.includes(id));
  if (both.length) throw badInput(`${quoted(both)} cannot be both taught and assumed known`, 'assumeKnown');
  return { title, chapters, concepts, assumeKnown, weeks: input.weeks, hoursPerWeek: input.hoursPerWeek };
}

/** A checked syllabus request planned: the full plan and, when it does not fit, the compression. */
export function planSyllabus(index: CourseIndex, req: SyllabusRequest) {
  known(index, req.chapters, 'chapters', ['chapter']);
  known(index, req.concepts, 'concepts', ['concept']);
  known(index, req.assumeKnown, 'assumeKnown', ['chapter', 'concept']);
  const sel = select(index, { chapters: req.chapters, concepts: req.concepts, assumeKnown: req.assumeKnown });
  const opts = { weeks: req.weeks, hoursPerWeek: req.hoursPerWeek, targets: sel.targets, known: sel.known };
  const order = teachingOrder(index, sel.taught);
  const chosen = [...new Set([...expand(index, req.chapters), ...sel.targets])];
  // A plan past MAX_PLAN_WEEKS throws PlanTooLongError, an InputError on hoursPerWeek.
  const plan = buildPlan(index, order, opts);
  const compression = plan.fits ? null : compress(index, order, { ...opts, chosen });
  /** The plan of what the compression keeps. */
  const compressed = () => compression && buildPlan(index, compression.kept, { ...opts, known: compression.known });
  return { sel, plan, compression, compressed };
}

/** A syllabus check's units and assumed knowledge, their bounds and that each concept is in one unit. */
export function checkRequest(input: CheckInput) {
  const { units } = input;
  if (units.length < 1 || units.length > B.units.max)
    throw badInput(`"units" takes 1 to ${B.units.max} units; got ${units.length}`, 'units');
  const all: string[] = [];
  units.forEach((u, i) => {
    if (u.concepts.length > B.unitConcepts.max)
      throw badInput(
        `Unit ${i} has ${u.concepts.length} concepts; a unit takes at most ${B.unitConcepts.max}`,
        'units',
      );
    text(u.name, `units[${i}].name`, '');
    all.push(...u.concepts);
  });
  if (all.length > MAX_CONCEPTS)
    throw badInput(`"units" hold at most ${MAX_CONCEPTS} concepts in all; got ${all.length}`, 'units');
  const twice = [...new Set(all.filter((id, i) => all.indexOf(id) !== i))];
  if (twice.length)
    throw badInput(`Each concept goes in one unit only; listed more than once: ${quoted(twice)}`, 'units');
  return { units, all, assumed: boundedList(input.assumeKnown, MAX_CONCEPTS, 'assumeKnown') };
}

/**
 * A checked syllabus check run on the course: what its units teach, what it assumes known (the closure of
 * `assumeKnown`, less what the units teach), and the issues and fixes.
 */
export function checkUnits(index: CourseIndex, req: ReturnType<typeof checkRequest>, unitHours?: number | null) {
  known(index, req.all, 'units', ['concept']);
  known(index, req.assumed, 'assumeKnown', ['chapter', 'concept']);
  const taught = new Set(req.all);
  const knownSet = index.prerequisiteClosure(expand(index, req.assumed));
  for (const id of taught) knownSet.delete(id);
  const least = Math.max(B.unitHours.min, ...req.all.map(index.hours));
  if (unitHours != null && !(unitHours >= least && unitHours <= B.unitHours.max))
    throw badInput(
      `"unitHours" must be from ${least} (the longest concept in the units) to ${B.unitHours.max}; got ${unitHours}`,
      'unitHours',
    );
  const units = req.units.map((u) => u.concepts);
  return {
    taught,
    known: knownSet,
    result: checkSyllabus(index, units, { known: knownSet, capacity: unitHours ?? null }),
  };
}

/** A question bank request's concepts and chapters: bounded, and at least one. */
export function bankRequest(input: BankInput) {
  const concepts = boundedList(input.concepts, MAX_CONCEPTS, 'concepts');
  const chapters = boundedList(input.chapters, MAX_CHAPTERS, 'chapters');
  if (!concepts.length && !chapters.length) throw badInput('Ask for at least one concept or chapter', 'concepts');
  return { concepts, chapters, onlyWithAnswers: input.onlyWithAnswers ?? false };
}

/** The bank's questions for a checked request, once its ids are known to the course. */
export function bankFor(index: CourseIndex, req: ReturnType<typeof bankRequest>) {
  known(index, req.concepts, 'concepts', ['concept']);
  known(index, req.chapters, 'chapters', ['chapter']);
  return questionBank(index, req);
}
