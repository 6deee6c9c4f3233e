import { z } from 'zod';
import { badInput, type FieldPath } from './errors.js';

/**
 * The one codec for identifiers that cross the API: database ids (GraphQL `ID`, URL segments, query
 * parameters, ids inside filters and input files) and opaque pagination cursors. Every edge and every input
 * parser uses it, so an id means the same everywhere: a decimal integer 1…2³¹−1 (PostgreSQL `integer`), as a
 * string or a number; anything else is BAD_USER_INPUT "expected a numeric id" naming the argument.
 */
export const MAX_ID = 2_147_483_647;

const ID_MESSAGE = 'expected a numeric id';

/** zod: a database id given as a string or a number → number. */
export const idSchema = z
  .union([z.string(), z.number()])
  .transform((v) => String(v))
  .pipe(z.string().regex(/^[1-9][0-9]{0,9}$/, ID_MESSAGE))
  .transform(Number)
  .pipe(z.number().int().max(MAX_ID, ID_MESSAGE));

/** True for a well-formed database id (string or number). */
export function isId(value: unknown): boolean {
  return idSchema.safeParse(value).success;
}

/** A database id, or BAD_USER_INPUT "expected a numeric id" at `path`. */
export function parseId(value: unknown, path: FieldPath, message = ID_MESSAGE): number {
  const result = idSchema.safeParse(value);
  if (!result.success) throw badInput(path, message);
  return result.data;
}

/** A list of database ids (undefined/null stays undefined); the error names the offending index. */
export function parseIds(values: readonly unknown[] | null | undefined, path: FieldPath): number[] | undefined {
  return values?.map((v, i) => parseId(v, [...path, i]));
}

/** zod: an id inside a cursor (0 allowed: "before the first row"). */
export const cursorIdSchema = z.number().int().min(0).max(MAX_ID);

const CURSOR_MESSAGE = 'not a cursor from this API';

/** An opaque cursor: base64url of a small JSON value. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor made by `encodeCursor` and validates its shape with `schema`. Tampered, truncated or foreign
 * cursors (another connection's, another ordering's value type) are BAD_USER_INPUT at `path`, never reaching SQL.
 */
export function decodeCursor<T>(cursor: string, schema: z.ZodType<T>, path: FieldPath = ['after']): T {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badInput(path, CURSOR_MESSAGE);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw badInput(path, CURSOR_MESSAGE);
  return parsed.data;
}

/** The cursor of id-ordered connections: `{ id }`. */
export const idCursor = z.object({ id: cursorIdSchema }).strict();
