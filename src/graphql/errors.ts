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
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  /** A valid key without the scope the call needs. */
  FORBIDDEN = 'FORBIDDEN',
  DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE',
  MODEL_UNAVAILABLE = 'MODEL_UNAVAILABLE',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.DATABASE_UNAVAILABLE]: 503,
  [ErrorCode.MODEL_UNAVAILABLE]: 503,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
};

export function apiError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  const status = HTTP_STATUS[code];
  return new GraphQLError(message, {
    extensions: { code, ...extensions, ...(status ? { http: { status } } : {}) },
  });
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
