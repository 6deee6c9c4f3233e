import type { Request, Response } from 'express';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { loadSdlFiles } from '../graphql/schema.js';
import type { HttpRouteModule } from './route.js';

const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

/**
 * Browser assets served from node_modules (pinned versions in package.json): nothing is fetched from a CDN.
 * graphiql 3.9 is the last line that ships a UMD build (`graphiql.min.js`); React 18 the last with UMD builds.
 */
export const graphiqlAssets: Record<string, { path: string; type: string }> = {
  'react.production.min.js': { path: join(packageDir('react'), 'umd/react.production.min.js'), type: 'js' },
  'react-dom.production.min.js': {
    path: join(packageDir('react-dom'), 'umd/react-dom.production.min.js'),
    type: 'js',
  },
  'graphiql.min.js': { path: join(packageDir('graphiql'), 'graphiql.min.js'), type: 'js' },
  'graphiql.min.css': { path: join(packageDir('graphiql'), 'graphiql.min.css'), type: 'css' },
};

const defaultQuery = `# Welcome to Stratum. Run with ▶ (Ctrl-Enter).
# Hover a field for its description; the Docs
# button (top left) browses the whole schema.
query Tour {
  images(
    first: 5
    filter: { modality: { slugIn: ["fluorescence-microscopy"] } }
  ) {
    totalCount
    facets(axes: [STAIN, ORGANISM]) {
      axis
      values { name count }
    }
    nodes {
      id
      thumbnailUrl(size: 128)
      labelNames
      stain { name }
      organism { name }
    }
  }
}
`;

export function graphiqlPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8" />
<title>Stratum · GraphiQL</title>
<meta name="viewport" content="width=device-width, initial-scale=1" />
<link rel="stylesheet" href="/graphiql/assets/graphiql.min.css" />
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script src="/graphiql/assets/react.production.min.js"></script>
<script src="/graphiql/assets/react-dom.production.min.js"></script>
<script src="/graphiql/assets/graphiql.min.js"></script>
<script>
  const fetcher = GraphiQL.createFetcher({ url: new URL('/graphql', location.href).toString() });
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, {
      fetcher,
      defaultQuery: ${JSON.stringify(defaultQuery)},
      defaultEditorToolsVisibility: 'headers',
      defaultHeaders: '{}',
      shouldPersistHeaders: false,
    }),
  );
</script>
</body>
</html>
`;
}

/** Browsers asking for HTML at GET /graphql get GraphiQL; GraphQL GET requests (with `query`) go on to Apollo. */
export const graphiqlRoutes: HttpRouteModule = {
  name: 'graphiql',
  mount(app) {
    const page = graphiqlPage();
    app.get('/graphql', (req: Request, res: Response, next) => {
      if (req.query.query !== undefined || req.accepts(['application/json', 'text/html']) !== 'text/html')
        return next();
      res.type('html').set('Cache-Control', 'no-cache').send(page);
    });
    app.get('/graphiql/assets/:file', (req: Request, res: Response) => {
      const asset = graphiqlAssets[String(req.params.file)];
      if (!asset) return res.status(404).type('text').send('not found');
      res.type(asset.type).sendFile(asset.path, { maxAge: '1d' });
    });
  },
};

/** GET /schema.graphql: the SDL as written (every `schema/*.graphql` file, descriptions included). */
export const schemaRoutes: HttpRouteModule = {
  name: 'schema',
  mount(app, { authenticate }) {
    const sdl = loadSdlFiles()
      .map(({ path, sdl }) => `# ---- ${basename(path)} ----\n\n${sdl.trim()}\n`)
      .join('\n');
    app.get('/schema.graphql', async (req: Request, res: Response) => {
      try {
        await authenticate(req, 'read');
      } catch {
        return res.status(401).type('text').send('an API key is required');
      }
      res.type('text/plain; charset=utf-8').send(sdl);
    });
  },
};
