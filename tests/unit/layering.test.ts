import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';

/**
 * The layering rules of src/ (docs/ARCHITECTURE.md, "Boundaries"), checked on the imports the TypeScript parser
 * finds in every file: static imports, re-exports and dynamic imports, type-only ones included.
 */
const SRC = path.join(PROJECT_ROOT, 'src');

interface Import {
  /** The importing file, relative to src/ ("db/database.ts"). */
  from: string;
  /** A file of src/ ("graphql/errors.ts") or a package name ("neo4j-driver"). */
  to: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(e.name) ? [full] : [];
  });
}

function importsOf(file: string): Import[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const from = path.relative(SRC, file);
  const found: Import[] = [];
  const add = (specifier: string, typeOnly: boolean) => {
    const to = specifier.startsWith('.')
      ? path.relative(SRC, path.resolve(path.dirname(file), specifier)).replace(/\.js$/, '.ts')
      : specifier
          .replace(/^node:/, '')
          .split('/')
          .slice(0, specifier.startsWith('@') ? 2 : 1)
          .join('/');
    found.push({ from, to, typeOnly });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly =
        !!clause &&
        (clause.isTypeOnly ||
          (!clause.name &&
            !!clause.namedBindings &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      add(node.moduleSpecifier.text, typeOnly);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node.isTypeOnly);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      add(node.arguments[0].text, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const IMPORTS = sourceFiles(SRC).flatMap(importsOf);

/** The folder of a file of src/ ("db"), or the file itself for the few at the top ("server.ts"). */
const folderOf = (file: string) => (file.includes('/') ? file.split('/')[0]! : file);
const isIn = (file: string, folders: readonly string[]) => folders.includes(folderOf(file));
const show = (imports: Import[]) => imports.map((i) => `${i.from} -> ${i.to}`);

/** Domain logic with no I/O: neither the database, nor HTTP, nor GraphQL, nor the search service. */
const PURE = [
  'prereq/',
  'careers/',
  'roadmap/',
  'curriculum/',
  'learning/inputs.ts',
  'learning/placement.ts',
  'learning/review.ts',
  'learning/simulate.ts',
];
const isPure = (file: string) => PURE.some((p) => (p.endsWith('/') ? file.startsWith(p) : file === p));

describe('the unit tier', () => {
  it('imports nothing that starts Neo4j or loads the model (tests/helpers.ts, src/local/, src/server.ts)', () => {
    const dir = path.join(PROJECT_ROOT, 'tests', 'unit');
    const offending = sourceFiles(dir)
      .flatMap(importsOf)
      .filter(
        (i) =>
          ['../tests/helpers.ts', '../tests/global-setup.ts', 'server.ts'].includes(i.to) || i.to.startsWith('local/'),
      );
    expect(show(offending)).toEqual([]);
  });
});

describe('layering of src/', () => {
  it('reads every file and resolves its imports', () => {
    expect(IMPORTS.length).toBeGreaterThan(300);
    const missing = IMPORTS.filter((i) => i.to.endsWith('.ts') && !fs.existsSync(path.join(SRC, i.to)));
    expect(show(missing)).toEqual([]);
  });

  it('db/ imports nothing from graphql/, search/, curation/ or http/', () => {
    const up = IMPORTS.filter(
      (i) => folderOf(i.from) === 'db' && isIn(i.to, ['graphql', 'search', 'curation', 'http']),
    );
    expect(show(up)).toEqual([]);
  });

  it('the pure folders import no db/, http/, graphql/, search/ or local/, and no driver', () => {
    const io = IMPORTS.filter(
      (i) =>
        isPure(i.from) &&
        (isIn(i.to, ['db', 'http', 'graphql', 'search', 'local', 'server.ts']) ||
          ['neo4j-driver', 'fastify', 'graphql', 'fs'].includes(i.to)),
    );
    expect(show(io)).toEqual([]);
  });

  it('seed/ does not import curation/ (curation builds on the seed, never the other way)', () => {
    expect(show(IMPORTS.filter((i) => folderOf(i.from) === 'seed' && folderOf(i.to) === 'curation'))).toEqual([]);
  });

  it('only db/database.ts opens the driver (local/ pings the instance it starts)', () => {
    const users = IMPORTS.filter((i) => i.to === 'neo4j-driver' && !i.typeOnly).map((i) => i.from);
    expect(users.sort()).toEqual(['db/database.ts', 'local/neo4j-local.ts']);
  });

  it('GraphQL is known only to graphql/ and http/: domain code throws DomainError (src/errors.ts)', () => {
    const outside = IMPORTS.filter((i) => i.to === 'graphql' && !isIn(i.from, ['graphql', 'http']));
    expect(show(outside)).toEqual([]);
  });

  it('services are built only by the composition root (src/server.ts); http/ and graphql/ take them as types', () => {
    const services = ['curation/service.ts', 'learning/service.ts', 'roadmap/service.ts', 'search/service.ts'];
    const builders = IMPORTS.filter((i) => services.includes(i.to) && !i.typeOnly && isIn(i.from, ['http', 'graphql']));
    expect(show(builders)).toEqual([]);
    expect(IMPORTS.some((i) => i.from === 'server.ts' && i.to === 'curation/service.ts' && !i.typeOnly)).toBe(true);
  });

  it('no two folders of src/ import each other, except db/ and seed/ (below)', () => {
    const edges = new Set(
      IMPORTS.filter((i) => i.to.endsWith('.ts') && folderOf(i.from) !== folderOf(i.to)).map(
        (i) => `${folderOf(i.from)} ${folderOf(i.to)}`,
      ),
    );
    const mutual = [...edges]
      .filter((e) => e.split(' ')[0]! < e.split(' ')[1]! && edges.has(e.split(' ').reverse().join(' ')))
      .map((e) => e.replace(' ', ' <-> '))
      .sort();
    // The seed's loader writes through db/; db/curation.ts reuses the loader's upserts (seed/write.ts) and its
    // types. No file imports itself back through the other folder.
    expect(mutual).toEqual(['db <-> seed']);
  });
});
