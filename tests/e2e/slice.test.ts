import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startTestServer, type TestServer } from '../helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('GraphQL over HTTP: parts, chapters, node lookups', () => {
  it('serves the six parts in order with their chapters', async () => {
    const res = await gql(server, `{ parts { totalCount nodes { id number name chapters { number title } } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.parts.totalCount).toBe(6);
    const parts = res.data!.parts.nodes as { number: number; chapters: { number: number }[] }[];
    expect(parts.map((p) => p.number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(parts.flatMap((p) => p.chapters.map((c) => c.number))).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
  });

  it('serves a chapter by id with its part and sources', async () => {
    const res = await gql(
      server,
      `{ chapter(id: "chapter:dnn-architectures") { number title part { id } sources { doc section } } }`,
    );
    expect(res.data!.chapter).toMatchObject({
      number: 4,
      title: 'DNN Architectures',
      part: { id: 'part:foundations' },
    });
    expect(res.data!.chapter.sources.map((s: { doc: string }) => s.doc)).toContain('TEXTBOOK');
  });

  it('filters chapters by part', async () => {
    const res = await gql(server, `{ chapters(part: "part:trustworthy-ai") { nodes { number } } }`);
    expect(res.data!.chapters.nodes.map((c: { number: number }) => c.number)).toEqual([17, 18, 19]);
  });

  it('resolves node and nodes to their concrete types, null for unknown ids', async () => {
    const res = await gql(
      server,
      `{ node(id: "part:frontiers") { id ... on Part { name } }
         nodes(ids: ["chapter:introduction", "chapter:nope", "part:foundations"]) { id __typename } }`,
    );
    expect(res.data!.node).toEqual({ id: 'part:frontiers', name: 'Frontiers' });
    expect(res.data!.nodes).toEqual([
      { id: 'chapter:introduction', __typename: 'Chapter' },
      null,
      { id: 'part:foundations', __typename: 'Part' },
    ]);
  });

  it('returns null, not an error, for an unknown id or an id of another kind', async () => {
    const res = await gql(
      server,
      `{ chapter(id: "chapter:unknown") { id } node(id: "nothing") { id } part(id: "chapter:introduction") { id } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ chapter: null, node: null, part: null });
  });

  it('refuses more than 100 ids with BAD_USER_INPUT', async () => {
    const ids = Array.from({ length: 101 }, (_, i) => `concept:x${i}`);
    const res = await gql(server, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids });
    expect(res.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.message).toMatch(/at most 100 ids; got 101/);
  });

  it('answers /health and /ready', async () => {
    expect(await (await fetch(`${server.url}/health`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', database: 'up' });
  });

  it('serves simple GET queries and refuses simple POSTs (CSRF prevention)', async () => {
    const res = await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ parts { totalCount } }')}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { parts: { totalCount: 6 } }, extensions: expect.any(Object) });
    const simplePost = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ parts { totalCount } }' }),
    });
    expect(simplePost.status).toBe(400);
    expect(await simplePost.text()).toMatch(/cross-site request forgery/);
  });
});
