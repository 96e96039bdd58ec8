import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startTestServer, type TestServer } from '../helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('prerequisite queries on the whole graph', () => {
  it("orders every concept's closure validly: each entry after its own prerequisites, all of them present", async () => {
    // The direct prerequisites of every concept, page by page.
    const direct = new Map<string, string[]>();
    let after: string | null = null;
    do {
      const res: any = await gql(
        server,
        `query($after: String) { concepts(first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { id prerequisites { concept { id } } } } }`,
        { after },
      );
      expect(res.errors).toBeUndefined();
      for (const c of res.data.concepts.nodes)
        direct.set(
          c.id,
          c.prerequisites.map((p: any) => p.concept.id),
        );
      after = res.data.concepts.pageInfo.hasNextPage ? res.data.concepts.pageInfo.endCursor : null;
    } while (after);
    expect(direct.size).toBeGreaterThanOrEqual(250);

    const ids = [...direct.keys()];
    for (let i = 0; i < ids.length; i += 10) {
      const res: any = await gql(
        server,
        `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Concept { allPrerequisites { depth concept { id } } } } }`,
        { ids: ids.slice(i, i + 10) },
      );
      expect(res.errors).toBeUndefined();
      for (const c of res.data.nodes) {
        const entries = c.allPrerequisites as { depth: number; concept: { id: string } }[];
        const pos = new Map(entries.map((e, k) => [e.concept.id, k]));
        expect(pos.has(c.id)).toBe(false);
        for (const d of direct.get(c.id)!) expect(entries[pos.get(d)!]!.depth).toBe(1);
        entries.forEach((e, k) => {
          for (const p of direct.get(e.concept.id)!) expect(pos.get(p)).toBeLessThan(k);
        });
      }
    }
  });

  it('reads prerequisites with reasons in one direction and dependents in the other', async () => {
    const res: any = await gql(
      server,
      `{ concept(id: "concept:quantization") { prerequisites { reason concept { id dependents { concept { id } } } } } }`,
    );
    const prereqs = res.data.concept.prerequisites;
    expect(prereqs.length).toBeGreaterThan(0);
    for (const p of prereqs) {
      expect(p.reason).toMatch(/^needs /);
      expect(p.concept.dependents.map((d: any) => d.concept.id)).toContain('concept:quantization');
    }
  });

  it('lists what a concept unlocks, nearest first', async () => {
    const res: any = await gql(
      server,
      `{ concept(id: "concept:neural-network") { dependents { concept { id } } unlocks(first: 300) { depth concept { id } } } }`,
    );
    const unlocks = res.data.concept.unlocks as { depth: number; concept: { id: string } }[];
    const direct = new Set(res.data.concept.dependents.map((d: any) => d.concept.id));
    expect(
      unlocks
        .filter((u) => u.depth === 1)
        .map((u) => u.concept.id)
        .sort(),
    ).toEqual([...direct].sort());
    expect(unlocks.map((u) => u.depth)).toEqual([...unlocks.map((u) => u.depth)].sort((a, b) => a - b));
  });

  it('plans a learning path from a known concept to a target, excluding what is already covered', async () => {
    const res: any = await gql(
      server,
      `{ learningPath(from: "concept:neural-network", to: "concept:quantization") { totalHours steps { id hours } to { allPrerequisites { concept { id } } } from { allPrerequisites { concept { id } } } } }`,
    );
    const path = res.data.learningPath;
    const steps = path.steps.map((s: any) => s.id);
    expect(steps.at(-1)).toBe('concept:quantization');
    expect(steps).not.toContain('concept:neural-network');
    const known = new Set(path.from.allPrerequisites.map((e: any) => e.concept.id));
    for (const id of steps) expect(known.has(id)).toBe(false);
    const needed = path.to.allPrerequisites
      .map((e: any) => e.concept.id)
      .filter((id: string) => !known.has(id) && id !== 'concept:neural-network');
    expect(steps.slice(0, -1).sort()).toEqual(needed.sort());
    expect(path.totalHours).toBeCloseTo(path.steps.reduce((s: number, x: any) => s + x.hours, 0));
  });

  it('returns null for a path with an unknown end, and rejects a closure bound out of range', async () => {
    expect(
      (await gql(server, `{ learningPath(from: "concept:nope", to: "concept:quantization") { totalHours } }`)).data,
    ).toEqual({ learningPath: null });
    const res = await gql(server, `{ concept(id: "concept:quantization") { allPrerequisites(first: 0) { depth } } }`);
    expect(res.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  });
});

describe('career match over HTTP', () => {
  it('ranks all six roles for a profile, with gaps and the concepts that close them', async () => {
    const res: any = await gql(
      server,
      `{ careerMatch(skills: [{skill: "skill:ml-theory-math", level: ESSENTIAL}, {skill: "skill:research-methods", level: ESSENTIAL}, {skill: "skill:statistics-causal-inference", level: ESSENTIAL}], first: 6) {
          fit role { id } gaps { gap required current skill { id } concepts(first: 3) { id } } } }`,
    );
    expect(res.errors).toBeUndefined();
    const matches = res.data.careerMatch;
    expect(matches).toHaveLength(6);
    expect(matches.map((m: any) => m.fit)).toEqual(
      [...matches.map((m: any) => m.fit)].sort((a: number, b: number) => b - a),
    );
    expect(matches[0].role.id).toBe('role:research-scientist');
    for (const m of matches)
      for (const g of m.gaps) {
        expect(g.gap).toBeGreaterThan(0);
        expect(g.concepts.length).toBeGreaterThan(0);
      }
  });

  it('rejects unknown and duplicate skills with BAD_USER_INPUT', async () => {
    const unknown = await gql(server, `{ careerMatch(skills: [{skill: "skill:juggling", level: HELPFUL}]) { fit } }`);
    expect(unknown.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    const twice = await gql(
      server,
      `{ careerMatch(skills: [{skill: "skill:ethics-policy", level: HELPFUL}, {skill: "skill:ethics-policy", level: ESSENTIAL}]) { fit } }`,
    );
    expect(twice.errors![0]!.message).toMatch(/listed twice/);
  });
});
