import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  getArgumentValues,
  getVariableValues,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { Database } from '../db/database.js';
import { listPage, plannedNode } from '../db/nodes.js';
import type { Logger } from '../logger.js';
import { compile, complete, NotExact, type CompiledOperation } from './compiler.js';
import type { Context } from './context.js';
import { listQuery, refuseUnknown } from './list-query.js';
import { connection } from './pagination.js';

/**
 * Answers compiled operations (see compiler.ts) before graphql-js would execute them: one Cypher statement per root
 * field, rows completed into the response. Whenever the compiled answer might differ from graphql-js's (bad
 * arguments, a value graphql-js would refuse, a database error), it steps aside and the operation executes through
 * the resolvers, which then report the error as usual. Limits, cost and error masking run before and after it alike.
 */
export function compiledExecutionPlugin(logger: Logger): ApolloServerPlugin<Context> {
  // Apollo keeps one parsed document per query text, so a document object identifies an operation text.
  const plans = new WeakMap<DocumentNode, Map<string, CompiledOperation | null>>();
  const planFor = (schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode) => {
    let byName = plans.get(document);
    if (!byName) plans.set(document, (byName = new Map()));
    const name = operation.name?.value ?? '';
    let plan = byName.get(name);
    if (plan === undefined) {
      plan = compile(schema, document, operation) ?? null;
      byName.set(name, plan);
    }
    return plan;
  };
  return {
    async requestDidStart() {
      return {
        async responseForOperation({ schema, document, operation, request, contextValue }) {
          // No operation of that name: graphql-js reports it.
          if (!operation) return null;
          const plan = planFor(schema, document, operation);
          if (!plan) return null;
          try {
            const data = await runCompiled(plan, schema, operation, request.variables ?? {}, contextValue.db);
            return {
              http: { status: undefined, headers: new HeaderMap() },
              body: { kind: 'single', singleResult: { data } },
            };
          } catch (err) {
            // Expected: input errors and values graphql-js refuses, which it reports better. Anything else is a bug.
            if (!(err instanceof NotExact) && !(err instanceof GraphQLError))
              logger.warn({ err }, 'a compiled operation fell back to the resolvers');
            return null;
          }
        },
      };
    },
  };
}

/** Runs a compiled operation: one statement per root field, completed into `data`. */
export async function runCompiled(
  plan: CompiledOperation,
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  db: Database,
) {
  const { coerced, errors } = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (errors) throw new NotExact();
  const values = await Promise.all(
    plan.fields.map(async (f) => {
      if ('typename' in f) return schema.getQueryType()!.name;
      const args = getArgumentValues(f.field, f.node, coerced);
      if (f.mode === 'byId')
        return complete(f.field.type, await plannedNode(db, f.kind.label, args.id as string, f.projection!), f.sub);
      const query = listQuery(f.kind, args);
      // Without a node selection (only totalCount or pageInfo), each item needs no more than its id.
      const page = await listPage(db, { ...query, project: f.projection ?? 'n.id' });
      refuseUnknown(page);
      return complete(f.field.type, connection(page.nodes, page.total, query.skip), f.sub);
    }),
  );
  return Object.fromEntries(plan.fields.map((f, i) => [f.key, values[i]]));
}
