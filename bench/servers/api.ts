/** This API, built by the same code as `npm start`, without the local-service start-up (the bench owns Neo4j). */
import { loadConfig } from '../../src/config.js';
import { Database } from '../../src/db/database.js';
import { buildApp } from '../../src/http/app.js';
import { createLogger } from '../../src/logger.js';

const config = loadConfig({ ...process.env, LOG_LEVEL: 'warn', NODE_ENV: 'production' });
const db = Database.fromConfig(config);
const app = await buildApp({ config, db, logger: createLogger(config) });
await app.listen({ host: '127.0.0.1', port: config.PORT });
console.log('ready');
