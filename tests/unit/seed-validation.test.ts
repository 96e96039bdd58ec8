import { describe, expect, it } from 'vitest';
import { buildGraph, checkCycles } from '../../src/seed/graph.js';
import { checkAskedAsRules, MIN_ASKED_AS, FOUNDATION_MIN_DEPENDENTS } from '../../src/seed/rules.js';
import { matchKey, textbookCoverage } from '../../src/seed/textbook.js';
import { readSeedDir, type SeedFile } from '../../src/seed/read.js';

/** The shipped seed files, parsed once for the whole file (parsing the YAML is most of this tier's time). */
const shipped = readSeedDir().files;

/** The real seed set with one file's data replaced, so each fixture differs from valid data in one planted way. */
function withFile(name: string, edit: (data: any) => void): SeedFile[] {
  const files = structuredClone(shipped);
  const file = files.find((f) => f.name === name)!;
  edit(file.data);
  return files;
}

const src = [{ doc: 'derived', section: 'test fixture' }];

describe('seed validation', () => {
  it('accepts the shipped seed data', () => {
    const { problems, graph } = buildGraph(shipped);
    expect(problems).toEqual([]);
    expect(checkAskedAsRules(graph.nodes)).toEqual([]);
    expect(graph.nodes.length).toBeGreaterThan(700);
  });

  it('reports a duplicate id with both files', () => {
    const { problems } = buildGraph(
      withFile('concepts/ch10-model-optimizations.yaml', (d) => d.concepts.push({ ...d.concepts[0], name: 'Copy' })),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({
        file: 'concepts/ch10-model-optimizations.yaml',
        message: expect.stringMatching(/duplicate id "concept:.*" \(first defined in concepts\/ch10/),
      }),
    );
  });

  it('reports an unknown reference with file and path', () => {
    const { problems } = buildGraph(withFile('papers.yaml', (d) => d.papers[0].about.push('concept:does-not-exist')));
    expect(problems).toContainEqual({
      file: 'papers.yaml',
      path: expect.stringMatching(/^papers\[0\]\.about\[\d+\]$/),
      message: 'unknown reference "concept:does-not-exist"',
      kind: 'unknown-reference',
    });
  });

  it('reports a missing field and a bad enum', () => {
    const { problems } = buildGraph(
      withFile('concepts/ch03-deep-learning.yaml', (d) => {
        delete d.concepts[1].definition;
        d.concepts[2].difficulty = 'EXPERT';
      }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({ file: 'concepts/ch03-deep-learning.yaml', path: 'concepts[1].definition' }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({
        path: 'concepts[2].difficulty',
        message: expect.stringMatching(/BEGINNER.*INTERMEDIATE.*ADVANCED/),
      }),
    );
  });

  it('reports unknown fields and unknown lists', () => {
    const { problems } = buildGraph(
      withFile('tools.yaml', (d) => {
        d.tools[0].website = 'x';
        d.gadgets = [];
      }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({ path: 'tools[0]', message: expect.stringMatching(/website/) }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({ path: 'gadgets', message: expect.stringMatching(/unknown list "gadgets"/) }),
    );
  });

  it('reports a prerequisite cycle as a path', () => {
    const { problems } = buildGraph(
      withFile('concepts/ch01-introduction.yaml', (d) => {
        d.concepts.push(
          {
            id: 'concept:cycle-a',
            name: 'A',
            definition: 'a',
            difficulty: 'BEGINNER',
            hours: 1,
            sources: src,
            requires: [{ id: 'concept:cycle-b', reason: 'needs b' }],
          },
          {
            id: 'concept:cycle-b',
            name: 'B',
            definition: 'b',
            difficulty: 'BEGINNER',
            hours: 1,
            sources: src,
            requires: [{ id: 'concept:cycle-a', reason: 'needs a' }],
          },
        );
      }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({ message: 'prerequisite cycle: concept:cycle-a -> concept:cycle-b -> concept:cycle-a' }),
    );
  });

  it('reports every problem in one pass', () => {
    const { problems } = buildGraph(
      withFile('papers.yaml', (d) => {
        d.papers[0].year = 'last year';
        d.papers[1].about = ['concept:nope'];
        delete d.papers[2].sources;
      }),
    );
    expect(problems.map((p) => p.path)).toEqual(
      expect.arrayContaining(['papers[0].year', 'papers[1].about[0]', 'papers[2].sources']),
    );
  });

  it('reports a file that does not parse', () => {
    const files = structuredClone(shipped);
    files.push({ name: 'broken.yaml', data: undefined, parseError: 'bad indentation' });
    expect(buildGraph(files).problems).toContainEqual({
      file: 'broken.yaml',
      path: '',
      message: 'YAML does not parse: bad indentation',
    });
  });

  it('finds cycles of any length and none in a DAG', () => {
    const at = 'f.yaml x';
    expect(
      checkCycles([
        { from: 'a', to: 'b', at },
        { from: 'b', to: 'c', at },
        { from: 'a', to: 'c', at },
      ]),
    ).toEqual([]);
    const [cycle] = checkCycles([
      { from: 'a', to: 'b', at },
      { from: 'b', to: 'c', at },
      { from: 'c', to: 'a', at },
    ]);
    expect(cycle!.message).toBe('prerequisite cycle: a -> b -> c -> a');
  });

  describe('prerequisite rules', () => {
    /** A concept for the fixtures, added to chapter 1's file. */
    const concept = (id: string, extra: Record<string, unknown> = {}) => ({
      id,
      name: id.replace('concept:', 'Fixture '),
      definition: 'A fixture concept.',
      difficulty: 'BEGINNER',
      hours: 1,
      sources: src,
      ...extra,
    });
    const withConcepts = (...items: Record<string, unknown>[]) =>
      buildGraph(withFile('concepts/ch01-introduction.yaml', (d) => d.concepts.push(...items))).problems;
    const rule = (name: string) =>
      expect.objectContaining({
        file: 'concepts/ch01-introduction.yaml',
        message: expect.stringContaining(`rule "${name}"`),
      });

    it('refuses an engineering concept that requires a history concept, and accepts history requiring history', () => {
      const problems = withConcepts(
        concept('concept:fixture-era', { history: true }),
        concept('concept:fixture-engineering', { requires: [{ id: 'concept:fixture-era', reason: 'needs the era' }] }),
        concept('concept:fixture-later-era', {
          history: true,
          requires: [{ id: 'concept:fixture-era', reason: 'follows it' }],
        }),
      );
      expect(problems).toEqual([
        expect.objectContaining({
          path: expect.stringMatching(/^concepts\[\d+\]\.requires\[0\]$/),
          message: expect.stringMatching(
            /no history prerequisite.*concept:fixture-engineering requires the history concept concept:fixture-era/,
          ),
        }),
      ]);
    });

    it('refuses a name or alias that two concepts share, whatever its case', () => {
      const problems = withConcepts(concept('concept:fixture-alias', { aliases: ['int8 QUANTIZATION'] }));
      expect(problems).toEqual([
        expect.objectContaining({
          message:
            'rule "one concept per name": "int8 quantization" names both concept:fixture-alias and concept:quantization; keep it on one of them',
        }),
      ]);
    });

    it('refuses a redundant prerequisite unless the edge says why the direct edge matters', () => {
      const base = concept('concept:fixture-base');
      const middle = concept('concept:fixture-middle', {
        requires: [{ id: 'concept:fixture-base', reason: 'needs base' }],
      });
      const top = (edge: Record<string, unknown>) =>
        concept('concept:fixture-top', {
          requires: [
            { id: 'concept:fixture-middle', reason: 'needs middle' },
            { id: 'concept:fixture-base', reason: 'needs base', ...edge },
          ],
        });
      const refused = withConcepts(base, middle, top({}));
      expect(refused).toEqual([rule('no redundant prerequisite')]);
      expect(refused[0]!.message).toContain(
        'concept:fixture-top -> concept:fixture-base is implied by concept:fixture-middle',
      );
      expect(
        withConcepts(base, middle, top({ whyDirect: 'the base is used directly, not only through the middle' })),
      ).toEqual([]);
    });

    it('refuses a prerequisite two levels harder unless the edge says why', () => {
      const hard = concept('concept:fixture-hard', { difficulty: 'ADVANCED' });
      const easy = (edge: Record<string, unknown>) =>
        concept('concept:fixture-easy', { requires: [{ id: 'concept:fixture-hard', reason: 'needs hard', ...edge }] });
      expect(withConcepts(hard, easy({}))).toEqual([rule('no steep prerequisite')]);
      expect(withConcepts(hard, easy({ whyHarder: 'only its intuition is needed' }))).toEqual([]);
    });
  });

  describe('links', () => {
    it('gives every chapter, paper, tool, project, organization and resource a well-formed https URL', () => {
      const { graph } = buildGraph(shipped);
      const linked = graph.nodes.filter((n) => n.props.url !== undefined);
      expect(new Set(linked.map((n) => n.label))).toEqual(
        new Set(['Chapter', 'Paper', 'Tool', 'OpenSourceProject', 'Organization', 'Resource']),
      );
      for (const node of linked) {
        const url = new URL(String(node.props.url));
        expect(url.protocol, node.id).toBe('https:');
        expect(url.hostname, node.id).toContain('.');
        expect(String(node.props.url), node.id).not.toMatch(/\s/);
      }
      const chapters = graph.nodes.filter((n) => n.label === 'Chapter');
      for (const ch of chapters)
        expect(ch.props.url, ch.id).toMatch(/^https:\/\/mlsysbook\.ai\/contents\/core\/([a-z_]+)\/\1\.html$/);
    });

    it('refuses a missing URL where the kind requires one, and a malformed one', () => {
      const missing = buildGraph(withFile('tools.yaml', (d) => delete d.tools[0].url)).problems;
      expect(missing).toEqual([
        {
          file: 'tools.yaml',
          path: 'tool:pytorch',
          message: 'rule "url required": tool:pytorch has no url; a Tool links to its page (home page, DOI or arXiv)',
        },
      ]);
      const generic = buildGraph(
        withFile('tools.yaml', (d) => {
          d.tools[0].category = 'generic';
          delete d.tools[0].url;
        }),
      ).problems;
      expect(generic).toEqual([]);
      const malformed = buildGraph(withFile('papers.yaml', (d) => (d.papers[0].url = 'doi:10.1145/1234'))).problems;
      expect(malformed).toEqual([
        expect.objectContaining({
          file: 'papers.yaml',
          path: 'papers[0].url',
          message: expect.stringContaining('URL'),
        }),
      ]);
    });
  });

  describe('askedAs rules', () => {
    const file = 'concepts/ch10-model-optimizations.yaml';
    const problemsWith = (edit: (concepts: any[]) => void) =>
      checkAskedAsRules(buildGraph(withFile(file, (d) => edit(d.concepts))).graph.nodes);

    it('refuses a concept with too few phrases, one that names it, and one that another concept lists', () => {
      let first: any;
      const problems = problemsWith((concepts) => {
        first = concepts[0];
        first.askedAs = first.askedAs.slice(0, MIN_ASKED_AS - 1);
        concepts[1].askedAs[0] = `how does ${String(concepts[1].aliases[0]).toUpperCase()} work`;
        concepts[2].askedAs[0] = `  ${first.askedAs[0].toUpperCase()} `;
      });
      expect(problems).toEqual([
        {
          file,
          path: first.id,
          message: `rule "enough ways of asking": ${first.id} has ${MIN_ASKED_AS - 1} askedAs phrases; give at least ${MIN_ASKED_AS}, each how a learner would ask for it without its name`,
        },
        expect.objectContaining({
          message: expect.stringMatching(/^rule "in the learner's words": an askedAs phrase of concept:\S+ names it/),
        }),
        expect.objectContaining({
          message: expect.stringMatching(new RegExp(`^rule "one phrase, one item": .* already listed by ${first.id}$`)),
        }),
      ]);
    });

    it('matches a name as whole words only', () => {
      const problems = problemsWith((concepts) => {
        concepts[0].aliases = ['ant'];
        concepts[0].askedAs[0] = 'an important quantity, constant over time';
      });
      expect(problems).toEqual([]);
    });
  });

  describe('career path rules', () => {
    const problemsWith = (edit: (roles: any[]) => void) =>
      buildGraph(withFile('careers.yaml', (d) => edit(d.roles))).problems.filter((p) => p.message.startsWith('rule "'));

    it('accepts the shipped roles', () => {
      expect(problemsWith(() => {})).toEqual([]);
    });

    it('refuses a role with fewer than 12 concepts', () => {
      const problems = problemsWith((roles) => (roles[0].concepts = roles[0].concepts.slice(0, 11)));
      expect(problems).toEqual([
        {
          file: 'careers.yaml',
          path: 'role:ml-engineer',
          message:
            'rule "enough role concepts": role:ml-engineer names 11 concepts; give at least 12 (CORE or SUPPORTING)',
        },
      ]);
    });

    it('refuses two roles that share more than 80% of their concepts', () => {
      const problems = problemsWith((roles) => {
        const mlops = roles.find((r) => r.id === 'role:mlops-engineer');
        const infra = roles.find((r) => r.id === 'role:ml-infrastructure-engineer');
        infra.concepts = [...mlops.concepts.slice(0, 17), ...infra.concepts.slice(0, 3)];
      });
      expect(problems).toEqual([
        expect.objectContaining({
          file: 'careers.yaml',
          path: 'role:ml-infrastructure-engineer',
          message: expect.stringMatching(
            /^rule "roles that differ": role:mlops-engineer and role:ml-infrastructure-engineer share 17 of 20 concepts/,
          ),
        }),
      ]);
    });
  });

  describe('foundation question rule', () => {
    const base = {
      id: 'concept:fixture-base',
      name: 'Fixture base',
      definition: 'A fixture concept.',
      difficulty: 'BEGINNER',
      hours: 1,
      sources: src,
    };
    /** The base concept and `n` dependents, each requiring the one before (so each builds on the base). */
    const chain = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        ...base,
        id: `concept:fixture-dependent-${i}`,
        name: `Fixture dependent ${i}`,
        requires: [{ id: i ? `concept:fixture-dependent-${i - 1}` : base.id, reason: 'builds on it' }],
      }));
    const question = (checks: string[]) => ({
      id: 'question:introduction-fixture',
      text: 'A fixture question?',
      answer: 'A fixture answer.',
      difficulty: 'BEGINNER',
      kind: 'RECALL',
      checks,
      sources: src,
    });
    const problemsWith = (dependents: number, questions: Record<string, unknown>[]) => {
      const files = withFile('concepts/ch01-introduction.yaml', (d) => d.concepts.push(base, ...chain(dependents)));
      (files.find((f) => f.name === 'questions/ch01-introduction.yaml')!.data as any).questions.push(...questions);
      return buildGraph(files).problems.filter((p) => p.message.includes('rule "foundation question"'));
    };

    it(`refuses a concept that ${FOUNDATION_MIN_DEPENDENTS} others build on and no question checks alone`, () => {
      const refused = problemsWith(FOUNDATION_MIN_DEPENDENTS, [question([base.id, 'concept:machine-learning'])]);
      expect(refused).toEqual([
        {
          file: 'concepts/ch01-introduction.yaml',
          path: 'concept:fixture-base',
          message: `rule "foundation question": ${FOUNDATION_MIN_DEPENDENTS} concepts build on concept:fixture-base and no review question checks it alone; add one with checks: [concept:fixture-base] to its chapter's question file`,
        },
      ]);
    });

    it('accepts it with a question that checks it alone, and one with fewer dependents without', () => {
      expect(problemsWith(FOUNDATION_MIN_DEPENDENTS, [question([base.id])])).toEqual([]);
      expect(problemsWith(FOUNDATION_MIN_DEPENDENTS - 1, [])).toEqual([]);
    });
  });

  describe('textbook coverage', () => {
    it('matches names across case, punctuation, plurals and parenthesised expansions', () => {
      expect(matchKey('Binary Neural Networks')).toBe(matchKey('binary neural network'));
      expect(matchKey('Quantization-aware Training')).toBe(matchKey('quantization aware training'));
      const { graph } = buildGraph(shipped);
      const [row] = textbookCoverage(graph, [
        {
          chapter: 'chapter:model-optimizations',
          source: { repo: 'r', path: 'p', commit: '0'.repeat(40) },
          names: {
            primary: [
              'Model Quantization (Quantization)',
              'Knowledge Distillation',
              'Smart Toasters',
              'Toaster Firmware Pruning',
            ],
          },
          leftOut: [{ name: 'Smart Toasters', why: 'an example device' }],
        },
      ]);
      expect(row).toMatchObject({
        names: 4,
        covered: 2,
        leftOut: 1,
        missing: ['Toaster Firmware Pruning'],
        percent: 50,
      });
    });

    it('counts named tools, organizations, projects and papers, but not generic kinds of software', () => {
      const { graph } = buildGraph(readSeedDir().files);
      const names = ['Apache Airflow', 'Google', 'vLLM', 'ResNet', 'HPC clusters'];
      const [row] = textbookCoverage(graph, [
        {
          chapter: 'chapter:ml-operations',
          source: { repo: 'r', path: 'p', commit: '0'.repeat(40) },
          names: { tools: names },
          leftOut: [],
        },
      ]);
      expect(row).toMatchObject({ names: 5, covered: 4, missing: ['HPC clusters'] });
    });
  });
});
