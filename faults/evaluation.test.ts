import type { ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDb, type ScratchDb } from '../src/db/scratch.js';
import { EmbedderPool } from '../src/embeddings/embedder-pool.js';
import { EmbeddingService } from '../src/embeddings/service.js';
import { loadEmbeddingSettings } from '../src/embeddings/settings.js';
import { createColourCorpus } from '../src/test-utils/embeddings.js';
import { evaluate, runEvaluation } from '../src/predictions/evaluate.js';
import { GraphileQueue } from '../src/predictions/jobs.js';
import { registerModel } from '../src/embeddings/registry.js';
import type { ModelVersionRow } from '../src/db/queries/model-versions.js';
import { PostgresImageStore } from '../src/store/postgres-store.js';
import { writeTinyClip } from '../src/test-utils/tiny-clip.js';
import { adminUrl, exited as processExit, killAll, stratum, until } from './support.js';

/**
 * Issue 13, "jobs that survive anything": `stratum worker` processes (real children, real graphile-worker, real
 * PostgreSQL) are killed with SIGKILL or stopped with SIGTERM in the middle of an evaluation, with one and with
 * two workers; a replacement (or the surviving worker) finishes it. The final predictions must equal those of an
 * uninterrupted run: none lost, none duplicated, same answers. A SIGTERM'ed worker must exit 0 and leave no lock.
 */
const IMAGES = 900;

type Fact = { question_id: number; chosen_index: number | null; is_correct: boolean | null; status: string };

describe('evaluation survives killed and stopped workers (PostgreSQL, real processes)', () => {
  let scratch: ScratchDb;
  let version: ModelVersionRow;
  let benchmarkId: number;
  let reference: Fact[];

  const q = <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
    scratch.handle.query<T>(text, params);

  const startWorker = () => stratum(['worker'], scratch.url!, { EVAL_CHUNK_SIZE: '6' }).child;
  const exited = async (child: ChildProcess) => (await processExit(child)).code;

  const facts = () =>
    q<Fact>(
      `select question_id, chosen_index, is_correct, status from predictions
       where model_version_id = $1 order by question_id`,
      [version.id],
    );

  beforeAll(async () => {
    scratch = await createScratchDb({ driver: 'postgres', adminUrl, prefix: 'test' });
    const corpus = await createColourCorpus(scratch.handle.db, IMAGES, { corrupt: true });
    benchmarkId = corpus.benchmarkId;
    // The shared store: every worker reads the bytes from PostgreSQL.
    const shared = new PostgresImageStore(scratch.handle.db);
    const hashes = await q<{ content_hash: string }>('select content_hash from images');
    for (const { content_hash } of hashes) await shared.put((await corpus.store.get(content_hash))!, content_hash);
    const dir = await writeTinyClip(await mkdtemp(join(tmpdir(), 'stratum-faults-m-')));
    version = (await registerModel(scratch.handle, { dir, slug: 'tiny' })).version;
    // The uninterrupted reference, computed in this process, then removed.
    const settings = { ...loadEmbeddingSettings({}), evalInlineThreshold: -1 };
    const embeddings = new EmbeddingService(scratch.handle, shared, new EmbedderPool({ batchSize: 8 }));
    const queue = { kind: 'in-process' as const, enqueue: async () => {}, idle: async () => {}, stop: async () => {} };
    const { run } = await evaluate({ handle: scratch.handle, embeddings, settings, queue }, { version, filter: null });
    await runEvaluation({ handle: scratch.handle, embeddings, settings }, run.id);
    reference = await facts();
    expect(reference).toHaveLength(IMAGES + 1);
    await embeddings.pool.close();
    await q('delete from predictions');
    await q('delete from runs');
  });

  afterAll(async () => {
    killAll();
    await scratch?.drop();
  });

  async function scenario(workers: 1 | 2, signal: 'SIGKILL' | 'SIGTERM') {
    await q('delete from predictions');
    await q('delete from runs');
    const queue = await GraphileQueue.create(scratch.url!, scratch.handle);
    const settings = { ...loadEmbeddingSettings({}), evalInlineThreshold: 0 };
    const embeddings = new EmbeddingService(
      scratch.handle,
      new PostgresImageStore(scratch.handle.db),
      new EmbedderPool(),
    );
    const { run, mode } = await evaluate(
      { handle: scratch.handle, embeddings, settings, queue },
      {
        version,
        filter: { benchmark: { in: [benchmarkId] } },
      },
    );
    expect(mode).toBe('queued');
    const pool = Array.from({ length: workers }, () => startWorker());
    // Mid-evaluation: every worker up, some predictions stored, most not.
    await until('the workers', async () => {
      const [row] = await q<{ n: number }>('select count(*)::int as n from job_workers');
      return row!.n >= workers;
    });
    await until('the first predictions', async () => {
      const [row] = await q<{ n: number }>('select count(*)::int as n from predictions');
      return row!.n >= 30 && row!.n < run.total;
    });
    const victim = pool[0]!;
    victim.kill(signal);
    const code = await exited(victim);
    if (signal === 'SIGTERM') {
      expect(code).toBe(0);
      // A graceful stop leaves nothing locked and deregisters the worker.
      const [locks] = await q<{ n: number }>(
        `select count(*)::int as n from graphile_worker.jobs where locked_by is not null`,
      );
      const [others] = await q<{ n: number }>('select count(*)::int as n from job_workers');
      expect({ locks: locks!.n, workers: others!.n }).toEqual({
        locks: workers === 2 ? locks!.n : 0,
        workers: workers - 1,
      });
    }
    if (workers === 1) pool.push(startWorker());
    await until('the run to complete', async () => {
      const [row] = await q<{ status: string }>('select status from runs where id = $1', [run.id]);
      return row!.status === 'complete';
    });
    const got = await facts();
    expect(got).toHaveLength(reference.length);
    expect(new Set(got.map((f) => f.question_id)).size).toBe(reference.length);
    expect(got).toEqual(reference);
    const [dupes] = await q<{ n: number }>(
      `select count(*)::int as n from (select 1 from predictions group by model_version_id, protocol_config_id,
       question_id having count(*) > 1) d`,
    );
    expect(dupes!.n).toBe(0);
    const [runRow] = await q<{ done: number; total: number }>('select done, total from runs where id = $1', [run.id]);
    expect(runRow).toEqual({ done: reference.length, total: reference.length });
    // Everyone left stops gracefully, releasing everything.
    for (const child of pool.slice(1)) child.kill('SIGTERM');
    for (const child of pool.slice(1)) expect(await exited(child)).toBe(0);
    const [left] = await q<{ n: number }>('select count(*)::int as n from graphile_worker.jobs');
    expect(left!.n).toBe(0);
    await queue.stop();
    await embeddings.pool.close();
  }

  it('kill -9 of the only worker mid-evaluation: a new worker finishes it, identical to an uninterrupted run', () =>
    scenario(1, 'SIGKILL'));
  it('SIGTERM of the only worker: it exits 0 releasing its locks; a new worker finishes the run', () =>
    scenario(1, 'SIGTERM'));
  it('kill -9 of one of two workers: the other takes its unit within the lease', () => scenario(2, 'SIGKILL'));
  it('SIGTERM of one of two workers: the other finishes the run', () => scenario(2, 'SIGTERM'));
});
