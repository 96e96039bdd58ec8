import { ApolloServer, HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { describe, expect, it } from 'vitest';
import { costKey, costLimitPlugin, LIMITS, variablesKey } from '../../src/http/limits.js';
import { Loaders } from '../../src/db/loaders.js';
import { executableSchema } from '../../src/graphql/schema.js';
import type { Database } from '../../src/db/database.js';
import type { CourseCache } from '../../src/db/course-cache.js';
import { NodeCache } from '../../src/db/node-cache.js';
import { GRAPHQL_RESPONSE_TYPE, JSON_TYPE, responseMediaType } from '../../src/http/status.js';

/** Answers every operation with empty data before execution: the cost plugin runs, no resolver does. */
const noExecution: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async responseForOperation() {
        return {
          http: { status: undefined, headers: new HeaderMap() },
          body: { kind: 'single', singleResult: { data: {} } },
        };
      },
    };
  },
};

async function pricedServer() {
  let charged = 0;
  const server = new ApolloServer({
    schema: executableSchema(),
    plugins: [
      costLimitPlugin(async (_context, cost) => {
        charged += cost;
        return { limit: 1_000_000, remaining: 1_000_000 - charged };
      }),
      noExecution,
    ],
  });
  await server.start();
  const price = async (query: string, variables: Record<string, unknown>) => {
    const response = await server.executeOperation({ query, variables });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return response.body.singleResult;
  };
  return { server, price, charged: () => charged };
}

const PAGE = 'query($n: Int) { concepts(first: $n) { nodes { id } } }';

describe('the cost cache', () => {
  it('prices an operation again when its variables change, and charges every request', async () => {
    const { server, price, charged } = await pricedServer();
    try {
      const two = await price(PAGE, { n: 2 });
      const five = await price(PAGE, { n: 5 });
      const twoAgain = await price(PAGE, { n: 2 });
      expect(two.extensions?.cost).toMatchObject({ requested: 4, limit: LIMITS.cost });
      expect(five.extensions?.cost).toMatchObject({ requested: 10 });
      expect(twoAgain.extensions?.cost).toMatchObject({ requested: 4 });
      expect(charged()).toBe(4 + 10 + 4);
    } finally {
      await server.stop();
    }
  });

  it('refuses an operation over the budget each time it comes, from the cache too', async () => {
    const { server, price } = await pricedServer();
    try {
      const heavy = 'query($n: Int) { chapters(first: $n) { nodes { concepts { chapter { concepts { id } } } } } }';
      for (let i = 0; i < 2; i++) {
        const result = await price(heavy, { n: 100 });
        expect(result.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
      }
      expect((await price(heavy, { n: 1 })).errors).toBeUndefined();
    } finally {
      await server.stop();
    }
  });

  it('keys on the document, the operation name and the variables, and bounds the key length', () => {
    const hash = 'a'.repeat(64);
    const one = costKey(hash, undefined, variablesKey({ n: 1 })!);
    expect(costKey(hash, undefined, variablesKey({ n: 1 })!)).toBe(one);
    expect(costKey(hash, undefined, variablesKey({ n: 2 })!)).not.toBe(one);
    expect(costKey(hash, 'Named', variablesKey({ n: 1 })!)).not.toBe(one);
    expect(costKey('b'.repeat(64), undefined, variablesKey({ n: 1 })!)).not.toBe(one);
    const long = (c: string) => costKey(hash, undefined, variablesKey({ ids: [c.repeat(5000)] })!);
    expect(long('x').length).toBeLessThanOrEqual(65);
    expect(long('x')).not.toBe(long('y'));
  });
});

describe('the negotiated media type', () => {
  it('answers the same for a header seen before as the first time', () => {
    const headers = [
      'application/graphql-response+json, application/json;q=0.9',
      'application/json',
      'text/html',
      '*/*',
      // Too long to keep: negotiated each time.
      `application/json;q=0.5, application/graphql-response+json, ${'text/plain;q=0.1, '.repeat(40)}text/html`,
    ];
    const first = headers.map(responseMediaType);
    expect(first).toEqual([GRAPHQL_RESPONSE_TYPE, JSON_TYPE, undefined, JSON_TYPE, GRAPHQL_RESPONSE_TYPE]);
    expect(headers.map(responseMediaType)).toEqual(first);
  });
});

describe('per-request loaders', () => {
  it('builds each DataLoader once per request, on first use', () => {
    const loaders = new Loaders({} as Database, {} as CourseCache, new NodeCache());
    expect(loaders.node).toBe(loaders.node);
    expect(loaders.prerequisiteClosure).toBe(loaders.prerequisiteClosure);
    expect(loaders.dependentClosure).not.toBe(loaders.prerequisiteClosure);
    expect(new Loaders({} as Database, {} as CourseCache, new NodeCache()).node).not.toBe(loaders.node);
  });
});
