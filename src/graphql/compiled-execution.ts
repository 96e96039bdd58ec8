import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
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
import client from 'prom-client';
import { listPage, plannedNode } from '../db/nodes.js';
import type { Logger } from '../logger.js';
import { compile, SOURCE, Unplannable, type CompiledOperation, type Resolved, type Selection } from './compiler.js';
import type { Context } from './context.js';
import { listQuery, refuseUnknown } from './list-query.js';
import { connection } from './pagination.js';

/**
 * Answers compiled operations (see compiler.ts) before graphql-js would execute them: one Cypher statement per root
 * field, rows completed into the response, resolver leaves run on the way. Whenever the compiled answer might differ
 * from graphql-js's (bad arguments, a value graphql-js would refuse, a resolver's error, a database error), it steps
 * aside and graphql-js executes the operation, reporting the error as usual; so does an operation the compiler
 * refuses, with its reason logged (debug) and counted (`graphql_compiler_fallbacks_total`). Limits, cost and error
 * masking run before and after it alike.
 */
export function compiledExecutionPlugin(deps: {
  logger: Logger;
  registry?: client.Registry;
}): ApolloServerPlugin<Context> {
  const { logger } = deps;
  const fallbacks = new client.Counter({
    name: 'graphql_compiler_fallbacks_total',
    help: 'Operations left to graphql-js instead of compiled, by reason',
    labelNames: ['reason'],
    registers: deps.registry ? [deps.registry] : [],
  });
  // Apollo keeps one parsed document per query text, so a document object identifies an operation text.
  const plans = new WeakMap<DocumentNode, Map<string, CompiledOperation | Unplannable>>();
  const planFor = (schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode) => {
    let byName = plans.get(document);
    if (!byName) plans.set(document, (byName = new Map()));
    const name = operation.name?.value ?? '';
    let plan = byName.get(name);
    if (plan === undefined) {
      try {
        plan = compile(schema, document, operation);
      } catch (err) {
        if (!(err instanceof Unplannable)) throw err;
        plan = err;
      }
      byName.set(name, plan);
    }
    return plan;
  };
  const fallBack = (reason: string, detail: string, operation: string | undefined) => {
    fallbacks.inc({ reason });
    logger.debug({ reason, detail, operation }, 'operation left to graphql-js');
    return null;
  };
  return {
    async requestDidStart() {
      return {
        async responseForOperation({ schema, document, operation, request, contextValue }) {
          // No operation of that name: graphql-js reports it.
          if (!operation) return null;
          const plan = planFor(schema, document, operation);
          const name = operation.name?.value;
          if (plan instanceof Unplannable) return fallBack(plan.reason, plan.message, name);
          try {
            const variables = request.variables ?? {};
            const data = await runCompiled(plan, { schema, document, operation, variables, context: contextValue });
            return {
              http: { status: undefined, headers: new HeaderMap() },
              body: { kind: 'single', singleResult: { data } },
            };
          } catch (err) {
            // Expected: input errors and values graphql-js refuses, which it reports better. Anything else is a bug.
            if (err instanceof NotExact) return fallBack('refused-value', err.message, name);
            if (err instanceof GraphQLError) return fallBack('error', err.message, name);
            logger.warn({ err }, 'a compiled operation fell back to graphql-js');
            return fallBack('unexpected-error', String(err), name);
          }
        },
      };
    },
  };
}

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
      const query = listQuery(f.kind, args);
      // Without a node selection (only totalCount or pageInfo), each item needs no more than its id.
      const page = await listPage(context.db, { ...query, project: f.projection ?? 'n.id' });
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
