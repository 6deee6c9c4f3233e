import type { z } from 'zod';

/** Codes of expected, user-fixable failures in the model registry and the embedding pipeline (`EmbeddingError`). */
export const embeddingErrorCodes = [
  'MODEL_FILE_MISSING',
  'MODEL_NOT_ONNX',
  'MODEL_SHAPE_MISMATCH',
  'MODEL_CONFIG_INVALID',
  'MODEL_NOT_FOUND',
  'MODEL_NOT_CONTRASTIVE',
  'IMAGE_UNREADABLE',
  'IMAGE_MISSING',
  'EMBEDDING_UNAVAILABLE',
  'EMBEDDING_INVALID',
] as const;

/**
 * Every code a domain error may carry. Client-facing: the GraphQL edge puts it in `extensions.code`, the HTTP
 * edge in the JSON error body (with `httpStatusOf(code)` as the status).
 */
export const errorCodes = [
  // Request mistakes, access and state.
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'CONFLICT',
  /** Too many evaluations started from reads by one client (EVALUATE_ON_READ_PER_MINUTE). */
  'RATE_LIMITED',
  ...embeddingErrorCodes,
  // Resources and faults (see `db/errors.ts`, `graphql/limits.ts`).
  'DATABASE_UNAVAILABLE',
  'DATA_DIR_LOCKED',
  'QUERY_TIMEOUT',
  'TOO_MANY_PARAMETERS',
  'INVALID_VALUE',
  'IMAGE_TOO_LARGE',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

/** A path into the request's arguments (or an input document): `['filter', 'and', 1, 'stain', 'in', 0]`. */
export type FieldPath = readonly (string | number)[];

/**
 * An expected failure the caller can act on, raised anywhere below the edges. It knows nothing about transports:
 * `src/graphql/errors.ts` maps it to a coded GraphQL error (`extensions.code`, `extensions.argumentPath`),
 * `src/http/route.ts` to a JSON error with an HTTP status. `message` is the bare reason; `path` names the
 * argument or field concerned where there is one (`publicMessage` joins the two, as clients see it).
 * Anything that is not a DomainError is an internal error and is masked at the edge.
 */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly path: FieldPath | undefined;
  /** Extra, client-safe facts (e.g. `{ modelVersion: 3 }`), passed through as error extensions. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, options: { path?: FieldPath; details?: Record<string, unknown> } = {}) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.path = options.path ? [...options.path] : undefined;
    this.details = options.details ?? {};
  }

  /** What clients read: `filter.and[1].stain.in[0]: expected a numeric id` (the bare message without a path). */
  get publicMessage(): string {
    return this.path?.length ? `${formatPath(this.path)}: ${this.message}` : this.message;
  }
}

export type EmbeddingErrorCode = (typeof embeddingErrorCodes)[number];

/**
 * A coded failure of the model registry or the embedding pipeline (codes: `embeddingErrorCodes`): a DomainError
 * whose `details` travel to clients as error extensions. Here, beside DomainError, because both `src/models`
 * (reading a model directory) and `src/embeddings` (registering, embedding) raise it.
 */
export class EmbeddingError extends DomainError {
  declare readonly code: EmbeddingErrorCode;

  constructor(code: EmbeddingErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, { details });
    this.name = 'EmbeddingError';
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

/** BAD_USER_INPUT naming the argument path, e.g. `badInput(['first'], 'must be at most 500')`. */
export function badInput(path: FieldPath, message: string): DomainError {
  return new DomainError('BAD_USER_INPUT', message, { path });
}

/** One offending field of an input document: what a mutation payload's `inputErrors` lists. */
export type InputIssue = { path: FieldPath; message: string };

/**
 * A DomainError naming several offending fields at once (every invalid field, every unknown slug of a list), in
 * `details.inputErrors`; its `path` is the first one's.
 */
export function inputErrors(code: ErrorCode, message: string, issues: readonly InputIssue[]): DomainError {
  return new DomainError(code, message, {
    ...(issues[0] ? { path: issues[0].path } : {}),
    details: { inputErrors: issues.map((i) => ({ path: [...i.path], message: i.message })) },
  });
}

export function notFound(what: string): DomainError {
  return new DomainError('NOT_FOUND', `${what} not found`);
}

/** `['filter', 'and', 1, 'stain']` → `filter.and[1].stain`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
}

/** Parses `value` with `schema` or throws BAD_USER_INPUT naming `path` plus the first offending path inside it. */
export function parseInput<T>(schema: z.ZodType<T, unknown>, value: unknown, path: FieldPath): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw badInput([...path, ...(issue.path as (string | number)[])], issue.message);
}

/**
 * The HTTP status of a code when the whole request fails with it (the HTTP routes, and GraphQL requests refused
 * before or instead of execution): 401, 403, 404, 409, 503 (no embedder, no database), else 400.
 */
export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case 'UNAUTHENTICATED':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'NOT_FOUND':
    case 'MODEL_NOT_FOUND':
      return 404;
    case 'CONFLICT':
      return 409;
    case 'DATA_DIR_LOCKED':
      return 409;
    case 'RATE_LIMITED':
      return 429;
    case 'EMBEDDING_UNAVAILABLE':
    case 'DATABASE_UNAVAILABLE':
    case 'QUERY_TIMEOUT':
      return 503;
    default:
      return 400;
  }
}
