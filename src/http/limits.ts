import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import crypto from 'node:crypto';
import { GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { LRUCache } from 'lru-cache';
import { costEstimator } from '../graphql/cost.js';
import { ErrorCode } from '../graphql/errors.js';

/** The hard limits of the API; README documents the same numbers. */
export const LIMITS = {
  depth: 12,
  aliases: 15,
  directives: 10,
  tokens: 2000,
  /**
   * Cost budget per operation, in entries served (see cost.ts: a list costs its size times what each item costs):
   * about 2.5 times the dearest operation of the README and the web app (a compressed syllabus with its coverage).
   */
  cost: 200_000,
  /** How deep the variables of a request may nest (lists in lists, objects in objects). */
  variableDepth: 20,
} as const;

/**
 * graphql-armor reports every rejection as a generic validation error; the message tells which limit it was, and
 * the API gives each limit its own code.
 */
const ARMOR_MESSAGES: [RegExp, ErrorCode][] = [
  [/^(Syntax Error: )?Query depth limit/, ErrorCode.QUERY_TOO_DEEP],
  [/^(Syntax Error: )?Aliases limit/, ErrorCode.TOO_MANY_ALIASES],
  [/^(Syntax Error: )?Directives limit/, ErrorCode.TOO_MANY_DIRECTIVES],
  // graphql-js's own parser limit (parseOptions.maxTokens), so a long document is refused while parsing, once.
  [/^(Syntax Error: )?Document contains more th\w+ \d+ tokens/, ErrorCode.TOO_MANY_TOKENS],
];

/** Parse options for Apollo Server: graphql-js stops parsing at the token limit. */
export const PARSE_OPTIONS = { maxTokens: LIMITS.tokens };

/** The limit code of a graphql-armor rejection message, if it is one. */
export function limitCodeOf(message: string): ErrorCode | undefined {
  return ARMOR_MESSAGES.find(([pattern]) => pattern.test(message))?.[1];
}

/**
 * Depth, alias and directive limits (graphql-armor), and field suggestions blocked in production. Tokens are counted
 * by the parser itself (PARSE_OPTIONS): graphql-armor's token plugin parses a second time in a hook whose errors
 * Apollo answers with HTTP 500, a syntax error included.
 */
export function armorProtection(production: boolean) {
  return new ApolloArmor({
    maxDepth: { n: LIMITS.depth },
    maxAliases: { n: LIMITS.aliases },
    maxDirectives: { n: LIMITS.directives },
    maxTokens: { enabled: false },
    costLimit: { enabled: false }, // replaced by the `first`-aware cost below
    blockFieldSuggestion: { enabled: production },
  }).protect();
}

/** The variables as stable text for a cache key; undefined when they nest deeper than LIMITS.variableDepth. */
export function variablesKey(value: unknown, depth = 0): string | undefined {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (depth >= LIMITS.variableDepth) return undefined;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    const part = variablesKey(v, depth + 1);
    if (part === undefined) return undefined;
    parts.push(`${JSON.stringify(k)}:${part}`);
  }
  return Array.isArray(value) ? `[${parts.join(',')}]` : `{${parts.join(',')}}`;
}

/** Longer cache keys are hashed, so an entry stays small whatever the request's size. */
const MAX_KEY_LENGTH = 256;

/**
 * The cost cache's key for an operation: the document's hash (Apollo's `queryHash`, the SHA-256 of its text, which
 * Apollo computes for every request anyway), the operation name and the variables as text (see variablesKey). Short
 * keys are kept as they are, which spares a digest per request for the usual small variables.
 */
export function costKey(queryHash: string, operationName: string | null | undefined, variables: string): string {
  const key = `${queryHash}\0${operationName ?? ''}\0${variables}`;
  return key.length <= MAX_KEY_LENGTH ? key : `#${crypto.createHash('sha256').update(key).digest('hex')}`;
}

function refusal(message: string, code: ErrorCode, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

/** The cost of an operation, or undefined when it cannot be priced (its variables do not coerce, it names no field). */
function price(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  operationName: string | undefined,
) {
  try {
    return getComplexity({ schema, query: document, variables, operationName, estimators: [costEstimator] });
  } catch (err) {
    // The cost model's own refusals (a `first` out of range) stand; anything else (variables that do not coerce) is
    // left to execution, which refuses it with its own code.
    if (err instanceof GraphQLError && err.extensions.code) throw err;
    return undefined;
  }
}

/**
 * Rejects an operation over the cost budget before it runs, and tells every client what its operation cost: every
 * response carries `extensions.cost`, a rejected one too (`requested` is null when the document could not be priced:
 * it did not parse, or its variables do not fit their types, which the response's error says).
 */
export function costLimitPlugin(
  charge: (context: object, cost: number) => Promise<{ limit: number; remaining: number } | undefined> = async () =>
    undefined,
): ApolloServerPlugin {
  // Clients repeat the same operations; the cost depends only on the text, the operation name and the variables.
  const costs = new LRUCache<string, number>({ max: 1000 });
  return {
    async requestDidStart() {
      let cost: number | undefined;
      let budget: { limit: number; remaining: number } | undefined;
      return {
        async didResolveOperation({ request, document, schema, queryHash, contextValue }) {
          const variables = variablesKey(request.variables ?? {});
          if (variables === undefined)
            throw refusal(
              `The variables nest deeper than ${LIMITS.variableDepth} levels; no argument of this API needs that.`,
              ErrorCode.BAD_USER_INPUT,
              { argumentName: 'variables' },
            );
          const key = costKey(queryHash, request.operationName, variables);
          cost = costs.get(key);
          if (cost === undefined) {
            // Variables of the wrong type are refused by execution with BAD_USER_INPUT; they have no price.
            cost = price(schema, document, request.variables ?? {}, request.operationName);
            if (cost === undefined) return;
            costs.set(key, cost);
          }
          if (cost > LIMITS.cost) {
            throw refusal(
              `This operation would cost ${cost}, over the budget of ${LIMITS.cost}; ask for fewer items (lower "first") or fewer nested lists.`,
              ErrorCode.QUERY_TOO_COMPLEX,
              { cost: { requested: cost, limit: LIMITS.cost } },
            );
          }
          budget = await charge(contextValue as object, cost);
        },
        async willSendResponse({ request, response, document, schema }) {
          if (response.body.kind !== 'single') return;
          // Refused in validation (over a depth, alias or directive limit): priced all the same when it can be.
          if (cost === undefined && document) {
            try {
              cost = price(schema, document, request.variables ?? {}, request.operationName);
            } catch {
              cost = undefined;
            }
          }
          response.body.singleResult.extensions = {
            ...response.body.singleResult.extensions,
            cost: {
              requested: cost ?? null,
              limit: LIMITS.cost,
              ...(budget ? { budget: budget.limit, remaining: budget.remaining } : {}),
            },
          };
        },
      };
    },
  };
}
