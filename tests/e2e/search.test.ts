import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/seed/graph.js';
import { readSeedDir } from '../../src/seed/read.js';
import { gql, startTestServer, type TestServer } from '../helpers.js';

let server: TestServer;
let noModel: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  noModel = await startTestServer({}, { withoutModel: true });
});
afterAll(async () => {
  await server.close();
  await noModel.close();
});

const SEARCH = `query($q: String!, $types: [SearchableType!], $first: Int, $mode: SearchMode) {
  search(query: $q, types: $types, first: $first, mode: $mode) {
    score node { id __typename } why { matchedBy semanticScore semanticRank keywordScore keywordRank field snippet } } }`;

const search = (s: TestServer, vars: Record<string, unknown>) => gql(s, SEARCH, vars);
const ids = (res: any) => res.data.search.map((r: any) => r.node.id);

describe('search', () => {
  it('finds a concept from a paraphrase that avoids its name', async () => {
    const res = await search(server, {
      q: 'store the weights as 8-bit integers so the network takes less memory',
      first: 5,
    });
    expect(res.errors).toBeUndefined();
    expect(ids(res)).toContain('concept:quantization');
  });

  it('semantic mode ranks by meaning alone', async () => {
    const res = await search(server, { q: 'teach a small network to imitate a big one', first: 5, mode: 'SEMANTIC' });
    expect(ids(res)).toContain('concept:knowledge-distillation');
    for (const r of (res.data as any).search) expect(r.why.matchedBy).toEqual(['SEMANTIC']);
  });

  it('keyword mode finds exact names first', async () => {
    const res = await search(server, { q: 'Kubernetes', first: 3, mode: 'KEYWORD' });
    expect(ids(res)[0]).toBe('tool:kubernetes');
    const top = (res.data as any).search[0];
    expect(top.why).toMatchObject({
      matchedBy: ['KEYWORD'],
      keywordRank: 1,
      field: 'name',
      snippet: 'Kubernetes',
      semanticScore: null,
    });
  });

  it('keyword mode matches a word with one typo only when the exact words match nothing', async () => {
    const typo = await search(server, { q: 'quantizaton', first: 3, mode: 'KEYWORD' });
    expect(ids(typo)).toContain('concept:quantization');
    const exact = await search(server, { q: 'Quantization', first: 3, mode: 'KEYWORD' });
    expect(ids(exact)[0]).toBe('concept:quantization');
  });

  it('results carry their chapter, a URL, and for a concept its difficulty and hours, as the seed gives them', async () => {
    const res: any = await gql(
      server,
      `{ search(query: "Quantization", first: 10) { node { id } chapter { id } url difficulty hours } }`,
    );
    const { graph } = buildGraph(readSeedDir().files);
    const node = (id: string) => graph.nodes.find((n) => n.id === id)!;
    const results = res.data.search;
    expect(results[0].node.id).toBe('concept:quantization');
    for (const r of results) {
      const n = node(r.node.id);
      const chapter =
        n.label === 'Chapter'
          ? n.id
          : graph.edges.find((e) => e.from === n.id && ['INTRODUCED_IN', 'IN_CHAPTER'].includes(e.type))?.to;
      if (chapter) expect(r.chapter?.id).toBe(chapter);
      const url = n.props.url ?? (r.chapter ? node(r.chapter.id).props.url : null) ?? null;
      expect(r.url).toBe(url);
      expect(r.difficulty).toBe(n.label === 'Concept' ? n.props.difficulty : null);
      expect(r.hours).toBe(n.label === 'Concept' ? n.props.hours : null);
    }
    expect(results[0].chapter.id).toBe('chapter:model-optimizations');
    expect(results[0].url).toMatch(/^https:\/\//);
  });

  it('explains hybrid results with both component ranks and a snippet', async () => {
    const res = await search(server, { q: 'federated learning on phones', first: 5 });
    const both = (res.data as any).search.find((r: any) => r.why.matchedBy.length === 2);
    expect(both).toBeDefined();
    expect(both.why.semanticRank).toBeGreaterThan(0);
    expect(both.why.keywordRank).toBeGreaterThan(0);
    expect(both.why.semanticScore).toBeGreaterThan(0);
    expect(both.why.snippet.length).toBeGreaterThan(0);
    const scores = (res.data as any).search.map((r: any) => r.score);
    expect(scores).toEqual([...scores].sort((a: number, b: number) => b - a));
  });

  it('filters by type before the cut, so a filter returns as many as asked', async () => {
    const res = await search(server, { q: 'make inference faster on small devices', types: ['TOOL'], first: 10 });
    expect((res.data as any).search).toHaveLength(10);
    for (const r of (res.data as any).search) expect(r.node.__typename).toBe('Tool');
    const two = await search(server, { q: 'who gets paid the most', types: ['CAREER_PATH', 'SKILL'], first: 14 });
    const kinds = new Set((two.data as any).search.map((r: any) => r.node.__typename));
    expect([...kinds].sort()).toEqual(['CareerPath', 'Skill']);
    expect((two.data as any).search).toHaveLength(14);
  });

  it('caches query embeddings by text', async () => {
    const embedder = server.search.embedder!;
    const q = `a question asked twice ${Date.now()}`;
    const before = embedder.cacheHits;
    await search(server, { q, mode: 'SEMANTIC', first: 5 });
    expect(embedder.cacheHits).toBe(before);
    // Another request (first: 6) with the same text: a new search, the same vector.
    await search(server, { q, mode: 'SEMANTIC', first: 6 });
    expect(embedder.cacheHits).toBe(before + 1);
  });

  it('serves a repeated request from the result cache until the graph or its vectors change', async () => {
    const vars = { q: `caching check ${Date.now()} quantization`, first: 5 };
    const before = server.search.resultHits;
    const first = (await search(server, vars)).data;
    expect(server.search.resultHits).toBe(before);
    expect((await search(server, vars)).data).toEqual(first);
    expect(server.search.resultHits).toBe(before + 1);
    // What an embedding run of any process records: the stamp moves, so the next request computes again.
    await server.db.write(`MATCH (m:SeedMeta {id: 'seed'}) SET m.embeddedAt = coalesce(m.embeddedAt, 0) + 1`);
    expect((await search(server, vars)).data).toEqual(first);
    expect(server.search.resultHits).toBe(before + 1);
  });

  it('finds the nodes nearest to a node, never the node itself', async () => {
    const res: any = await gql(
      server,
      `{ similar(id: "concept:pruning", first: 5) { score node { id } why { matchedBy } } }`,
    );
    const found = res.data.similar.map((r: any) => r.node.id);
    expect(found).toHaveLength(5);
    expect(found).not.toContain('concept:pruning');
    // Among the nearest are nodes the seed links to it directly (its terms, techniques, dependents), whatever they are.
    const { graph } = buildGraph(readSeedDir().files);
    const linked = new Set(
      graph.edges.flatMap((e) => (e.from === 'concept:pruning' ? [e.to] : e.to === 'concept:pruning' ? [e.from] : [])),
    );
    expect(found.filter((id: string) => linked.has(id)).length).toBeGreaterThan(0);
    const typed: any = await gql(
      server,
      `{ similar(id: "concept:pruning", types: [PAPER], first: 3) { node { __typename } } }`,
    );
    expect(typed.data.similar.map((r: any) => r.node.__typename)).toEqual(['Paper', 'Paper', 'Paper']);
    expect(((await gql(server, `{ similar(id: "concept:nope") { score } }`)) as any).data.similar).toBeNull();
  });
});

describe('search without the model', () => {
  it('still answers keyword searches', async () => {
    const res = await search(noModel, { q: 'Kubernetes', mode: 'KEYWORD', first: 1 });
    expect(ids(res)).toEqual(['tool:kubernetes']);
  });

  it('fails semantic and hybrid searches with MODEL_UNAVAILABLE', async () => {
    for (const mode of ['SEMANTIC', 'HYBRID']) {
      const res = await search(noModel, { q: 'shrink a model', mode });
      expect(res.errors![0]!.extensions!.code).toBe('MODEL_UNAVAILABLE');
      expect(res.status).toBe(503);
    }
  });
});

describe('search input', () => {
  const codeOf = (res: any) => res.errors?.[0]?.extensions?.code;

  it('refuses an empty or blank query', async () => {
    for (const q of ['', '   ', '\t\n', '\u0000\u0007']) {
      const res = await search(server, { q });
      expect({ q, code: codeOf(res) }).toEqual({ q, code: 'BAD_USER_INPUT' });
      expect(res.errors![0]!.message).toMatch(/empty/);
    }
  });

  it('refuses a query over 200 characters', async () => {
    const res = await search(server, { q: 'x'.repeat(201) });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.message).toMatch(/limit is 200/);
  });

  it('treats control characters and lone surrogates as spaces or replacement characters, without crashing', async () => {
    for (const q of ['pruning\u0000weights', 'pruning \ud800 weights', '\udfffpruning']) {
      const res = await search(server, { q, mode: 'KEYWORD' });
      expect(res.errors).toBeUndefined();
      expect(ids(res)).toContain('concept:pruning');
    }
  });

  it('never lets Lucene syntax through from user text', async () => {
    for (const q of [
      'AND OR NOT',
      '"unbalanced',
      'title:(x',
      'a~ b^3 c* ?d',
      '[1 TO 5]',
      '\\',
      '+-&&||!(){}[]^"~*?:/',
    ]) {
      for (const mode of ['KEYWORD', 'HYBRID']) {
        const res = await search(server, { q, mode });
        expect({ q, mode, errors: res.errors }).toEqual({ q, mode, errors: undefined });
      }
    }
  });

  it('bounds first and types', async () => {
    expect(codeOf(await search(server, { q: 'gpu', first: 0 }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await search(server, { q: 'gpu', first: 51 }))).toBe('BAD_USER_INPUT');
  });
});
