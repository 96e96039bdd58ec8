import { careerResolvers } from './careers.js';
import { catalogResolvers } from './catalog.js';
import { conceptResolvers } from './concepts.js';
import { curationResolvers } from './curation.js';
import { curriculumResolvers } from './curriculum.js';
import { learningResolvers } from './learning.js';
import { nodeResolvers } from './node.js';
import { roadmapResolvers } from './roadmap.js';
import { searchResolvers } from './search.js';

/** The per-domain resolver maps; makeExecutableSchema merges them type by type. */
export const resolvers = [
  nodeResolvers,
  catalogResolvers(),
  conceptResolvers,
  careerResolvers,
  searchResolvers,
  roadmapResolvers,
  curriculumResolvers,
  curationResolvers,
  learningResolvers,
];
