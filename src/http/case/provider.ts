import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  type CaseClass,
  groupingId,
  GROUPING_NAMES,
  groupingObject,
  itemAssociations,
  itemTypeId,
  ITEM_TYPE_NAMES,
  itemTypeObject,
  LICENSE,
  licenseObject,
  standaloneAssociation,
  standaloneDocument,
  standaloneItem,
  toPackage,
  type UriOf,
} from '../../curriculum/case-model.js';
import type { Database } from '../../db/database.js';
import type { CourseCache } from '../../db/course-cache.js';
import { isUnavailable } from '../../db/database.js';
import { ErrorCode } from '../../graphql/errors.js';
import type { Logger } from '../../logger.js';
import { CaseCatalog, type CaseSnapshot } from './catalog.js';
import { CaseError, statusInfo } from './status.js';

/** Where the CASE 1.1 REST binding puts its endpoints. */
export const CASE_ROOT = '/ims/case/v1p1';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const MAX_LIMIT = 100;
const MAX_OFFSET = 100_000;
const MAX_FIELDS = 30;
const MAX_VALUE = 100;
/** CFDocument fields a list can be sorted on (arrays compare as their comma-joined text). */
const SORTABLE = [
  'identifier',
  'uri',
  'title',
  'creator',
  'publisher',
  'description',
  'subject',
  'language',
  'version',
  'adoptionStatus',
  'lastChangeDateTime',
  'officialSourceURL',
  'notes',
  'caseVersion',
];
const collator = new Intl.Collator('en', { sensitivity: 'variant', numeric: false });

type Query = Record<string, string | string[] | undefined>;

/** A query parameter given once, or undefined; refused when repeated or too long. */
function param(query: Query, name: string): string | undefined {
  const value = query[name];
  if (Array.isArray(value))
    throw new CaseError(
      400,
      name,
      'invalid_selection_field',
      `"${name}" may be given once; got ${value.length} values`,
    );
  if (value !== undefined && value.length > MAX_VALUE)
    throw new CaseError(400, name, 'invalid_selection_field', `"${name}" is at most ${MAX_VALUE} characters`);
  return value;
}

function onlyParams(query: Query, allowed: string[]): void {
  const extra = Object.keys(query).filter((k) => !allowed.includes(k));
  if (extra.length)
    throw new CaseError(
      400,
      extra[0]!,
      'invalid_selection_field',
      allowed.length
        ? `Unknown query parameter "${extra[0]}"; this endpoint takes ${allowed.join(', ')}`
        : `Unknown query parameter "${extra[0]}"; this endpoint takes none`,
    );
}

function integer(query: Query, name: string, min: number, max: number, fallback: number): number {
  const raw = param(query, name);
  if (raw === undefined) return fallback;
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= min && n <= max))
    throw new CaseError(
      400,
      name,
      'invalid_selection_field',
      `"${name}" must be a whole number from ${min} to ${max}; got "${raw}"`,
    );
  return n;
}

function sourcedId(req: FastifyRequest): string {
  const id = (req.params as { sourcedId: string }).sourcedId;
  if (!UUID.test(id))
    throw new CaseError(404, 'sourcedId', 'invalid_uuid', `Invalid UUID: "${id.slice(0, 60)}" is not a sourcedId`);
  return id.toLowerCase();
}

const unknown = (cls: string, id: string) =>
  new CaseError(404, 'sourcedId', 'unknownobject', `Unknown Object: no ${cls} has the sourcedId "${id}"`);

/** The request's own origin: URIs point back at the host the consumer reached. */
function urisFor(req: FastifyRequest): UriOf {
  const origin = `${req.protocol}://${req.host}`;
  return (cls: CaseClass, id: string) => `${origin}${CASE_ROOT}/${cls}/${id}`;
}

/** The entity tag of a body: a hash of exactly what is sent. */
const etagOf = (body: string) => `"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;

function notModified(req: FastifyRequest, etag: string, lastModified: Date): boolean {
  const match = req.headers['if-none-match'];
  if (typeof match === 'string')
    return match
      .split(',')
      .map((t) => t.trim().replace(/^W\//, ''))
      .some((t) => t === '*' || t === etag);
  const since = req.headers['if-modified-since'];
  if (typeof since !== 'string') return false;
  const t = Date.parse(since);
  return !Number.isNaN(t) && Math.floor(lastModified.getTime() / 1000) * 1000 <= t;
}

/** Sends a JSON body with its validators; 304 when the consumer's copy is current. */
function send(req: FastifyRequest, reply: FastifyReply, body: unknown, changed: string[]) {
  const json = JSON.stringify(body);
  const etag = etagOf(json);
  const lastModified = new Date(Math.max(...changed.map((c) => Date.parse(c))));
  reply.header('ETag', etag).header('Last-Modified', lastModified.toUTCString()).header('Cache-Control', 'no-cache');
  if (notModified(req, etag, lastModified)) return reply.code(304).send();
  return reply.type('application/json; charset=utf-8').send(json);
}

/** The documents page: sorted, sliced, optionally cut to some fields; with the total and paging links. */
function documentList(req: FastifyRequest, reply: FastifyReply, snap: CaseSnapshot) {
  const query = req.query as Query;
  onlyParams(query, ['limit', 'offset', 'sort', 'orderBy', 'filter', 'fields']);
  if (param(query, 'filter') !== undefined)
    throw new CaseError(
      400,
      'filter',
      'invalid_selection_field',
      'Filtering is not supported by this provider; page through the documents with limit and offset',
      'unsupported',
    );
  const limit = integer(query, 'limit', 1, MAX_LIMIT, MAX_LIMIT);
  const total = snap.frameworks.length;
  const offset = integer(query, 'offset', 0, MAX_OFFSET, 0);
  if (offset >= total)
    throw new CaseError(
      400,
      'offset',
      'invalid_selection_field',
      `"offset" must be below the number of documents (${total}); got ${offset}`,
    );
  const sort = param(query, 'sort');
  if (sort === '')
    throw new CaseError(400, 'sort', 'invalid_sort_field', '"sort" names a CFDocument field; got nothing');
  const orderBy = param(query, 'orderBy');
  if (orderBy !== undefined && orderBy !== 'asc' && orderBy !== 'desc')
    throw new CaseError(400, 'orderBy', 'invalid_selection_field', `"orderBy" is asc or desc; got "${orderBy}"`);
  const fieldsParam = param(query, 'fields');
  const fields = fieldsParam?.split(',').map((f) => f.trim());
  if (fields && (fields.some((f) => !f) || fields.length > MAX_FIELDS))
    throw new CaseError(
      400,
      'fields',
      'invalid_selection_field',
      `"fields" is a comma-separated list of 1 to ${MAX_FIELDS} CFDocument field names, none blank; got "${fieldsParam}"`,
    );

  const uris = urisFor(req);
  let docs = snap.frameworks.map((fw) => standaloneDocument(fw, uris) as Record<string, unknown>);
  // A field the documents do not have leaves the provider's own order, as the binding asks.
  if (sort && SORTABLE.includes(sort)) {
    const key = (d: Record<string, unknown>) =>
      Array.isArray(d[sort]) ? (d[sort] as string[]).join(',') : (d[sort] as string | undefined);
    const sign = orderBy === 'desc' ? -1 : 1;
    docs = docs
      .map((d, i) => ({ d, i }))
      .sort((a, b) => {
        const [x, y] = [key(a.d), key(b.d)];
        if (x === undefined || y === undefined) return x === y ? a.i - b.i : x === undefined ? 1 : -1;
        return sign * collator.compare(x, y) || a.i - b.i;
      })
      .map(({ d }) => d);
  }
  const page = docs.slice(offset, offset + limit);
  // A requested field the data model does not have selects everything, as the binding asks.
  const selected =
    fields && fields.every((f) => page.every((d) => f in d))
      ? page.map((d) => Object.fromEntries(fields.map((f) => [f, d[f]])))
      : page;

  const link = (o: number, rel: string) => {
    const params = new URLSearchParams({
      ...(query as Record<string, string>),
      limit: String(limit),
      offset: String(o),
    });
    return `<${req.protocol}://${req.host}${CASE_ROOT}/CFDocuments?${params}>; rel="${rel}"`;
  };
  const last = Math.floor((total - 1) / limit) * limit;
  const links = [
    ...(offset + limit < total ? [link(offset + limit, 'next')] : []),
    link(last, 'last'),
    link(0, 'first'),
    ...(offset > 0 ? [link(Math.max(0, offset - limit), 'prev')] : []),
  ];
  reply.header('X-Total-Count', String(total)).header('Link', links.join(', '));
  return send(
    req,
    reply,
    { CFDocuments: selected },
    page.map((d) => d.lastChangeDateTime as string),
  );
}

/**
 * The CASE 1.1 provider (1EdTech's REST/JSON binding, read-only): the course and every saved syllabus as
 * CFDocuments, with their packages, items, associations and definitions. No key is needed to read; errors are
 * imsx_StatusInfo payloads with the binding's status codes.
 */
export async function caseProvider(
  app: FastifyInstance,
  opts: { db: Database; courses: CourseCache; logger: Logger },
): Promise<void> {
  const catalog = new CaseCatalog(opts.db, opts.courses);
  await app.register(
    async (scope) => {
      scope.setErrorHandler((error: Error & { statusCode?: number }, _req, reply) => {
        let err: CaseError;
        if (error instanceof CaseError) err = error;
        else if (
          isUnavailable(error) ||
          (error as { extensions?: { code?: string } }).extensions?.code === ErrorCode.DATABASE_UNAVAILABLE
        )
          err = new CaseError(503, 'server', 'server_busy', 'The graph database is unavailable; retry shortly');
        else if (error.statusCode && error.statusCode < 500)
          err = new CaseError(error.statusCode, 'request', 'invalid_selection_field', error.message);
        else {
          opts.logger.error({ err: error }, 'unexpected error in the CASE provider');
          err = new CaseError(500, 'server', 'internal_server_error', 'Unexpected error.');
        }
        return reply.code(err.status).type('application/json; charset=utf-8').send(statusInfo(err));
      });
      scope.setNotFoundHandler((req, reply) => {
        const err = new CaseError(
          404,
          'path',
          'unknownobject',
          `No CASE endpoint at ${req.method} ${req.url.split('?')[0]}; see ${CASE_ROOT}/CFDocuments`,
        );
        return reply.code(404).type('application/json; charset=utf-8').send(statusInfo(err));
      });

      /** A GET route taking a sourcedId and no query parameters. */
      const byId = (
        cls: string,
        render: (snap: CaseSnapshot, id: string, uris: UriOf) => { body: unknown; changed: string[] } | undefined,
      ) =>
        scope.get(`/${cls}/:sourcedId`, async (req, reply) => {
          onlyParams(req.query as Query, []);
          const id = sourcedId(req);
          const found = render(await catalog.snapshot(), id, urisFor(req));
          if (!found) throw unknown(cls, id);
          return send(req, reply, found.body, found.changed);
        });

      scope.get('/CFDocuments', async (req, reply) => documentList(req, reply, await catalog.snapshot()));
      byId('CFDocuments', (snap, id, uris) => {
        const fw = snap.document.get(id);
        return fw && { body: standaloneDocument(fw, uris), changed: [fw.document.lastChangeDateTime] };
      });
      byId('CFPackages', (snap, id, uris) => {
        const fw = snap.document.get(id);
        return fw && { body: toPackage(fw, uris), changed: [fw.document.lastChangeDateTime, fw.definitionsChanged] };
      });
      byId('CFItems', (snap, id, uris) => {
        const found = snap.item.get(id);
        return found && { body: standaloneItem(found.fw, found.item, uris), changed: [found.item.lastChangeDateTime] };
      });
      byId('CFAssociations', (snap, id, uris) => {
        const found = snap.association.get(id);
        return (
          found && {
            body: standaloneAssociation(found.fw, found.association, uris),
            changed: [found.association.lastChangeDateTime],
          }
        );
      });
      byId('CFItemAssociations', (snap, id, uris) => {
        const found = snap.item.get(id);
        return (
          found && {
            body: itemAssociations(found.fw, found.item, uris),
            changed: [found.fw.document.lastChangeDateTime],
          }
        );
      });
      const changed = (snap: CaseSnapshot) => snap.course.definitionsChanged;
      byId('CFItemTypes', (snap, id, uris) => {
        const name = ITEM_TYPE_NAMES.find((t) => itemTypeId(t) === id);
        return name && { body: { CFItemTypes: [itemTypeObject(uris, name, changed(snap))] }, changed: [changed(snap)] };
      });
      byId('CFLicenses', (snap, id, uris) =>
        id === LICENSE.identifier ? { body: licenseObject(uris, changed(snap)), changed: [changed(snap)] } : undefined,
      );
      byId('CFAssociationGroupings', (snap, id, uris) => {
        const name = GROUPING_NAMES.find((g) => groupingId(g) === id);
        return name && { body: groupingObject(uris, name, changed(snap)), changed: [changed(snap)] };
      });
    },
    { prefix: CASE_ROOT },
  );
}
