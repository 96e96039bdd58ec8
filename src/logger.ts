import pino, { type Logger } from 'pino';
import type { Config } from './config.js';

export type { Logger };

/** Structured JSON logs on stdout; the password and API keys never reach a log line. */
export function createLogger(config: Pick<Config, 'LOG_LEVEL'>): Logger {
  return pino({
    level: config.LOG_LEVEL,
    base: { service: 'mlsys-graph' },
    redact: ['config.NEO4J_PASSWORD', 'config.API_KEYS', 'req.headers.authorization', 'req.headers["x-api-key"]'],
  });
}
