import { GraphQLError } from 'graphql';
import { DomainError, ErrorCode, badInput as domainBadInput } from '../errors.js';

export { ErrorCode };

/**
 * A domain error in GraphQL's form, keeping its code and details. graphql-js does the same to a DomainError a
 * resolver throws; the GraphQL layer's own refusals (arguments, scopes, hooks) are built here.
 */
export function toGraphQLError(err: DomainError): GraphQLError {
  return new GraphQLError(err.message, { originalError: err, extensions: err.extensions });
}

/** An error a client sees with its code; the HTTP status of the response follows from the code (src/http/status.ts). */
export function apiError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return toGraphQLError(new DomainError(code, message, extensions));
}

export function badInput(message: string, argumentName?: string): GraphQLError {
  return toGraphQLError(domainBadInput(message, argumentName));
}

/** A list argument checked against its bound (an error naming it), without repeats. */
export function boundedList<T>(list: readonly T[] | null | undefined, max: number, argumentName: string): T[] {
  const items = list ?? [];
  if (items.length > max)
    throw badInput(`"${argumentName}" accepts at most ${max} entries; got ${items.length}`, argumentName);
  return [...new Set(items)];
}
