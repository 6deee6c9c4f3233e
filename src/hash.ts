import { createHash } from 'node:crypto';

/**
 * The project's hashing, in one place below every layer: content addresses of image bytes, model version
 * fingerprints, protocol-configuration and scope keys, API key digests. Imports nothing of the project.
 */

/** sha256 hex of bytes or a string (UTF-8). */
export const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** JSON with object keys sorted at every depth: equal settings always give equal bytes (and hashes). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
