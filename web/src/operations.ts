/**
 * Every GraphQL operation the web app sends, as documents of the public API: nothing else reaches the server. The
 * build writes them to trusted-documents.json (web/vite.config.ts), so TRUSTED_DOCUMENTS_ONLY still serves the app,
 * and GraphiQL offers them as examples with the variables below.
 */

/** A display name for any node: its name, title, text or statement, whatever the kind calls it (no aliases: the
 * API allows only a few per operation). */
const LABEL = `fragment Label on Node {
  __typename
  id
  ... on CareerPath { name }
  ... on Skill { name }
  ... on Specialization { name }
  ... on Concept { name }
  ... on TradeOff { name }
  ... on Part { name }
  ... on Chapter { title }
  ... on LearningObjective { text }
  ... on KeyTakeaway { text }
  ... on Principle { text }
  ... on ReviewQuestion { text }
  ... on Term { name }
  ... on Pillar { name }
  ... on BookSection { name }
  ... on PipelineStage { name }
  ... on Practice { name }
  ... on SystemComponent { name }
  ... on DeploymentTarget { name }
  ... on DeploymentKind { name }
  ... on SystemObjective { name }
  ... on OptimizationTechnique { name }
  ... on Tool { name }
  ... on Fact { statement }
  ... on Technology { name }
  ... on Paper { title }
  ... on Resource { name }
  ... on OpenSourceProject { name }
  ... on Challenge { name }
  ... on ResearchDirection { name }
  ... on IndustryTrend { name }
  ... on OpenProblem { name }
  ... on Era { name }
  ... on Milestone { name }
  ... on CaseStudy { name }
  ... on Organization { name }
}
`;

/** What a node page shows beyond the name, for kinds without a page of their own. */
const DETAIL = `fragment Detail on Node {
  ... on Skill { description concepts { id name } }
  ... on Specialization { concepts { id name } }
  ... on Concept { definition }
  ... on Part { description }
  ... on Chapter { description concepts { id name } }
  ... on LearningObjective { concepts { id name } }
  ... on KeyTakeaway { concepts { id name } }
  ... on Principle { concepts { id name } }
  ... on ReviewQuestion { concepts { id name } }
  ... on Term { definition }
  ... on Pillar { description }
  ... on BookSection { description }
  ... on PipelineStage { description concepts { id name } }
  ... on Practice { description concepts { id name } }
  ... on DeploymentTarget { description concepts { id name } }
  ... on DeploymentKind { description concepts { id name } }
  ... on SystemObjective { description concepts { id name } }
  ... on OptimizationTechnique { description concepts { id name } }
  ... on Tool { description concepts { id name } }
  ... on Fact { concepts { id name } }
  ... on Technology { concepts { id name } }
  ... on Paper { concepts { id name } }
  ... on Resource { description concepts { id name } }
  ... on OpenSourceProject { description concepts { id name } }
  ... on Challenge { description concepts { id name } }
  ... on IndustryTrend { description }
  ... on OpenProblem { description }
  ... on Era { description }
  ... on Milestone { description }
  ... on CaseStudy { concepts { id name } }
}
`;

const COURSE_PLAN = `fragment CoursePlanView on CoursePlan {
  conceptCount
  totalHours
  weeksNeeded
  fits
  modules {
    number
    hours
    chapters { id title }
    concepts { concept { id name } hours part ofParts target }
    objectives { id text }
    questions { id }
  }
  coverage {
    conceptsTaught
    objectives { coveredCount total }
    questions { usableCount total }
    tradeOffs { coveredCount total }
    parts { coveredCount total }
  }
}
`;

const PLACEMENT = `fragment PlacementView on Placement {
  id
  answered
  done
  question { id text answer }
  targets { id name }
  known { id name }
  readyToLearn { id name }
}
`;

export interface Operation {
  /** The document sent as is (its SHA-256 is its trusted-document id). */
  document: string;
  /** Example variables, for GraphiQL's tabs and the tests. */
  example: Record<string, unknown>;
}

const op = (document: string, example: Record<string, unknown> = {}): Operation => ({ document, example });

export const OPERATIONS = {
  Search: op(
    `query Search($query: String!, $types: [SearchableType!], $mode: SearchMode) {
  search(query: $query, types: $types, first: 20, mode: $mode) {
    score
    why { field snippet matchedBy }
    node { ...Label }
  }
}
${LABEL}`,
    { query: 'shrink a model for phones', mode: 'HYBRID' },
  ),
  Node: op(
    `query Node($id: ID!) {
  node(id: $id) {
    ...Label
    ...Detail
    sources { citation }
    ... on Concept {
      aliases
      difficulty
      hours
      chapter { id number title part { id name } }
      prerequisites { reason concept { id name } }
      dependents { reason concept { id name } }
      related { id name }
      tradeOffs { id name }
      papers { id title year }
      tools { id name }
      resources { id name }
      objectives { id text }
    }
    ... on Chapter {
      number
      part { id roman name }
      tradeOffs { id name }
      papers { id title year }
      objectives { id text }
      terms { id name }
    }
    ... on Part {
      roman
      theme
      chapters { id number title }
    }
  }
}
${LABEL}
${DETAIL}`,
    { id: 'concept:quantization' },
  ),
  Choices: op(
    `query Choices {
  parts(first: 20) { nodes { id roman name chapters { id number title } } }
  careerPaths(first: 50) { nodes { id name } }
  specializations(first: 50) { nodes { id name } }
}
`,
  ),
  Roadmap: op(
    `query Roadmap($input: RoadmapInput!) {
  roadmap(input: $input) {
    title
    totalHours
    remainingHours
    totalWeeks
    hoursPerWeek
    startDate
    endDate
    steps { position concept { id name } chapter { id title } hours reason priority isTarget weeks }
    weeks { number startDate hours items { concept { id name } hours part parts } }
    milestones { chapter { id title } week date }
    deadline { weeks feasible hoursPerWeekNeeded drop { id name } reachedAfterDrop { id name } }
  }
}
`,
    { input: { roles: [{ role: 'role:mlops-engineer' }], hoursPerWeek: 8, deadlineWeeks: 26 } },
  ),
  RoadmapExports: op(
    `query RoadmapExports($input: RoadmapInput!, $calendar: Boolean!) {
  roadmap(input: $input) {
    markdown
    mermaid
    iCalendar @include(if: $calendar)
  }
}
`,
    {
      input: { concepts: ['concept:quantization'], hoursPerWeek: 5, startDate: '2027-01-04' },
      calendar: true,
    },
  ),
  Learner: op(
    `query Learner($id: ID!, $goal: LearnerGoalInput!, $withGoal: Boolean!) {
  learner(id: $id) {
    id
    createdAt
    known { concept { id name } source confidence }
    progress { concept { id name } status hours }
    dueReviews { concept { id name } due }
    nextSteps(goal: $goal) @include(if: $withGoal) { concept { id name } hours unlocks reason }
  }
}
`,
    { id: '<a learner id>', goal: { concepts: ['concept:quantization'], hoursPerWeek: 5 }, withGoal: true },
  ),
  CreateLearner: op(
    `mutation CreateLearner {
  createLearner { id }
}
`,
  ),
  StartPlacement: op(
    `mutation StartPlacement($learner: ID!, $targets: [ID!]!) {
  startPlacement(learner: $learner, targets: $targets) { ...PlacementView }
}
${PLACEMENT}`,
    { learner: '<a learner id>', targets: ['concept:quantization'] },
  ),
  AnswerPlacement: op(
    `mutation AnswerPlacement($placement: ID!, $question: ID!, $correct: Boolean!) {
  answerPlacement(placement: $placement, question: $question, correct: $correct) { ...PlacementView }
}
${PLACEMENT}`,
    { placement: '<a placement id>', question: '<its question id>', correct: true },
  ),
  RecordReview: op(
    `mutation RecordReview($learner: ID!, $concept: ID!, $rating: ReviewRating!) {
  recordReview(learner: $learner, concept: $concept, rating: $rating) { credited { id name } }
}
`,
    { learner: '<a learner id>', concept: 'concept:quantization', rating: 'GOOD' },
  ),
  Syllabus: op(
    `query Syllabus($input: SyllabusInput!) {
  syllabus(input: $input) {
    title
    weeks
    hoursPerWeek
    targets { id name }
    assumedKnownCount
    plan { ...CoursePlanView }
    compression {
      rule
      dropped { concept { id name } hours phase }
      assumedKnown { concept { id name } hours }
      plan { ...CoursePlanView }
    }
  }
}
${COURSE_PLAN}`,
    { input: { chapters: ['chapter:model-optimizations'], weeks: 4, hoursPerWeek: 6 } },
  ),
  SyllabusExports: op(
    `query SyllabusExports($input: SyllabusInput!) {
  syllabus(input: $input) { plan { caseJson markdown csv } }
}
`,
    { input: { chapters: ['chapter:model-optimizations'], weeks: 4, hoursPerWeek: 6 } },
  ),
  SyllabusCheck: op(
    `query SyllabusCheck($input: SyllabusCheckInput!) {
  syllabusCheck(input: $input) {
    valid
    rule
    issues { kind concept { id name } unit prerequisite { id name } prerequisiteUnit reason }
    fixes { action prerequisite { id name } unit }
    fixedUnits { index name concepts { id name } }
    assumed { id name }
  }
}
`,
    {
      input: {
        units: [
          { name: 'Week 1', concepts: ['concept:quantization'] },
          { name: 'Week 2', concepts: ['concept:neural-network'] },
        ],
      },
    },
  ),
} satisfies Record<string, Operation>;

export type OperationName = keyof typeof OPERATIONS;
