import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { keyOwner, presentedKey } from '../curation/auth.js';
import { withDeadline } from '../db/deadline.js';
import { CostRateLimiter } from './rate-limit.js';

/**
 * What bounds every request before GraphQL sees it: its deadline (REQUEST_DEADLINE_MS from arrival, carried to every
 * database call it makes) and the cost budget of its client (an API key's owner, else its address).
 */
export function installGuards(app: FastifyInstance, config: Config): CostRateLimiter {
  const limiter = new CostRateLimiter(config.RATE_LIMIT_POINTS, config.RATE_LIMIT_WINDOW_SECONDS);
  limiter.install(app, (request) => {
    const owner = keyOwner(config.API_KEYS, presentedKey(request.headers));
    return owner ? `key:${owner}` : `ip:${request.ip}`;
  });
  app.addHook('preValidation', (_request, reply, done) => {
    withDeadline(Date.now() - reply.elapsedTime + config.REQUEST_DEADLINE_MS, done);
  });
  return limiter;
}
