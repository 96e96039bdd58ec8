import Negotiator from 'negotiator';
import { ErrorCode } from '../graphql/errors.js';

/** The two media types of a GraphQL response (GraphQL over HTTP), as Apollo Server writes them. */
export const JSON_TYPE = 'application/json; charset=utf-8';
export const GRAPHQL_RESPONSE_TYPE = 'application/graphql-response+json; charset=utf-8';
export type ResponseMediaType = typeof JSON_TYPE | typeof GRAPHQL_RESPONSE_TYPE;

/**
 * The HTTP status of a response whose first error has this code, per media type, when the response has no `data`
 * (a request error: nothing was executed). The GraphQL-over-HTTP spec asks for 200 with `application/json` (legacy
 * clients read the body whatever the status) and 4xx with `application/graphql-response+json`. A response that has
 * `data` (a field error beside a partial result) is 200 unless a row says `always`: then the status is the row's
 * whatever the response holds. README's error table is this table; tests/e2e/http-status.test.ts triggers each row.
 */
export const HTTP_STATUS: Record<ErrorCode, { json: number; graphqlResponse: number; always?: true }> = {
  [ErrorCode.GRAPHQL_PARSE_FAILED]: { json: 200, graphqlResponse: 400 },
  [ErrorCode.GRAPHQL_VALIDATION_FAILED]: { json: 200, graphqlResponse: 400 },
  [ErrorCode.BAD_USER_INPUT]: { json: 200, graphqlResponse: 400 },
  [ErrorCode.OPERATION_RESOLUTION_FAILURE]: { json: 200, graphqlResponse: 400 },
  [ErrorCode.QUERY_TOO_COMPLEX]: { json: 200, graphqlResponse: 400 },
  [ErrorCode.QUERY_TOO_DEEP]: { json: 200, graphqlResponse: 400 },
  [ErrorCode.TOO_MANY_ALIASES]: { json: 200, graphqlResponse: 400 },
  [ErrorCode.TOO_MANY_DIRECTIVES]: { json: 200, graphqlResponse: 400 },
  [ErrorCode.TOO_MANY_TOKENS]: { json: 200, graphqlResponse: 400 },
  [ErrorCode.PERSISTED_QUERY_NOT_FOUND]: { json: 200, graphqlResponse: 400 },
  [ErrorCode.QUERY_NOT_IN_SAFELIST]: { json: 200, graphqlResponse: 400 },
  [ErrorCode.BAD_REQUEST]: { json: 400, graphqlResponse: 400, always: true },
  [ErrorCode.PAYLOAD_TOO_LARGE]: { json: 413, graphqlResponse: 413, always: true },
  [ErrorCode.UNAUTHENTICATED]: { json: 401, graphqlResponse: 401, always: true },
  [ErrorCode.FORBIDDEN]: { json: 403, graphqlResponse: 403, always: true },
  [ErrorCode.RATE_LIMITED]: { json: 429, graphqlResponse: 429, always: true },
  [ErrorCode.DEADLINE_EXCEEDED]: { json: 504, graphqlResponse: 504, always: true },
  [ErrorCode.DATABASE_UNAVAILABLE]: { json: 503, graphqlResponse: 503, always: true },
  [ErrorCode.MODEL_UNAVAILABLE]: { json: 503, graphqlResponse: 503, always: true },
  [ErrorCode.INTERNAL_SERVER_ERROR]: { json: 500, graphqlResponse: 500 },
};

/**
 * The status of a GraphQL response from its error codes. `current` is the status already set: Apollo's own 405, 406
 * and 415 (a method, Accept or Content-Type it cannot serve) stay as they are.
 */
export function statusOf(
  codes: readonly string[],
  hasData: boolean,
  mediaType: ResponseMediaType,
  current?: number,
): number | undefined {
  if (!codes.length) return current;
  const rows = codes.map((c) => HTTP_STATUS[c as ErrorCode] ?? HTTP_STATUS.INTERNAL_SERVER_ERROR);
  const always = rows.find((r) => r.always);
  if (always) {
    if (codes.includes(ErrorCode.BAD_REQUEST) && current && current >= 400 && current < 500) return current;
    return always.json;
  }
  if (hasData) return 200;
  return mediaType === GRAPHQL_RESPONSE_TYPE ? rows[0]!.graphqlResponse : rows[0]!.json;
}

/**
 * The media type Apollo Server answers with for this Accept header (its own negotiation: application/json when
 * nothing is said or both are equally welcome), or undefined when neither is acceptable (Apollo then answers 406).
 */
export function responseMediaType(accept: string | undefined): ResponseMediaType | undefined {
  if (!accept) return JSON_TYPE;
  // Clients send a handful of distinct Accept headers; each is negotiated once (the table is emptied when full, and
  // a header too long to keep is negotiated every time).
  const known = NEGOTIATED.get(accept);
  if (known !== undefined) return known ?? undefined;
  const chosen = new Negotiator({ headers: { accept } }).mediaType([
    'application/json',
    'application/graphql-response+json',
  ]);
  const type =
    chosen === 'application/json'
      ? JSON_TYPE
      : chosen === 'application/graphql-response+json'
        ? GRAPHQL_RESPONSE_TYPE
        : null;
  if (accept.length <= MAX_CACHED_LENGTH) {
    if (NEGOTIATED.size >= MAX_NEGOTIATED) NEGOTIATED.clear();
    NEGOTIATED.set(accept, type);
  }
  return type ?? undefined;
}

const MAX_NEGOTIATED = 256;
const MAX_CACHED_LENGTH = 512;
const NEGOTIATED = new Map<string, ResponseMediaType | null>();
