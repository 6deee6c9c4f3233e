import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { consoleLogger } from '../../http/log.js';
import { evaluationRuntimeFor } from '../../predictions/runtime.js';
import { openRuntime } from '../../runtime.js';

/**
 * `stratum worker`: runs evaluation jobs without serving HTTP (machines with accelerators; any number of them,
 * on any number of machines, over one PostgreSQL). SIGTERM / SIGINT stop it gracefully: the current chunk is
 * stored, the rest of its unit goes back to the queue, and its job locks are released. A worker killed outright is
 * noticed by the others within WORKER_LEASE_SECONDS and its unit runs again; nothing is computed twice.
 * On PGlite (one process at a time) it resumes the unfinished runs, processes them and exits.
 */
export function register(program: Command): void {
  program
    .command('worker')
    .description('Run evaluation jobs (no HTTP). PostgreSQL: until SIGTERM. PGlite: finish unfinished runs, exit.')
    .action(async () => {
      // Signals are taken from the first moment: one during start-up stops the worker as soon as it is ready.
      let signalled: string | null = null;
      let onSignal = (signal: string) => {
        signalled = signal;
      };
      // `on`, not `once`: signal-exit (loaded by dependencies) re-raises a signal once it is the only listener.
      process.on('SIGINT', () => onSignal('SIGINT'));
      process.on('SIGTERM', () => onSignal('SIGTERM'));
      const config = loadConfig();
      const log = consoleLogger(config.logLevel);
      const runtime = await openRuntime(config);
      const emb = await evaluationRuntimeFor(runtime, {
        log: (m) => log.warn(m),
        worker: true,
        leaseSeconds: config.workerLeaseSeconds,
      });
      if (!emb.worker) {
        await emb.queue.idle();
        log.info('worker: no unfinished evaluation left');
        await emb.close();
        await runtime.close();
        return;
      }
      log.info(`worker ${emb.worker.workerId} ready (lease ${config.workerLeaseSeconds} s)`);
      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        log.info(`${signal}: finishing the current chunk, releasing locks`);
        await emb.close();
        await runtime.close();
        process.exit(0);
      };
      onSignal = (signal) => void stop(signal);
      if (signalled) await stop(signalled);
    });
}
