import { parentPort } from 'node:worker_threads';
import { answerBatch, type BootstrapBatch } from './bootstrap.js';

/** A bootstrap worker thread (`pool.ts`): answers each batch of jobs with the in-thread code (`answerBatch`). */
parentPort!.on('message', (batch: BootstrapBatch) => parentPort!.postMessage(answerBatch(batch)));
