import { changesOf } from '../../db/curation.js';
import type { Action, CurationResult } from '../../curation/service.js';
import { firstArg } from '../../arguments.js';
import { INPUT_BOUNDS as B } from '../../bounds.js';
import { requireScope } from '../../curation/auth.js';
import type { Context } from '../context.js';
import { toGraph } from './node.js';

/** Runs a write for a caller with a valid key; the payload's node field is filled from the graph after the write. */
function write(action: Action, nodeField: 'concept' | 'resource') {
  return async (_: unknown, { input }: { input: unknown }, ctx: Context) => {
    const curator = requireScope(ctx.caller, 'curate', 'Editing the graph');
    const result: CurationResult = await ctx.curation.run(action, curator, input);
    const ok = result.userErrors.length === 0;
    return {
      [nodeField]: ok ? toGraph(await ctx.loaders.node.load(result.id)) : null,
      change: result.change,
      userErrors: result.userErrors,
    };
  };
}

export const curationResolvers = {
  Query: {
    history: (_: unknown, { id, first }: { id: string; first: number }, ctx: Context) =>
      changesOf(ctx.db, id, firstArg(first, B.history.max)),
  },
  Mutation: {
    createConcept: write('createConcept', 'concept'),
    updateConcept: write('updateConcept', 'concept'),
    addPrerequisite: write('addPrerequisite', 'concept'),
    removePrerequisite: write('removePrerequisite', 'concept'),
    linkResource: write('linkResource', 'resource'),
    unlinkResource: write('unlinkResource', 'resource'),
  },
};
