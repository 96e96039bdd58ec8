import type { CurationService } from '../curation/service.js';
import type { Database } from '../db/database.js';
import type { SearchService } from '../search/service.js';
import { Loaders } from './loaders.js';

/** What every resolver receives: the shared services and this request's own DataLoaders. */
export interface Context {
  db: Database;
  search: SearchService;
  loaders: Loaders;
  curation: CurationService;
  /** The name of the API key the request presented, or null: reads are open, writes need one. */
  curator: string | null;
}

export function createContext(db: Database, search: SearchService, curation: CurationService, curator: string | null = null): Context {
  return { db, search, loaders: new Loaders(db), curation, curator };
}
