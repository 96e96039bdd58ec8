import crypto from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { courseRevision } from '../db/curriculum.js';
import type { Database } from '../db/database.js';

const TAG = Symbol('etag');
type Tagged = FastifyRequest & { [TAG]?: string };

/** A GET of a persisted query: its whole request is in the URL, so a browser or CDN can cache the answer. */
function isPersistedGet(request: FastifyRequest): boolean {
  if (request.method !== 'GET' || request.url.split('?')[0] !== '/graphql') return false;
  const extensions = (request.query as Record<string, unknown>).extensions;
  return typeof extensions === 'string' && extensions.includes('persistedQuery');
}

/**
 * HTTP caching of GETs of persisted queries: an `ETag` from the graph's revision (every seed and curation write moves
 * it) and the request URL, `Cache-Control: public, max-age` for answers without errors, and `304 Not Modified`
 * (before anything runs) when `If-None-Match` names the current tag.
 */
export function registerHttpCache(app: FastifyInstance, db: Database, maxAge: number): void {
  app.addHook('preHandler', async (request: Tagged, reply) => {
    if (!isPersistedGet(request)) return;
    const revision = await courseRevision(db).catch(() => undefined);
    if (revision === undefined) return; // the request itself reports the outage
    const search = request.url.slice(request.url.indexOf('?'));
    const tag = `W/"${crypto.createHash('sha256').update(`${revision}\0${search}`).digest('base64url').slice(0, 27)}"`;
    request[TAG] = tag;
    const given = request.headers['if-none-match'];
    if (given && given.split(',').some((t) => t.trim() === tag)) return reply.code(304).header('etag', tag).send();
  });
  app.addHook('onSend', async (request: Tagged, reply, payload) => {
    const tag = request[TAG];
    if (!tag || reply.statusCode !== 200 || (typeof payload === 'string' && payload.includes('"errors"'))) return;
    reply.header('etag', tag).header('cache-control', `public, max-age=${maxAge}`);
  });
}
