import fs from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';

const read = (file: string) => JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8'));

/**
 * Packages whose declared engines exclude part of our range although they run on it, each with the reason; the list
 * must shrink, never grow silently.
 */
const KNOWN: Record<string, string> = {
  // An optional prebuilt binary of a dev tool, for Linux x64 on newer Node only; the tool falls back without it.
  'node_modules/@napi-rs/lzma-linux-x64-gnu': '^22.20 || ^24.12 || >=25',
};

describe('engines', () => {
  it('no package in the lock file declares an engine that excludes the Node versions package.json claims', () => {
    const ours = read('package.json').engines.node as string;
    expect(semver.satisfies(process.version, ours), `this Node (${process.version}) is one we claim`).toBe(true);
    const lock = read('package-lock.json') as { packages: Record<string, { engines?: { node?: string } }> };
    const excluding = Object.entries(lock.packages)
      .filter(([name, p]) => name && p.engines?.node && !semver.subset(ours, p.engines.node))
      .map(([name, p]) => [name, p.engines!.node!]);
    expect(Object.fromEntries(excluding)).toEqual(KNOWN);
  });
});
