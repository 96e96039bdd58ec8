/**
 * Error codes, for the GraphQL layer and http/. Resolvers throw src/errors.ts's DomainError (badInput, InputError):
 * graphql-js copies its `extensions`, the code among them, onto the GraphQLError it wraps it in.
 */
export { ErrorCode } from '../errors.js';
