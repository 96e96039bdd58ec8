import type { Database } from '../db/database.js';
import type { SearchService } from '../search/service.js';
import { Loaders } from './loaders.js';

/** What every resolver receives: the shared services and this request's own DataLoaders. */
export interface Context {
  db: Database;
  search: SearchService;
  loaders: Loaders;
}

export function createContext(db: Database, search: SearchService): Context {
  return { db, search, loaders: new Loaders(db) };
}
