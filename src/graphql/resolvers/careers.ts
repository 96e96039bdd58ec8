import { rankRoles, type SkillGap } from '../../careers/match.js';
import { roleNeeds } from '../../db/careers.js';
import type { SkillLevel } from '../../seed/schema.js';
import { CATALOG } from '../catalog.js';
import type { Context } from '../context.js';
import { badInput } from '../errors.js';
import { toGraph } from './node.js';
import { INPUT_BOUNDS as B } from '../../bounds.js';

const MAX_SKILLS = B.matchSkills.max;
const MAX_ROLES = B.matchRoles.max;
const skillConcepts = CATALOG.find((k) => k.type === 'Skill')!.relations.find((r) => r.field === 'concepts')!;

export const careerResolvers = {
  Query: {
    careerMatch: async (
      _: unknown,
      args: { skills: { skill: string; level: SkillLevel }[]; first: number },
      ctx: Context,
    ) => {
      if (args.skills.length > MAX_SKILLS)
        throw badInput(`"skills" accepts at most ${MAX_SKILLS} entries; got ${args.skills.length}`, 'skills');
      if (!Number.isInteger(args.first) || args.first < 1 || args.first > MAX_ROLES) {
        throw badInput(`"first" must be between 1 and ${MAX_ROLES}; got ${args.first}`, 'first');
      }
      const { roles, skills } = await roleNeeds(ctx.db);
      const known = new Set(skills);
      const have = new Map<string, SkillLevel>();
      for (const { skill, level } of args.skills) {
        if (!known.has(skill))
          throw badInput(`Unknown skill "${skill}"; skill ids look like "skill:distributed-systems"`, 'skills');
        if (have.has(skill)) throw badInput(`Skill "${skill}" is listed twice`, 'skills');
        have.set(skill, level);
      }
      return rankRoles(roles, have)
        .slice(0, args.first)
        .map((m) => ({ ...m, role: ctx.loaders.node.load(m.role).then(toGraph) }));
    },
  },
  SkillGap: {
    skill: (g: SkillGap, _: unknown, ctx: Context) => ctx.loaders.node.load(g.skill).then(toGraph),
    concepts: async (g: SkillGap, { first }: { first: number }, ctx: Context) => {
      if (!Number.isInteger(first) || first < 1 || first > 100)
        throw badInput(`"first" must be between 1 and 100; got ${first}`, 'first');
      return (await ctx.loaders.related(g.skill, skillConcepts)).slice(0, first).map((r) => toGraph(r.node));
    },
  },
};
