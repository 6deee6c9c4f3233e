import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { DomainError, httpStatusOf, type ErrorCode, type FieldPath, type InputIssue } from '../errors.js';
import type { Resolvers } from './__generated__/resolvers-types.js';

/** The `extensions.code` values this API returns: the domain codes plus the GraphQL layer's own. */
export type GraphQLErrorCode =
  ErrorCode | 'QUERY_TOO_DEEP' | 'QUERY_TOO_COMPLEX' | 'GRAPHQL_VALIDATION_FAILED' | 'INTERNAL_SERVER_ERROR';

/** Codes that fail the whole GraphQL request get that HTTP status; field errors keep 200 (GraphQL over HTTP). */
const requestStatus: Partial<Record<GraphQLErrorCode, number>> = {
  UNAUTHENTICATED: httpStatusOf('UNAUTHENTICATED'),
  FORBIDDEN: httpStatusOf('FORBIDDEN'),
  QUERY_TOO_DEEP: 400,
  QUERY_TOO_COMPLEX: 400,
};

/**
 * A coded error as GraphQL clients see it: `extensions.code` always, plus `extensions.argumentPath` (e.g.
 * `["filter", "modality", "in", 0]`) for input errors. Raised by the GraphQL layer itself (limits, scalars) and
 * made from DomainErrors by `toGraphQLError`. Never masked.
 */
export class AppError extends GraphQLError {
  constructor(code: GraphQLErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    const status = requestStatus[code];
    super(message, { extensions: { code, ...extensions, ...(status ? { http: { status } } : {}) } });
    this.name = 'AppError';
  }

  get code(): GraphQLErrorCode {
    return this.extensions.code as GraphQLErrorCode;
  }
}

/** The one mapping from the domain to GraphQL: a DomainError becomes an AppError; anything else is unchanged. */
export function toGraphQLError(error: unknown): unknown {
  if (!(error instanceof DomainError)) return error;
  return new AppError(error.code, error.publicMessage, {
    ...error.details,
    ...(error.path ? { argumentPath: [...error.path] } : {}),
  });
}

/**
 * A mutation's expected failure as its payload's `error`: code, message and the offending fields (the DomainError's
 * `details.inputErrors` where it lists several, else its path, else `fallback`). Anything that is not a DomainError
 * with one of `codes` is rethrown, to fail the field as usual.
 */
export function payloadError(
  error: unknown,
  codes: readonly ErrorCode[],
  fallback: FieldPath = ['input'],
): { code: ErrorCode; message: string; inputErrors: { path: (string | number)[]; message: string }[] } {
  if (!(error instanceof DomainError) || !codes.includes(error.code)) throw error;
  const listed = error.details.inputErrors as readonly InputIssue[] | undefined;
  const issues = listed ?? [{ path: error.path ?? fallback, message: error.message }];
  return {
    code: error.code,
    message: error.message,
    inputErrors: issues.map((i) => ({ path: [...i.path], message: i.message })),
  };
}

type AnyFn = (this: unknown, parent: unknown, args: unknown, context: unknown, info: unknown) => unknown;

const rejectMapped = (e: unknown) => Promise.reject(toGraphQLError(e));

/** `fn` rethrowing DomainErrors as GraphQL errors; a synchronous answer stays synchronous (no promise per field). */
function mapped(fn: AnyFn): AnyFn {
  return function (this: unknown, parent, args, context, info) {
    try {
      const out = fn.call(this, parent, args, context, info);
      return out instanceof Promise ? out.catch(rejectMapped) : out;
    } catch (error) {
      throw toGraphQLError(error);
    }
  };
}

/**
 * The edge for resolvers: every field resolver (function or `{ resolve }`) rethrows DomainErrors as coded
 * GraphQL errors, so services and queries below raise neutral errors and never import `graphql`.
 */
export function withDomainErrors(resolvers: Resolvers): Resolvers {
  const out: Record<string, unknown> = {};
  for (const [typeName, fields] of Object.entries(resolvers)) {
    if (!fields || typeof fields !== 'object' || fields.constructor?.name === 'GraphQLScalarType') {
      out[typeName] = fields;
      continue;
    }
    out[typeName] = Object.fromEntries(
      Object.entries(fields as Record<string, unknown>).map(([field, r]) => {
        if (typeof r === 'function') return [field, mapped(r as AnyFn)];
        if (r && typeof r === 'object' && typeof (r as { resolve?: unknown }).resolve === 'function') {
          return [field, { ...r, resolve: mapped((r as { resolve: AnyFn }).resolve) }];
        }
        return [field, r];
      }),
    );
  }
  return out as Resolvers;
}

export type ErrorLogger = (message: string, detail: unknown) => void;

/**
 * Apollo `formatError`: coded errors (AppError, DomainError, GraphQL parse/validation errors, Apollo's own coded
 * errors) pass through; anything else is an internal error: logged with detail and masked as INTERNAL_SERVER_ERROR.
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
        ? { ...formatted, message: app.message, extensions: { ...appExtensions(app, extensions), code: app.code } }
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

function appExtensions(app: AppError, formatted: Record<string, unknown>): Record<string, unknown> {
  const { http: _http, ...own } = app.extensions as Record<string, unknown>;
  return { ...formatted, ...own };
}

function appErrorIn(error: unknown): AppError | undefined {
  for (let e = error, i = 0; e && i < 3; e = (e as { originalError?: unknown }).originalError, i++) {
    if (e instanceof AppError) return e;
    // A DomainError that escaped the resolver edge (e.g. thrown from a plugin) is still a coded error.
    if (e instanceof DomainError) return toGraphQLError(e) as AppError;
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
