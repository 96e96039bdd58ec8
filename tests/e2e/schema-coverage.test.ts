import { getNamedType, isLeafType, isObjectType, isInterfaceType, type GraphQLField, type GraphQLObjectType, buildSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG } from '../../src/graphql/catalog.js';
import { loadTypeDefs } from '../../src/graphql/schema.js';
import { gql, startTestServer, type TestServer } from '../helpers.js';

const schema = buildSchema(loadTypeDefs().join('\n'));
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/** Every field of a type: leaves by name, nodes by id, value objects with all their leaves (one level). */
function selection(type: GraphQLObjectType, depth = 0): string {
  return Object.values(type.getFields())
    .map((f: GraphQLField<unknown, unknown>) => {
      const named = getNamedType(f.type);
      if (isLeafType(named)) return f.name;
      if (isInterfaceType(named)) return `${f.name} { id __typename }`;
      if (!isObjectType(named)) return '';
      const isNode = named.getInterfaces().some((i) => i.name === 'Node');
      if (isNode) return depth === 0 ? `${f.name} { id }` : '';
      return `${f.name} { ${selection(named, depth + 1)} }`;
    })
    .filter(Boolean)
    .join(' ');
}

const isEmpty = (v: unknown) => v === null || (Array.isArray(v) && v.length === 0);

describe('every type and relationship field over HTTP', () => {
  for (const kind of CATALOG) {
    it(`${kind.type}: list, lookup, and every relationship field holds data somewhere`, async () => {
      const type = schema.getType(kind.type) as GraphQLObjectType;
      const fields = selection(type);
      const all: Record<string, unknown>[] = [];
      let after: string | null = null;
      let total = 0;
      do {
        const res: any = await gql(server, `query($after: String) { ${kind.listQuery}(first: 10, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { ${fields} } } }`, { after });
        expect(res.errors).toBeUndefined();
        const page = res.data[kind.listQuery];
        total = page.totalCount;
        all.push(...page.nodes);
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      expect(all.length).toBe(total);
      expect(total).toBeGreaterThan(0);
      expect(new Set(all.map((n) => n.id)).size).toBe(total);
      for (const rel of kind.relations) {
        expect({ field: `${kind.type}.${rel.field}`, reached: all.some((n) => !isEmpty(n[rel.field])) }).toEqual({ field: `${kind.type}.${rel.field}`, reached: true });
      }
      for (const n of all) expect((n.sources as unknown[]).length).toBeGreaterThan(0);
      const one = await gql(server, `query($id: ID!) { ${kind.byIdQuery}(id: $id) { id } node(id: $id) { __typename } }`, { id: all[0]!.id });
      expect(one.data).toEqual({ [kind.byIdQuery]: { id: all[0]!.id }, node: { __typename: kind.type } });
    });
  }
});
