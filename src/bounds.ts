/**
 * Every bound the API puts on what a client sends, in one table: the resolvers and domain modules check these
 * values, the SDL descriptions (schema/*.graphql) at the coordinates listed and the README state them, and
 * tests/unit/bounds.test.ts fails when either says another number. A new bound is a row here (docs/ARCHITECTURE.md).
 */
export interface InputBound {
  /** Inclusive; absent for list and text bounds, which start at empty. */
  min?: number;
  max: number;
  /**
   * Where a client reads the bound: an input field or field (`Type.field`) or an argument (`Type.field(arg:)`),
   * whose description states `min` and `max`.
   */
  sdl: string[];
  /** The name the README gives the bound in backquotes, in a paragraph that states its numbers; absent if unstated. */
  readme?: string;
}

export const INPUT_BOUNDS = {
  // Roadmaps (RoadmapInput; a learner's goal is checked the same way).
  roadmapRoles: { max: 10, sdl: ['RoadmapInput.roles', 'LearnerGoalInput.roles'] },
  roleSkills: { max: 20, sdl: ['RoleTargetInput.skills'] },
  roadmapSpecializations: { max: 10, sdl: ['RoadmapInput.specializations', 'LearnerGoalInput.specializations'] },
  roadmapChapters: {
    max: 21,
    sdl: ['RoadmapInput.chapters', 'RoadmapInput.knownChapters', 'LearnerGoalInput.chapters'],
  },
  roadmapConcepts: {
    max: 300,
    sdl: ['RoadmapInput.concepts', 'RoadmapInput.knownConcepts', 'LearnerGoalInput.concepts'],
  },
  hoursPerWeek: {
    min: 0.5,
    max: 80,
    sdl: ['RoadmapInput.hoursPerWeek', 'LearnerGoalInput.hoursPerWeek', 'SyllabusInput.hoursPerWeek'],
    readme: 'hoursPerWeek',
  },
  /** No plan is packed into more weeks than this (ten years); longer ones are refused with PlanTooLongError. */
  planWeeks: { max: 520, sdl: ['RoadmapInput.hoursPerWeek'], readme: 'hoursPerWeek' },
  deadlineWeeks: {
    min: 1,
    max: 520,
    sdl: ['RoadmapInput.deadlineWeeks', 'LearnerGoalInput.deadlineWeeks'],
    readme: 'deadlineWeeks',
  },
  /** Start years: a 520-week plan from the last one still ends in a four-digit year, as iCalendar needs. */
  startYear: {
    min: 1970,
    max: 2200,
    sdl: ['RoadmapInput.startDate', 'LearnerGoalInput.startDate'],
    readme: 'startDate',
  },
  hoursSpent: { min: 0, max: 10_000, sdl: ['RoadmapInput.hoursSpent'] },
  /** A roadmap step's resources and questions, and a learner's next steps. */
  stepItems: {
    min: 1,
    max: 20,
    sdl: ['RoadmapStep.resources(first:)', 'RoadmapStep.questions(first:)', 'Learner.nextSteps(first:)'],
  },

  // Learners.
  declaredConcepts: { max: 300, sdl: ['Mutation.declareKnown'], readme: 'declareKnown(learner, concepts)' },
  studyHours: { min: 0, max: 200, sdl: ['Mutation.recordStudy'] },
  placementTargets: { min: 1, max: 20, sdl: ['Mutation.startPlacement'] },

  // Curriculum tools.
  syllabusWeeks: { min: 1, max: 52, sdl: ['SyllabusInput.weeks'], readme: 'weeks' },
  syllabusChapters: { max: 21, sdl: ['SyllabusInput.chapters', 'Query.questionBank(chapters:)'], readme: 'chapters' },
  syllabusConcepts: {
    max: 300,
    sdl: [
      'SyllabusInput.concepts',
      'SyllabusInput.assumeKnown',
      'SyllabusCheckInput.assumeKnown',
      'Query.questionBank(concepts:)',
    ],
    readme: 'assumeKnown',
  },
  syllabusText: { max: 200, sdl: ['SyllabusInput.title', 'SyllabusUnitInput.name'], readme: 'title' },
  units: { min: 1, max: 52, sdl: ['SyllabusCheckInput.units'] },
  unitConcepts: { max: 100, sdl: ['SyllabusUnitInput.concepts'] },
  /** The least is the longest concept in the units, at least 0.5. */
  unitHours: { min: 0.5, max: 80, sdl: ['SyllabusCheckInput.unitHours'], readme: 'unitHours' },
  bankQuestions: { min: 1, max: 100, sdl: ['QuestionBank.questions(first:)'] },
  savedSyllabiPage: { min: 1, max: 100, sdl: ['Query.savedSyllabi(first:)'] },
  savedSyllabiPerKey: { max: 200, sdl: [], readme: 'saveSyllabus' },

  // The catalog and the other root fields.
  page: { min: 1, max: 100, sdl: ['Query.concepts(first:)', 'Query.careerPaths(first:)'] },
  textFilter: { max: 100, sdl: ['Query.concepts(namePrefix:)'] },
  timeZone: { max: 64, sdl: ['Roadmap.iCalendar(timeZone:)'] },
  closure: { min: 1, max: 300, sdl: ['Concept.allPrerequisites(first:)', 'Concept.unlocks(first:)'] },
  matchSkills: { max: 50, sdl: ['Query.careerMatch(skills:)'] },
  matchRoles: { min: 1, max: 20, sdl: ['Query.careerMatch(first:)'] },
  history: { min: 1, max: 100, sdl: ['Query.history(first:)'] },
  // Checked by modules that keep a constant of their own (graphql/resolvers/node.ts MAX_IDS, search/), held equal
  // to these rows by the test.
  nodeIds: { max: 100, sdl: ['Query.nodes(ids:)'], readme: 'nodes(ids)' },
  searchFirst: { min: 1, max: 50, sdl: ['Query.search(first:)'] },
  searchQuery: { max: 200, sdl: ['Query.search(query:)'] },
} as const satisfies Record<string, InputBound>;
