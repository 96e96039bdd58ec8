import crypto from 'node:crypto';
import type { Config } from '../config.js';

const digest = (text: string) => crypto.createHash('sha256').update(text).digest();

/**
 * Who an API key belongs to, or null. Every configured key is compared (with timingSafeEqual over equal-length
 * digests), so the time taken says nothing about which key, or how much of one, matched.
 */
export function keyOwner(keys: Config['API_KEYS'], presented: string | undefined): string | null {
  if (!presented) return null;
  const given = digest(presented);
  let owner: string | null = null;
  for (const { name, key } of keys) if (crypto.timingSafeEqual(digest(key), given)) owner = name;
  return owner;
}

/** The key from `Authorization: Bearer <key>` or `X-API-Key: <key>`. */
export function presentedKey(headers: Record<string, string | string[] | undefined>): string | undefined {
  const auth = headers.authorization;
  if (typeof auth === 'string' && /^Bearer\s+/i.test(auth)) return auth.replace(/^Bearer\s+/i, '').trim();
  const header = headers['x-api-key'];
  return typeof header === 'string' ? header.trim() : undefined;
}
