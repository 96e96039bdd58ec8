import type { Database } from '../db/database.js';
import { Loaders } from './loaders.js';

/** What every resolver receives: the shared services and this request's own DataLoaders. */
export interface Context {
  db: Database;
  loaders: Loaders;
}

export function createContext(db: Database): Context {
  return { db, loaders: new Loaders(db) };
}
