import { DomainError, httpStatusOf, type ErrorCode } from '../errors.js';

/**
 * Errors the database layer raises for conditions a client can act on, classified once here from the driver's
 * errors (SQLSTATE codes and node-postgres/socket errors) so that no layer above parses driver messages.
 */

/** Most bound parameters one statement may carry: the PostgreSQL protocol counts them in 16 bits. */
export const MAX_BOUND_PARAMETERS = 65_535;

export type DatabaseErrorCode = Extract<
  ErrorCode,
  'DATABASE_UNAVAILABLE' | 'DATA_DIR_LOCKED' | 'QUERY_TIMEOUT' | 'TOO_MANY_PARAMETERS' | 'INVALID_VALUE'
>;

/**
 * A classified database failure. `status` is the HTTP status the edge answers with; `retryable` says the same
 * request may succeed later unchanged (connection lost, server restarting).
 */
export class DatabaseError extends DomainError {
  declare readonly code: DatabaseErrorCode;
  readonly status: number;
  readonly retryable: boolean;
  constructor(code: DatabaseErrorCode, message: string, options: { cause?: unknown } = {}) {
    const retryable = code === 'DATABASE_UNAVAILABLE';
    super(code, message, retryable ? { details: { retryable: true } } : {});
    if (options.cause !== undefined) this.cause = options.cause;
    this.name = 'DatabaseError';
    this.status = httpStatusOf(code);
    this.retryable = retryable;
  }
}

/** Socket-level errors of a lost or refused connection. */
const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
]);

/** node-postgres' own messages for a connection that ended or never came up (it gives them no code). */
const lostConnection =
  /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect|Client was closed and is not queryable|Query read timeout|Cannot use a pool after calling end/i;

/**
 * Classifies a driver error, or returns undefined for errors that are not the client's to act on (bugs).
 * - connection exceptions (SQLSTATE class 08), administrator/crash shutdown (57P01–57P03), too many connections
 *   (53300) and lost sockets → DATABASE_UNAVAILABLE (retryable, 503);
 * - statement timeout (57014 query_canceled) → QUERY_TIMEOUT (503);
 * - data exceptions (class 22: a NUL byte in text, a number beyond the column's range, bad encoding) →
 *   INVALID_VALUE (400); they arise only from values a client sent.
 */
export function classifyDatabaseError(error: unknown): DatabaseError | undefined {
  for (
    let e: unknown = error, depth = 0;
    e && typeof e === 'object' && depth < 4;
    e = (e as { originalError?: unknown }).originalError ?? (e as { cause?: unknown }).cause, depth++
  ) {
    if (e instanceof DatabaseError) return e;
    const code = (e as { code?: unknown }).code;
    const message = String((e as { message?: unknown }).message ?? '');
    if (typeof code === 'string') {
      if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300') {
        return new DatabaseError('DATABASE_UNAVAILABLE', 'The database is unavailable; retry shortly.', {
          cause: error,
        });
      }
      if (networkCodes.has(code)) {
        return new DatabaseError('DATABASE_UNAVAILABLE', 'The database is unavailable; retry shortly.', {
          cause: error,
        });
      }
      if (code === '57014') {
        return new DatabaseError('QUERY_TIMEOUT', 'The query took longer than the statement timeout allows.', {
          cause: error,
        });
      }
      if (code.startsWith('22')) {
        return new DatabaseError(
          'INVALID_VALUE',
          `A value in the request is not valid for the database: ${dataProblem(code, message)}`,
          {
            cause: error,
          },
        );
      }
    }
    if (lostConnection.test(message)) {
      return new DatabaseError('DATABASE_UNAVAILABLE', 'The database is unavailable; retry shortly.', { cause: error });
    }
  }
  return undefined;
}

/** A short, parameter-free description of a data exception (the driver's message may quote the value). */
function dataProblem(code: string, message: string): string {
  if (code === '22021' || /0x00/.test(message)) return 'text may not contain NUL (\\u0000) characters';
  if (code === '22003') return 'a number is out of range for its column';
  if (code === '22P02') return 'a value has the wrong syntax for its type';
  return `data exception ${code}`;
}

/** Throws TOO_MANY_PARAMETERS before a statement with more bound parameters than the protocol allows is sent. */
export function assertParameterCount(params: readonly unknown[] | undefined): void {
  if (params && params.length > MAX_BOUND_PARAMETERS) {
    throw new DatabaseError(
      'TOO_MANY_PARAMETERS',
      `The request needs ${params.length} bound parameters; at most ${MAX_BOUND_PARAMETERS} fit in one statement. Ask for fewer values.`,
    );
  }
}
