import { careerResolvers } from './careers.js';
import { catalogResolvers } from './catalog.js';
import { conceptResolvers } from './concepts.js';
import { curationResolvers } from './curation.js';
import { curriculumResolvers } from './curriculum.js';
import { learningResolvers } from './learning.js';
import { nodeResolvers } from './node.js';
import { roadmapResolvers } from './roadmap.js';
import { searchResolvers } from './search.js';

type ResolverMap = Record<string, Record<string, unknown>>;

/** Merges the per-domain resolver maps type by type. */
function merge(...maps: ResolverMap[]): ResolverMap {
  const out: ResolverMap = {};
  for (const map of maps) for (const [type, fields] of Object.entries(map)) out[type] = { ...out[type], ...fields };
  return out;
}

export const resolvers = merge(
  nodeResolvers,
  catalogResolvers(),
  conceptResolvers,
  careerResolvers,
  searchResolvers,
  roadmapResolvers,
  curriculumResolvers,
  curationResolvers,
  learningResolvers,
);
