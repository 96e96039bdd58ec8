/* global console, process */
// `npm install` / `npm ci` build the web app (web/dist), so a fresh clone's `npm install && npm start` serves it. A
// production install (`npm ci --omit=dev`, as in the Docker image) has no Vite and no web/ sources: it copies a built
// web/dist instead, so there is nothing to do here.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
let vite;
try {
  vite = path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
} catch {
  vite = undefined;
}
if (!vite || !fs.existsSync('web/vite.config.ts')) {
  console.log('web app: not built here (no Vite or no web/ sources)');
} else {
  const run = spawnSync(process.execPath, [vite, 'build', '--config', 'web/vite.config.ts'], { stdio: 'inherit' });
  process.exit(run.status ?? 1);
}
