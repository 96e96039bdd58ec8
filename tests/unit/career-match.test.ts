import { describe, expect, it } from 'vitest';
import { rankRoles, type RoleNeeds } from '../../src/careers/match.js';
import type { SkillLevel } from '../../src/seed/schema.js';

const roles: RoleNeeds[] = [
  {
    role: 'role:builder',
    name: 'Builder',
    needs: [
      { skill: 'skill:code', level: 'ESSENTIAL' },
      { skill: 'skill:math', level: 'HELPFUL' },
    ],
  },
  {
    role: 'role:thinker',
    name: 'Thinker',
    needs: [
      { skill: 'skill:code', level: 'HELPFUL' },
      { skill: 'skill:math', level: 'ESSENTIAL' },
    ],
  },
  { role: 'role:free', name: 'Free', needs: [{ skill: 'skill:code', level: 'NOT_REQUIRED' }] },
];
const have = (entries: [string, SkillLevel][]) => new Map(entries);

describe('rankRoles', () => {
  it('computes fit as the share of required levels met', () => {
    const ranked = rankRoles(
      roles,
      have([
        ['skill:code', 'IMPORTANT'],
        ['skill:math', 'HELPFUL'],
      ]),
    );
    const builder = ranked.find((r) => r.role === 'role:builder')!;
    expect(builder.fit).toBeCloseTo((2 + 1) / (3 + 1));
    const thinker = ranked.find((r) => r.role === 'role:thinker')!;
    expect(thinker.fit).toBeCloseTo((1 + 1) / (1 + 3));
  });

  it('ranks by fit, and a role that requires nothing fits fully', () => {
    expect(rankRoles(roles, have([['skill:code', 'ESSENTIAL']])).map((r) => r.role)).toEqual([
      'role:free',
      'role:builder',
      'role:thinker',
    ]);
    expect(rankRoles(roles, have([['skill:math', 'ESSENTIAL']])).map((r) => r.role)).toEqual([
      'role:free',
      'role:thinker',
      'role:builder',
    ]);
  });

  it('lists gaps largest first with required and current levels; none once met', () => {
    const [, builder] = rankRoles(roles, have([['skill:code', 'HELPFUL']]));
    expect(builder!.role).toBe('role:builder');
    expect(builder!.gaps).toEqual([
      { skill: 'skill:code', required: 'ESSENTIAL', current: 'HELPFUL', gap: 2 },
      { skill: 'skill:math', required: 'HELPFUL', current: 'NOT_REQUIRED', gap: 1 },
    ]);
    const full = rankRoles(
      roles,
      have([
        ['skill:code', 'ESSENTIAL'],
        ['skill:math', 'ESSENTIAL'],
      ]),
    );
    expect(full.every((r) => r.gaps.length === 0 && r.fit === 1)).toBe(true);
  });

  it('breaks ties by fewer missing levels, then by name', () => {
    const tied: RoleNeeds[] = [
      { role: 'role:b', name: 'B', needs: [{ skill: 'skill:x', level: 'HELPFUL' }] },
      { role: 'role:a', name: 'A', needs: [{ skill: 'skill:x', level: 'HELPFUL' }] },
      { role: 'role:c', name: 'C', needs: [{ skill: 'skill:x', level: 'ESSENTIAL' }] },
    ];
    expect(rankRoles(tied, have([])).map((r) => r.role)).toEqual(['role:a', 'role:b', 'role:c']);
  });
});
