import crypto from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import type { FastifyInstance } from 'fastify';
import { getOperationAST } from 'graphql';
import client from 'prom-client';
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import type { SearchService } from '../search/service.js';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The request id: the client's `x-request-id` when it is a sane token, otherwise a new UUID. */
export function requestId(header: string | string[] | undefined): string {
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : crypto.randomUUID();
}

/** Times an async method of an object in a histogram, in place. */
function timed<T extends object, K extends keyof T>(target: T, method: K, histogram: client.Histogram) {
  const original = target[method] as (...args: unknown[]) => Promise<unknown>;
  target[method] = (async (...args: unknown[]) => {
    const stop = histogram.startTimer();
    try {
      return await original.apply(target, args);
    } finally {
      stop();
    }
  }) as T[K];
}

export interface Observability {
  registry: client.Registry;
  plugin: ApolloServerPlugin;
}

/**
 * Prometheus metrics on `/metrics` (prom-client, one registry per app), one access log line per request with its
 * request id (`x-request-id` in and out) and GraphQL operation name.
 */
export function registerObservability(
  app: FastifyInstance,
  deps: { db: Database; search: SearchService; logger: Logger; accessLog: boolean },
): Observability {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const opts = <L extends string>(name: string, help: string, labelNames: L[] = []) => ({
    name,
    help,
    labelNames,
    registers: [registry],
  });
  const httpRequests = new client.Counter(opts('http_requests_total', 'HTTP requests', ['route', 'method', 'status']));
  const operations = new client.Counter(
    opts('graphql_operations_total', 'GraphQL operations by name and outcome (ok or the first error code)', [
      'operation',
      'outcome',
    ]),
  );
  const latency = new client.Histogram({
    ...opts('graphql_operation_duration_seconds', 'GraphQL operation latency', ['operation']),
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });
  const errors = new client.Counter(opts('graphql_errors_total', 'GraphQL errors by code', ['code']));
  const cache = new client.Counter(opts('cache_events_total', 'Cache hits and misses', ['cache', 'result']));
  const statements = new client.Histogram({
    ...opts('neo4j_statement_duration_seconds', 'Neo4j statement time', ['mode']),
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
  });
  new client.Gauge({
    ...opts('neo4j_sessions_in_use', 'Neo4j sessions running a statement now'),
    collect() {
      this.set(deps.db.inUse);
    },
  });
  const searchTime = new client.Histogram(opts('search_duration_seconds', 'search and similar, end to end'));
  const embedTime = new client.Histogram(opts('embedding_duration_seconds', 'embedding of a search text'));
  deps.db.onStatement = (mode, seconds) => statements.observe({ mode }, seconds);
  timed(deps.search, 'searchAt', searchTime); // search() goes through searchAt()
  timed(deps.search, 'similar', searchTime);
  if (deps.search.embedder) timed(deps.search.embedder, 'embed', embedTime);

  const operationOf = new Map<string, string>();
  // Operation names come from clients: past this many distinct ones, the rest share one label value.
  const names = new Set<string>();
  const label = (name: string) => (names.has(name) || (names.size < 200 && names.add(name)) ? name : 'other');
  const log = deps.logger.child({ component: 'access' });
  app.addHook('onRequest', async (request, reply) => {
    request.headers['x-request-id'] = request.id;
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    httpRequests.inc({ route, method: request.method, status: reply.statusCode });
    if (reply.statusCode === 304) cache.inc({ cache: 'http', result: 'hit' });
    const operation = operationOf.get(request.id);
    operationOf.delete(request.id);
    if (deps.accessLog)
      log.info(
        {
          reqId: request.id,
          method: request.method,
          path: request.url.split('?')[0],
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime * 10) / 10,
          ...(operation !== undefined ? { operation } : {}),
        },
        'request',
      );
  });
  app.get('/metrics', async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()));

  const plugin: ApolloServerPlugin = {
    async requestDidStart({ request }) {
      const stop = latency.startTimer();
      return {
        async willSendResponse({ operationName, document, response, metrics }) {
          // A document refused in validation has no resolved operation yet; its name is still in the text.
          const named = operationName ?? (document && getOperationAST(document, request.operationName)?.name?.value);
          const name = label(named ?? 'anonymous');
          stop({ operation: name });
          const id = request.http?.headers.get('x-request-id');
          if (id) operationOf.set(id, name);
          if (request.extensions?.persistedQuery)
            cache.inc({ cache: 'apq', result: metrics.persistedQueryHit ? 'hit' : 'miss' });
          const found = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          for (const e of found) errors.inc({ code: String(e.extensions?.code ?? 'UNKNOWN') });
          operations.inc({ operation: name, outcome: found.length ? String(found[0]!.extensions?.code) : 'ok' });
        },
      };
    },
  };
  return { registry, plugin };
}
