import { z } from 'zod';
import { badInput } from './errors.js';

/**
 * Opaque cursors: base64url of a small JSON value. Decoding validates the shape with zod, so a tampered
 * cursor is a BAD_USER_INPUT on `after`, never an SQL error.
 */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function decodeCursor<T>(
  cursor: string,
  schema: z.ZodType<T>,
  path: readonly (string | number)[] = ['after'],
): T {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badInput(path, 'not a cursor from this API');
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw badInput(path, 'not a cursor from this API');
  return parsed.data;
}

export const idCursor = z.object({ id: z.number().int().min(0).max(2_147_483_647) }).strict();
