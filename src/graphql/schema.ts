import fs from 'node:fs';
import path from 'node:path';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import { PROJECT_ROOT } from '../config.js';
import { resolvers } from './resolvers/index.js';

export const SCHEMA_DIR = path.join(PROJECT_ROOT, 'schema');

/** The SDL of every file under schema/, in a stable order (node.graphql first: it declares Query). */
export function loadTypeDefs(): string[] {
  const files = fs.readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.graphql'));
  files.sort((a, b) => (a === 'node.graphql' ? -1 : b === 'node.graphql' ? 1 : a.localeCompare(b)));
  return files.map((f) => fs.readFileSync(path.join(SCHEMA_DIR, f), 'utf8'));
}

/** The schema with its resolvers attached: the one schema both execution paths (resolvers and compiled) serve. */
export function executableSchema(): GraphQLSchema {
  return makeExecutableSchema({ typeDefs: loadTypeDefs(), resolvers });
}
