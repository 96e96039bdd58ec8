/* global process */
// `npm start` builds only what changed since the last build: the server (src/ to dist/) and the web app (web/ to
// web/dist/, Vite), each judged by a fingerprint of its inputs' paths, sizes and modification times kept beside its
// output, as make judges by times. With nothing changed a start skips both (the web app's build takes about 4 s).
// `npm run build` still builds everything.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The digest of every file under `roots` (files or folders, skipping `skip`): path, size and mtime of each. */
export function fingerprint(roots, skip = []) {
  const lines = [];
  const visit = (p) => {
    if (skip.some((s) => p === s || p.startsWith(`${s}${path.sep}`)) || !fs.existsSync(p)) return;
    const stat = fs.statSync(p);
    if (stat.isDirectory()) for (const name of fs.readdirSync(p).sort()) visit(path.join(p, name));
    else lines.push(`${p}\0${stat.size}\0${stat.mtimeMs}`);
  };
  for (const root of roots) visit(root);
  return crypto.createHash('sha256').update(lines.join('\n')).digest('hex');
}

/** Runs `build` unless the stamp beside `output` names the inputs' current fingerprint; true when it built. */
export function buildIfChanged({ inputs, skip, output, stamp, build }) {
  const current = fingerprint(inputs, skip);
  if (fs.existsSync(output) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === current) return false;
  build();
  fs.writeFileSync(stamp, current);
  return true;
}

const TARGETS = [
  {
    name: 'server',
    inputs: ['src', 'tsconfig.json', 'package-lock.json'],
    skip: [],
    output: path.join('dist', 'main.js'),
    stamp: path.join('dist', '.inputs'),
    script: 'build:server',
  },
  {
    name: 'web app',
    inputs: ['web', 'package-lock.json'],
    skip: [path.join('web', 'dist')],
    output: path.join('web', 'dist', 'index.html'),
    stamp: path.join('web', 'dist', '.inputs'),
    script: 'build:web',
  },
];

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  for (const t of TARGETS) {
    const build = () => {
      const run = spawnSync(npm, ['run', '--silent', t.script], { stdio: 'inherit' });
      if (run.status !== 0) process.exit(run.status ?? 1);
    };
    if (!buildIfChanged({ ...t, build })) process.stdout.write(`${t.name}: unchanged since its last build\n`);
  }
}
