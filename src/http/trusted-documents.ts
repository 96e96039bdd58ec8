import crypto from 'node:crypto';
import fs from 'node:fs';
import type { ApolloServerPlugin } from '@apollo/server';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { GraphQLError } from 'graphql';
import { LRUCache } from 'lru-cache';
import { ErrorCode } from '../graphql/errors.js';

export const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

/**
 * A trusted documents manifest: operation text by SHA-256 hash. Two formats are read: Apollo's persisted query
 * manifest (`{"format": "apollo-persisted-query-manifest", "operations": [{"id", "body", ...}]}`) and the plain map
 * GraphQL Code Generator writes (`{"<sha256>": "<document>"}`). Every hash must be the SHA-256 of its text, the hash
 * automatic persisted queries send.
 */
export function readManifest(file: string): Map<string, string> {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  const entries: [string, unknown][] =
    raw && typeof raw === 'object' && 'operations' in raw && Array.isArray(raw.operations)
      ? (raw.operations as { id?: unknown; body?: unknown }[]).map((o) => [String(o.id), o.body])
      : Object.entries(raw as Record<string, unknown>);
  const manifest = new Map<string, string>();
  for (const [hash, body] of entries) {
    if (typeof body !== 'string' || sha256(body) !== hash)
      throw new Error(`${file}: "${hash}" is not the SHA-256 of its operation text`);
    manifest.set(hash, body);
  }
  return manifest;
}

/** Apollo Server prefixes the keys of its persisted query cache. */
const hashOf = (key: string) => key.replace(/^apq:/, '');

/**
 * The persisted query store: the manifest's operations first, then (unless only trusted documents are served) the
 * operations clients registered, the most recent 1000 kept.
 */
export function persistedQueryCache(manifest: Map<string, string>, only: boolean): KeyValueCache<string> {
  const registered = new LRUCache<string, string>({ max: 1000 });
  return {
    async get(key) {
      const hash = hashOf(key);
      return manifest.get(hash) ?? (only ? undefined : registered.get(hash));
    },
    async set(key, value) {
      if (!only) registered.set(hashOf(key), value);
    },
    async delete(key) {
      registered.delete(hashOf(key));
    },
  };
}

/**
 * With TRUSTED_DOCUMENTS_ONLY, refuses any operation whose text is not in the manifest, before it runs (in the first
 * hook Apollo Server lets refuse a request with an error of our own; an earlier refusal would answer 500).
 */
export function trustedDocumentsPlugin(manifest: Map<string, string>): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ queryHash }) {
          if (manifest.has(queryHash)) return;
          throw new GraphQLError(
            'This server runs only its trusted documents, and this operation is not one of them.',
            {
              extensions: { code: ErrorCode.QUERY_NOT_IN_SAFELIST },
            },
          );
        },
      };
    },
  };
}
