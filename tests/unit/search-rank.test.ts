import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { phraseOf } from '../../src/search/query.js';
import { closestName, exactFirst, foldSameIdea, graphRerank, nameKey, type Named } from '../../src/search/rank.js';

const hit = (id: string, label: string, name: string, aliases: string[] = []): Named => ({
  id,
  label,
  name,
  aliasText: aliases.length ? aliases.join('; ') : null,
});

describe('exactFirst', () => {
  it('puts the node named exactly as the query first, a concept before other kinds of the same name', () => {
    const hits = [
      hit('concept:qat', 'Concept', 'Quantization-Aware Training', ['QAT']),
      hit('term:quantization', 'Term', 'Quantization'),
      hit('concept:quantization', 'Concept', 'Quantization'),
    ];
    expect(exactFirst(hits, ' quantization ').map((h) => h.id)).toEqual([
      'concept:quantization',
      'term:quantization',
      'concept:qat',
    ]);
  });

  it('matches aliases and ignores case and punctuation', () => {
    const hits = [
      hit('concept:a', 'Concept', 'Alpha'),
      hit('concept:lora', 'Concept', 'Low-Rank Adaptation', ['LoRA']),
    ];
    expect(exactFirst(hits, 'lora')[0]!.id).toBe('concept:lora');
    expect(nameKey('Low-Rank  Adaptation!')).toBe('low rank adaptation');
  });

  it('keeps the order when nothing is named so', () => {
    const hits = [hit('concept:a', 'Concept', 'Alpha'), hit('concept:b', 'Concept', 'Beta')];
    expect(exactFirst(hits, 'gamma')).toEqual(hits);
  });
});

describe('foldSameIdea', () => {
  it('folds other kinds named like a concept into it, at the best position of the group', () => {
    const hits = [
      hit('term:pruning', 'Term', 'Pruning'),
      hit('technique:pruning', 'OptimizationTechnique', 'pruning'),
      hit('concept:sparsity', 'Concept', 'Sparsity'),
      hit('concept:pruning', 'Concept', 'Pruning', ['weight pruning']),
      hit('term:weight-pruning', 'Term', 'Weight Pruning'),
      hit('term:other', 'Term', 'Other'),
    ];
    const folded = foldSameIdea(hits);
    expect(folded.map((h) => h.id)).toEqual(['concept:pruning', 'concept:sparsity', 'term:other']);
    expect(folded[0]!.alsoAs.map((h) => h.id)).toEqual(['term:pruning', 'technique:pruning', 'term:weight-pruning']);
  });

  it('never loses or repeats a node, and never folds a concept (property)', () => {
    const names = ['Pruning', 'Quantization', 'Sparsity', 'Distillation'];
    const arb = fc.uniqueArray(
      fc.record({
        id: fc.stringMatching(/^[a-z]{1,6}$/),
        label: fc.constantFrom('Concept', 'Term', 'ResearchDirection'),
        name: fc.constantFrom(...names),
      }),
      { selector: (h) => h.id, maxLength: 12 },
    );
    fc.assert(
      fc.property(arb, (raw) => {
        const hits = raw.map((h) => ({ ...h, aliasText: null }));
        const folded = foldSameIdea(hits);
        const all = folded.flatMap((h) => [h.id, ...h.alsoAs.map((a) => a.id)]);
        expect([...all].sort()).toEqual(hits.map((h) => h.id).sort());
        for (const h of folded) for (const a of h.alsoAs) expect(a.label).not.toBe('Concept');
        for (const h of folded) if (h.alsoAs.length) expect(h.label).toBe('Concept');
      }),
    );
  });
});

describe('phraseOf', () => {
  it('keeps letters and digits only, and refuses long or empty text', () => {
    expect(phraseOf('"Quantization" (INT8)~2')).toBe('quantization int8 2');
    expect(phraseOf('?!')).toBeUndefined();
    expect(phraseOf('one two three four five six seven eight nine')).toBeUndefined();
  });
});

describe('closestName', () => {
  const names = [
    hit('concept:quantization', 'Concept', 'Quantization'),
    hit('concept:lora', 'Concept', 'Low-Rank Adaptation', ['LoRA']),
  ];
  it('suggests the name within a few typos, and nothing for an exact name or a distant text', () => {
    expect(closestName('quantizaton', names)).toBe('Quantization');
    expect(closestName('low rank adaptaiton', names)).toBe('Low-Rank Adaptation');
    expect(closestName('quantization', names)).toBeUndefined();
    expect(closestName('lora', names)).toBeUndefined();
    expect(closestName('pruning', names)).toBeUndefined();
  });
});

describe('graphRerank', () => {
  const list = [
    { id: 'a', score: 1 },
    { id: 'b', score: 0.9 },
    { id: 'c', score: 0.8 },
    { id: 'd', score: 0.1 },
  ];

  it('lifts a hit in the head whose linked neighbours also scored, and leaves the tail as it was', () => {
    const near = new Map([
      ['b', ['c']],
      ['c', ['b']],
    ]);
    const out = graphRerank(list, near, 0.2, 3);
    expect(out.map((h) => h.id)).toEqual(['b', 'a', 'c', 'd']);
    expect(out[0]!.score).toBeCloseTo(0.9 + 0.2 * 0.8);
    expect(out[3]).toBe(list[3]);
  });

  it('changes nothing without links or at weight 0', () => {
    expect(graphRerank(list, new Map(), 0.5, 3).map((h) => h.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(graphRerank(list, new Map([['c', ['a', 'b']]]), 0, 3).map((h) => h.id)).toEqual(['a', 'b', 'c', 'd']);
  });
});
