import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { z } from 'zod';

/** The `extensions.code` values this API returns. */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'CONFLICT'
  | 'QUERY_TOO_DEEP'
  | 'QUERY_TOO_COMPLEX'
  | 'GRAPHQL_VALIDATION_FAILED'
  | 'INTERNAL_SERVER_ERROR'
  | (string & {});

const httpStatus: Partial<Record<string, number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  QUERY_TOO_DEEP: 400,
  QUERY_TOO_COMPLEX: 400,
};

/**
 * A coded error for clients: `extensions.code` always, plus `extensions.argumentPath` (e.g.
 * `["filter", "modality", "in", 0]`) for BAD_USER_INPUT. Never masked.
 */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    const status = httpStatus[code];
    super(message, { extensions: { code, ...extensions, ...(status ? { http: { status } } : {}) } });
    this.name = 'AppError';
  }

  get code(): ErrorCode {
    return this.extensions.code as ErrorCode;
  }
}

/** BAD_USER_INPUT naming the argument path, e.g. `badInput(['first'], 'must be at most 500')`. */
export function badInput(path: readonly (string | number)[], message: string): AppError {
  return new AppError('BAD_USER_INPUT', `${formatPath(path)}: ${message}`, { argumentPath: [...path] });
}

export function notFound(what: string): AppError {
  return new AppError('NOT_FOUND', `${what} not found`);
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
}

/** The first zod issue as a BAD_USER_INPUT error under `prefix` (the argument name). */
export function zodToBadInput(error: z.ZodError, prefix: readonly (string | number)[]): AppError {
  const issue = error.issues[0]!;
  return badInput([...prefix, ...(issue.path as (string | number)[])], issue.message);
}

/** Parses `value` with `schema` or throws BAD_USER_INPUT naming `argument` and the offending path inside it. */
export function parseArg<T>(schema: z.ZodType<T, unknown>, value: unknown, argument: readonly (string | number)[]): T {
  const result = schema.safeParse(value);
  if (!result.success) throw zodToBadInput(result.error, argument);
  return result.data;
}

export type ErrorLogger = (message: string, detail: unknown) => void;

/**
 * Apollo `formatError`: coded errors (AppError, GraphQL parse/validation errors, Apollo's own coded errors)
 * pass through; anything else is an internal error: logged with detail and masked as INTERNAL_SERVER_ERROR.
 */
export function createFormatError(log: ErrorLogger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    // Resolver errors arrive wrapped (with a path) around what was thrown.
    const original = isGraphQLError(error) && error.path && error.originalError ? error.originalError : error;
    const code = formatted.extensions?.code;
    // Apollo re-codes errors reported by validation rules as GRAPHQL_VALIDATION_FAILED; ours keep their own code.
    const app = appErrorIn(original);
    if (app || (isGraphQLError(original) && !isUnexpected(original, code))) {
      const { http: _http, stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
      // Apollo prefixes errors thrown while building the context ("Context creation failed: …"); ours read as thrown.
      return app
        ? { ...formatted, message: app.message, extensions: { ...extensions, code: app.code } }
        : { ...formatted, extensions };
    }
    log('internal error', { error: original, path: formatted.path });
    return {
      message: 'Internal server error',
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}

function appErrorIn(error: unknown): AppError | undefined {
  for (let e = error, i = 0; e && i < 3; e = (e as { originalError?: unknown }).originalError, i++) {
    if (e instanceof AppError) return e;
  }
  return undefined;
}

/**
 * Tag check rather than `instanceof`: under vitest the app's `graphql` (ESM build) and Apollo's (CJS build) are
 * two copies, and errors cross between them.
 */
export function isGraphQLError(error: unknown): error is GraphQLError {
  return Object.prototype.toString.call(error) === '[object GraphQLError]';
}

function isUnexpected(error: GraphQLError, code: unknown): boolean {
  // A GraphQLError wrapping a thrown non-GraphQL error, or one without a code, is not meant for clients.
  if (error.originalError && !isGraphQLError(error.originalError)) return true;
  return !code || code === 'INTERNAL_SERVER_ERROR';
}
