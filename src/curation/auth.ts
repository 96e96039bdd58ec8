import crypto from 'node:crypto';
import type { Config, Scope } from '../config.js';

const digest = (text: string) => crypto.createHash('sha256').update(text).digest();

/** Who presented a valid key, and what the key may do. */
export interface Caller {
  name: string;
  scopes: Scope[];
}

/**
 * Who an API key belongs to, with its scopes, or null. Every configured key is compared (with timingSafeEqual over
 * equal-length digests), so the time taken says nothing about which key, or how much of one, matched.
 */
export function keyOwner(keys: Config['API_KEYS'], presented: string | undefined): Caller | null {
  if (!presented) return null;
  const given = digest(presented);
  let owner: Caller | null = null;
  for (const { name, key, scopes } of keys) if (crypto.timingSafeEqual(digest(key), given)) owner = { name, scopes };
  return owner;
}

/** The key from `Authorization: Bearer <key>` or `X-API-Key: <key>`. */
export function presentedKey(headers: Record<string, string | string[] | undefined>): string | undefined {
  const auth = headers.authorization;
  if (typeof auth === 'string' && /^Bearer\s+/i.test(auth)) return auth.replace(/^Bearer\s+/i, '').trim();
  const header = headers['x-api-key'];
  return typeof header === 'string' ? header.trim() : undefined;
}
