/** This API, built by the same code as `npm start`, without the local-service start-up (the bench owns Neo4j). */
import { loadConfig } from '../../src/config.js';
import { Database } from '../../src/db/database.js';
import { createLogger } from '../../src/logger.js';
import { buildApi, loadEmbedder } from '../../src/server.js';

const config = loadConfig({ ...process.env, LOG_LEVEL: 'warn' });
const logger = createLogger(config);
const db = Database.fromConfig(config);
const { app } = await buildApi(config, { db, embedder: await loadEmbedder(config, logger), logger });
await app.listen({ host: '127.0.0.1', port: config.PORT });
console.log('ready');
