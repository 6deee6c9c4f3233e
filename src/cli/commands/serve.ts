import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { consoleLogger } from '../../http/log.js';
import { evaluationRuntimeFor } from '../../predictions/runtime.js';
import { openRuntime } from '../../runtime.js';
import { createServer } from '../../server.js';

export function register(program: Command): void {
  program
    .command('serve')
    .description(
      'Migrate, import the demo corpus into an empty database (only there, unless --add-demo), then serve GraphQL ' +
        'on HOST:PORT.',
    )
    .option('-p, --port <port>', 'port (default: PORT or 4000)')
    .option('-H, --host <host>', 'host (default: HOST or 127.0.0.1)')
    .option('--no-demo', 'do not import the demo corpus into an empty database')
    .option('--add-demo', 'import the demo corpus even when the database holds other benchmarks')
    .option('--no-worker', 'run no job worker here (PostgreSQL: `stratum worker` processes take the jobs)')
    .action(async (opts: { port?: string; host?: string; demo: boolean; addDemo?: boolean; worker: boolean }) => {
      // Production defaults unless told otherwise (express: no stack traces in its pages, view caching).
      process.env.NODE_ENV ??= 'production';
      const config = loadConfig();
      const log = consoleLogger(config.logLevel);
      const runtime = await openRuntime(config);
      log.info(`database ready (${runtime.handle.driver}${config.databaseUrl ? '' : ` at ${config.pgliteDir}`})`);
      // Seeding under an advisory lock: replicas starting together on an empty database take turns, and the
      // later ones find the corpus and the models already there (both steps are idempotent).
      await runtime.handle.exclusive('seed', async () => {
        if (opts.demo) {
          // Loaded lazily: the demo generator pulls in image encoders that other commands never need.
          const { ensureDemoCorpus } = await import('../../../seeds/demo/ensure.js');
          await ensureDemoCorpus(runtime, { force: opts.addDemo === true });
        }
        // The built-in models (models/, trained by training/): registered on every start, which is a no-op once
        // their weights hashes are known, so `model: "ubench-demo-clip"` works on a fresh install.
        const { registerModel } = await import('../../embeddings/registry.js');
        const { builtInModels } = await import('../../models/built-in.js');
        for (const model of builtInModels) {
          const registered = await registerModel(runtime.handle, model);
          log.info(
            `model ${model.slug} ${registered.created ? 'registered' : 'ready'} (${registered.version.dimensions}-d)`,
          );
        }
      });
      const server = await createServer(runtime, { log });
      // Starts the evaluation job worker (graphile-worker on PostgreSQL) and requeues unfinished runs.
      const emb = await evaluationRuntimeFor(runtime, {
        log: (m) => log.warn(m),
        worker: opts.worker || !config.databaseUrl,
        leaseSeconds: config.workerLeaseSeconds,
      });
      const port = opts.port !== undefined ? Number(opts.port) : config.port;
      const { url } = await server.listen(port, opts.host ?? config.host);
      log.info(`Dashboard: ${url}/`);
      log.info(`GraphQL:  ${url}/graphql (open it in a browser for GraphiQL)`);
      log.info(`SDL:      ${url}/schema.graphql`);
      log.info(`Images:   ${url}/images/<id>  (thumbnails: ?size=256)`);
      // Graceful: stop taking requests, let the worker finish its chunk and release its job locks, close the pool.
      // `process.on`, not `once`: a module that also listens for signals (signal-exit, loaded by dependencies)
      // re-raises a signal once it is the only listener left, which killed the process mid-shutdown (exit 143,
      // job locks held) when ours had removed itself.
      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        log.info(`${signal}: shutting down`);
        // Each step bounded: a stop that never returns would leave the replica half-alive (no HTTP, locks held).
        const bounded = (what: string, step: Promise<void>) =>
          Promise.race([
            step,
            new Promise<void>((resolve) =>
              setTimeout(() => {
                log.warn(`${what} did not finish within 15 s; going on`);
                resolve();
              }, 15_000).unref(),
            ),
          ]);
        await bounded('closing the HTTP server', server.close());
        log.info('http server closed; stopping the job worker');
        await bounded('stopping the job worker', emb.close());
        await bounded('closing the database pool', runtime.close());
        log.info('stopped');
        process.exit(0);
      };
      process.on('SIGINT', () => void stop('SIGINT'));
      process.on('SIGTERM', () => void stop('SIGTERM'));
    });
}
