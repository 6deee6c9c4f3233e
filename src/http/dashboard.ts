import express, { type Request, type Response } from 'express';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { HttpRouteModule } from './route.js';

/** Where `npm run build:web` (vite, run by `npm install` and by `npm start` when missing) writes the dashboard. */
export const dashboardDir = resolve(import.meta.dirname, '../../web/dist');

/** Client-side pages of the dashboard: each serves the same index.html (the state is in the query string). */
export const dashboardPages = ['/', '/compare', '/corpus', '/corpus/image', '/runs'];

/**
 * The dashboard at `/`: a static single-page app built on the public GraphQL API only. Hashed assets are cached
 * for a year (immutable); index.html is revalidated on every load. GraphiQL stays at /graphql.
 */
export const dashboardRoutes: HttpRouteModule = {
  name: 'dashboard',
  mount(app, { log }) {
    const index = join(dashboardDir, 'index.html');
    // Read on each load (0.4 kB): a rebuild (`npm run build:web`) is served without a restart.
    const page = () => (existsSync(index) ? readFileSync(index, 'utf8') : null);
    if (!page()) log.warn(`dashboard not built (${index} missing): run \`npm run build:web\``);
    app.get(dashboardPages, (_req: Request, res: Response) => {
      const body = page();
      if (!body) {
        return res
          .status(503)
          .type('text')
          .send('The dashboard is not built: run `npm run build:web` (GraphQL is at /graphql).');
      }
      res.type('html').set('Cache-Control', 'no-cache').send(body);
    });
    app.use(
      '/assets',
      express.static(join(dashboardDir, 'assets'), {
        immutable: true,
        maxAge: '365d',
        index: false,
        fallthrough: false,
      }),
    );
  },
};
