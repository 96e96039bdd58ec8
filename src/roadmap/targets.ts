import { InputError } from '../errors.js';
import type { Difficulty, SkillLevel } from '../seed/schema.js';
import type { PlannerTarget } from './planner.js';

/** What a learner asks for, as ids (validated against the graph by `resolveTargets`). */
export interface RoadmapRequest {
  roles: { role: string; skills?: { skill: string; level: SkillLevel }[] }[];
  specializations: string[];
  concepts: string[];
  chapters: string[];
  knownConcepts: string[];
  knownChapters: string[];
}

/** What the repository found for the ids of a request. */
export interface TargetData {
  roles: {
    id: string;
    name: string;
    /** The concepts the role centres on (CORE) and leans on (SUPPORTING). */
    focus: { id: string; weight: 'CORE' | 'SUPPORTING' }[];
    needs: {
      skill: string;
      skillName: string;
      level: SkillLevel;
      concepts: { id: string; difficulty: Difficulty }[];
    }[];
  }[];
  specializations: { id: string; name: string; concepts: string[] }[];
  chapters: { id: string; number: number; title: string; concepts: string[] }[];
  /** Every concept of the graph by id (to check the request's concept ids against). */
  concepts: ReadonlyMap<string, { id: string; name: string }>;
  skills: string[];
}

export class TargetError extends InputError {
  override name = 'TargetError';
}

const DIFFICULTY_RANK: Record<Difficulty, number> = { BEGINNER: 0, INTERMEDIATE: 1, ADVANCED: 2 };
/** The hardest concept difficulty a skill level calls for; NOT_REQUIRED drops the skill. */
const DEPTH: Record<SkillLevel, number> = { NOT_REQUIRED: -1, HELPFUL: 0, IMPORTANT: 1, ESSENTIAL: 2 };

/**
 * The concepts that build a skill to a level: those no harder than the level asks (HELPFUL: beginner, IMPORTANT: up
 * to intermediate, ESSENTIAL: all). A skill with nothing that easy contributes its easiest concepts instead, so a
 * required skill is never silently empty.
 */
export function conceptsForLevel(concepts: { id: string; difficulty: Difficulty }[], level: SkillLevel): string[] {
  const depth = DEPTH[level];
  if (depth < 0 || concepts.length === 0) return [];
  const within = concepts.filter((c) => DIFFICULTY_RANK[c.difficulty] <= depth);
  if (within.length) return within.map((c) => c.id);
  const easiest = Math.min(...concepts.map((c) => DIFFICULTY_RANK[c.difficulty]));
  return concepts.filter((c) => DIFFICULTY_RANK[c.difficulty] === easiest).map((c) => c.id);
}

/**
 * Turns roles, specializations, chapters and concepts into target concepts, each with why the learner needs it and a
 * priority, and known chapters into known concepts. What the learner names directly is CORE; a role brings its CORE
 * and SUPPORTING concepts, and the concepts of its skills at their levels as BREADTH. Unknown ids are errors that
 * name the argument.
 */
export function resolveTargets(
  request: RoadmapRequest,
  data: TargetData,
): { targets: PlannerTarget[]; known: string[] } {
  const roles = new Map(data.roles.map((r) => [r.id, r]));
  const specs = new Map(data.specializations.map((s) => [s.id, s]));
  const chapters = new Map(data.chapters.map((c) => [c.id, c]));
  const concepts = data.concepts;
  const skills = new Set(data.skills);
  const check = (ids: string[], found: ReadonlyMap<string, unknown>, argument: string, example: string) => {
    for (const id of ids)
      if (!found.has(id))
        throw new TargetError(`Unknown id "${id}" in ${argument}; ids look like "${example}"`, argument);
  };
  check(
    request.roles.map((r) => r.role),
    roles,
    'roles',
    'role:ml-engineer',
  );
  check(request.specializations, specs, 'specializations', 'specialization:model-optimization');
  check(request.chapters, chapters, 'chapters', 'chapter:ml-systems');
  check(request.knownChapters, chapters, 'knownChapters', 'chapter:ml-systems');
  check(request.concepts, concepts, 'concepts', 'concept:backpropagation');
  check(request.knownConcepts, concepts, 'knownConcepts', 'concept:backpropagation');

  const targets: PlannerTarget[] = [];
  for (const { role: roleId, skills: overrides = [] } of request.roles) {
    const role = roles.get(roleId)!;
    const levels = new Map<string, SkillLevel>();
    for (const o of overrides) {
      if (!skills.has(o.skill))
        throw new TargetError(
          `Unknown skill "${o.skill}" for ${role.name}; skill ids look like "skill:distributed-systems"`,
          'roles',
        );
      if (levels.has(o.skill)) throw new TargetError(`Skill "${o.skill}" is given twice for ${role.name}`, 'roles');
      levels.set(o.skill, o.level);
    }
    for (const c of role.focus) {
      const why = `the ${role.name} path ${c.weight === 'CORE' ? 'centres on' : 'leans on'}{it}`;
      targets.push({ concept: c.id, why, priority: c.weight });
    }
    for (const need of role.needs) {
      const level = levels.get(need.skill) ?? need.level;
      const why = `the ${role.name} role needs{it} for ${need.skillName} at level ${level}`;
      for (const id of conceptsForLevel(need.concepts, level)) targets.push({ concept: id, why, priority: 'BREADTH' });
    }
  }
  for (const id of request.specializations) {
    const spec = specs.get(id)!;
    for (const c of spec.concepts) targets.push({ concept: c, why: `the ${spec.name} specialization builds on{it}` });
  }
  for (const id of request.chapters) {
    const ch = chapters.get(id)!;
    for (const c of ch.concepts)
      targets.push({ concept: c, why: `your chosen chapter ${ch.number} (${ch.title}) teaches{it}` });
  }
  for (const id of request.concepts) targets.push({ concept: id, why: 'you asked for{it}' });

  const known = [...request.knownConcepts, ...request.knownChapters.flatMap((id) => chapters.get(id)!.concepts)];
  return { targets, known };
}
