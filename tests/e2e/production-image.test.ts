import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Copy, DockerfileParser, type Instruction } from 'dockerfile-ast';
import semver from 'semver';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';

/**
 * The production image without a Docker engine (none runs here): the Dockerfile is read with dockerfile-ast and its
 * stages are carried out in a temporary folder, instruction by instruction. The build stage's packages come from this
 * checkout's `npm ci` (same lockfile) and its apt packages from this machine; its other instructions run as written.
 * The runtime stage runs whole: its COPYs (from the build context, minus .dockerignore, or from the build stage), its
 * `npm ci --omit=dev`, its ENV, then its CMD as an unprivileged user against the test Neo4j. What cannot be checked
 * here is the base image itself: its tag is held to a Node LTS that package.json's engines accept.
 */

const dockerfile = DockerfileParser.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'Dockerfile'), 'utf8'));
const ignored = fs
  .readFileSync(path.join(PROJECT_ROOT, '.dockerignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim().replace(/\/$/, ''))
  .filter((l) => l && !l.startsWith('#'));

/** The instructions of each stage, FROM first. */
function stages(): Instruction[][] {
  const out: Instruction[][] = [];
  for (const i of dockerfile.getInstructions()) {
    if (i.getKeyword() === 'FROM') out.push([]);
    out.at(-1)?.push(i);
  }
  return out;
}

const args = (i: Instruction) => i.getArguments().map((a) => a.getValue());
const json = (i: Instruction) => JSON.parse(i.getArgumentsContent()!) as string[];

function copyTree(from: string, to: string, skip: (rel: string) => boolean = () => false, rel = '') {
  const stat = fs.statSync(from);
  if (skip(rel)) return;
  if (!stat.isDirectory()) {
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(from, to);
    return;
  }
  fs.mkdirSync(to, { recursive: true });
  for (const name of fs.readdirSync(from))
    copyTree(path.join(from, name), path.join(to, name), skip, rel ? `${rel}/${name}` : name);
}

const inContext = (rel: string) => !ignored.some((p) => rel === p || rel.startsWith(`${p}/`));

interface Stage {
  root: string;
  workdir: string;
  env: Record<string, string>;
  user?: string;
  cmd?: string[];
}

/** COPY [--from=stage] src... dest, relative to the stage's WORKDIR. */
function copy(stage: Stage, i: Instruction, built: Map<string, Stage>) {
  const parts = args(i).filter((a) => !a.startsWith('--'));
  const fromFlag = (i as Copy).getFromFlag()?.getValue() ?? undefined;
  const dest = parts.pop()!;
  const target = path.join(stage.root, dest.startsWith('/') ? dest : path.join(stage.workdir, dest));
  for (const src of parts) {
    const source = fromFlag
      ? path.join(built.get(fromFlag)!.root, src)
      : path.join(PROJECT_ROOT, src.replace(/^\.\//, ''));
    const into = dest.endsWith('/') ? path.join(target, path.basename(src)) : target;
    const base = fromFlag ? '' : path.relative(PROJECT_ROOT, source);
    copyTree(source, into, (rel) => !fromFlag && !inContext(path.join(base, rel)), '');
  }
}

/** A RUN, asynchronously: a long `npm ci` must not block the test worker. */
async function run(stage: Stage, command: string, env: Record<string, string>) {
  // A build's environment, not the test runner's (vitest sets NODE_ENV=test).
  const base = {
    PATH: process.env.PATH!,
    HOME: os.homedir(),
    ...(process.env.JAVA_HOME && { JAVA_HOME: process.env.JAVA_HOME }),
  };
  const child = spawn('sh', ['-c', command], {
    cwd: path.join(stage.root, stage.workdir),
    env: { ...base, ...stage.env, ...env },
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const status = await new Promise<number | null>((resolve) => child.once('close', resolve));
  if (status !== 0) throw new Error(`RUN ${command} failed (${status}):\n${out}`);
}

/**
 * Carries out one stage. `buildStage` is true for stages other than the last: their `npm ci` links this checkout's
 * node_modules (installed from the same lockfile) and their apt-get installs are this machine's packages.
 */
async function carryOut(
  instructions: Instruction[],
  root: string,
  built: Map<string, Stage>,
  env: Record<string, string>,
  buildStage: boolean,
) {
  const stage: Stage = { root, workdir: '/', env: {} };
  for (const i of instructions.slice(1)) {
    const keyword = i.getKeyword();
    if (keyword === 'WORKDIR') {
      stage.workdir = args(i)[0]!;
      fs.mkdirSync(path.join(root, stage.workdir), { recursive: true });
    } else if (keyword === 'ENV') {
      for (const a of args(i)) {
        const [k, ...v] = a.split('=');
        stage.env[k!] = v.join('=');
      }
    } else if (keyword === 'COPY') copy(stage, i, built);
    else if (keyword === 'RUN') {
      const command = i.getArgumentsContent()!;
      if (buildStage && command.startsWith('apt-get')) continue;
      if (buildStage && /^npm ci\b/.test(command))
        fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(root, stage.workdir, 'node_modules'));
      else await run(stage, command, env);
    } else if (keyword === 'USER') stage.user = args(i)[0];
    else if (keyword === 'CMD') stage.cmd = json(i);
    else if (keyword !== 'EXPOSE')
      throw new Error(`the image replay does not know ${keyword} (line ${i.getRange().start.line + 1})`);
  }
  return stage;
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

/** uid and gid of `nobody` when the tests run as root; as another user, that user (already unprivileged). */
function unprivileged(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(spawnSync('id', [flag, 'nobody'], { encoding: 'utf8' }).stdout.trim());
  return { uid: id('-u'), gid: id('-g') };
}

describe('the production image (the Dockerfile carried out without Docker)', () => {
  const all = stages();
  const runtime = all.at(-1)!;
  let dir: string;
  let app: Stage;
  let server: ChildProcess | undefined;
  let url: string;
  let log = '';

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlsys-image-'));
    fs.chmodSync(dir, 0o755);
    // npm's cache as hard links to this machine's, so `npm cache clean --force` in the image cleans only the copy.
    const cache = path.join(dir, 'npm-cache');
    const home = spawnSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8' }).stdout.trim();
    if (fs.existsSync(path.join(home, '_cacache'))) spawnSync('cp', ['-al', home, cache]);
    const env = { npm_config_cache: cache, npm_config_update_notifier: 'false' };
    const built = new Map<string, Stage>();
    for (const [n, s] of all.slice(0, -1).entries()) {
      const name = s[0]!.getArguments().at(-1)!.getValue();
      built.set(name, await carryOut(s, path.join(dir, `stage-${n}`), built, env, true));
    }
    app = await carryOut(runtime, path.join(dir, 'runtime'), built, env, false);
    const port = await freePort();
    server = spawn(app.cmd![0]!, app.cmd!.slice(1), {
      cwd: path.join(app.root, app.workdir),
      ...unprivileged(),
      env: {
        PATH: process.env.PATH!,
        ...app.env,
        HOST: '127.0.0.1',
        PORT: String(port),
        NEO4J_URI: inject('neo4jUri'),
        NEO4J_PASSWORD: inject('neo4jPassword'),
      },
    });
    server.stdout!.on('data', (d) => (log += d));
    server.stderr!.on('data', (d) => (log += d));
    url = `http://127.0.0.1:${port}`;
    for (let t = Date.now(); Date.now() - t < 120_000; await new Promise((r) => setTimeout(r, 500))) {
      if (server.exitCode !== null) throw new Error(`the image's CMD exited (${server.exitCode}):\n${log}`);
      const ready = await fetch(`${url}/ready`).catch(() => undefined);
      if (ready?.status === 200) return;
    }
    throw new Error(`the image's server did not become ready:\n${log}`);
  }, 600_000);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server!.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('starts from a Node LTS that package.json accepts, runs as a non-root user in production mode', () => {
    const engines = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')).engines.node;
    for (const s of all) {
      const tag = s[0]!.getArguments()[0]!.getValue();
      const major = Number(/^node:(\d+)/.exec(tag)?.[1]);
      expect({ tag, lts: major % 2 === 0 && major >= 20 }).toEqual({ tag, lts: true });
      expect({ tag, accepted: semver.satisfies(`${major}.99.0`, engines) }).toEqual({ tag, accepted: true });
    }
    expect(app.user).toBeDefined();
    expect(['root', '0']).not.toContain(app.user);
    expect(app.env.NODE_ENV).toBe('production');
    expect(app.cmd).toEqual(['node', 'dist/main.js']);
  });

  it('holds no devDependency and no TypeScript source', () => {
    const lock = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package-lock.json'), 'utf8'));
    const installed = (p: string) => fs.existsSync(path.join(app.root, app.workdir, p));
    const packages = Object.entries(lock.packages as Record<string, { dev?: boolean; optional?: boolean }>);
    const dev = packages.filter(([p, m]) => p && m.dev).map(([p]) => p);
    expect(dev.length).toBeGreaterThan(0);
    expect(dev.filter(installed)).toEqual([]);
    const production = packages.filter(([p, m]) => p && !m.dev && !m.optional).map(([p]) => p);
    expect(production.filter((p) => !installed(p))).toEqual([]);
    expect(installed('src')).toBe(false);
  });

  it('serves the seeded API, the web app and its own GraphiQL, as the unprivileged user', async () => {
    const version = (await (await fetch(`${url}/version`)).json()) as { version: string };
    const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8'));
    expect(version.version).toBe(pkg.version);
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ parts(first: 6) { totalCount nodes { id } } }' }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).data.parts.totalCount).toBe(6);
    const search = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: '{ search(query: "shrinking weights to 8-bit integers", first: 3) { node { id } } }',
      }),
    });
    const found = (await search.json()) as any;
    expect(found.errors).toBeUndefined();
    const hits = found.data.search.map((r: { node: { id: string } }) => r.node.id);
    expect(hits).toContain('concept:quantization');
    const page = await fetch(`${url}/`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app"');
    const graphiql = await fetch(`${url}/graphql`, { headers: { accept: 'text/html' } });
    expect(graphiql.status).toBe(200);
    expect(await graphiql.text()).not.toMatch(/https?:\/\/(unpkg|cdn|esm\.sh)/);
    if (process.getuid?.() === 0) {
      const owner = spawnSync('ps', ['-o', 'user=', '-p', String(server!.pid)], { encoding: 'utf8' }).stdout.trim();
      expect(owner).toBe('nobody');
    }
  });
});
