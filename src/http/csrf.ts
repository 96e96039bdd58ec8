import type { FastifyInstance } from 'fastify';
import { ErrorCode } from '../graphql/errors.js';

/** Content types a browser may send cross-site without a CORS preflight. */
const SIMPLE_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);
/** Headers only a script allowed by CORS can set (Apollo's names, which Apollo Client and GraphiQL send). */
const PREFLIGHT_HEADERS = ['x-apollo-operation-name', 'apollo-require-preflight'];

/**
 * CSRF prevention for POSTs to `path`, Apollo Server's rule: a POST must be one a browser would have preflighted
 * (a non-simple Content-Type such as application/json, or one of PREFLIGHT_HEADERS). GETs pass: they run queries
 * only (Apollo refuses mutations over GET with 405), reads are public, and the API keys that writes and learner data
 * need travel in headers a cross-site simple request cannot set, so a forged GET can neither write nor read anything
 * private. That is what lets GraphQL-over-HTTP GETs (and CDN-cached persisted queries) work.
 */
export function csrfPrevention(app: FastifyInstance, path: string): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'POST' || request.url.split('?')[0] !== path) return;
    const type = request.headers['content-type']?.split(';')[0]!.trim().toLowerCase();
    if (type && !SIMPLE_TYPES.has(type)) return;
    if (PREFLIGHT_HEADERS.some((h) => !!request.headers[h])) return;
    return reply.code(400).send({
      errors: [
        {
          message: `This request was blocked as a possible cross-site request forgery: send it with "Content-Type: application/json" (or one of the headers ${PREFLIGHT_HEADERS.join(', ')}).`,
          extensions: { code: ErrorCode.BAD_REQUEST },
        },
      ],
    });
  });
}
