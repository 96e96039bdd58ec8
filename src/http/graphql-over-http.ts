import type { ApolloServerPlugin } from '@apollo/server';
import { responseMediaType, statusOf } from './status.js';

/**
 * Answers every GraphQL response with the media type the client asked for and the status the GraphQL-over-HTTP spec
 * gives it (see status.ts): Apollo Server would answer 400 to a parse or validation failure whatever the media type,
 * and 500 to anything a plugin refuses.
 */
export function graphqlOverHttpPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ request, response }) {
          const mediaType = responseMediaType(request.http?.headers.get('accept'));
          if (!mediaType || response.body.kind !== 'single') return;
          response.http.headers.set('content-type', mediaType);
          const result = response.body.singleResult;
          const codes = (result.errors ?? []).map((e) => String(e.extensions?.code ?? ''));
          response.http.status = statusOf(codes, result.data !== undefined, mediaType, response.http.status);
        },
      };
    },
  };
}
