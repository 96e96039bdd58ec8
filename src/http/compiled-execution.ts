import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import client from 'prom-client';
import { DomainError } from '../errors.js';
import { NotExact, runCompiled } from '../graphql/compiled-execution.js';
import { compile, Unplannable, type CompiledOperation } from '../graphql/compiler.js';
import type { Context } from '../graphql/context.js';
import type { Logger } from '../logger.js';

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
            // Expected: input errors, values graphql-js refuses and domain errors (the database unavailable, the
            // deadline), which graphql-js reports with their codes. Anything else is a bug.
            if (err instanceof NotExact) return fallBack('refused-value', err.message, name);
            if (err instanceof GraphQLError || err instanceof DomainError) return fallBack('error', err.message, name);
            logger.warn({ err }, 'a compiled operation fell back to graphql-js');
            return fallBack('unexpected-error', String(err), name);
          }
        },
      };
    },
  };
}
