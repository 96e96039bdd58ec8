import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { EMBEDDING_MODEL_NAMES } from './search/models.js';

/**
 * Where the project lives (the folder of package.json, above src/ when run by tsx and above dist/ when built), so
 * relative folders in config resolve the same from any working directory.
 */
export const PROJECT_ROOT = (() => {
  let dir = import.meta.dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
})();

const port = z.coerce.number().int().min(0).max(65535);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
/** A folder, relative to the project root unless absolute (the default goes through the same resolution). */
const dir = (fallback: string) =>
  z
    .string()
    .min(1)
    .default(fallback)
    .transform((p) => path.resolve(PROJECT_ROOT, p));
/** What a key may do: `curate` edits the graph (and saves syllabi), `learners` keeps learner records. */
export const SCOPES = ['curate', 'learners'] as const;
export type Scope = (typeof SCOPES)[number];
const SCOPE_SUFFIX = /:((?:curate|learners)(?:\+(?:curate|learners))*)$/;

/**
 * `name:key` or `name:key:scope+scope` entries separated by commas; names say who wrote a change, keys are at least
 * 24 characters, and a key without scopes has `curate` only (what every key meant before scopes existed).
 */
const apiKeys = z
  .string()
  .default('')
  .transform((raw, ctx) => {
    const keys = raw
      .split(',')
      .map((pair) => pair.trim())
      .filter(Boolean)
      .map((pair) => {
        const suffix = SCOPE_SUFFIX.exec(pair);
        const rest = suffix ? pair.slice(0, suffix.index) : pair;
        const scopes = suffix ? [...new Set(suffix[1]!.split('+') as Scope[])] : (['curate'] as Scope[]);
        const at = rest.indexOf(':');
        return at > 0 ? { name: rest.slice(0, at), key: rest.slice(at + 1), scopes } : { name: '', key: '', scopes };
      });
    const bad = keys.find((k) => !/^[\w.-]{1,64}$/.test(k.name) || k.key.length < 24);
    if (bad)
      ctx.addIssue({
        code: 'custom',
        message:
          'comma-separated name:key or name:key:scopes entries (scopes: curate, learners, joined with "+"), names of letters, digits, "_", "." or "-", keys of at least 24 characters',
      });
    if (new Set(keys.map((k) => k.name)).size !== keys.length)
      ctx.addIssue({ code: 'custom', message: 'each key name once' });
    return keys;
  });

/** `https://app.example` origins separated by commas, or `*`. */
const origins = z
  .string()
  .default('')
  .transform((raw, ctx) => {
    const list = raw
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean);
    const bad = list.find((o) => o !== '*' && !/^https?:\/\/[^/\s]+$/.test(o));
    if (bad)
      ctx.addIssue({ code: 'custom', message: `origins like https://app.example (scheme and host, no path) or *` });
    return list;
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
  /** How long one request may take; its database work is cancelled then (DEADLINE_EXCEEDED, HTTP 504). */
  REQUEST_DEADLINE_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  /** How long to wait for a connection to Neo4j (acquiring one from the pool: twice that). */
  NEO4J_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(1_000),
  /**
   * Calls waiting this long with none answered make the API ask Neo4j a trivial query on a connection of its own;
   * without an answer within as long again, waiting calls are answered DATABASE_UNAVAILABLE at once, and so is every
   * call until Neo4j answers.
   */
  NEO4J_STALL_MS: z.coerce.number().int().min(100).max(60_000).default(700),
  /** How long work outside a request (seeding, embedding) keeps retrying while Neo4j is unavailable; 0: not at all. */
  NEO4J_BACKGROUND_RETRY_MS: z.coerce.number().int().min(0).max(600_000).default(20_000),
  /** Cost points each client (API key, or address without one) may spend per window; over it: RATE_LIMITED (429). */
  RATE_LIMIT_POINTS: z.coerce.number().int().min(1).default(10_000_000),
  /** The window the budget refills over, in seconds. */
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** Proxies (addresses or CIDR ranges, comma-separated) whose X-Forwarded-For names the client; none by default. */
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((raw) =>
      raw
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean),
    ),
  /** Keys that may write (curation, learner records); none means the graph is read-only over the API. */
  API_KEYS: apiKeys,
  /** Browser origins allowed to call the API (CORS), comma-separated; none by default, `*` for any. */
  CORS_ORIGINS: origins,
  /** Schema introspection (GraphiQL, codegen): on by default, as for any public read API. */
  INTROSPECTION: bool.default(true),
  /** A trusted documents manifest (JSON): its operations are known by hash from the start. */
  TRUSTED_DOCUMENTS: z
    .string()
    .min(1)
    .optional()
    .transform((p) => (p ? path.resolve(PROJECT_ROOT, p) : undefined)),
  /** Serve only the operations of TRUSTED_DOCUMENTS (an allow-list, as public APIs do for their own apps). */
  TRUSTED_DOCUMENTS_ONLY: bool.default(false),
  /** Seconds a browser or CDN may keep the answer to a GET of a persisted query (Cache-Control max-age). */
  HTTP_CACHE_MAX_AGE: z.coerce.number().int().min(0).max(86_400).default(60),
  /** Whole responses of read operations kept per graph revision (src/http/response-cache.ts); false turns it off. */
  RESPONSE_CACHE: bool.default(true),
  /** At most this many cached responses per process. */
  RESPONSE_CACHE_MAX_ENTRIES: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
  /** At most this many megabytes of cached responses per process (keys and bodies). */
  RESPONSE_CACHE_MAX_MB: z.coerce.number().int().min(1).max(16_384).default(64),
  /** One JSON log line per HTTP request (request id, operation, status, time). */
  ACCESS_LOG: bool.default(true),
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates the environment; a bad value throws a ConfigError naming the variable, rule and value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = schema
    .refine((c) => !c.TRUSTED_DOCUMENTS_ONLY || c.TRUSTED_DOCUMENTS, {
      message: 'TRUSTED_DOCUMENTS_ONLY needs TRUSTED_DOCUMENTS (the manifest to serve)',
      path: ['TRUSTED_DOCUMENTS_ONLY'],
    })
    .safeParse(env);
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
