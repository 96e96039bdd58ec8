import { badInput } from '../errors.js';
import { SKILL_LEVELS, type SkillLevel } from '../seed/schema.js';

/** Pure career-fit ranking: which roles a person's skills fit best, and what each role still asks for. */

export interface RoleNeeds {
  role: string;
  name: string;
  needs: { skill: string; level: SkillLevel }[];
}

export interface SkillGap {
  skill: string;
  required: SkillLevel;
  current: SkillLevel;
  /** Levels missing (1 to 3). */
  gap: number;
}

export interface RoleFit {
  role: string;
  /** Share of the role's required levels the person meets, 0 to 1 (1 when the role requires nothing). */
  fit: number;
  gaps: SkillGap[];
}

/** NOT_REQUIRED = 0 ... ESSENTIAL = 3: the matrix's own order. */
export const levelValue = (level: SkillLevel): number => SKILL_LEVELS.indexOf(level);

/**
 * Fit counts each required level the person reaches: a role needing ESSENTIAL (3) Python and IMPORTANT (2) ML theory
 * from someone at IMPORTANT and HELPFUL fits (2 + 1) / (3 + 2) = 0.6. Roles are ranked by fit, then by the fewest
 * missing levels, then by name, so equal inputs always give the same order.
 */
export function rankRoles(roles: RoleNeeds[], have: Map<string, SkillLevel>): RoleFit[] {
  const scored = roles.map((r) => {
    let required = 0;
    let met = 0;
    const gaps: SkillGap[] = [];
    for (const need of r.needs) {
      const want = levelValue(need.level);
      const current = have.get(need.skill) ?? 'NOT_REQUIRED';
      const got = levelValue(current);
      required += want;
      met += Math.min(got, want);
      if (got < want) gaps.push({ skill: need.skill, required: need.level, current, gap: want - got });
    }
    gaps.sort(
      (a, b) => b.gap - a.gap || levelValue(b.required) - levelValue(a.required) || a.skill.localeCompare(b.skill),
    );
    return { role: r.role, name: r.name, fit: required === 0 ? 1 : met / required, missing: required - met, gaps };
  });
  scored.sort((a, b) => b.fit - a.fit || a.missing - b.missing || a.name.localeCompare(b.name));
  return scored.map(({ role, fit, gaps }) => ({ role, fit, gaps }));
}

/** A person's skills as the ranking takes them, refusing unknown skills and a skill given twice. */
export function skillLevels(given: { skill: string; level: SkillLevel }[], skills: string[]): Map<string, SkillLevel> {
  const known = new Set(skills);
  const have = new Map<string, SkillLevel>();
  for (const { skill, level } of given) {
    if (!known.has(skill))
      throw badInput(`Unknown skill "${skill}"; skill ids look like "skill:distributed-systems"`, 'skills');
    if (have.has(skill)) throw badInput(`Skill "${skill}" is listed twice`, 'skills');
    have.set(skill, level);
  }
  return have;
}
