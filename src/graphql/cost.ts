import { GraphQLError, getNamedType, getNullableType, isLeafType, isListType } from 'graphql';
import type { ComplexityEstimator } from 'graphql-query-complexity';
import { MAX_PLAN_WEEKS } from '../roadmap/schedule.js';
import { INPUT_BOUNDS } from '../bounds.js';
import { ErrorCode } from './errors.js';

/**
 * The sizes plans can reach. Steps: every concept at most once (the graph holds under 700). Weeks: the packer refuses
 * longer plans (PLAN_TOO_LONG). A week holds its steps plus at most one part of a step split across weeks, so all
 * weeks together hold at most steps + weeks items: per week that is `perWeek` on average, which is how a nested list
 * of week items is priced.
 */
export const PLAN_BOUNDS = {
  steps: 700,
  weeks: MAX_PLAN_WEEKS,
  perWeek: Math.ceil((700 + MAX_PLAN_WEEKS) / MAX_PLAN_WEEKS),
  questions: 200,
} as const;

/**
 * What a relationship list without `first` is priced at unless listed below. Integration tests measure the graph's
 * largest list of every relationship field against its bound, so the bounds stay above the data as it grows.
 */
export const RELATION_BOUND = 20;
/** A node's sources, and a concept's direct prerequisites (a roadmap step's `after`). */
export const SOURCES_BOUND = 10;
export const PREREQUISITES_BOUND = 10;

export const LIST_BOUNDS: Record<string, number> = {
  'Chapter.concepts': 100,
  'Chapter.terms': 100,
  'Chapter.questions': 100,
  'Concept.related': 50,
  'CareerPath.coreConcepts': 50,
  'Chapter.papers': 50,
  'Era.milestones': 30,
  'Concept.mentionedBy': 50,
  'Concept.prerequisites': PREREQUISITES_BOUND,
  'Roadmap.steps': PLAN_BOUNDS.steps,
  'Roadmap.weeks': PLAN_BOUNDS.weeks,
  'Roadmap.fringe': PLAN_BOUNDS.steps,
  'Roadmap.milestones': 30,
  'RoadmapWeek.items': PLAN_BOUNDS.perWeek,
  'RoadmapStep.after': PREREQUISITES_BOUND,
  'RoadmapDeadline.targetsThatFit': PLAN_BOUNDS.steps,
  'Syllabus.targets': PLAN_BOUNDS.steps,
  'CoursePlan.modules': PLAN_BOUNDS.weeks,
  'SyllabusModule.concepts': PLAN_BOUNDS.perWeek,
  'SyllabusModule.chapters': PLAN_BOUNDS.perWeek,
  // Each objective and question is reached in one week only.
  'SyllabusModule.objectives': 1,
  'SyllabusModule.questions': 1,
  // The page's `first` is paid on the field that returns the page.
  'SavedSyllabusPage.syllabi': 1,
  // Nested lists of one plan, priced per item on average so that all of them together stay within the plan: the
  // fixed units partition the syllabus's concepts; the dependents listed across a plan's assumed or dropped concepts
  // are at most its edges (each concept has at most PREREQUISITES_BOUND prerequisites); a lost prerequisite, a partly
  // covered objective or a lost objective or question names no more concepts than its own relation holds.
  'CheckedUnit.concepts': 1,
  'AssumedConcept.neededBy': PREREQUISITES_BOUND,
  'DroppedConcept.neededBy': PREREQUISITES_BOUND,
  'PrerequisiteLoss.missing': PREREQUISITES_BOUND,
  'PartialObjective.missing': RELATION_BOUND,
  'LostObjective.because': RELATION_BOUND,
  'LostQuestion.because': RELATION_BOUND,
  // Lists of scalars cost one unit an entry: a saved syllabus echoes its input, a step the weeks it spans (all steps
  // together span at most steps + weeks), the rest hold a few words each (RELATION_BOUND).
  'SavedSyllabusInput.chapters': INPUT_BOUNDS.syllabusChapters.max,
  'SavedSyllabusInput.concepts': INPUT_BOUNDS.syllabusConcepts.max,
  'SavedSyllabusInput.assumeKnown': INPUT_BOUNDS.syllabusConcepts.max,
  'RoadmapStep.weeks': Math.ceil((PLAN_BOUNDS.steps + PLAN_BOUNDS.weeks) / PLAN_BOUNDS.steps),
};
/** Types whose every list field is bounded by the plan's steps (coverage, compression and checks of one plan). */
const PLAN_WIDE_TYPES = new Set([
  'Coverage',
  'ObjectiveCoverage',
  'QuestionCoverage',
  'TradeOffCoverage',
  'StructureCoverage',
  'Compression',
  'SyllabusCheck',
  'CheckedUnit',
]);

/**
 * Exports cost what they render: one unit per entry they write. A roadmap's Markdown writes its steps and every week
 * with its items; its iCalendar one event per week item; its Mermaid chart its steps and their prerequisite edges. A
 * course plan writes its modules with their concepts (CSV, Markdown) and, as CASE, its items and associations.
 */
const weekItems = PLAN_BOUNDS.weeks * (1 + PLAN_BOUNDS.perWeek);
export const EXPORT_COSTS: Record<string, number> = {
  'Roadmap.markdown': PLAN_BOUNDS.steps + weekItems,
  'Roadmap.iCalendar': weekItems,
  'Roadmap.mermaid': PLAN_BOUNDS.steps * (1 + PREREQUISITES_BOUND),
  'CoursePlan.csv': weekItems,
  'CoursePlan.markdown': weekItems + PLAN_BOUNDS.steps,
  'CoursePlan.caseJson': weekItems + PLAN_BOUNDS.steps * (1 + PREREQUISITES_BOUND),
  'QuestionBank.qtiPackage': 2 * PLAN_BOUNDS.questions,
  'QuestionBank.moodleXml': PLAN_BOUNDS.questions,
};

/** Planning reads the whole course and orders it: priced like a list of every step. */
export const PLANNING_COSTS: Record<string, number> = {
  'Query.roadmap': PLAN_BOUNDS.steps,
  'Query.syllabus': PLAN_BOUNDS.steps,
  'Query.syllabusCheck': PLAN_BOUNDS.steps,
  'Mutation.saveSyllabus': PLAN_BOUNDS.steps,
};

function refuse(message: string, argumentName: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, argumentName, http: { status: 400 } },
  });
}

/**
 * How many items a field can return. `first` is checked before it prices anything: a whole number of at least 1
 * (the API's own range checks follow in the resolvers); null means the argument's default, as the resolvers read it.
 */
export function fieldSize(
  typeName: string,
  field: Parameters<ComplexityEstimator>[0]['field'],
  args: Record<string, unknown>,
): number {
  const firstArg = field.args.find((a) => a.name === 'first');
  if (firstArg) {
    const given = args.first ?? firstArg.defaultValue ?? null;
    if (given === null) return 100;
    if (typeof given !== 'number' || !Number.isInteger(given) || given < 1) {
      const max = /1 to (\d+)/.exec(firstArg.description ?? '')?.[1];
      throw refuse(`"first" must be between 1 and ${max ?? 'its maximum'}; got ${String(given)}`, 'first');
    }
    return given;
  }
  if (Array.isArray(args.ids)) return args.ids.length;
  if (!isListType(getNullableType(field.type))) return 1;
  const key = `${typeName}.${field.name}`;
  if (key in LIST_BOUNDS) return LIST_BOUNDS[key]!;
  if (field.name === 'nodes' || field.name === 'edges') return 1; // a connection's page: paid by its `first`
  if (field.name === 'sources') return SOURCES_BOUND;
  if (PLAN_WIDE_TYPES.has(typeName)) return PLAN_BOUNDS.steps;
  return RELATION_BOUND;
}

/**
 * The cost of a field, in entries served: a leaf is free unless it is an export (then it costs what it renders) or a
 * list (then it costs its size); an object costs 1 plus its children; a list its size times that; planning adds the
 * work of a whole plan. Never negative: every size is at least 0 and every `first` is checked before it multiplies
 * anything.
 */
export const costEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  const key = `${type.name}.${field.name}`;
  if (isLeafType(getNamedType(field.type)))
    return isListType(getNullableType(field.type)) ? fieldSize(type.name, field, args) : (EXPORT_COSTS[key] ?? 0);
  return (PLANNING_COSTS[key] ?? 0) + fieldSize(type.name, field, args) * (1 + childComplexity);
};
