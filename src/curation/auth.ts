import crypto from 'node:crypto';
import type { Config, Scope } from '../config.js';
import { DomainError, ErrorCode } from '../errors.js';

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
  let owner: KeyEntry | null = null;
  for (const entry of keys) if (crypto.timingSafeEqual(digestOf(entry), given)) owner = entry;
  return owner && { name: owner.name, scopes: owner.scopes };
}

type KeyEntry = Config['API_KEYS'][number];
/** Each configured key's digest, computed once (every request compares against all of them). */
const DIGESTS = new WeakMap<KeyEntry, { key: string; digest: Buffer }>();
function digestOf(entry: KeyEntry): Buffer {
  let found = DIGESTS.get(entry);
  if (found?.key !== entry.key) DIGESTS.set(entry, (found = { key: entry.key, digest: digest(entry.key) }));
  return found!.digest;
}

/** The key from `Authorization: Bearer <key>` or `X-API-Key: <key>`. */
export function presentedKey(headers: Record<string, string | string[] | undefined>): string | undefined {
  const auth = headers.authorization;
  if (typeof auth === 'string' && /^Bearer\s+/i.test(auth)) return auth.replace(/^Bearer\s+/i, '').trim();
  const header = headers['x-api-key'];
  return typeof header === 'string' ? header.trim() : undefined;
}

/**
 * The name of the caller's key when it has `scope`: no key is UNAUTHENTICATED (401), a key without the scope FORBIDDEN
 * (403). The one place that decides who may write.
 */
export function requireScope(caller: Caller | null, scope: Scope, what: string): string {
  if (!caller)
    throw new DomainError(
      ErrorCode.UNAUTHENTICATED,
      `${what} needs a valid API key: send "Authorization: Bearer <key>" (or "X-API-Key: <key>").`,
    );
  if (!caller.scopes.includes(scope))
    throw new DomainError(
      ErrorCode.FORBIDDEN,
      `${what} needs a key with the "${scope}" scope; this key has ${caller.scopes.join(', ')}.`,
      { scope },
    );
  return caller.name;
}
