import path from 'node:path';
import { z } from 'zod';
import { EMBEDDING_MODEL_NAMES } from './search/models.js';

/** Where the project lives, so relative folders in config resolve the same from any working directory. */
export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');

const port = z.coerce.number().int().min(0).max(65535);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
/** A folder, relative to the project root unless absolute (the default goes through the same resolution). */
const dir = (fallback: string) =>
  z
    .string()
    .min(1)
    .default(fallback)
    .transform((p) => path.resolve(PROJECT_ROOT, p));
/** `name:key` pairs separated by commas; names say who wrote a change, keys are at least 24 characters. */
const apiKeys = z
  .string()
  .default('')
  .transform((raw, ctx) => {
    const keys = raw
      .split(',')
      .map((pair) => pair.trim())
      .filter(Boolean)
      .map((pair) => {
        const at = pair.indexOf(':');
        return at > 0 ? { name: pair.slice(0, at), key: pair.slice(at + 1) } : { name: '', key: '' };
      });
    const bad = keys.find((k) => !/^[\w.-]{1,64}$/.test(k.name) || k.key.length < 24);
    if (bad)
      ctx.addIssue({
        code: 'custom',
        message:
          'comma-separated name:key pairs, names of letters, digits, "_", "." or "-", keys of at least 24 characters',
      });
    if (new Set(keys.map((k) => k.name)).size !== keys.length)
      ctx.addIssue({ code: 'custom', message: 'each key name once' });
    return keys;
  });

/**
 * Every setting the process reads from the environment. The defaults serve the embedded local Neo4j and the local
 * model; README's configuration table lists the same variables.
 */
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(4000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Unset means: start and use the embedded local Neo4j on NEO4J_LOCAL_PORT. */
  NEO4J_URI: z
    .string()
    .regex(/^(bolt|neo4j)(\+s|\+ssc)?:\/\/.+/, 'a bolt:// or neo4j:// URI')
    .optional(),
  NEO4J_USER: z.string().min(1).default('neo4j'),
  NEO4J_PASSWORD: z.string().min(8, 'at least 8 characters (a Neo4j rule)').default('mlsys-graph-local'),
  NEO4J_DATABASE: z.string().min(1).default('neo4j'),
  NEO4J_LOCAL_PORT: port.default(7687),
  DATA_DIR: dir('.data'),
  MODEL_DIR: dir('.models'),
  MODEL_NAME: z.enum(EMBEDDING_MODEL_NAMES).default('all-MiniLM-L6-v2'),
  ALLOW_REMOTE_MODELS: bool.default(false),
  SEED_ON_START: bool.default(true),
  /** Keys that may write (curation mutations); none means the graph is read-only over the API. */
  API_KEYS: apiKeys,
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates the environment; a bad value throws a ConfigError naming the variable, the rule and the value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = String(issue.path[0]);
    const given = env[name];
    const shown = name.includes('PASSWORD') || name === 'API_KEYS' ? '(hidden)' : JSON.stringify(given);
    const rule = issue.message.replace(/^(Invalid input|Invalid option|Too small|Too big): /, '');
    return `  ${name}: ${rule.startsWith('expected') ? rule : `expected ${rule}`}; given ${shown}`;
  });
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}

export function neo4jUri(config: Config): string {
  return config.NEO4J_URI ?? `bolt://127.0.0.1:${config.NEO4J_LOCAL_PORT}`;
}
