import type { Express, Request, Response } from 'express';
import type { Auth } from '../context.js';
import type { Runtime } from '../runtime.js';
import { classifyDatabaseError } from '../db/errors.js';
import { DomainError, httpStatusOf } from '../errors.js';

/** What an HTTP route module gets when it is mounted. */
export type RouteDeps = {
  runtime: Runtime;
  /** Resolves the request's API key; throws DomainError UNAUTHENTICATED for bad keys (or none, where reads need one). */
  authenticate(req: Request, access: 'read' | 'write'): Promise<Auth>;
  log: Logger;
};

/** An HTTP route module: `server.ts` mounts a list of them, in order, before the GraphQL endpoint. */
export type HttpRouteModule = { name: string; mount(app: Express, deps: RouteDeps): void };

export type Logger = {
  debug(message: string, detail?: unknown): void;
  info(message: string, detail?: unknown): void;
  warn(message: string, detail?: unknown): void;
  error(message: string, detail?: unknown): void;
};

/**
 * The HTTP edge for errors: a DomainError (or a classified database error, see `classifyDatabaseError`) is sent with its code's status as
 * `{ errors: [{ message, extensions: { code, argumentPath? } }] }` (GraphQL-shaped, for tools); anything else is
 * logged under `what` and answered 500 "Internal server error", masked.
 */
export function sendError(res: Response, error: unknown, log: Logger, what: string, detail?: object): void {
  // Driver errors a client can act on (connection lost, timeout, a value the database refuses) are coded too.
  error = classifyDatabaseError(error) ?? error;
  if (res.headersSent) {
    log.error(what, { ...detail, error });
    res.end();
    return;
  }
  if (error instanceof DomainError) {
    if (error.details.retryable === true) res.set('Retry-After', '1');
    const extensions = { ...error.details, code: error.code, ...(error.path ? { argumentPath: [...error.path] } : {}) };
    res.status(httpStatusOf(error.code)).json({ errors: [{ message: error.publicMessage, extensions }] });
    return;
  }
  log.error(what, { ...detail, error });
  res
    .status(500)
    .json({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
}
