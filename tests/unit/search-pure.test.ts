import { describe, expect, it } from 'vitest';
import { reciprocalRankFusion } from '../../src/search/fusion.js';
import { keywords, luceneQuery, normaliseQuery } from '../../src/search/query.js';
import { snippet } from '../../src/search/snippet.js';
import { PASSAGES_ALL } from '../../src/search/service.js';
import { buildGraph } from '../../src/seed/graph.js';
import { readSeedDir } from '../../src/seed/read.js';

describe('normaliseQuery', () => {
  it('collapses whitespace, drops control characters and repairs lone surrogates', () => {
    expect(normaliseQuery('  gpu\u0000\tmemory \n ')).toBe('gpu memory');
    expect(normaliseQuery('a\ud800b')).toBe('a\ufffdb');
    expect(normaliseQuery('ﬁne-tuning')).toBe('fine-tuning'); // NFKC folds the ligature
  });

  it('refuses empty and over-long text with BAD_USER_INPUT', () => {
    for (const q of ['', ' \t', '\u0001\u0002'])
      expect(() => normaliseQuery(q)).toThrow(
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
      );
    expect(() => normaliseQuery('y'.repeat(201))).toThrow(/limit is 200/);
    expect(normaliseQuery('y'.repeat(200))).toHaveLength(200);
  });
});

describe('keywords and luceneQuery', () => {
  it('keeps meaningful words only, once each', () => {
    expect(keywords('What is the GPU memory of the GPU?')).toEqual(['gpu', 'memory']);
  });

  it('builds a query of letters and digits only, whatever the input', () => {
    const q = luceneQuery(keywords('title:(x AND "y" OR z~2^3 [1 TO 5] \\ / && || !'))!;
    // Only our own operators: field names, OR, prefix *, boosts ^3 ^2 and one-typo ~1 after a word of 5+ letters.
    const bare = q.replace(/\b(name|aliasText|body):/g, '').replace(/\b[\p{L}\p{N}]{5,}~1\b/gu, 'w');
    expect(bare).toMatch(/^[\p{L}\p{N}\s()*^OR]+$/u);
    expect(q).toMatch(/^name:\(/);
    expect(luceneQuery(['quantization'])).toContain('quantization~1');
    expect(luceneQuery(['quantization'], false)).not.toContain('~');
    expect(luceneQuery(['quantization'])).toMatch(/body:\(\(quantization OR quantization\*\)\)$/);
    expect(luceneQuery(keywords('the of and'))).toBeUndefined();
  });
});

describe('reciprocalRankFusion', () => {
  it('ranks an item found by both lists above items found by one', () => {
    const fused = reciprocalRankFusion(
      [
        { id: 'a', score: 0.9 },
        { id: 'b', score: 0.8 },
      ],
      [
        { id: 'c', score: 9 },
        { id: 'b', score: 5 },
      ],
      { k: 60, semanticWeight: 1 },
    );
    expect(fused[0]).toMatchObject({ id: 'b', semantic: { rank: 2 }, keyword: { rank: 2 } });
    expect(fused.map((f) => f.id).sort()).toEqual(['a', 'b', 'c']);
  });

  it('weights the semantic list and breaks ties deterministically', () => {
    const sem = [{ id: 'a', score: 1 }];
    const key = [{ id: 'b', score: 1 }];
    expect(reciprocalRankFusion(sem, key, { k: 10, semanticWeight: 1 }).map((f) => f.id)).toEqual(['a', 'b']);
    expect(reciprocalRankFusion(sem, key, { k: 10, semanticWeight: 0.5 }).map((f) => f.id)).toEqual(['b', 'a']);
    expect(
      reciprocalRankFusion(
        [],
        [
          { id: 'y', score: 1 },
          { id: 'x', score: 1 },
        ],
      )[0]!.id,
    ).toBe('y');
  });
});

describe('snippet', () => {
  it('prefers the name, then aliases, then a window of the description around a matched word', () => {
    expect(snippet({ name: 'Pruning', body: 'x' }, ['pruning'])).toEqual({ field: 'name', text: 'Pruning' });
    expect(
      snippet({ name: 'Knowledge Distillation', aliasText: 'teacher-student training', body: '' }, ['teacher']),
    ).toMatchObject({ field: 'aliases' });
    const long = `${'a '.repeat(200)}the needle is here ${'b '.repeat(200)}`;
    const s = snippet({ name: 'X', body: long }, ['needle']);
    expect(s.field).toBe('description');
    expect(s.text).toMatch(/needle/);
    expect(s.text.startsWith('…')).toBe(true);
  });

  it('falls back to the first sentence when only the meaning matched', () => {
    expect(snippet({ name: 'X', body: 'First sentence. Second one.' }, ['zzz'])).toEqual({
      field: 'description',
      text: 'First sentence.',
    });
  });
});

describe('filtered search', () => {
  it('reads every passage of the shipped seed, so a type filter never starves', () => {
    const { graph } = buildGraph(readSeedDir().files);
    const passages = graph.nodes.reduce((n, node) => n + (node.props.passages as string[]).length, 0);
    expect(passages).toBeGreaterThan(0);
    expect(passages).toBeLessThanOrEqual(PASSAGES_ALL);
  });
});
