import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Config, neo4jUri } from './config.js';
import { Database } from './db/database.js';
import { CourseCache } from './db/course-cache.js';
import { NodeCache } from './db/node-cache.js';
import { roadmapReads } from './db/roadmap.js';
import { CurationService } from './curation/service.js';
import type { Services } from './graphql/context.js';
import { buildApp } from './http/app.js';
import { LearnerService } from './learning/service.js';
import { ensureModel } from './local/model-files.js';
import * as localNeo4j from './local/neo4j-local.js';
import { createLogger, type Logger } from './logger.js';
import { RoadmapService } from './roadmap/service.js';
import { seed } from './seed/seeder.js';
import { Embedder } from './search/embedder.js';
import { embedChanged } from './search/indexer.js';
import { SearchService } from './search/service.js';

/**
 * The embedding model, laid out locally first unless remote models are allowed. Without it the API still serves
 * everything but semantic search, so a failure here is a warning, not a stop.
 */
export async function loadEmbedder(config: Config, logger: Logger): Promise<Embedder | null> {
  try {
    if (!config.ALLOW_REMOTE_MODELS) ensureModel(config.MODEL_DIR, config.MODEL_NAME, (msg) => logger.info(msg));
    const started = Date.now();
    const embedder = await Embedder.load({
      modelDir: config.MODEL_DIR,
      modelName: config.MODEL_NAME,
      allowRemote: config.ALLOW_REMOTE_MODELS,
    });
    logger.info({ ms: Date.now() - started }, 'embedding model loaded and warmed up');
    return embedder;
  } catch (err) {
    logger.warn({ err }, 'embedding model unavailable: semantic search is off, keyword search still works');
    return null;
  }
}

/** The local instance `npm start` uses when NEO4J_URI is not set. */
export function localNeo4jDir(config: Config): string {
  return path.join(config.DATA_DIR, 'neo4j');
}

/** Every long-lived service of the API, on one database and one (optional) embedding model. */
export function buildServices(db: Database, embedder: Embedder | null, logger: Logger): Services {
  const roadmaps = new RoadmapService(roadmapReads(db));
  return {
    db,
    search: new SearchService(db, embedder),
    curation: new CurationService(db, embedder, logger),
    roadmaps,
    learners: new LearnerService(db, roadmaps),
    courses: new CourseCache(db),
    nodes: new NodeCache(),
  };
}

/**
 * The API on a database it is given: its services and its HTTP app, not yet listening. `npm start` (startServer),
 * the tests (tests/helpers.ts) and the bench (bench/servers/api.ts) all build it here.
 */
export async function buildApi(
  config: Config,
  { db, embedder, logger }: { db: Database; embedder: Embedder | null; logger: Logger },
): Promise<{ app: FastifyInstance; services: Services }> {
  const services = buildServices(db, embedder, logger);
  return { app: await buildApp({ config, services, logger }), services };
}

export interface Running {
  app: FastifyInstance;
  db: Database;
  logger: Logger;
  url: string;
  stop: () => Promise<void>;
}

/**
 * `npm start`: config -> local services (Neo4j, model files) -> driver -> seed -> services -> HTTP, listening.
 * This file is the composition root: the only place that wires things together; everything else receives what it
 * needs.
 */
export async function startServer(config: Config): Promise<Running> {
  const logger = createLogger(config);
  const log = (msg: string) => logger.info(msg);
  if (!config.NEO4J_URI) {
    await localNeo4j.start({
      dir: localNeo4jDir(config),
      port: config.NEO4J_LOCAL_PORT,
      password: config.NEO4J_PASSWORD,
      log,
    });
  }
  const embedder = await loadEmbedder(config, logger);

  const db = Database.fromConfig(config);
  logger.info({ uri: neo4jUri(config), database: config.NEO4J_DATABASE }, 'connecting to Neo4j');
  if (config.SEED_ON_START) {
    const result = await seed(db, { onlyIfChanged: true });
    logger.info(
      { version: result.version, skipped: result.skipped, ms: result.ms },
      result.skipped ? 'graph already at this seed version' : 'graph seeded',
    );
  }

  const { app } = await buildApi(config, { db, embedder, logger });
  await app.listen({ host: config.HOST, port: config.PORT });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${port}/graphql`;
  logger.info({ url }, 'mlsys-graph is serving GraphQL');
  // Embedding new or changed node texts takes seconds on a first start; the graph is served meanwhile and semantic
  // search covers the nodes embedded so far.
  const indexing = embedder
    ? embedChanged(db, embedder).then(
        (r) =>
          logger.info(
            { embedded: r.embedded, ms: r.ms },
            r.embedded ? 'search embeddings updated' : 'search embeddings current',
          ),
        (err) => logger.error({ err }, 'embedding the graph for search failed'),
      )
    : Promise.resolve();

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      logger.info('shutting down: draining requests');
      await app.close();
      await indexing;
      await db.close();
      logger.info('stopped');
    })());
  return { app, db, logger, url, stop };
}
