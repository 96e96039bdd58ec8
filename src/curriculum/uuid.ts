import crypto from 'node:crypto';

/** This project's namespace for name-based UUIDs (a fixed random UUID, chosen once). */
const NAMESPACE = '6f1c2a4e-8d3b-4f7a-9c25-3e0b7d51a9c4';

/**
 * A name-based UUID (RFC 4122 version 5, SHA-1): the same name always gives the same UUID, so exports are
 * deterministic and a concept keeps its identifier from one export to the next.
 */
export function uuidFor(name: string): string {
  const bytes = crypto
    .createHash('sha1')
    .update(Buffer.from(NAMESPACE.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
