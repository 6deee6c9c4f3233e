import { parentPort } from 'node:worker_threads';
import { runBootstrapJob, type BootstrapJob } from './bootstrap.js';

/** A bootstrap worker thread (`pool.ts`): runs each batch of jobs with the in-thread code and posts the results. */
parentPort!.on('message', (msg: { id: number; jobs: BootstrapJob[] }) => {
  try {
    parentPort!.postMessage({ id: msg.id, results: msg.jobs.map(runBootstrapJob) });
  } catch (error) {
    parentPort!.postMessage({ id: msg.id, error: error instanceof Error ? error.message : String(error) });
  }
});
