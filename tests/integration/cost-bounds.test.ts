import type { GraphQLObjectType } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { CATALOG } from '../../src/graphql/catalog.js';
import { path } from '../../src/db/cypher.js';
import { fieldSize, PLAN_BOUNDS, SOURCES_BOUND } from '../../src/graphql/cost.js';
import { executableSchema } from '../../src/graphql/schema.js';
import { testDb } from '../helpers.js';

const db = testDb();
const schema = executableSchema();
afterAll(() => db.close());

/** The cost model prices a list without `first` by a bound; the graph must never hold a longer one. */
describe('list bounds of the cost model against the graph', () => {
  it('prices every relationship list at least at its largest size in the graph', async () => {
    const over: string[] = [];
    let measured = 0;
    for (const kind of CATALOG) {
      const type = schema.getType(kind.type) as GraphQLObjectType;
      for (const rel of kind.relations.filter((r) => r.list)) {
        const field = type.getFields()[rel.field]!;
        if (field.args.some((a) => a.name === 'first')) continue;
        const [row] = await db.read<{ largest: number }>(
          `MATCH (s:${kind.label}) CALL (s) { MATCH ${path('s', rel.hops, 'n')} RETURN count(DISTINCT n) AS c } RETURN max(c) AS largest`,
        );
        const bound = fieldSize(kind.type, field, {});
        measured++;
        if ((row?.largest ?? 0) > bound) over.push(`${kind.type}.${rel.field}: ${row?.largest} > ${bound}`);
      }
    }
    expect(over).toEqual([]);
    expect(measured).toBeGreaterThan(50);
  });

  it('prices sources at least at the most any node has', async () => {
    const rows = await db.read<{ sources: string }>(
      'MATCH (n:Entity) WHERE n.sources IS NOT NULL RETURN n.sources AS sources',
    );
    const largest = Math.max(...rows.map((r) => (JSON.parse(r.sources) as unknown[]).length));
    expect(largest).toBeGreaterThan(1);
    expect(largest).toBeLessThanOrEqual(SOURCES_BOUND);
  });

  it('prices a plan at more steps than the graph has concepts', async () => {
    const [row] = await db.read<{ concepts: number }>('MATCH (c:Concept) RETURN count(c) AS concepts');
    expect(row!.concepts).toBeGreaterThan(100);
    expect(row!.concepts).toBeLessThanOrEqual(PLAN_BOUNDS.steps);
  });
});
