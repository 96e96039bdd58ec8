import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { GraphQLFormattedError } from 'graphql';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { compiledExecutionPlugin } from '../graphql/compiled-execution.js';
import { createContext, type Context } from '../graphql/context.js';
import { ErrorCode } from '../graphql/errors.js';
import { armorProtection, costLimitPlugin, limitCodeOf } from '../graphql/limits.js';
import { executableSchema } from '../graphql/schema.js';
import type { Logger } from '../logger.js';
import type { SearchService } from '../search/service.js';
import { seedVersion } from '../seed/write.js';
import { keyOwner, presentedKey } from '../curation/auth.js';
import { CurationService } from '../curation/service.js';
import { RoadmapService } from '../roadmap/service.js';
import { LearnerService } from '../learning/service.js';
import { caseProvider } from './case/provider.js';

/** Request bodies above this are refused by Fastify before GraphQL parses anything. */
export const BODY_LIMIT_BYTES = 100 * 1024;

export interface AppDeps {
  config: Config;
  db: Database;
  search: SearchService;
  logger: Logger;
}

const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));

/**
 * Client-facing errors keep their message and code; anything unexpected is logged in full and masked, so no stack
 * trace or driver message reaches a client.
 */
export function formatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
    const code = String(limitCodeOf(formatted.message) ?? extensions.code ?? '');
    if (KNOWN_CODES.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
      return {
        ...formatted,
        message: formatted.message.replace(/^Syntax Error: /, ''),
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
export async function buildApp({ config, db, search, logger }: AppDeps): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    loggerInstance: logger.child({ component: 'http' }) as FastifyInstance['log'],
    bodyLimit: BODY_LIMIT_BYTES,
    // One log line per request would swamp the logs at benchmark rates; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
  });
  const production = config.NODE_ENV === 'production';
  const armor = armorProtection(production);
  const apollo = new ApolloServer<Context>({
    schema: executableSchema(),
    csrfPrevention: true,
    introspection: !production,
    hideSchemaDetailsFromClientErrors: production,
    includeStacktraceInErrorResponses: false,
    formatError: formatError(logger),
    allowBatchedHttpRequests: false,
    validationRules: armor.validationRules,
    // graphql-armor types its plugins against Apollo's CommonJS build; they are the same interface.
    plugins: [
      fastifyApolloDrainPlugin(app),
      // Nothing here sets cache hints; the default cache-control plugin would still visit every resolved field.
      ApolloServerPluginCacheControlDisabled(),
      ...(armor.plugins as ApolloServerPlugin<Context>[]),
      costLimitPlugin(),
      compiledExecutionPlugin(logger),
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
  const roadmaps = new RoadmapService(db);
  const services = {
    db,
    search,
    curation: new CurationService(db, search.embedder, logger),
    roadmaps,
    learners: new LearnerService(db, roadmaps),
  };
  await app.register(caseProvider, { db, logger });
  await app.register(fastifyApollo(apollo), {
    path: '/graphql',
    context: async (request) => createContext(services, keyOwner(config.API_KEYS, presentedKey(request.headers))),
  });
  return app;
}
