import type { CurationService } from '../curation/service.js';
import type { LearnerService } from '../learning/service.js';
import type { Database } from '../db/database.js';
import type { RoadmapService } from '../roadmap/service.js';
import type { SearchService } from '../search/service.js';
import type { Caller } from '../curation/auth.js';
import { Loaders } from '../db/loaders.js';
import type { CourseCache } from '../db/course-cache.js';
import type { NodeCache } from '../db/node-cache.js';

/** The long-lived services every request shares. */
export interface Services {
  db: Database;
  search: SearchService;
  curation: CurationService;
  roadmaps: RoadmapService;
  learners: LearnerService;
  courses: CourseCache;
  nodes: NodeCache;
}

/** What every resolver receives: the shared services and this request's own DataLoaders. */
export interface Context extends Services {
  loaders: Loaders;
  /** Who presented a valid API key, with its scopes, or null: reads are open, writes need a key with the scope. */
  caller: Caller | null;
}

export function createContext(services: Services, caller: Caller | null = null): Context {
  return { ...services, loaders: new Loaders(services.db, services.courses, services.nodes), caller };
}
