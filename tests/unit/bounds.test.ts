import fs from 'node:fs';
import path from 'node:path';
import { isInputObjectType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { INPUT_BOUNDS, type InputBound } from '../../src/bounds.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { MAX_IDS } from '../../src/graphql/resolvers/node.js';
import { executableSchema } from '../../src/graphql/schema.js';
import { MAX_RESULTS } from '../../src/search/service.js';
import { MAX_QUERY_LENGTH } from '../../src/search/query.js';

const schema = executableSchema();
const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
const ROWS = Object.entries(INPUT_BOUNDS) as [string, InputBound][];

/** The description at an SDL coordinate: `Type.field` or `Type.field(arg:)`. */
function descriptionAt(coordinate: string): string | null | undefined {
  const [, typeName, fieldName, argName] = /^(\w+)\.(\w+)(?:\((\w+):\))?$/.exec(coordinate) ?? [];
  const type = schema.getType(typeName ?? '');
  if (!type || !(isObjectType(type) || isInputObjectType(type))) return undefined;
  const field = type.getFields()[fieldName!];
  if (!field) return undefined;
  if (!argName) return field.description;
  return 'args' in field ? field.args.find((a) => a.name === argName)?.description : undefined;
}

/** The numbers a bound states ("10000" is also matched written as "10,000"). */
const numbersOf = (bound: InputBound) => [bound.min, bound.max].filter((n): n is number => n !== undefined);
const states = (text: string, n: number) =>
  new RegExp(`(?<![\\d.])${String(n).replace('.', '\\.')}(?![\\d]|\\.\\d)`).test(text.replace(/(\d),(\d{3})/g, '$1$2'));

describe('the input bounds table (src/bounds.ts)', () => {
  it('names only SDL coordinates that exist, and every row says where a client reads it', () => {
    const missing = ROWS.flatMap(([, b]) => b.sdl.filter((c) => descriptionAt(c) === undefined));
    expect(missing).toEqual([]);
    expect(ROWS.filter(([, b]) => !b.sdl.length && !b.readme).map(([name]) => name)).toEqual([]);
  });

  it('is what each SDL description states', () => {
    const drift = ROWS.flatMap(([name, bound]) =>
      bound.sdl
        .filter((c) => !numbersOf(bound).every((n) => states(descriptionAt(c) ?? '', n)))
        .map((c) => `${name}: ${c} says "${descriptionAt(c) ?? ''}", not ${numbersOf(bound).join(' to ')}`),
    );
    expect(drift).toEqual([]);
  });

  it('is what the README states, in a paragraph naming the argument', () => {
    const paragraphs = readme.split(/\n\s*\n/);
    const drift = ROWS.filter(([, b]) => b.readme)
      .filter(
        ([, bound]) =>
          !paragraphs.some((p) => p.includes(`\`${bound.readme}`) && numbersOf(bound).every((n) => states(p, n))),
      )
      .map(([name, bound]) => `${name}: no README paragraph names \`${bound.readme}\` with ${numbersOf(bound)}`);
    expect(drift).toEqual([]);
  });

  it('is what the modules that keep a constant of their own check', () => {
    expect({ ids: MAX_IDS, searchFirst: MAX_RESULTS, searchQuery: MAX_QUERY_LENGTH }).toEqual({
      ids: INPUT_BOUNDS.nodeIds.max,
      searchFirst: INPUT_BOUNDS.searchFirst.max,
      searchQuery: INPUT_BOUNDS.searchQuery.max,
    });
  });
});
