import type { Request, Response } from 'express';
import { classifyDatabaseError } from '../db/errors.js';
import { pendingMigrations } from '../db/migrate.js';
import type { HttpRouteModule } from './route.js';

/** How long a readiness probe waits for the database before answering "not ready". */
const READY_TIMEOUT_MS = 2_000;

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Probes for orchestrators (Kubernetes, compose healthchecks, load balancers); no key needed, nothing private told.
 * - `GET /livez`: 200 while the process serves HTTP at all (restart it when this fails); never touches the database.
 * - `GET /readyz`: 200 when the database answers and every migration is applied; 503 otherwise (send no traffic),
 *   with `checks` saying which part failed.
 */
export const healthRoutes: HttpRouteModule = {
  name: 'health',
  mount(app, { runtime }) {
    app.get('/livez', (_req: Request, res: Response) => {
      res.set('Cache-Control', 'no-store').json({ status: 'ok' });
    });
    app.get('/readyz', async (_req: Request, res: Response) => {
      const checks: Record<string, string> = {};
      try {
        await within(runtime.handle.query('select 1'), READY_TIMEOUT_MS);
        checks.database = 'ok';
        const pending = await within(pendingMigrations(runtime.handle), READY_TIMEOUT_MS);
        checks.migrations = pending === 0 ? 'ok' : `${pending} pending`;
      } catch (error) {
        checks.database ??= classifyDatabaseError(error)?.code ?? 'unreachable';
        if (checks.database === 'ok') checks.migrations = 'unknown';
      }
      const ready = checks.database === 'ok' && checks.migrations === 'ok';
      res
        .status(ready ? 200 : 503)
        .set('Cache-Control', 'no-store')
        .json({ status: ready ? 'ready' : 'not ready', checks });
    });
  },
};
