import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { makeExecutableSchema } from '@graphql-tools/schema';
import express, { type Express, type Request } from 'express';
import type { GraphQLSchema } from 'graphql';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { authenticate } from './auth/authenticate.js';
import { createContext, type Context } from './context.js';
import { createFormatError, toGraphQLError } from './graphql/errors.js';
import { costLimitPlugin, depthLimitRule } from './graphql/limits.js';
import { resolvers } from './graphql/resolvers/index.js';
import { loadTypeDefs } from './graphql/schema.js';
import { graphiqlRoutes, schemaRoutes } from './http/graphiql.js';
import { dashboardRoutes } from './http/dashboard.js';
import { graphqlOverHttpPlugin } from './http/graphql-over-http.js';
import { imageRoutes } from './http/images.js';
import { exportRoutes } from './http/export.js';
import { databaseStatusPlugin, formatDatabaseErrors, jsonErrorHandler, jsonNotFound } from './http/errors.js';
import { healthRoutes } from './http/health.js';
import { consoleLogger } from './http/log.js';
import type { HttpRouteModule, Logger, RouteDeps } from './http/route.js';
import type { Runtime } from './runtime.js';

/** The executable schema: every `schema/*.graphql` file plus the merged resolver modules. */
export function buildSchema(): GraphQLSchema {
  return makeExecutableSchema({ typeDefs: loadTypeDefs(), resolvers: resolvers as never });
}

/**
 * HTTP route modules, mounted in this order before the GraphQL endpoint. Add yours with one line
 * (a `HttpRouteModule` from `src/http/route.ts`).
 */
const routeModules: ((schema: () => GraphQLSchema) => HttpRouteModule)[] = [
  () => healthRoutes,
  () => imageRoutes,
  () => exportRoutes,
  () => graphiqlRoutes,
  () => schemaRoutes,
  () => dashboardRoutes,
];

export type ServerOptions = { log?: Logger; requireKeyForReads?: boolean };

export type StratumServer = {
  app: Express;
  apollo: ApolloServer<Context>;
  schema: GraphQLSchema;
  httpServer: Server;
  /** Listens on `port`/`host` (defaults: the runtime's config; port 0 picks a free one). */
  listen(port?: number, host?: string): Promise<{ url: string; port: number }>;
  close(): Promise<void>;
};

/** How long `close()` lets open HTTP connections finish before closing them. */
const CLOSE_GRACE_MS = 10_000;

/** Builds the express 5 app: HTTP routes, then Apollo Server on /graphql. Does not listen yet. */
export async function createServer(runtime: Runtime, options: ServerOptions = {}): Promise<StratumServer> {
  const log = options.log ?? consoleLogger(runtime.config.logLevel);
  const requireKeyForReads = options.requireKeyForReads ?? runtime.config.requireKeyForReads;
  const schema = buildSchema();
  const app = express();
  app.disable('x-powered-by');
  const httpServer = createHttpServer(app);
  // Longer than clients' idle keep-alive (undici: 4 s, proxies: 60 s), so the server never closes a socket a
  // client is about to reuse (ECONNRESET under load).
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;
  const apollo = new ApolloServer<Context>({
    schema,
    formatError: formatDatabaseErrors(createFormatError((message, detail) => log.error(message, detail))),
    validationRules: [depthLimitRule()],
    plugins: [
      costLimitPlugin(() => schema),
      graphqlOverHttpPlugin({ requireKeyForReads }),
      databaseStatusPlugin(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // No HTTP cache hints on GraphQL responses; without it Apollo instruments every field resolution.
      ApolloServerPluginCacheControlDisabled(),
    ],
    // Clients' default GET queries work; why this opens no cross-site hole: src/http/graphql-over-http.ts.
    csrfPrevention: false,
    // On by default (GraphiQL's docs need it; the SDL is published at /schema.graphql anyway): GRAPHQL_INTROSPECTION.
    introspection: runtime.config.introspection,
    includeStacktraceInErrorResponses: false,
    // The process owns SIGINT/SIGTERM (`stratum serve`: HTTP, then the job worker, then the pool). Apollo's own
    // handler (on by default outside NODE_ENV=test) stopped the server first, and our `close()` then waited on
    // Apollo's second-caller barrier, which a successful stop never resolves: every SIGTERM hung for the full
    // shutdown bound while the worker kept running, or, without a worker, the process drained out and exited
    // before releasing anything.
    stopOnTerminationSignals: false,
  });
  await apollo.start();

  const deps: RouteDeps = {
    runtime,
    log,
    authenticate: async (req: Request, access) => {
      const auth = await authenticate(
        runtime.handle.db,
        req.get('authorization'),
        access === 'write' ? false : requireKeyForReads,
      );
      return { ...auth, client: auth.apiKey ? `key:${auth.apiKey.id}` : `ip:${req.ip ?? 'unknown'}` };
    },
  };
  for (const route of routeModules) route(() => schema).mount(app, deps);
  app.use(
    '/graphql',
    express.json({ limit: runtime.config.maxBodySize }),
    expressMiddleware(apollo, {
      context: async ({ req }) =>
        createContext({
          runtime,
          auth: await deps.authenticate(req, 'read').catch((e) => Promise.reject(toGraphQLError(e))),
        }),
    }),
  );
  // Last: JSON for unknown paths and for every error express would render as an HTML page with a stack trace.
  app.use(jsonNotFound);
  app.use(jsonErrorHandler(log));

  return {
    app,
    apollo,
    schema,
    httpServer,
    listen(port = runtime.config.port, host = runtime.config.host) {
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          const address = httpServer.address() as AddressInfo;
          const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          resolve({ url: `http://${shownHost}:${address.port}`, port: address.port });
        });
      });
    },
    async close() {
      // Bounded: connections still open after the grace period are closed (a client holding one open must not
      // keep a stopping replica alive; seen in faults/blips.test.ts after a PostgreSQL blip).
      const force = setTimeout(() => httpServer.closeAllConnections(), CLOSE_GRACE_MS);
      try {
        await apollo.stop();
        if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      } finally {
        clearTimeout(force);
      }
    },
  };
}
