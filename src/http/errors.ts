import type { ApolloServerPlugin } from '@apollo/server';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { GraphQLFormattedError } from 'graphql';
import { classifyDatabaseError } from '../db/errors.js';
import { toGraphQLError } from '../graphql/errors.js';
import { sendError, type Logger } from './route.js';

/**
 * The edge's mapping of database failures a client can act on (see `classifyDatabaseError`): a lost connection is
 * DATABASE_UNAVAILABLE (503, `retryable: true`), a statement timeout QUERY_TIMEOUT (503), too many bound
 * parameters TOO_MANY_PARAMETERS (400), a value the database refuses (NUL byte, out-of-range float) INVALID_VALUE
 * (400). Anything else goes on to `next` (the masking formatter).
 */
export function formatDatabaseErrors(
  next: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError,
) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const db = classifyDatabaseError(error);
    return next(formatted, db ? toGraphQLError(db) : error);
  };
}

const statusOfCode: Record<string, number> = { DATABASE_UNAVAILABLE: 503, QUERY_TIMEOUT: 503 };

/** Answers GraphQL responses that carry a database-unavailable error with 503 and `Retry-After: 1`. */
export function databaseStatusPlugin<T extends object>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const codes = (response.body.singleResult.errors ?? []).map((e) => String(e.extensions?.code));
          const status = Math.max(0, ...codes.map((c) => statusOfCode[c] ?? 0));
          if (status) {
            response.http.status = status;
            response.http.headers.set('retry-after', '1');
          }
        },
      };
    },
  };
}

/** `{ errors: [{ message, extensions: { code } }] }`, the shape every error of this API has. */
function sendJsonError(res: Response, status: number, code: string, message: string, extra = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.status(status).json({ errors: [{ message, extensions: { code, ...extra } }] });
}

/** body-parser's error types → our codes (the status comes from the error itself). */
const bodyErrorCodes: Record<string, [string, string]> = {
  'entity.too.large': ['PAYLOAD_TOO_LARGE', 'The request body is larger than the server accepts'],
  'entity.parse.failed': ['BAD_REQUEST', 'The request body is not valid JSON'],
  'entity.verify.failed': ['BAD_REQUEST', 'The request body failed verification'],
  'charset.unsupported': ['UNSUPPORTED_MEDIA_TYPE', 'Unsupported charset in Content-Type; send UTF-8'],
  'encoding.unsupported': [
    'UNSUPPORTED_MEDIA_TYPE',
    'Unsupported Content-Encoding; send identity, gzip, deflate or br',
  ],
  'request.aborted': ['BAD_REQUEST', 'The request was aborted'],
  'request.size.invalid': ['BAD_REQUEST', 'The request body does not match its Content-Length'],
  'stream.encoding.set': ['INTERNAL_SERVER_ERROR', 'Internal server error'],
  'parameters.too.many': ['BAD_REQUEST', 'Too many parameters'],
};

/** Unknown paths: a JSON 404 instead of express's HTML page. */
export const jsonNotFound: RequestHandler = (req, res) => {
  sendJsonError(res, 404, 'NOT_FOUND', `No route for ${req.method} ${req.path.slice(0, 200)}`);
};

/**
 * Express's last error handler: every error becomes a JSON body with a code, never express's HTML page (which
 * shows the stack trace and absolute paths). Client errors (bad JSON, oversized or badly compressed body,
 * unsupported charset) keep their 4xx status; anything else is logged and answered as a masked 500.
 */
export function jsonErrorHandler(log: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    const e = error as { status?: unknown; statusCode?: unknown; type?: unknown; limit?: unknown };
    const status = Number(e.status ?? e.statusCode);
    if (status >= 400 && status < 500) {
      const [code, message] = bodyErrorCodes[String(e.type)] ?? [
        status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'BAD_REQUEST',
        status === 413 ? 'The request body is larger than the server accepts' : 'The request could not be read',
      ];
      return sendJsonError(res, status, code, message, typeof e.limit === 'number' ? { limit: e.limit } : {});
    }
    sendError(res, error, log, 'request failed');
  };
}
