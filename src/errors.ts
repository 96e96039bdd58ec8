/** Every `extensions.code` a client of this API can see: the one list of codes (HTTP statuses: http/status.ts). */
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

/**
 * A failure a client may see, thrown by domain code (db/, search/, learning/ ...) that knows nothing of GraphQL.
 * `extensions` holds the code and any details for the client; graphql-js copies an original error's `extensions`
 * onto the GraphQLError it wraps a resolver's error in, and http/app.ts's formatError is where the client's view of
 * every error is decided.
 */
export class DomainError extends Error {
  override name = 'DomainError';
  readonly extensions: { code: ErrorCode } & Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(message, options);
    this.extensions = { code, ...details };
  }

  get code(): ErrorCode {
    return this.extensions.code;
  }
}

/** Input the domain refuses, naming the argument at fault (BAD_USER_INPUT). Subclassed by each domain's refusals. */
export class InputError extends DomainError {
  override name = 'InputError';
  constructor(
    message: string,
    readonly argument: string,
  ) {
    super(ErrorCode.BAD_USER_INPUT, message, { argumentName: argument });
  }
}

export function badInput(message: string, argumentName?: string): DomainError {
  return new DomainError(ErrorCode.BAD_USER_INPUT, message, argumentName ? { argumentName } : {});
}
