import { describe, expect, it } from 'vitest';
import { keyOwner, presentedKey } from '../../src/curation/auth.js';
import { diffGraphs } from '../../src/seed/diff.js';
import { applyOverlays, markOrigins, type ConceptOverlay, type Overlay } from '../../src/seed/overlay.js';
import type { SeedFile } from '../../src/seed/read.js';
import type { SeedGraph } from '../../src/seed/graph.js';

const source = [{ doc: 'textbook', section: 'x' }];
const files: SeedFile[] = [
  {
    name: 'concepts/ch01.yaml',
    data: {
      chapter: 'chapter:one',
      concepts: [
        { id: 'concept:a', name: 'A', requires: [], sources: source },
        { id: 'concept:b', name: 'B', requires: [{ id: 'concept:a', reason: 'b needs a' }], sources: source },
      ],
    },
  },
  {
    name: 'concepts/ch02.yaml',
    data: { chapter: 'chapter:two', concepts: [{ id: 'concept:c', name: 'C', requires: [], sources: source }] },
  },
  { name: 'resources.yaml', data: { resources: [{ id: 'resource:book', teaches: ['concept:a'] }] } },
];
const concept = (o: Partial<ConceptOverlay>): ConceptOverlay => ({
  kind: 'concept',
  id: 'concept:x',
  created: false,
  fields: {},
  requiresAdded: [],
  requiresRemoved: [],
  curators: ['alice'],
  ...o,
});
const concepts = (out: SeedFile[], file: string) => (out.find((f) => f.name === file)!.data as any).concepts as any[];

describe('curated overlays on the seed files', () => {
  it('leaves the input untouched and changes nothing without overlays', () => {
    const before = structuredClone(files);
    expect(applyOverlays(files, [])).toEqual(files);
    applyOverlays(files, [concept({ id: 'concept:a', fields: { name: 'A2' } })]);
    expect(files).toEqual(before);
  });

  it('appends a created concept to its chapter, with the curated source and its prerequisites', () => {
    const out = applyOverlays(files, [
      concept({
        id: 'concept:new',
        created: true,
        fields: { name: 'New', chapter: 'chapter:two' },
        requiresAdded: [{ id: 'concept:c', reason: 'r' }],
      }),
    ]);
    expect(concepts(out, 'concepts/ch02.yaml').map((c) => c.id)).toEqual(['concept:c', 'concept:new']);
    expect(concepts(out, 'concepts/ch02.yaml')[1]).toMatchObject({
      name: 'New',
      requires: [{ id: 'concept:c', reason: 'r' }],
      sources: [{ doc: 'curated' }],
    });
  });

  it('merges edited fields, adds a curated source, and moves a concept that changes chapter to the end of the new one', () => {
    const out = applyOverlays(files, [concept({ id: 'concept:a', fields: { name: 'A2', chapter: 'chapter:two' } })]);
    expect(concepts(out, 'concepts/ch01.yaml').map((c) => c.id)).toEqual(['concept:b']);
    const moved = concepts(out, 'concepts/ch02.yaml')[1];
    expect(moved).toMatchObject({ id: 'concept:a', name: 'A2', chapter: 'chapter:two' });
    expect(moved.sources.map((s: any) => s.doc)).toEqual(['textbook', 'curated']);
  });

  it('removes and re-reasons prerequisites, and edits resource links', () => {
    const overlays: Overlay[] = [
      concept({
        id: 'concept:b',
        requiresRemoved: ['concept:a'],
        requiresAdded: [{ id: 'concept:c', reason: 'now c' }],
      }),
      {
        kind: 'resource',
        id: 'resource:book',
        teachesAdded: ['concept:c'],
        teachesRemoved: ['concept:a'],
        curators: ['bob'],
      },
    ];
    const out = applyOverlays(files, overlays);
    expect(concepts(out, 'concepts/ch01.yaml')[1].requires).toEqual([{ id: 'concept:c', reason: 'now c' }]);
    expect((out.find((f) => f.name === 'resources.yaml')!.data as any).resources[0].teaches).toEqual(['concept:c']);
  });

  it('marks created nodes and added edges as curated', () => {
    const graph: SeedGraph = {
      nodes: [
        { label: 'Concept', id: 'concept:new', file: 'f', props: {} },
        { label: 'Concept', id: 'concept:a', file: 'f', props: {} },
      ],
      edges: [
        { type: 'REQUIRES', from: 'concept:new', to: 'concept:a', props: {}, at: '' },
        { type: 'TEACHES', from: 'resource:book', to: 'concept:a', props: {}, at: '' },
      ],
    };
    const marked = markOrigins(graph, [
      concept({ id: 'concept:new', created: true, requiresAdded: [{ id: 'concept:a', reason: 'r' }] }),
    ]);
    expect(marked.nodes.map((n) => n.origin)).toEqual(['curated', 'seed']);
    expect(marked.edges.map((e) => e.origin)).toEqual(['curated', 'seed']);
  });
});

describe('graph difference', () => {
  it('lists only new or changed nodes and edges, and removed edges', () => {
    const before: SeedGraph = {
      nodes: [
        { label: 'Concept', id: 'a', file: 'f', props: { name: 'A' }, origin: 'seed' },
        { label: 'Concept', id: 'b', file: 'f', props: { name: 'B' }, origin: 'seed' },
      ],
      edges: [{ type: 'REQUIRES', from: 'b', to: 'a', props: { reason: 'r' }, at: '', origin: 'seed' }],
    };
    const after: SeedGraph = {
      nodes: [
        { label: 'Concept', id: 'a', file: 'f', props: { name: 'A' }, origin: 'seed' },
        { label: 'Concept', id: 'b', file: 'f', props: { name: 'B2' }, origin: 'seed' },
        { label: 'Concept', id: 'c', file: 'f', props: {}, origin: 'curated' },
      ],
      edges: [{ type: 'REQUIRES', from: 'c', to: 'a', props: { reason: 'r' }, at: '', origin: 'curated' }],
    };
    const diff = diffGraphs(before, after);
    expect(diff.nodes.map((n) => n.id)).toEqual(['b', 'c']);
    expect(diff.edges.map((e) => `${e.from}>${e.to}`)).toEqual(['c>a']);
    expect(diff.removedEdges).toEqual([{ type: 'REQUIRES', from: 'b', to: 'a' }]);
    expect(diffGraphs(after, after)).toEqual({ nodes: [], edges: [], removedEdges: [] });
  });
});

describe('API keys', () => {
  const keys = [
    { name: 'alice', key: 'alice-key-0123456789abcdefghij', scopes: ['curate' as const] },
    { name: 'bob', key: 'bob-key-0123456789abcdefghijklm', scopes: ['learners' as const] },
  ];
  it('names the owner of a valid key, with its scopes, and nobody for anything else', () => {
    expect(keyOwner(keys, keys[1]!.key)).toEqual({ name: 'bob', scopes: ['learners'] });
    expect(keyOwner(keys, keys[0]!.key)).toEqual({ name: 'alice', scopes: ['curate'] });
    for (const wrong of [undefined, '', keys[0]!.key.slice(0, -1), `${keys[0]!.key}x`, keys[0]!.key.toUpperCase()])
      expect(keyOwner(keys, wrong)).toBeNull();
    expect(keyOwner([], keys[0]!.key)).toBeNull();
  });

  it('reads the key from a bearer token or the X-API-Key header', () => {
    expect(presentedKey({ authorization: 'Bearer abc' })).toBe('abc');
    expect(presentedKey({ authorization: 'bearer  abc ' })).toBe('abc');
    expect(presentedKey({ 'x-api-key': 'def' })).toBe('def');
    expect(presentedKey({ authorization: 'Basic abc' })).toBeUndefined();
    expect(presentedKey({})).toBeUndefined();
  });
});
