/**
 * The merged SDL as a committed file, and the breaking-change check.
 *   npm run schema:write   writes schema.graphql from schema/*.graphql
 *   npm run schema:check   fails when schema.graphql is not current, or when the schema breaks a client of the last
 *                          release (schema/releases/<version>.graphql, the newest), per @graphql-inspector/core
 *   npm run schema:release copies schema.graphql to schema/releases/<package version>.graphql
 */
import fs from 'node:fs';
import path from 'node:path';
import { CriticalityLevel, diff } from '@graphql-inspector/core';
import { buildSchema, printSchema } from 'graphql';
import { PROJECT_ROOT } from '../src/config.js';
import { executableSchema } from '../src/graphql/schema.js';
import { VERSION } from '../src/http/site.js';

const FILE = path.join(PROJECT_ROOT, 'schema.graphql');
const RELEASES = path.join(PROJECT_ROOT, 'schema', 'releases');
const current = `${printSchema(executableSchema())}\n`;

/** The newest released schema, by semantic version. */
function lastRelease(): { version: string; sdl: string } | undefined {
  const versions = fs
    .readdirSync(RELEASES)
    .filter((f) => f.endsWith('.graphql'))
    .map((f) => f.replace(/\.graphql$/, ''))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const version = versions.at(-1);
  return version ? { version, sdl: fs.readFileSync(path.join(RELEASES, `${version}.graphql`), 'utf8') } : undefined;
}

async function main() {
  const mode = process.argv[2] ?? '--write';
  if (mode === '--write') {
    fs.writeFileSync(FILE, current);
    console.log(`wrote ${path.relative(PROJECT_ROOT, FILE)}`);
    return;
  }
  if (mode === '--release') {
    fs.copyFileSync(FILE, path.join(RELEASES, `${VERSION}.graphql`));
    console.log(`schema/releases/${VERSION}.graphql`);
    return;
  }
  let failed = false;
  if (!fs.existsSync(FILE) || fs.readFileSync(FILE, 'utf8') !== current) {
    console.error('schema.graphql is not current: run `npm run schema:write` and commit it');
    failed = true;
  }
  const release = lastRelease();
  if (release) {
    const changes = await diff(buildSchema(release.sdl), buildSchema(current));
    const breaking = changes.filter((c) => c.criticality.level === CriticalityLevel.Breaking);
    for (const c of breaking) console.error(`breaking change since ${release.version}: ${c.message}`);
    if (breaking.length) failed = true;
    const dangerous = changes.filter((c) => c.criticality.level === CriticalityLevel.Dangerous);
    for (const c of dangerous) console.warn(`dangerous change since ${release.version}: ${c.message}`);
    console.log(`${changes.length} changes since ${release.version}, ${breaking.length} breaking`);
  }
  if (failed) process.exit(1);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
