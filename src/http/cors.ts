import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';

/**
 * CORS for the browser origins of CORS_ORIGINS (none by default: browsers then refuse cross-origin reads, as before).
 * Preflights are answered for the headers clients send: JSON bodies, API keys, Apollo's CSRF headers, request ids and
 * conditional GETs; ETag and the request id are readable by the page.
 */
export async function registerCors(app: FastifyInstance, origins: string[]): Promise<void> {
  if (!origins.length) return;
  await app.register(cors, {
    origin: origins.includes('*') ? '*' : origins,
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: [
      'content-type',
      'authorization',
      'x-api-key',
      'apollo-require-preflight',
      'x-apollo-operation-name',
      'x-request-id',
      'if-none-match',
    ],
    exposedHeaders: ['etag', 'x-request-id'],
    maxAge: 600,
  });
}
