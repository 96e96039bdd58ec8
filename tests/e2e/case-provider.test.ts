import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { caseErrors, type CasePayload } from '../case-schema.js';
import { gql, startTestServer, type TestServer } from '../helpers.js';

const ROOT = '/ims/case/v1p1';
const ALICE = 'alice-key-0123456789abcdefghijkl';
const BOB = 'bob-key-0123456789abcdefghijklmnop';

let server: TestServer;

interface Got {
  status: number;
  headers: Headers;
  body: any;
}

async function get(pathAndQuery: string, headers: Record<string, string> = {}): Promise<Got> {
  const res = await fetch(`${server.url}${pathAndQuery}`, { headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

/** A GET that must succeed and validate against its CASE 1.1 class. */
async function valid(pathAndQuery: string, payload: CasePayload): Promise<Got> {
  const got = await get(pathAndQuery);
  expect({ pathAndQuery, status: got.status }).toEqual({ pathAndQuery, status: 200 });
  expect(caseErrors(payload, got.body), pathAndQuery).toBeNull();
  expect(got.headers.get('etag')).toMatch(/^"[\w-]+"$/);
  expect(Date.parse(got.headers.get('last-modified')!)).not.toBeNaN();
  return got;
}

/** A GET that must fail with an imsx_StatusInfo payload naming the field at fault. */
async function refused(pathAndQuery: string, status: number, field: string, codeMinor: string) {
  const got = await get(pathAndQuery);
  expect({ pathAndQuery, status: got.status }).toEqual({ pathAndQuery, status });
  expect(caseErrors('statusInfo', got.body)).toBeNull();
  expect(got.body.imsx_codeMinor.imsx_codeMinorField[0]).toEqual({
    imsx_codeMinorFieldName: field,
    imsx_codeMinorFieldValue: codeMinor,
  });
  expect(got.body.imsx_description.length).toBeGreaterThan(10);
  return got.body;
}

const SAVE = `mutation($input: SaveSyllabusInput!) {
  saveSyllabus(input: $input) { syllabus { id owner version createdAt updatedAt casePath plan { caseJson modules { concepts { concept { id } } } } } }
}`;

async function save(key: string | null, input: Record<string, unknown>) {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query: SAVE, variables: { input } }),
  });
  return { status: res.status, ...((await res.json()) as { data?: any; errors?: any[] }) };
}

const efficient = {
  title: 'Efficient ML',
  chapters: ['chapter:model-optimizations'],
  concepts: ['concept:roofline-model'],
  assumeKnown: ['chapter:introduction', 'chapter:deep-learning'],
  weeks: 8,
  hoursPerWeek: 6,
};

beforeAll(async () => {
  server = await startTestServer({ API_KEYS: `alice:${ALICE},bob:${BOB}` });
});
afterAll(() => server.close());

describe('CASE provider: the course', () => {
  it('serves the course as a CFDocument whose package, items, associations and definitions all validate', async () => {
    const list = await valid(`${ROOT}/CFDocuments`, 'documentSet');
    const course = list.body.CFDocuments.find((d: any) => d.title === 'Machine Learning Systems Engineering');
    expect(course).toMatchObject({ caseVersion: '1.1', adoptionStatus: 'Adopted', language: 'en' });
    expect(course.uri).toBe(`${server.url}${ROOT}/CFDocuments/${course.identifier}`);
    expect(course.CFPackageURI.uri).toBe(`${server.url}${ROOT}/CFPackages/${course.identifier}`);
    expect(Number(list.headers.get('x-total-count'))).toBe(list.body.CFDocuments.length);

    const doc = await valid(`${ROOT}/CFDocuments/${course.identifier}`, 'document');
    expect(doc.body).toEqual(course);
    const pkg = (await valid(`${ROOT}/CFPackages/${course.identifier}`, 'package')).body;

    // The package says what the graph says: every concept, its chapter, and every REQUIRES edge with its reason.
    const concepts = (await gql(server, '{ concepts(first: 100) { totalCount } }')).data!.concepts.totalCount;
    const items = pkg.CFItems.filter((i: any) => i.CFItemType === 'Concept');
    expect(items.length).toBe(concepts);
    const quantization = items.find((i: any) => i.humanCodingScheme === 'concept:quantization');
    const prereqs = (
      await gql(server, '{ concept(id: "concept:quantization") { prerequisites { reason concept { id } } } }')
    ).data!.concept.prerequisites;
    const byId = new Map(pkg.CFItems.map((i: any) => [i.identifier, i]));
    for (const type of ['precedes', 'ext:isPrerequisiteOf']) {
      const into = pkg.CFAssociations.filter(
        (a: any) => a.associationType === type && a.destinationNodeURI.identifier === quantization.identifier,
      );
      expect(
        into.map((a: any) => `${(byId.get(a.originNodeURI.identifier) as any).humanCodingScheme}:${a.notes}`).sort(),
      ).toEqual(prereqs.map((p: any) => `${p.concept.id}:${p.reason}`).sort());
    }

    // Each object is served on its own, in its standalone form.
    const item = await valid(`${ROOT}/CFItems/${quantization.identifier}`, 'item');
    expect(item.body.CFDocumentURI.identifier).toBe(course.identifier);
    expect(item.body.fullStatement).toBe(quantization.fullStatement);
    const set = await valid(`${ROOT}/CFItemAssociations/${quantization.identifier}`, 'associationSet');
    expect(set.body.CFAssociations.length).toBe(
      pkg.CFAssociations.filter(
        (a: any) =>
          a.originNodeURI.identifier === quantization.identifier ||
          a.destinationNodeURI.identifier === quantization.identifier,
      ).length,
    );
    const association = await valid(`${ROOT}/CFAssociations/${set.body.CFAssociations[0].identifier}`, 'association');
    expect(association.body.CFDocumentURI.identifier).toBe(course.identifier);
    const type = await valid(`${ROOT}/CFItemTypes/${quantization.CFItemTypeURI.identifier}`, 'itemTypeSet');
    expect(type.body.CFItemTypes[0].title).toBe('Concept');
    const license = await valid(`${ROOT}/CFLicenses/${course.licenseURI.identifier}`, 'license');
    expect(license.body.title).toMatch(/CC BY-NC-SA 4\.0/);
    const grouping = pkg.CFAssociations.find((a: any) => a.CFAssociationGroupingURI).CFAssociationGroupingURI;
    await valid(`${ROOT}/CFAssociationGroupings/${grouping.identifier}`, 'grouping');
    // Links resolve: every URI in the package points at this provider.
    for (const i of pkg.CFItems.slice(0, 3)) expect((await get(new URL(i.uri).pathname)).status).toBe(200);
  });

  it('answers a conditional GET with 304 while the document is unchanged', async () => {
    const list = await valid(`${ROOT}/CFDocuments`, 'documentSet');
    const id = list.body.CFDocuments[0].identifier;
    const first = await valid(`${ROOT}/CFPackages/${id}`, 'package');
    const etag = first.headers.get('etag')!;
    expect((await get(`${ROOT}/CFPackages/${id}`, { 'if-none-match': etag })).status).toBe(304);
    expect((await get(`${ROOT}/CFPackages/${id}`, { 'if-none-match': '"other"' })).status).toBe(200);
    const since = first.headers.get('last-modified')!;
    expect((await get(`${ROOT}/CFPackages/${id}`, { 'if-modified-since': since })).status).toBe(304);
    const before = new Date(Date.parse(since) - 1000).toUTCString();
    expect((await get(`${ROOT}/CFPackages/${id}`, { 'if-modified-since': before })).status).toBe(200);
  });

  it('refuses bad requests with imsx_StatusInfo payloads and the binding status codes', async () => {
    await refused(`${ROOT}/CFItems/not-a-uuid`, 404, 'sourcedId', 'invalid_uuid');
    await refused(`${ROOT}/CFItems/00000000-0000-4000-8000-000000000000`, 404, 'sourcedId', 'unknownobject');
    await refused(`${ROOT}/CFPackages/00000000-0000-4000-8000-000000000000`, 404, 'sourcedId', 'unknownobject');
    await refused(`${ROOT}/CFDocuments?limit=0`, 400, 'limit', 'invalid_selection_field');
    await refused(`${ROOT}/CFDocuments?limit=101`, 400, 'limit', 'invalid_selection_field');
    await refused(`${ROOT}/CFDocuments?limit=ten`, 400, 'limit', 'invalid_selection_field');
    await refused(`${ROOT}/CFDocuments?offset=-1`, 400, 'offset', 'invalid_selection_field');
    await refused(`${ROOT}/CFDocuments?offset=100000`, 400, 'offset', 'invalid_selection_field');
    await refused(`${ROOT}/CFDocuments?limit=1&limit=2`, 400, 'limit', 'invalid_selection_field');
    await refused(`${ROOT}/CFDocuments?orderBy=up`, 400, 'orderBy', 'invalid_selection_field');
    await refused(`${ROOT}/CFDocuments?sort=`, 400, 'sort', 'invalid_sort_field');
    await refused(`${ROOT}/CFDocuments?fields=title,,uri`, 400, 'fields', 'invalid_selection_field');
    await refused(`${ROOT}/CFDocuments?sort=${'x'.repeat(101)}`, 400, 'sort', 'invalid_selection_field');
    await refused(`${ROOT}/CFDocuments?page=2`, 400, 'page', 'invalid_selection_field');
    const filter = await refused(`${ROOT}/CFDocuments?filter=title%3D'x'`, 400, 'filter', 'invalid_selection_field');
    expect(filter.imsx_codeMajor).toBe('unsupported');
    await refused(`${ROOT}/CFItems/00000000-0000-4000-8000-000000000000?x=1`, 400, 'x', 'invalid_selection_field');
    await refused(`${ROOT}/CFRubrics/00000000-0000-4000-8000-000000000000`, 404, 'path', 'unknownobject');
    const post = await fetch(`${server.url}${ROOT}/CFDocuments`, { method: 'POST' });
    expect(post.status).toBe(404);
    expect(caseErrors('statusInfo', await post.json())).toBeNull();
  });
});

describe('CASE provider: saved syllabi', () => {
  it('needs a key to save, and a key can update only its own syllabi', async () => {
    const anonymous = await save(null, { syllabus: efficient });
    expect(anonymous.status).toBe(401);
    expect(anonymous.errors![0].extensions.code).toBe('UNAUTHENTICATED');
    const mine = await save(ALICE, { syllabus: efficient });
    expect(mine.errors).toBeUndefined();
    const theirs = await save(BOB, { id: mine.data.saveSyllabus.syllabus.id, syllabus: efficient });
    expect(theirs.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'id' });
    const malformed = await save(ALICE, { id: 'abc', syllabus: efficient });
    expect(malformed.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'id' });
  });

  it('serves a saved syllabus as a CFDocument; an update keeps its identifiers and moves lastChangeDateTime', async () => {
    const created = await save(ALICE, { syllabus: efficient, useCompression: true });
    expect(created.errors).toBeUndefined();
    const s = created.data.saveSyllabus.syllabus;
    expect(s).toMatchObject({ owner: 'alice', version: 1, casePath: `${ROOT}/CFDocuments/${s.id}` });

    const doc = await valid(s.casePath, 'document');
    expect(doc.body).toMatchObject({ identifier: s.id, title: 'Efficient ML', lastChangeDateTime: s.updatedAt });
    const pkg = (await valid(`${ROOT}/CFPackages/${s.id}`, 'package')).body;
    // The GraphQL export of the saved syllabus has the same identifiers; only the URIs differ (urn:uuid there).
    const exported = JSON.parse(s.plan.caseJson);
    expect(caseErrors('package', exported)).toBeNull();
    const ids = (p: any) => [p.CFDocument.identifier, ...p.CFItems.map((i: any) => i.identifier)].sort();
    expect(ids(exported)).toEqual(ids(pkg));
    // Each concept points at its item in the course framework, which the provider also serves.
    const match = pkg.CFAssociations.find((a: any) => a.associationType === 'exactMatchOf');
    const target = await valid(new URL(match.destinationNodeURI.uri).pathname, 'item');
    expect(target.body.CFDocumentURI.title).toBe('Machine Learning Systems Engineering');
    // Listed with the course, and pages through them with the total and links.
    const all = await valid(`${ROOT}/CFDocuments?limit=100`, 'documentSet');
    expect(all.body.CFDocuments.map((d: any) => d.identifier)).toContain(s.id);
    const total = Number(all.headers.get('x-total-count'));
    const second = await valid(`${ROOT}/CFDocuments?limit=1&offset=1`, 'documentSet');
    expect(second.body.CFDocuments).toEqual([all.body.CFDocuments[1]]);
    expect(second.headers.get('link')).toContain('rel="prev"');
    expect(second.headers.get('link')!.includes('rel="next"')).toBe(total > 2);
    const sorted = await valid(`${ROOT}/CFDocuments?sort=title&orderBy=desc`, 'documentSet');
    const titles = sorted.body.CFDocuments.map((d: any) => d.title);
    expect(titles).toEqual([...titles].sort((a, b) => b.localeCompare(a, 'en')));
    const some = await get(`${ROOT}/CFDocuments?fields=identifier,title`);
    for (const d of some.body.CFDocuments) expect(Object.keys(d)).toEqual(['identifier', 'title']);

    // Update: two more weeks, no compression. Kept concepts keep their items; the date moves forward.
    const etag = (await get(`${ROOT}/CFPackages/${s.id}`)).headers.get('etag');
    const updated = await save(ALICE, { id: s.id, syllabus: { ...efficient, weeks: 10 } });
    expect(updated.errors).toBeUndefined();
    const u = updated.data.saveSyllabus.syllabus;
    expect(u).toMatchObject({ id: s.id, version: 2, createdAt: s.createdAt });
    expect(Date.parse(u.updatedAt)).toBeGreaterThan(Date.parse(s.updatedAt));
    const after = (await valid(`${ROOT}/CFPackages/${s.id}`, 'package')).body;
    expect(after.CFDocument.lastChangeDateTime).toBe(u.updatedAt);
    for (const i of after.CFItems) expect(i.lastChangeDateTime).toBe(u.updatedAt);
    const itemOf = (p: any) => new Map(p.CFItems.map((i: any) => [i.humanCodingScheme, i.identifier]));
    const [was, now] = [itemOf(pkg), itemOf(after)];
    const kept = [...was.keys()].filter((k) => now.has(k));
    expect(kept.length).toBeGreaterThan(10);
    for (const k of kept) expect(now.get(k)).toBe(was.get(k));
    expect((await get(`${ROOT}/CFPackages/${s.id}`, { 'if-none-match': etag! })).status).toBe(200);

    const read: any = await gql(
      server,
      `query($id: ID!) { savedSyllabus(id: $id) { version input { weeks useCompression } plan { csv markdown } } }`,
      { id: s.id },
    );
    expect(read.data.savedSyllabus).toMatchObject({ version: 2, input: { weeks: 10, useCompression: false } });
    expect(read.data.savedSyllabus.plan.csv).toMatch(/^week,concept_id/);
    expect(read.data.savedSyllabus.plan.markdown).toMatch(/^# Efficient ML/);
    expect((await gql(server, `{ savedSyllabus(id: "00000000-0000-4000-8000-000000000000") { id } }`)).data).toEqual({
      savedSyllabus: null,
    });
  });
});

describe('README', () => {
  it('runs the curl examples of the "Curriculum tools" section against the provider', async () => {
    const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    const start = readme.indexOf('## Curriculum tools\n');
    const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
    const commands = [...section.matchAll(/```bash\n([\s\S]*?)```/g)]
      .flatMap((m) => m[1]!.split('\n'))
      .filter((line) => line.startsWith('curl '));
    expect(commands.length).toBeGreaterThanOrEqual(2);
    for (const command of commands) {
      const { stdout } = await promisify(execFile)(
        'bash',
        ['-c', command.replaceAll('http://localhost:4000', server.url)],
        {
          timeout: 20_000,
          maxBuffer: 32 * 1024 * 1024,
        },
      );
      const body = JSON.parse(stdout);
      expect(caseErrors(body.CFDocuments ? 'documentSet' : 'package', body), command).toBeNull();
    }
  });
});
