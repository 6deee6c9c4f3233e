import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { loadConfig } from '../src/config.js';
import { createScratchDb } from '../src/db/scratch.js';
import { generativeResponses, predictions, runs } from '../src/db/schema/index.js';
import { evaluationRuntimeFor } from '../src/predictions/runtime.js';
import { DEFAULT_ENDPOINT_LIMITS, EndpointClient } from '../src/generative/client.js';
import { resetEndpointClients } from '../src/generative/compute.js';
import { buildChatRequest, encodeImage, type ChatRequestBody } from '../src/generative/protocol.js';
import { registerEndpointModel } from '../src/generative/register.js';
import { resultsOnDemand } from '../src/results/on-demand.js';
import type { Runtime } from '../src/runtime.js';
import { createVqaCorpus } from '../src/test-utils/vqa-corpus.js';

/**
 * `npm run bench generative [-- --seconds=5 --concurrency=1,4,16,64 --latency-ms=50 --rounds=3 --jobs-questions=256]`
 *
 * Throughput of generative calls against the scripted Chat Completions server (`bench/chat-server.ts`, a child
 * process answering every request after a fixed latency and reporting its own processing time in
 * `x-processing-ms`), at several endpoint concurrency settings, in interleaved rounds (round 1 runs every setting,
 * then round 2 …), with os.loadavg() beside each figure:
 *   A. the EndpointClient alone (the `openai` client, concurrency gate, rate limiter, breaker; no cache): for
 *      `seconds` per setting, `concurrency` callers each send the protocol's request (a 64×64 PNG, the closed-VQA
 *      prompt) in a loop. Reports calls/s, the ideal (concurrency × 1000 / latency), and the overhead per call:
 *      the client-measured latency of `complete()` minus the server-reported processing time (p50 / p95).
 *   B. (`--jobs-questions=N`, 0 to skip) the full jobs path on PGlite in memory: `results(models: …)` over N
 *      closed-VQA questions starts the run, the in-process queue's job answers it in chunks and stores every
 *      answer (facts with audit columns, response cache writes); wall time from the request to the queue being
 *      idle. Between measurements predictions, runs and cached responses are deleted, so every question is a call.
 */
type Opts = {
  seconds: number;
  concurrency: number[];
  latencyMs: number;
  rounds: number;
  jobsQuestions: number;
};

function parseOpts(argv: string[]): Opts {
  const get = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  return {
    seconds: Number(get('seconds') ?? 5),
    concurrency: (get('concurrency') ?? '1,4,16,64').split(',').map(Number),
    latencyMs: Number(get('latency-ms') ?? 50),
    rounds: Number(get('rounds') ?? 3),
    jobsQuestions: Number(get('jobs-questions') ?? 256),
  };
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const pct = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
const median = (xs: number[]) =>
  pct(
    [...xs].sort((a, b) => a - b),
    50,
  );

async function startServer(latencyMs: number): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/chat-server.ts', String(latencyMs)], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.on('exit', (code) => reject(new Error(`chat server exited (${code})`)));
  });
  return { url, child };
}

/** A client whose fetch notes each response's `x-processing-ms` by request id. */
function instrumentedClient(url: string, concurrency: number) {
  const processing = new Map<string, number>();
  const fetchWithTiming: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const id = response.headers.get('x-request-id');
    const ms = response.headers.get('x-processing-ms');
    if (id && ms) processing.set(id, Number(ms));
    return response;
  };
  const client = new EndpointClient(
    {
      ...DEFAULT_ENDPOINT_LIMITS,
      baseUrl: url,
      remoteModel: 'bench-vlm',
      apiKey: null,
      maxRetries: 0,
      timeoutMs: 30_000,
      concurrency,
    },
    { fetch: fetchWithTiming },
  );
  return { client, processing };
}

async function clientRound(url: string, body: ChatRequestBody, concurrency: number, seconds: number) {
  const { client, processing } = instrumentedClient(url, concurrency);
  // Warm-up: one call per caller (connections opened).
  await Promise.all(Array.from({ length: concurrency }, () => client.complete(body)));
  processing.clear();
  const overheads: number[] = [];
  let calls = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const out = await client.complete(body);
        calls++;
        const server = processing.get(out.requestId ?? '');
        if (server != null) overheads.push(out.latencyMs - server);
        processing.delete(out.requestId ?? '');
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  overheads.sort((a, b) => a - b);
  return { callsPerSecond: calls / elapsed, p50: pct(overheads, 50), p95: pct(overheads, 95), calls };
}

export async function run(argv: string[]): Promise<void> {
  const opts = parseOpts(argv);
  const { url, child } = await startServer(opts.latencyMs);
  try {
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: { r: 90, g: 40, b: 200 } } })
      .png()
      .toBuffer();
    const image = await encodeImage(png, { format: 'png', maxSide: null, quality: 90, detail: 'high' });
    const body = buildChatRequest({
      remoteModel: 'bench-vlm',
      question: 'Which modality is shown?',
      options: ['light microscopy', 'electron microscopy', 'fluorescence', 'none of the above'],
      image,
      detail: 'high',
      sampling: { temperature: 0, topP: 1, maxTokens: 16, seed: 0, logprobs: false },
    });

    console.log(
      `A. EndpointClient against the scripted server (latency ${opts.latencyMs} ms), ${opts.seconds} s per setting, ` +
        `${opts.rounds} interleaved rounds`,
    );
    console.log('round\tconcurrency\tcalls/s\tideal\toverhead p50 ms\tp95 ms\tloadavg (1 5 15)');
    const byC = new Map<number, { cps: number[]; p50: number[]; p95: number[] }>();
    for (let r = 1; r <= opts.rounds; r++) {
      for (const c of opts.concurrency) {
        const m = await clientRound(url, body, c, opts.seconds);
        const s = byC.get(c) ?? { cps: [], p50: [], p95: [] };
        s.cps.push(m.callsPerSecond);
        s.p50.push(m.p50);
        s.p95.push(m.p95);
        byC.set(c, s);
        const ideal = (c * 1000) / opts.latencyMs;
        console.log(
          `${r}\t${c}\t${m.callsPerSecond.toFixed(1)}\t${ideal.toFixed(0)}\t${m.p50.toFixed(2)}\t${m.p95.toFixed(2)}\t${load()}`,
        );
      }
    }
    console.log('\nmedian over rounds\nconcurrency\tcalls/s\tideal\toverhead p50 ms\tp95 ms');
    for (const [c, s] of byC) {
      console.log(
        `${c}\t${median(s.cps).toFixed(1)}\t${((c * 1000) / opts.latencyMs).toFixed(0)}\t${median(s.p50).toFixed(2)}\t${median(s.p95).toFixed(2)}`,
      );
    }

    if (opts.jobsQuestions > 0) await jobsPath(url, opts);
  } finally {
    child.kill('SIGTERM');
  }
}

/** B: `results(models: …)` → evaluation job → answers stored, on PGlite in memory. */
async function jobsPath(url: string, opts: Opts): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'stratum-gen-bench-'));
  const scratch = await createScratchDb({ driver: 'pglite', prefix: 'bench' });
  const db = scratch.handle.db;
  const corpus = await createVqaCorpus(db, Math.ceil(opts.jobsQuestions / 2));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', EVALUATE_ON_READ_PER_MINUTE: '100000' });
  const runtime: Runtime = { config, handle: scratch.handle, store: corpus.store, close: async () => undefined };
  const emb = await evaluationRuntimeFor(runtime, { worker: true });
  const questions = corpus.questionIds.length;
  try {
    console.log(
      `\nB. jobs path on PGlite in memory: results(models:) over ${questions} closed-VQA questions → job → stored ` +
        `answers (latency ${opts.latencyMs} ms), ${opts.rounds} interleaved rounds`,
    );
    console.log('round\tconcurrency\tcalls/s\tideal\twall s\tloadavg (1 5 15)');
    const byC = new Map<number, number[]>();
    for (let r = 1; r <= opts.rounds; r++) {
      for (const c of opts.concurrency) {
        await db.delete(predictions);
        await db.delete(runs);
        await db.delete(generativeResponses);
        resetEndpointClients();
        await registerEndpointModel(db, {
          slug: 'bench-vlm',
          baseUrl: url,
          remoteModel: 'bench-vlm',
          temperature: 0,
          maxRetries: 0,
          concurrency: c,
        });
        const started = performance.now();
        const out = await resultsOnDemand(runtime, {
          models: ['bench-vlm'],
          filter: { benchmark: { in: [corpus.benchmarkId] } },
        });
        await emb.queue.idle();
        const wall = (performance.now() - started) / 1000;
        const stored = await db.$count(predictions);
        if (stored !== questions || out.coverage[0]?.total !== questions) {
          throw new Error(`jobs path stored ${stored} of ${questions} answers`);
        }
        const cps = questions / wall;
        byC.set(c, [...(byC.get(c) ?? []), cps]);
        const ideal = (Math.min(c, questions) * 1000) / opts.latencyMs;
        console.log(`${r}\t${c}\t${cps.toFixed(1)}\t${ideal.toFixed(0)}\t${wall.toFixed(2)}\t${load()}`);
      }
    }
    console.log('\nmedian over rounds\nconcurrency\tcalls/s');
    for (const [c, cps] of byC) console.log(`${c}\t${median(cps).toFixed(1)}`);
  } finally {
    await emb.close();
    await scratch.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
