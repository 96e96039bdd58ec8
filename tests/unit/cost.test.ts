import fc from 'fast-check';
import { parse } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { describe, expect, it } from 'vitest';
import { costEstimator, EXPORT_COSTS, PLAN_BOUNDS } from '../../src/graphql/cost.js';
import { executableSchema } from '../../src/graphql/schema.js';
import { costOf, generateOperation, samplesFrom } from '../operations.js';

const schema = executableSchema();
const cost = (query: string, variables: Record<string, unknown> = {}) =>
  getComplexity({ schema, query: parse(query), variables, estimators: [costEstimator] });
const refusal = (query: string, variables: Record<string, unknown> = {}) => {
  try {
    cost(query, variables);
  } catch (err) {
    return (err as { extensions?: Record<string, unknown> }).extensions;
  }
  return undefined;
};
const HEAVY = `chapters(first: 21) { nodes { concepts { chapter { concepts { id } } } } }`;
const samples = samplesFrom([
  'concept:machine-learning',
  'chapter:introduction',
  'role:ml-engineer',
  'part:foundations',
]);

describe('cost model', () => {
  it('prices a page by its first and a list without first by its bound', () => {
    expect(cost('{ concepts(first: 2) { nodes { id } } }')).toBe(4);
    // 21 chapters, each listing at most 100 concepts whose chapter lists at most 100 again.
    expect(cost(`{ ${HEAVY} }`)).toBe(21 * (1 + 1 * (1 + 100 * (1 + 1 * (1 + 100)))));
  });

  it('refuses a negative, zero or fractional first before pricing, so it cannot cancel its siblings', () => {
    for (const first of [-2_000_000_000, -1, 0]) {
      const q = `query($f: Int) { x: similar(id: "concept:machine-learning", first: $f) { score } ${HEAVY} }`;
      expect(refusal(q, { f: first })).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'first' });
    }
  });

  it('prices first: null at the default the resolvers use', () => {
    expect(cost('{ concepts(first: null) { nodes { id } } }')).toBe(cost('{ concepts { nodes { id } } }'));
    expect(cost('{ concepts(first: null) { nodes { id } } }')).toBe(20 * 2);
  });

  it('prices exports and plans by the size they can reach', () => {
    const input = '{concepts: ["concept:machine-learning"], hoursPerWeek: 5, startDate: "2027-01-04"}';
    const plain = cost(`{ roadmap(input: ${input}) { title } }`);
    expect(plain).toBeGreaterThanOrEqual(PLAN_BOUNDS.steps);
    expect(cost(`{ roadmap(input: ${input}) { title iCalendar } }`)).toBe(plain + EXPORT_COSTS['Roadmap.iCalendar']!);
    expect(cost(`{ roadmap(input: ${input}) { weeks { number } } }`)).toBe(plain + PLAN_BOUNDS.weeks);
  });

  it('never prices a generated operation below zero, and adding a field never lowers its price', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const op = generateOperation(schema, samples, seed);
        const c = costOf(schema, op);
        if (c === undefined) return;
        expect(c).toBeGreaterThanOrEqual(0);
        const wider = { ...op, query: op.query.replace(/\}\s*$/, ' parts(first: 1) { nodes { id } } }') };
        expect(costOf(schema, wider)).toBeGreaterThanOrEqual(c);
      }),
      { numRuns: 300 },
    );
  });
});
