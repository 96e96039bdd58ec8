import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { PROJECT_ROOT } from '../config.js';

/** The web app's build (web/, `npm run build:web`): index.html, hashed assets, and its operations' manifest. */
export const WEB_DIST = path.join(PROJECT_ROOT, 'web', 'dist');

export interface WebApp {
  /** index.html, read at each request (under 1 KB): a rebuild while the server runs must not leave it naming assets
   * that are gone. Served for `/` with `no-cache`. */
  index: () => Promise<string>;
  /** The app's operations with example variables (trusted-documents.json), for GraphiQL's tabs. */
  operations: { name: string; body: string; example?: Record<string, unknown> }[];
}

/** The built app, or undefined when web/dist is missing (then `/` stays a page of links). */
export function readWebApp(dir = WEB_DIST): WebApp | undefined {
  const index = path.join(dir, 'index.html');
  if (!fs.existsSync(index)) return undefined;
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'trusted-documents.json'), 'utf8')) as {
    operations: WebApp['operations'];
  };
  return { index: () => fs.promises.readFile(index, 'utf8'), operations: manifest.operations };
}

/**
 * Hashed assets under /assets/, cached for a year as immutable (a new build has new names), sent Brotli- or
 * gzip-compressed from the copies the build writes.
 */
export async function registerWebAssets(app: FastifyInstance, dir = WEB_DIST): Promise<void> {
  await app.register(fastifyStatic, {
    root: path.join(dir, 'assets'),
    prefix: '/assets/',
    immutable: true,
    maxAge: '365d',
    index: false,
    preCompressed: true,
    decorateReply: false,
  });
}
