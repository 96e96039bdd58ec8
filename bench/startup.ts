/**
 * Start-up to first answer: runs `npm start` in this checkout, sends a concept query every 100 ms until one is
 * answered with data, prints the milliseconds it took, then stops the server. `--cold` first removes the build
 * (dist/) and the local Neo4j's data under DATA_DIR, so the run builds, starts Neo4j, seeds and loads the model, and
 * afterwards it stops that Neo4j; a warm run finds the build and a running, seeded Neo4j (left by a run before).
 * Times of whole runs (several, min/median/max) come from running this script repeatedly under a process timer.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, PROJECT_ROOT } from '../src/config.js';
import * as local from '../src/local/neo4j-local.js';
import { localNeo4jDir } from '../src/server.js';

const { values } = parseArgs({ options: { cold: { type: 'boolean', default: false } } });
const config = loadConfig();
const neo4jDir = localNeo4jDir(config);
if (values.cold) {
  await local.stop(neo4jDir);
  fs.rmSync(neo4jDir, { recursive: true, force: true });
  fs.rmSync(path.join(PROJECT_ROOT, 'dist'), { recursive: true, force: true });
}
const started = performance.now();
const child = spawn('npm', ['start'], { cwd: PROJECT_ROOT, detached: true, stdio: 'ignore', env: process.env });
const url = `http://127.0.0.1:${config.PORT}/graphql`;
const body = JSON.stringify({ query: '{ concept(id: "concept:quantization") { id name } }' });
let ms: number | undefined;
while (ms === undefined && child.exitCode === null) {
  try {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const json = (await res.json()) as { data?: { concept?: { id: string } } };
    if (json.data?.concept?.id) ms = performance.now() - started;
  } catch {
    // not listening yet
  }
  if (ms === undefined) await new Promise((r) => setTimeout(r, 100));
}
const exited = new Promise((r) => child.once('exit', r));
if (child.exitCode === null) process.kill(-child.pid!, 'SIGTERM');
await exited;
if (values.cold) await local.stop(neo4jDir);
if (ms === undefined) throw new Error('npm start exited before it answered');
console.log(`${values.cold ? 'cold' : 'warm'} start to first answer: ${Math.round(ms)} ms`);
