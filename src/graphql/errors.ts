import { GraphQLError } from 'graphql';

/** Every `extensions.code` a client of this API can see. */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  /** A malformed HTTP request, including one refused by CSRF prevention. */
  BAD_REQUEST = 'BAD_REQUEST',
  OPERATION_RESOLUTION_FAILURE = 'OPERATION_RESOLUTION_FAILURE',
  GRAPHQL_PARSE_FAILED = 'GRAPHQL_PARSE_FAILED',
  GRAPHQL_VALIDATION_FAILED = 'GRAPHQL_VALIDATION_FAILED',
  /** Over the cost budget (see extensions.cost). */
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  QUERY_TOO_DEEP = 'QUERY_TOO_DEEP',
  TOO_MANY_ALIASES = 'TOO_MANY_ALIASES',
  TOO_MANY_DIRECTIVES = 'TOO_MANY_DIRECTIVES',
  TOO_MANY_TOKENS = 'TOO_MANY_TOKENS',
  /** The HTTP body is over the size limit. */
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  /** An automatic persisted query sent by hash alone, whose text this server does not have: send it with the text. */
  PERSISTED_QUERY_NOT_FOUND = 'PERSISTED_QUERY_NOT_FOUND',
  /** TRUSTED_DOCUMENTS_ONLY: an operation that is not in the trusted documents manifest. */
  QUERY_NOT_IN_SAFELIST = 'QUERY_NOT_IN_SAFELIST',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  /** A valid key without the scope the call needs. */
  FORBIDDEN = 'FORBIDDEN',
  DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE',
  MODEL_UNAVAILABLE = 'MODEL_UNAVAILABLE',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
  /** The request ran past REQUEST_DEADLINE_MS; its database work was cancelled. */
  DEADLINE_EXCEEDED = 'DEADLINE_EXCEEDED',
  /** The client spent its cost budget for the minute (see the RateLimit-* and Retry-After headers). */
  RATE_LIMITED = 'RATE_LIMITED',
}

/** An error a client sees with its code; the HTTP status of the response follows from the code (src/http/status.ts). */
export function apiError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

export function badInput(message: string, argumentName?: string): GraphQLError {
  return apiError(ErrorCode.BAD_USER_INPUT, message, argumentName ? { argumentName } : {});
}

/** A list argument checked against its bound (an error naming it), without repeats. */
export function boundedList<T>(list: readonly T[] | null | undefined, max: number, argumentName: string): T[] {
  const items = list ?? [];
  if (items.length > max)
    throw badInput(`"${argumentName}" accepts at most ${max} entries; got ${items.length}`, argumentName);
  return [...new Set(items)];
}
