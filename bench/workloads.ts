/**
 * The benchmark workloads, each written three ways for the same answer: a GraphQL operation for this API, one for
 * the peer (@neo4j/graphql over the same graph), and an HTTP path on the floor (hand-written Cypher).
 */
export interface Workload {
  name: string;
  api: { query: string; variables: Record<string, unknown> };
  peer: { query: string; variables: Record<string, unknown> };
  floor: string;
}

/** A full plan for one role from nothing known, as a roadmap app asks for it: steps with reasons, weeks, milestones. */
export const ROADMAP_QUERY = `query($role: ID!) { roadmap(input: {roles: [{role: $role}], hoursPerWeek: 8, startDate: "2027-01-04"}) {
    totalHours totalWeeks steps { position hours reason concept { id name } chapter { title } resources(first: 2) { name } }
    weeks { number hours items { concept { id } hours } } milestones { week chapter { title } } fringe { id } } }`;

const CONCEPT = 'concept:quantization';
const CHAPTER = 'chapter:model-optimizations';
const ROLE = 'role:ml-engineer';

export const WORKLOADS: Workload[] = [
  {
    name: 'concept + prerequisites + chapter',
    api: {
      query: `query($id: ID!) { concept(id: $id) { id name definition chapter { id title } prerequisites { reason concept { id name } } } }`,
      variables: { id: CONCEPT },
    },
    peer: {
      query: `query($id: ID!) { concepts(where: { id: { eq: $id } }) { id name definition chapter { id title }
        prerequisitesConnection { edges { properties { reason } node { id name } } } } }`,
      variables: { id: CONCEPT },
    },
    floor: `/concept?id=${encodeURIComponent(CONCEPT)}`,
  },
  {
    name: 'chapter page (concepts, trade-offs, papers)',
    api: {
      query: `query($id: ID!) { chapter(id: $id) { id title concepts { id name } tradeOffs { id name } papers { id title year } } }`,
      variables: { id: CHAPTER },
    },
    peer: {
      query: `query($id: ID!) { chapters(where: { id: { eq: $id } }) { id title concepts { id name } tradeOffs { id name } papers { id title year } } }`,
      variables: { id: CHAPTER },
    },
    floor: `/chapter?id=${encodeURIComponent(CHAPTER)}`,
  },
  {
    name: 'role -> skills -> concepts -> chapter',
    api: {
      query: `query($id: ID!) { careerPath(id: $id) { id name skills { level skill { id name concepts { id name chapter { title } } } } } }`,
      variables: { id: ROLE },
    },
    peer: {
      query: `query($id: ID!) { careerPaths(where: { id: { eq: $id } }) { id name
        skillsConnection { edges { properties { level } node { id name concepts { id name chapter { title } } } } } } }`,
      variables: { id: ROLE },
    },
    floor: `/role?id=${encodeURIComponent(ROLE)}`,
  },
  {
    name: 'concept list, filtered, paginated',
    api: {
      query: `query { concepts(first: 20, difficulty: ADVANCED) { totalCount nodes { id name chapter { title } } } }`,
      variables: {},
    },
    peer: {
      query: `query { conceptsConnection(first: 20, where: { difficulty: { eq: "ADVANCED" } }, sort: [{ chapterNumber: ASC }, { position: ASC }]) {
        totalCount edges { node { id name chapter { title } } } } }`,
      variables: {},
    },
    floor: `/concepts?difficulty=ADVANCED&first=20`,
  },
  {
    // `sources` has a resolver (the stored JSON becomes Source objects): a resolver leaf inside the compiled plan.
    name: 'chapter page with sources (a resolver field)',
    api: {
      query: `query($id: ID!) { chapter(id: $id) { id title concepts { id name sources { doc section } } } }`,
      variables: { id: CHAPTER },
    },
    peer: {
      query: `query($id: ID!) { chapters(where: { id: { eq: $id } }) { id title concepts { id name sources } } }`,
      variables: { id: CHAPTER },
    },
    floor: `/chapter-sources?id=${encodeURIComponent(CHAPTER)}`,
  },
];
