import { boundedList, firstArg } from '../../arguments.js';
import { INPUT_BOUNDS as B } from '../../bounds.js';
import { rankRoles, skillLevels, type SkillGap } from '../../careers/match.js';
import { roleNeeds } from '../../db/careers.js';
import type { SkillLevel } from '../../seed/schema.js';
import { CATALOG } from '../catalog.js';
import type { Context } from '../context.js';
import { toGraph } from './node.js';

const skillConcepts = CATALOG.find((k) => k.type === 'Skill')!.relations.find((r) => r.field === 'concepts')!;

export const careerResolvers = {
  Query: {
    careerMatch: async (
      _: unknown,
      args: { skills: { skill: string; level: SkillLevel }[]; first: number },
      ctx: Context,
    ) => {
      const given = boundedList(args.skills, B.matchSkills.max, 'skills');
      firstArg(args.first, B.matchRoles.max);
      const { roles, skills } = await roleNeeds(ctx.db);
      return rankRoles(roles, skillLevels(given, skills))
        .slice(0, args.first)
        .map((m) => ({ ...m, role: ctx.loaders.node.load(m.role).then(toGraph) }));
    },
  },
  SkillGap: {
    skill: (g: SkillGap, _: unknown, ctx: Context) => ctx.loaders.node.load(g.skill).then(toGraph),
    concepts: async (g: SkillGap, { first }: { first: number }, ctx: Context) => {
      firstArg(first, 100);
      return (await ctx.loaders.related(g.skill, skillConcepts)).slice(0, first).map((r) => toGraph(r.node));
    },
  },
};
