import {
  defaultFieldResolver,
  execute,
  getArgumentValues,
  getVariableValues,
  isLeafType,
  isListType,
  isNonNullType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLLeafType,
  type GraphQLOutputType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { listQuery, refuseUnknown } from '../db/list-query.js';
import { listPage, plannedNode } from '../db/nodes.js';
import { SOURCE, type CompiledOperation, type Resolved, type Selection } from './compiler.js';
import type { Context } from './context.js';
import { connection, pageWindow } from './pagination.js';

/**
 * Answers a compiled operation (see compiler.ts) as graphql-js would: one Cypher statement per root field, rows
 * completed into the response, resolver leaves run on the way. Where the answer might differ from graphql-js's (a
 * value graphql-js would refuse, a resolver's error, a database error) it throws, and http/compiled-execution.ts
 * leaves the operation to graphql-js.
 */

/** Thrown while completing a value graphql-js would not serve as is (a null in a non-null field, a bad enum). */
export class NotExact extends Error {}

interface Run {
  context: Context;
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  /** Resolver results still to settle; each completes its value into place. */
  pending: Promise<void>[];
}

/** Runs a compiled operation: one statement per root field, completed into `data`. */
export async function runCompiled(
  plan: CompiledOperation,
  opts: {
    schema: GraphQLSchema;
    document: DocumentNode;
    operation: OperationDefinitionNode;
    variables: Record<string, unknown>;
    context: Context;
  },
): Promise<Record<string, unknown>> {
  const { schema, operation, context } = opts;
  const { coerced, errors } = getVariableValues(schema, operation.variableDefinitions ?? [], opts.variables);
  if (errors) throw new NotExact(errors[0]!.message);
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of opts.document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  const run: Run = { context, schema, operation, fragments, variables: coerced, pending: [] };
  // Roots outside the catalog run through graphql-js together; an error there sends the whole operation to it.
  const rest =
    plan.rest && execute({ schema, document: plan.rest, variableValues: opts.variables, contextValue: context });
  const values = await Promise.allSettled(
    plan.fields.map(async (f) => {
      if ('typename' in f) return f.typename;
      if ('resolved' in f) {
        const result = await rest!;
        if (result.errors?.length) throw result.errors[0];
        return result.data![f.key];
      }
      const args = getArgumentValues(f.field, f.node, coerced);
      if (f.mode === 'byId') {
        const node = await plannedNode(context.db, f.kind.label, args.id as string, f.projection!);
        return complete(f.field.type, node, f.sub, run);
      }
      const query = listQuery(f.kind, pageWindow(args), args);
      // Without a node selection (only totalCount or pageInfo), each item needs no more than its id.
      const page = await listPage(context.db, context.nodes, { ...query, project: f.projection ?? 'n.id' });
      refuseUnknown(page);
      return complete(f.field.type, connection(page.nodes, page.total, query.skip), f.sub, run);
    }),
  );
  let failure = values.find((v) => v.status === 'rejected')?.reason as unknown;
  // Every resolver promise settles before this returns, failed or not: none is left to reject unobserved.
  while (run.pending.length)
    for (const r of await Promise.allSettled(run.pending.splice(0))) if (r.status === 'rejected') failure ??= r.reason;
  if (failure !== undefined) throw failure;
  return Object.fromEntries(plan.fields.map((f, i) => [f.key, (values[i] as PromiseFulfilledResult<unknown>).value]));
}

function serialize(type: GraphQLLeafType, value: unknown): unknown {
  let out: unknown;
  try {
    out = type.serialize(value);
  } catch (err) {
    throw new NotExact((err as Error).message);
  }
  if (out === undefined) throw new NotExact(`${type.name} cannot serialize the value`);
  return out;
}

const NULL_IN_NON_NULL = 'a null in a non-null field';

/**
 * Completes a value for `type` the way graphql-js does: leaves go through the type's `serialize`, objects keep the
 * selection's key order, values read by the statement are taken from the row, resolver leaves run (on the node's
 * stored properties) and their results complete in turn. Where graphql-js would report an error it throws NotExact.
 */
function complete(type: GraphQLOutputType, value: unknown, sub: readonly Completed[] | undefined, run: Run): unknown {
  if (isNonNullType(type)) {
    if (value === null || value === undefined) throw new NotExact(NULL_IN_NON_NULL);
    return complete(type.ofType, value, sub, run);
  }
  if (value === null || value === undefined) return null;
  if (isListType(type)) {
    const items = Array.isArray(value) ? value : isIterable(value) ? Array.from(value) : undefined;
    if (!items) throw new NotExact('a list field holds no list');
    const out: unknown[] = new Array(items.length);
    items.forEach((item, i) => settle(item, (v) => (out[i] = complete(type.ofType, v, sub, run)), run));
    return out;
  }
  if (isLeafType(type)) return serialize(type, value);
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  let parent: Record<string, unknown> | undefined;
  for (const s of sub!) {
    if ('typename' in s) out[s.key] = s.typename;
    else if ('from' in s) out[s.key] = complete(s.type, source[s.from], s.sub, run);
    else if ('def' in s) resolveInto(s, source, out, run);
    else {
      parent ??= { ...(source[SOURCE] as Record<string, unknown>), __typename: s.leaf.parent.name };
      resolveInto(s.leaf, parent, out, run);
    }
  }
  return out;
}

type Completed = Selection | Resolved;
const isIterable = (value: unknown): value is Iterable<unknown> =>
  typeof value === 'object' && value !== null && Symbol.iterator in value;

/** Calls `then` with the value now, or once it settles. */
function settle(value: unknown, then: (v: unknown) => void, run: Run) {
  if (value instanceof Promise) run.pending.push(value.then(then));
  else then(value);
}

/** Runs a field's resolver on `parent` and completes its value under the field's key (placed now, for key order). */
function resolveInto(r: Resolved, parent: unknown, out: Record<string, unknown>, run: Run) {
  out[r.key] = null;
  const args = r.def.args.length ? getArgumentValues(r.def, r.node, run.variables) : {};
  const info: GraphQLResolveInfo = {
    fieldName: r.def.name,
    fieldNodes: [r.node],
    returnType: r.def.type,
    parentType: r.parent,
    path: { prev: undefined, key: r.key, typename: r.parent.name },
    schema: run.schema,
    fragments: run.fragments,
    rootValue: undefined,
    operation: run.operation,
    variableValues: run.variables,
  };
  const value = (r.def.resolve ?? defaultFieldResolver)(parent, args, run.context, info);
  settle(value, (v) => (out[r.key] = complete(r.def.type, v, r.sub, run)), run);
}
