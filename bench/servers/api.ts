/** This API, built by the same code as `npm start`, without the local-service start-up (the bench owns Neo4j). */
import { loadConfig } from '../../src/config.js';
import { Database } from '../../src/db/database.js';
import { buildApp } from '../../src/http/app.js';
import { createLogger } from '../../src/logger.js';
import { SearchService } from '../../src/search/service.js';
import { loadEmbedder } from '../../src/server.js';

const config = loadConfig({ ...process.env, LOG_LEVEL: 'warn' });
const logger = createLogger(config);
const db = Database.fromConfig(config);
const search = new SearchService(db, await loadEmbedder(config, logger));
const app = await buildApp({ config, db, search, logger });
await app.listen({ host: '127.0.0.1', port: config.PORT });
console.log('ready');
