import { changesOf } from '../../db/curation.js';
import type { Action, CurationResult } from '../../curation/service.js';
import { requireScope, type Context } from '../context.js';
import { badInput } from '../errors.js';
import { toGraph } from './node.js';
import { INPUT_BOUNDS as B } from '../../bounds.js';

const MAX_HISTORY = B.history.max;

/** Runs a write for a caller with a valid key; the payload's node field is filled from the graph after the write. */
function write(action: Action, nodeField: 'concept' | 'resource') {
  return async (_: unknown, { input }: { input: unknown }, ctx: Context) => {
    const curator = requireScope(ctx, 'curate', 'Editing the graph');
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
    history: (_: unknown, { id, first }: { id: string; first: number }, ctx: Context) => {
      if (!Number.isInteger(first) || first < 1 || first > MAX_HISTORY)
        throw badInput(`"first" must be between 1 and ${MAX_HISTORY}; got ${first}`, 'first');
      return changesOf(ctx.db, id, first);
    },
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
