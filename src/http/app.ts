import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { GraphQLFormattedError } from 'graphql';
import type { Config } from '../config.js';
import { compiledExecutionPlugin } from './compiled-execution.js';
import { createContext, type Context, type Services } from '../graphql/context.js';
import { ErrorCode } from '../graphql/errors.js';
import { armorProtection, costLimitPlugin, limitCodeOf, LIMITS, PARSE_OPTIONS } from './limits.js';
import { executableSchema } from '../graphql/schema.js';
import type { Logger } from '../logger.js';
import { seedVersion } from '../seed/write.js';
import { keyOwner, presentedKey } from '../curation/auth.js';
import { caseProvider } from './case/provider.js';
import { registerCors } from './cors.js';
import { csrfPrevention } from './csrf.js';
import { registerHttpCache } from './http-cache.js';
import { ResponseCache } from './response-cache.js';
import { registerObservability, requestId } from './observability.js';
import { registerSite } from './site.js';
import { readWebApp, registerWebAssets } from './web-app.js';
import { graphqlOverHttpPlugin } from './graphql-over-http.js';
import { persistedQueryCache, readManifest, trustedDocumentsPlugin } from './trusted-documents.js';
import { installGuards } from './guards.js';

/** Request bodies above this are refused by Fastify before GraphQL parses anything. */
export const BODY_LIMIT_BYTES = 100 * 1024;

export interface AppDeps {
  config: Config;
  /** Built by the composition root (src/server.ts buildServices); the app builds none of its own. */
  services: Services;
  logger: Logger;
}

const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));

/** Apollo Server's persisted-query refusals that carry no code of their own. */
const apqCodeOf = (message: string) =>
  /^(provided sha does not match query|Unsupported persisted query version)/.test(message)
    ? ErrorCode.BAD_REQUEST
    : undefined;

/**
 * Client-facing errors keep their message and code; anything unexpected is logged in full and masked, so no stack
 * trace or driver message reaches a client.
 */
export function formatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const { stacktrace: _drop, http: _http, ...extensions } = formatted.extensions ?? {};
    const code = String(limitCodeOf(formatted.message) ?? apqCodeOf(formatted.message) ?? extensions.code ?? '');
    if (KNOWN_CODES.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
      return {
        ...formatted,
        message:
          code === ErrorCode.TOO_MANY_TOKENS
            ? `Token limit of ${LIMITS.tokens} exceeded.`
            : formatted.message.replace(/^Syntax Error: /, ''),
        extensions: { ...extensions, code },
      };
    }
    logger.error({ err: error }, 'unexpected error while serving a GraphQL request');
    return {
      message: 'Unexpected error.',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}

/** Builds the HTTP app: GraphQL on /graphql, liveness on /health, readiness on /ready. Not yet listening. */
export async function buildApp({ config, services, logger }: AppDeps): Promise<FastifyInstance> {
  const { db, search } = services;
  const app: FastifyInstance = Fastify({
    loggerInstance: logger.child({ component: 'http' }) as FastifyInstance['log'],
    bodyLimit: BODY_LIMIT_BYTES,
    // Fastify's two lines per request are replaced by one access line (observability.ts, ACCESS_LOG).
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: (request) => requestId(request.headers['x-request-id']),
    // X-Forwarded-For counts only when the connection comes from one of these (a client address can be forged).
    trustProxy: config.TRUSTED_PROXIES.length ? config.TRUSTED_PROXIES : false,
  });
  const observability = registerObservability(app, { db, search, logger, accessLog: config.ACCESS_LOG });
  const limiter = installGuards(app, config);
  const production = config.NODE_ENV === 'production';
  const armor = armorProtection(production);
  const manifest = config.TRUSTED_DOCUMENTS ? readManifest(config.TRUSTED_DOCUMENTS) : new Map<string, string>();
  const schema = executableSchema();
  const responses = config.RESPONSE_CACHE
    ? new ResponseCache(db, {
        maxEntries: config.RESPONSE_CACHE_MAX_ENTRIES,
        maxBytes: config.RESPONSE_CACHE_MAX_MB * 1024 * 1024,
      })
    : undefined;
  const apollo = new ApolloServer<Context>({
    schema,
    // Our own rule (csrf.ts), which lets GET queries through.
    csrfPrevention: false,
    introspection: config.INTROSPECTION,
    parseOptions: PARSE_OPTIONS,
    persistedQueries: { cache: persistedQueryCache(manifest, config.TRUSTED_DOCUMENTS_ONLY) },
    hideSchemaDetailsFromClientErrors: production,
    includeStacktraceInErrorResponses: false,
    formatError: formatError(logger),
    allowBatchedHttpRequests: false,
    validationRules: armor.validationRules,
    // graphql-armor types its plugins against Apollo's CommonJS build; they are the same interface.
    plugins: [
      fastifyApolloDrainPlugin(app),
      // GET /graphql from a browser is our own GraphiQL page (site.ts), not Apollo's CDN-hosted sandbox.
      ApolloServerPluginLandingPageDisabled(),
      ...(config.TRUSTED_DOCUMENTS_ONLY ? [trustedDocumentsPlugin(manifest)] : []),
      graphqlOverHttpPlugin(),
      observability.plugin,
      // Nothing here sets cache hints; the default cache-control plugin would still visit every resolved field.
      ApolloServerPluginCacheControlDisabled(),
      ...(armor.plugins as ApolloServerPlugin<Context>[]),
      costLimitPlugin((context, cost) => limiter.charge(context, cost)),
      ...(responses ? [responses.plugin] : []),
      compiledExecutionPlugin({ logger, registry: observability.registry }),
    ],
  });
  await apollo.start();

  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, _req, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.code(413).send({
        errors: [
          {
            message: `Request body is over the limit of ${BODY_LIMIT_BYTES} bytes.`,
            extensions: { code: ErrorCode.PAYLOAD_TOO_LARGE },
          },
        ],
      });
    }
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) logger.error({ err: error }, 'unexpected HTTP error');
    return reply.code(status).send({
      errors: [
        {
          message: status === 500 ? 'Unexpected error.' : error.message,
          extensions: { code: status === 500 ? ErrorCode.INTERNAL_SERVER_ERROR : ErrorCode.BAD_REQUEST },
        },
      ],
    });
  });
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/ready', async (_req, reply) => {
    const up = await db.ping();
    const version = up ? await seedVersion(db).catch(() => undefined) : undefined;
    const ready = up && version !== undefined;
    return reply
      .code(ready ? 200 : 503)
      .send({ status: ready ? 'ready' : 'not ready', database: up ? 'up' : 'down', seedVersion: version ?? null });
  });
  await registerCors(app, config.CORS_ORIGINS);
  const web = readWebApp();
  if (web) await registerWebAssets(app);
  registerSite(app, schema, db, web);
  registerHttpCache(app, db, config.HTTP_CACHE_MAX_AGE);
  csrfPrevention(app, '/graphql');
  responses?.register(app, limiter);
  await app.register(caseProvider, { db, courses: services.courses, logger });
  await app.register(fastifyApollo(apollo), {
    path: '/graphql',
    context: async (request) =>
      limiter.bind(createContext(services, keyOwner(config.API_KEYS, presentedKey(request.headers))), request),
  });
  return app;
}
