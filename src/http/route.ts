import type { Express, Request, Response } from 'express';
import type { Auth } from '../context.js';
import type { Runtime } from '../runtime.js';
import type { AppError } from '../graphql/errors.js';

/** What an HTTP route module gets when it is mounted. */
export type RouteDeps = {
  runtime: Runtime;
  /** Resolves the request's API key; throws AppError UNAUTHENTICATED for bad keys (or none, where reads need one). */
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

/** Sends `{ errors: [{ message, extensions: { code } }] }` with the error's HTTP status (GraphQL-shaped, for tools). */
export function sendError(res: Response, status: number, error: Pick<AppError, 'message' | 'extensions'>): void {
  const { http: _http, ...extensions } = error.extensions as Record<string, unknown>;
  res.status(status).json({ errors: [{ message: error.message, extensions }] });
}
