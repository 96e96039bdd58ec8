import { describe, expect, it } from 'vitest';
import {
  conceptsForLevel,
  resolveTargets,
  TargetError,
  type RoadmapRequest,
  type TargetData,
} from '../../src/roadmap/targets.js';

const data: TargetData = {
  roles: [
    {
      id: 'role:mle',
      name: 'ML Engineer',
      focus: [
        { id: 'c:serving', weight: 'CORE' },
        { id: 'c:quant', weight: 'SUPPORTING' },
      ],
      needs: [
        {
          skill: 'skill:ds',
          skillName: 'Distributed Systems',
          level: 'IMPORTANT',
          concepts: [
            { id: 'c:easy', difficulty: 'BEGINNER' },
            { id: 'c:mid', difficulty: 'INTERMEDIATE' },
            { id: 'c:hard', difficulty: 'ADVANCED' },
          ],
        },
        {
          skill: 'skill:ops',
          skillName: 'DevOps',
          level: 'HELPFUL',
          concepts: [
            { id: 'c:ops-mid', difficulty: 'INTERMEDIATE' },
            { id: 'c:ops-hard', difficulty: 'ADVANCED' },
          ],
        },
        {
          skill: 'skill:res',
          skillName: 'Research',
          level: 'NOT_REQUIRED',
          concepts: [{ id: 'c:paper', difficulty: 'BEGINNER' }],
        },
      ],
    },
  ],
  specializations: [{ id: 'spec:opt', name: 'Model Optimization', concepts: ['c:quant'] }],
  chapters: [{ id: 'ch:3', number: 3, title: 'Deep Learning', concepts: ['c:nn', 'c:backprop'] }],
  concepts: new Map(
    [
      { id: 'c:quant', name: 'Quantization' },
      { id: 'c:nn', name: 'Neural Network' },
    ].map((c) => [c.id, c]),
  ),
  skills: ['skill:ds', 'skill:ops', 'skill:res'],
};
const empty: RoadmapRequest = {
  roles: [],
  specializations: [],
  concepts: [],
  chapters: [],
  knownConcepts: [],
  knownChapters: [],
};

describe('roadmap targets', () => {
  it('takes the concepts a skill level calls for, or the easiest when none is that easy', () => {
    const concepts = data.roles[0]!.needs[0]!.concepts;
    expect(conceptsForLevel(concepts, 'HELPFUL')).toEqual(['c:easy']);
    expect(conceptsForLevel(concepts, 'IMPORTANT')).toEqual(['c:easy', 'c:mid']);
    expect(conceptsForLevel(concepts, 'ESSENTIAL')).toEqual(['c:easy', 'c:mid', 'c:hard']);
    expect(conceptsForLevel(concepts, 'NOT_REQUIRED')).toEqual([]);
    expect(conceptsForLevel(data.roles[0]!.needs[1]!.concepts, 'HELPFUL')).toEqual(['c:ops-mid']);
  });

  it('expands a role into its core and supporting concepts, then its skills at their levels as breadth', () => {
    const { targets } = resolveTargets(
      { ...empty, roles: [{ role: 'role:mle', skills: [{ skill: 'skill:res', level: 'HELPFUL' }] }] },
      data,
    );
    expect(targets.map((t) => [t.concept, t.priority])).toEqual([
      ['c:serving', 'CORE'],
      ['c:quant', 'SUPPORTING'],
      ['c:easy', 'BREADTH'],
      ['c:mid', 'BREADTH'],
      ['c:ops-mid', 'BREADTH'],
      ['c:paper', 'BREADTH'],
    ]);
    expect(targets[0]!.why).toBe('the ML Engineer path centres on{it}');
    expect(targets[1]!.why).toBe('the ML Engineer path leans on{it}');
    expect(targets[2]!.why).toBe('the ML Engineer role needs{it} for Distributed Systems at level IMPORTANT');
    expect(targets[5]!.why).toBe('the ML Engineer role needs{it} for Research at level HELPFUL');
  });

  it('expands specializations and chapters, and known chapters into known concepts', () => {
    const { targets, known } = resolveTargets(
      { ...empty, specializations: ['spec:opt'], chapters: ['ch:3'], concepts: ['c:quant'], knownChapters: ['ch:3'] },
      data,
    );
    expect(targets.map((t) => [t.concept, t.why])).toEqual([
      ['c:quant', 'the Model Optimization specialization builds on{it}'],
      ['c:nn', 'your chosen chapter 3 (Deep Learning) teaches{it}'],
      ['c:backprop', 'your chosen chapter 3 (Deep Learning) teaches{it}'],
      ['c:quant', 'you asked for{it}'],
    ]);
    expect(known).toEqual(['c:nn', 'c:backprop']);
  });

  it('names the argument of an unknown id', () => {
    const cases: [Partial<RoadmapRequest>, string][] = [
      [{ roles: [{ role: 'role:nope' }] }, 'roles'],
      [{ specializations: ['spec:nope'] }, 'specializations'],
      [{ chapters: ['ch:99'] }, 'chapters'],
      [{ knownChapters: ['ch:99'] }, 'knownChapters'],
      [{ concepts: ['c:nope'] }, 'concepts'],
      [{ knownConcepts: ['c:nope'] }, 'knownConcepts'],
      [{ roles: [{ role: 'role:mle', skills: [{ skill: 'skill:nope', level: 'HELPFUL' }] }] }, 'roles'],
    ];
    for (const [request, argument] of cases) {
      const attempt = () => resolveTargets({ ...empty, ...request }, data);
      expect(attempt).toThrow(TargetError);
      expect(attempt).toThrow(/nope|99/);
      try {
        attempt();
      } catch (err) {
        expect((err as TargetError).argument).toBe(argument);
      }
    }
  });
});
