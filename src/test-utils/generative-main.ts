// Child process for the generative kill -9 / resume test (src/generative/kill-resume.int.test.ts), configured by
// the environment like the CLI (DATA_DIR, DATABASE_URL, IMAGE_STORE_DIR, WORKER_LEASE_SECONDS):
// - `start <chat base URL>`: seeds a closed-VQA corpus, registers the endpoint model `my-vlm` at the URL, asks
//   `results(models: ["my-vlm"])` (which starts the generations as jobs) and runs this process's job worker until
//   the run is finished (the test SIGKILLs it long before).
// - `resume`: prints what the database holds (`dump-before`), starts a job worker as `stratum serve` / `stratum
//   worker` would (it resumes the unfinished run), waits for the run to finish and prints `dump-after`.
import { asc } from 'drizzle-orm';
import { loadConfig } from '../config.js';
import { listUnfinishedRuns } from '../db/queries/evaluation.js';
import { generativeResponses, predictions, runs } from '../db/schema/index.js';
import { evaluationRuntimeFor } from '../predictions/runtime.js';
import { registerEndpointModel } from '../generative/register.js';
import { resultsOnDemand } from '../results/on-demand.js';
import { openRuntime, type Runtime } from '../runtime.js';
import { createVqaCorpus } from './vqa-corpus.js';

const [mode, baseUrl] = process.argv.slice(2);
const config = loadConfig();
const runtime = await openRuntime(config);

async function dump(runtime: Runtime) {
  const db = runtime.handle.db;
  return {
    predictions: await db
      .select({
        questionId: predictions.questionId,
        runId: predictions.runId,
        status: predictions.status,
        requestId: predictions.requestId,
        cached: predictions.cached,
        isCorrect: predictions.isCorrect,
      })
      .from(predictions)
      .orderBy(asc(predictions.questionId)),
    runs: await db.select({ id: runs.id, status: runs.status }).from(runs).orderBy(asc(runs.id)),
    cachedRequestIds: (await db.select({ id: generativeResponses.requestId }).from(generativeResponses)).map(
      (r) => r.id,
    ),
  };
}

/** Runs the job worker until no evaluate run is unfinished. */
async function finish(): Promise<void> {
  const emb = await evaluationRuntimeFor(runtime, {
    worker: true,
    leaseSeconds: config.workerLeaseSeconds,
    log: (m) => process.stderr.write(`${m}\n`),
  });
  if (!emb.worker) {
    // PGlite: the in-process queue runs the resumed units and then is idle.
    await emb.queue.idle();
  } else {
    // PostgreSQL: graphile-worker runs the job (a killed worker's once its lease has run out). Bounded: a broken
    // resume ends in a dump, not a hang (the queue would never be idle while a dead worker holds the job).
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && (await listUnfinishedRuns(runtime.handle.db)).length) {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  await emb.close();
}

if (mode === 'start') {
  const corpus = await createVqaCorpus(runtime.handle.db, 10, runtime.store);
  await registerEndpointModel(runtime.handle.db, {
    slug: 'my-vlm',
    baseUrl,
    remoteModel: 'test-vlm',
    temperature: 0,
    concurrency: 2,
  });
  const out = await resultsOnDemand(runtime, {
    models: ['my-vlm'],
    filter: { benchmark: { in: [corpus.benchmarkId] } },
  });
  process.stdout.write(`started ${JSON.stringify({ questions: corpus.questionIds, coverage: out.coverage })}\n`);
  await finish();
} else if (mode === 'resume') {
  process.stdout.write(`dump-before ${JSON.stringify(await dump(runtime))}\n`);
  await finish();
  process.stdout.write(`dump-after ${JSON.stringify(await dump(runtime))}\n`);
} else {
  throw new Error(`unknown mode ${mode}`);
}
await runtime.close();
