import type { CurationService } from '../curation/service.js';
import type { Database } from '../db/database.js';
import type { RoadmapService } from '../roadmap/service.js';
import type { SearchService } from '../search/service.js';
import { Loaders } from './loaders.js';

/** The long-lived services every request shares. */
export interface Services {
  db: Database;
  search: SearchService;
  curation: CurationService;
  roadmaps: RoadmapService;
}

/** What every resolver receives: the shared services and this request's own DataLoaders. */
export interface Context extends Services {
  loaders: Loaders;
  /** The name of the API key the request presented, or null: reads are open, writes need one. */
  curator: string | null;
}

export function createContext(services: Services, curator: string | null = null): Context {
  return { ...services, loaders: new Loaders(services.db), curator };
}
