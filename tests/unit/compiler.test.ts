import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { listStatement, nodeStatement } from '../../src/db/nodes.js';
import { compile, Unplannable, type CompiledOperation } from '../../src/graphql/compiler.js';
import { listQuery } from '../../src/db/list-query.js';
import { pageWindow } from '../../src/graphql/pagination.js';
import { executableSchema } from '../../src/graphql/schema.js';

/**
 * The Cypher representative operations compile to, without a database (the tier neo4j/graphql calls its tck): a
 * change to the compiler or to the relation table shows here, in review, as a change of generated Cypher.
 */
const schema = executableSchema();

function compileText(query: string): CompiledOperation {
  const document = parse(query);
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  return compile(schema, document, operation);
}

/** Each root field's statement, as the engine sends it. */
function statements(query: string, args: Record<string, Record<string, unknown>> = {}): string[] {
  return compileText(query).fields.map((f) => {
    if ('typename' in f) return `(${f.key}: the query type's name, no statement)`;
    if ('resolved' in f) return `(${f.key}: outside the catalog, run by graphql-js)`;
    if (f.mode === 'byId') return nodeStatement(f.kind.label, f.projection!);
    return listStatement({
      ...listQuery(f.kind, pageWindow(args[f.key] ?? {}), args[f.key] ?? {}),
      project: f.projection ?? 'n.id',
    });
  });
}

function reasonOf(query: string): string {
  try {
    compileText(query);
  } catch (err) {
    if (err instanceof Unplannable) return `${err.reason}: ${err.message}`;
    throw err;
  }
  return 'compiled';
}

describe('compiled Cypher', () => {
  it.each([
    [
      'concept + prerequisites + chapter',
      `{ concept(id: "x") { id name definition chapter { id title } prerequisites { reason concept { id name } } } }`,
    ],
    [
      'chapter page (concepts, trade-offs, papers over two hops)',
      `{ chapter(id: "x") { id title concepts { id name } tradeOffs { id name } papers { id title year } } }`,
    ],
    [
      'role -> skills -> concepts -> chapter (edge properties, a joined single neighbour)',
      `{ careerPath(id: "x") { id name skills { level derivation skill { id name concepts { id name chapter { title } } } } } }`,
    ],
    [
      'chapter page with sources (a resolver leaf reading one property)',
      `{ chapter(id: "x") { id title concepts { id name sources { doc section citation } } } }`,
    ],
    [
      'resolver leaves with arguments and JSON (stored properties read for them)',
      `{ concept(id: "x") { a: allPrerequisites(first: 3) { depth } } careerPath(id: "y") { salary { min max } } }`,
    ],
    [
      'an undirected relation, an order on the relationship, and neighbours of any kind',
      `{ concept(id: "x") { related { id } careerPaths { weight role { name } } mentionedBy { id __typename } } }`,
    ],
    [
      'aliases, fragments and __typename',
      `query { __typename c: concept(id: "x") { ...F k: name } } fragment F on Concept { __typename id }`,
    ],
    ['a root outside the catalog beside a compiled one', `{ search(query: "q") { score } concept(id: "x") { id } }`],
  ])('%s', (_name, query) => {
    expect(statements(query)).toMatchSnapshot();
  });

  it('renders list filters, references and the page window', () => {
    const query = `{ concepts(first: 20, difficulty: ADVANCED, part: "part:x") { totalCount nodes { id name chapter { title } } } }`;
    expect(statements(query, { concepts: { first: 20, difficulty: 'ADVANCED', part: 'part:x' } })).toMatchSnapshot();
  });
});

describe('what the compiler leaves to graphql-js, and why', () => {
  it.each([
    ['a mutation', `mutation { __typename }`, 'not-a-query: a mutation'],
    [
      'a conditional field',
      `query($on: Boolean!) { concept(id: "x") { name @include(if: $on) } }`,
      'directive: @include on a selection of Concept',
    ],
    [
      'a fragment on an interface',
      `{ concept(id: "x") { ... on Node { id } } }`,
      'fragment-on-other-type: a fragment on Node inside Concept',
    ],
    [
      'a fragment on a kind under an interface field',
      `{ concept(id: "x") { mentionedBy { ... on LearningObjective { text } } } }`,
      'fragment-on-other-type: a fragment on LearningObjective inside Node',
    ],
    [
      'an interface field with resolvers per type',
      `{ concept(id: "x") { mentionedBy { sources { doc } } } }`,
      'abstract-type: Node.sources has resolvers per type',
    ],
    ['one response key twice', `{ concept(id: "x") { id id } }`, 'repeated-key: "id" is selected twice on Concept'],
    [
      'two node selections in one connection',
      `{ concepts(first: 2) { nodes { id } edges { node { name } } } }`,
      'two-node-selections: concepts selects its nodes twice',
    ],
  ])('leaves %s', (_what, query, reason) => {
    expect(reasonOf(query)).toBe(reason);
  });

  it.each([
    ['a field with its own resolver', `{ concept(id: "x") { sources { doc citation } } }`],
    ['a field with arguments', `{ concept(id: "x") { allPrerequisites(first: 5) { depth concept { id } } } }`],
    ['a JSON field', `{ tradeOff(id: "x") { variants { tension source { doc } } } }`],
    ['an interface-typed relation', `{ concept(id: "x") { mentionedBy { id __typename } } }`],
    [
      'roots outside the catalog (run by graphql-js inside the plan)',
      `{ search(query: "q") { score } node(id: "x") { id } }`,
    ],
  ])('compiles %s', (_what, query) => {
    expect(reasonOf(query)).toBe('compiled');
  });
});
