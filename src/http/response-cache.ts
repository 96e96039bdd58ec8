import crypto from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type DocumentNode, Kind, type OperationDefinitionNode, type SelectionSetNode, visit } from 'graphql';
import { LRUCache } from 'lru-cache';
import { courseRevision } from '../db/curriculum.js';
import type { Database } from '../db/database.js';
import { LIMITS } from './limits.js';
import { type CostRateLimiter, httpRequestOf } from './rate-limit.js';
import { RevisionGate } from './revision-gate.js';
import { responseMediaType } from './status.js';

/**
 * Root fields whose answers do not follow the graph's revision: learner records and saved syllabi (written without
 * moving it, and scoped to keys) and search (its embeddings are computed after a seed or a write, in the background).
 */
const UNCACHED_ROOTS = new Set(['learner', 'savedSyllabus', 'savedSyllabi', 'search', 'similar', 'didYouMean']);
/** Fields whose answer holds the time of the request (an iCalendar's DTSTAMP). */
const UNCACHED_FIELDS = new Set(['iCalendar']);

interface Entry {
  /** The response's `data`, serialized. */
  data: string;
  /** Its other extensions than `cost`, serialized (`{}` for none). */
  extensions: Record<string, unknown>;
  cost: number;
  mediaType: string;
}

export interface ResponseCacheOptions {
  maxEntries: number;
  maxBytes: number;
}

const PENDING = Symbol('response cache key');
/** A request that may be stored: its key, and the revision read once it is known to be a cacheable read. */
type Keyed = FastifyRequest & { [PENDING]?: { key: string; revision?: Promise<string | undefined> } };

/**
 * Whole responses of read operations, keyed by (graph revision, request, response media type) and bounded in entries
 * and bytes. Each request reads the revision (shared by concurrent requests through RevisionGate, never from a read
 * that started before it arrived) before it is answered from an entry, so a seed or curation write committed by any
 * process is never answered from an older entry. A hit is charged its cost like any operation and answered before
 * GraphQL runs; mutations, key-scoped data, search and anything that fails are never stored.
 */
export class ResponseCache {
  private readonly entries: LRUCache<string, Entry>;
  private readonly gate: RevisionGate;
  private revision: string | undefined;
  readonly plugin: ApolloServerPlugin;

  constructor(db: Database, options: ResponseCacheOptions) {
    this.entries = new LRUCache<string, Entry>({
      max: options.maxEntries,
      maxSize: options.maxBytes,
      sizeCalculation: (entry, key) => key.length + entry.data.length + 64,
    });
    this.gate = new RevisionGate(() => courseRevision(db));
    this.plugin = this.apolloPlugin();
  }

  /** Answers hits from a preHandler hook on /graphql (after CORS, CSRF and the budget check). */
  register(app: FastifyInstance, limiter: CostRateLimiter): void {
    app.addHook('preHandler', async (request: Keyed, reply) => {
      if (request.url.split('?')[0] !== '/graphql') return;
      const key = requestKey(request);
      if (!key) return;
      // When nothing is cached for the request under the last revision seen, GraphQL runs at once; once the
      // operation is known to be a cacheable read, the revision read starts beside its execution, and the answer is
      // stored under that revision: it was computed after the read began, so it is at least as new. Mutations and
      // key-scoped reads never wait for the revision nor read it.
      if (this.revision === undefined || !this.entries.has(`${this.revision}\0${key}`)) {
        request[PENDING] = { key };
        return;
      }
      // The revision read starts now, after the request arrived.
      const revision = this.currentRevision();
      const current = await revision;
      if (current === undefined) return; // Neo4j did not answer: GraphQL reports the outage
      const entry = this.entries.get(`${current}\0${key}`);
      if (!entry) {
        request[PENDING] = { key, revision };
        return;
      }
      let budget;
      try {
        budget = await limiter.charge(limiter.bind({}, request), entry.cost);
      } catch {
        return; // over budget: GraphQL refuses it as usual
      }
      const cost = {
        requested: entry.cost,
        limit: LIMITS.cost,
        ...(budget ? { budget: budget.limit, remaining: budget.remaining } : {}),
      };
      return reply
        .code(200)
        .type(entry.mediaType)
        .header('x-response-cache', 'hit')
        .send(`{"data":${entry.data},"extensions":${JSON.stringify({ ...entry.extensions, cost })}}\n`);
    });
  }

  /** The revision from a read that starts after this call; undefined when Neo4j does not answer. */
  private currentRevision(): Promise<string | undefined> {
    return this.gate.current().then(
      (revision) => {
        // Reads end in the order they start, so a new revision is the newest: older entries can never be asked for.
        if (revision !== this.revision) {
          this.entries.clear();
          this.revision = revision;
        }
        return revision;
      },
      () => undefined,
    );
  }

  private apolloPlugin(): ApolloServerPlugin {
    const entries = this.entries;
    const latest = () => this.revision;
    const currentRevision = () => this.currentRevision();
    return {
      async requestDidStart({ contextValue }) {
        const request = httpRequestOf(contextValue as object) as Keyed | undefined;
        const pending = request?.[PENDING];
        if (!pending) return;
        let cacheable = false;
        return {
          async didResolveOperation({ operation, document }) {
            cacheable = !!operation && isCacheable(document, operation);
            if (cacheable) pending.revision ??= currentRevision();
          },
          async willSendResponse({ response }) {
            if (!cacheable || response.body.kind !== 'single') return;
            const { data, errors, extensions } = response.body.singleResult;
            const status = response.http.status ?? 200;
            if (errors?.length || !data || status !== 200) return;
            const { cost, ...rest } = extensions ?? {};
            const requested = (cost as { requested?: number } | undefined)?.requested;
            const mediaType = response.http.headers.get('content-type');
            if (typeof requested !== 'number' || !mediaType) return;
            const revision = await pending.revision!;
            // A newer revision seen meanwhile: this answer may be older than it.
            if (revision === undefined || revision !== latest()) return;
            entries.set(`${revision}\0${pending.key}`, {
              data: JSON.stringify(data),
              extensions: rest,
              cost: requested,
              mediaType,
            });
          },
        };
      },
    };
  }
}

/**
 * What identifies a request's answer besides the revision, as a digest; undefined when it cannot be a cached read
 * (including variables too deep to serialize: GraphQL refuses those with a clear error).
 */
function requestKey(request: FastifyRequest): string | undefined {
  try {
    return digest(request);
  } catch {
    return undefined;
  }
}

function digest(request: FastifyRequest): string | undefined {
  const mediaType = mediaTypeOf(request.headers.accept);
  if (!mediaType) return undefined;
  let params: Record<string, unknown>;
  if (request.method === 'POST') {
    const body = request.body;
    if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
    params = body as Record<string, unknown>;
  } else if (request.method === 'GET') {
    const query = request.query as Record<string, unknown>;
    try {
      params = {
        query: query.query,
        operationName: query.operationName,
        variables: typeof query.variables === 'string' ? JSON.parse(query.variables) : undefined,
        extensions: typeof query.extensions === 'string' ? JSON.parse(query.extensions) : undefined,
      };
    } catch {
      return undefined;
    }
  } else return undefined;
  const { query, operationName, variables, extensions } = params;
  // Parameters of the wrong shape are GraphQL's to refuse, never an answer from the cache.
  const isObject = (x: unknown) => x === undefined || (x !== null && typeof x === 'object' && !Array.isArray(x));
  if (!(variables === null || isObject(variables)) || !isObject(extensions)) return undefined;
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return undefined;
  const hash = (extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery?.sha256Hash;
  if (typeof query !== 'string' && (query !== undefined || typeof hash !== 'string')) return undefined;
  const fields = [
    request.method,
    mediaType,
    query ?? null,
    operationName ?? null,
    variables ?? null,
    extensions ?? null,
  ];
  return crypto.createHash('sha256').update(JSON.stringify(fields)).digest('base64url');
}

const mediaTypes = new Map<string, string | undefined>();
/** responseMediaType, remembered for the Accept headers seen most (clients send a handful). */
function mediaTypeOf(accept: string | undefined): string | undefined {
  if (accept === undefined) return responseMediaType(accept);
  if (mediaTypes.has(accept)) return mediaTypes.get(accept);
  const type = responseMediaType(accept);
  if (mediaTypes.size < 100) mediaTypes.set(accept, type);
  return type;
}

/** A query whose every root field follows the revision and that asks for no time-dependent field. */
export function isCacheable(document: DocumentNode, operation: OperationDefinitionNode): boolean {
  if (operation.operation !== 'query') return false;
  const fragments = new Map(
    document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])),
  );
  const seen = new Set<string>();
  const rootsOk = (set: SelectionSetNode): boolean =>
    set.selections.every((s) => {
      if (s.kind === Kind.FIELD) return !UNCACHED_ROOTS.has(s.name.value);
      if (s.kind === Kind.INLINE_FRAGMENT) return rootsOk(s.selectionSet);
      const fragment = fragments.get(s.name.value);
      if (!fragment || seen.has(s.name.value)) return !!fragment;
      seen.add(s.name.value);
      return rootsOk(fragment.selectionSet);
    });
  if (!rootsOk(operation.selectionSet)) return false;
  let timed = false;
  visit(document, {
    Field(node) {
      if (UNCACHED_FIELDS.has(node.name.value)) timed = true;
    },
  });
  return !timed;
}
