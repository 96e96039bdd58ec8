import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import neo4j from 'neo4j-driver';
import { PROJECT_ROOT } from '../config.js';

/**
 * The embedded local Neo4j: a Java launcher (scripts/neo4j) that serves Bolt on 127.0.0.1 from a data folder.
 * One instance per folder; its pid file makes start idempotent and lets stop find it again from any process.
 */
export interface LocalNeo4jOptions {
  /** Folder for this instance: db/ (the store), neo4j.pid, neo4j.log. */
  dir: string;
  port: number;
  password: string;
  /** Heap for the JVM, e.g. "768m". */
  heap?: string;
  /** Neo4j's page cache, e.g. "2g" (default 256 MB). */
  pagecache?: string;
  log?: (msg: string) => void;
}

export interface LocalNeo4jStatus {
  running: boolean;
  pid?: number;
  port?: number;
  uri?: string;
}

const MODULE_DIR = path.join(PROJECT_ROOT, 'scripts', 'neo4j');
const CLASSES = path.join(MODULE_DIR, 'target', 'classes');
const LIB = path.join(MODULE_DIR, 'target', 'lib');
const MAIN_CLASS = 'dev.mlsysgraph.Neo4jLauncher';
const START_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 60_000;

/** Resolves Neo4j from Maven Central and compiles the launcher, once (the result is git-ignored). */
export function ensureLauncherBuilt(log: (msg: string) => void = () => {}): void {
  const built = path.join(CLASSES, 'dev', 'mlsysgraph', 'Neo4jLauncher.class');
  const source = path.join(MODULE_DIR, 'src', 'main', 'java', 'dev', 'mlsysgraph', 'Neo4jLauncher.java');
  // Built and not older than its source (a checkout that pulled a change to the launcher builds it again).
  if (fs.existsSync(built) && fs.existsSync(LIB) && fs.statSync(built).mtimeMs >= fs.statSync(source).mtimeMs) return;
  log('building the local Neo4j launcher (first run: Maven resolves Neo4j Community, about 120 MB)');
  const result = spawnSync('mvn', ['-q', '-B', 'package', '-DskipTests'], { cwd: MODULE_DIR, stdio: 'inherit' });
  if (result.error) throw new Error(`Could not run Maven ("mvn") to build the local Neo4j: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`Maven failed to build the local Neo4j launcher (exit ${result.status})`);
}

function files(dir: string) {
  return { pid: path.join(dir, 'neo4j.pid'), log: path.join(dir, 'neo4j.log'), home: path.join(dir, 'db') };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPid(dir: string): { pid: number; port: number } | undefined {
  try {
    const [pid, port] = fs.readFileSync(files(dir).pid, 'utf8').trim().split(/\s+/).map(Number);
    if (pid && port && isAlive(pid)) return { pid, port };
  } catch {
    /* no pid file: not running */
  }
  return undefined;
}

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** True once Bolt accepts our credentials and answers a query. */
export async function boltAnswers(uri: string, user: string, password: string): Promise<boolean> {
  const driver = neo4j.driver(uri, neo4j.auth.basic(user, password), { connectionTimeout: 2000 });
  try {
    await driver.executeQuery('RETURN 1');
    return true;
  } catch {
    return false;
  } finally {
    await driver.close();
  }
}

export async function status(dir: string): Promise<LocalNeo4jStatus> {
  const found = readPid(dir);
  if (!found) return { running: false };
  return { running: true, pid: found.pid, port: found.port, uri: `bolt://127.0.0.1:${found.port}` };
}

/** Starts the instance unless it already runs; resolves once Bolt answers. */
export async function start(options: LocalNeo4jOptions): Promise<LocalNeo4jStatus & { alreadyRunning: boolean }> {
  const log = options.log ?? (() => {});
  const f = files(options.dir);
  const uri = `bolt://127.0.0.1:${options.port}`;
  const existing = readPid(options.dir);
  if (existing) {
    if (existing.port !== options.port) {
      throw new Error(
        `The local Neo4j in ${options.dir} already runs on port ${existing.port}, not ${options.port}; stop it first`,
      );
    }
    await waitForBolt(uri, options.password, existing.pid, f.log);
    return { running: true, alreadyRunning: true, pid: existing.pid, port: existing.port, uri };
  }
  if (await portInUse(options.port)) {
    throw new Error(`Port ${options.port} is already in use by another program; set NEO4J_LOCAL_PORT to a free port`);
  }
  ensureLauncherBuilt(log);
  fs.mkdirSync(options.dir, { recursive: true });
  const out = fs.openSync(f.log, 'a');
  const child = spawn(
    'java',
    [
      `-Xmx${options.heap ?? '768m'}`,
      '-cp',
      `${CLASSES}${path.delimiter}${path.join(LIB, '*')}`,
      MAIN_CLASS,
      f.home,
      String(options.port),
    ],
    {
      detached: true,
      stdio: ['ignore', out, out],
      env: {
        ...process.env,
        NEO4J_LAUNCHER_PASSWORD: options.password,
        NEO4J_LAUNCHER_PAGECACHE: options.pagecache ?? '',
      },
    },
  );
  fs.closeSync(out);
  if (!child.pid) throw new Error('Could not start Java for the local Neo4j: is a JDK 17+ installed and on PATH?');
  fs.writeFileSync(f.pid, `${child.pid} ${options.port}\n`);
  child.unref();
  log(`starting local Neo4j (pid ${child.pid}) on ${uri}; log: ${f.log}`);
  await waitForBolt(uri, options.password, child.pid, f.log);
  return { running: true, alreadyRunning: false, pid: child.pid, port: options.port, uri };
}

async function waitForBolt(uri: string, password: string, pid: number, logFile: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) {
      throw new Error(`The local Neo4j exited during start-up. Last lines of ${logFile}:\n${tail(logFile, 20)}`);
    }
    if (await boltAnswers(uri, 'neo4j', password)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`The local Neo4j did not answer on ${uri} within ${START_TIMEOUT_MS / 1000} s; see ${logFile}`);
}

function tail(file: string, lines: number): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Sends SIGTERM (a clean shutdown) and waits for the process to exit; SIGKILL only after STOP_TIMEOUT_MS. */
export async function stop(dir: string): Promise<{ wasRunning: boolean }> {
  const found = readPid(dir);
  const pidFile = files(dir).pid;
  if (!found) {
    fs.rmSync(pidFile, { force: true });
    return { wasRunning: false };
  }
  process.kill(found.pid, 'SIGTERM');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (isAlive(found.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  if (isAlive(found.pid)) process.kill(found.pid, 'SIGKILL');
  fs.rmSync(pidFile, { force: true });
  return { wasRunning: true };
}
