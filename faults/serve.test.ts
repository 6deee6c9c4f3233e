import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDatabase,
  createKey,
  digest,
  exited,
  killAll,
  runStatuses,
  scopeIds,
  seededDatabase,
  serve,
  sqlOn,
  startEvaluation,
  until,
  type Database,
  type Serve,
} from './support.js';

/**
 * Issue 13, "kill -9 and SIGTERM of each process kind mid-import, mid-embedding, mid-evaluation, with one and with
 * two processes": `stratum serve` (an API replica with its in-process job worker; `faults/evaluation.test.ts` does
 * the same to `stratum worker`) is interrupted three times in one life of a database: while it imports the demo
 * corpus into an empty database at first start, while the evaluation it runs is computing its first image
 * embeddings (no prediction stored yet), and while it stores predictions. After each interruption the process is
 * started again. The final database must hold exactly what an uninterrupted start and evaluation leave (import
 * rows, image bytes, models, and every prediction by (model version, protocol configuration, question): none
 * lost, none duplicated, same answers), the run must be complete, no job or lock left, and a serve stopped with
 * SIGTERM while serving must exit 0.
 *
 * By default two chains run (each phase sees each signal once, each signal meets one and two processes):
 * one process: SIGKILL, SIGTERM, SIGKILL; two processes: SIGTERM, SIGKILL, SIGTERM. FAULTS_FULL=1 adds the two
 * mirrored chains.
 */
type Signal = 'SIGKILL' | 'SIGTERM';
type Chain = { processes: 1 | 2; signals: [Signal, Signal, Signal] };
const IMAGES = 60;
const PREDICTIONS = IMAGES * 6; // template 1: six questions per demo image
const CHUNK = 120;
const env = { EVAL_CHUNK_SIZE: String(CHUNK), EVALUATE_ON_READ: 'false' };

const chains: Chain[] = [
  { processes: 1, signals: ['SIGKILL', 'SIGTERM', 'SIGKILL'] },
  { processes: 2, signals: ['SIGTERM', 'SIGKILL', 'SIGTERM'] },
  ...(process.env.FAULTS_FULL
    ? ([
        { processes: 1, signals: ['SIGTERM', 'SIGKILL', 'SIGTERM'] },
        { processes: 2, signals: ['SIGKILL', 'SIGTERM', 'SIGKILL'] },
      ] as Chain[])
    : []),
];

const databases: Database[] = [];
let reference: Awaited<ReturnType<typeof digest>>;
let scope: string[];

afterAll(async () => {
  killAll();
  for (const db of databases) await db.drop();
});

const count = async (url: string, table: string) => {
  try {
    return (await sqlOn<{ n: number }>(url, `select count(*)::int as n from ${table}`))[0]!.n;
  } catch {
    return -1; // not migrated yet
  }
};

/** Pid of a serve whose worker holds an evaluation job right now. */
async function lockHolder(url: string): Promise<number | null> {
  const rows = await sqlOn<{ pid: number }>(
    url,
    `select w.pid from graphile_worker.jobs j join job_workers w on w.worker_id = j.locked_by
     where j.locked_by is not null limit 1`,
  );
  return rows[0]?.pid ?? null;
}

/** The uninterrupted reference: the seeded template (one clean first start) plus one clean evaluation. */
beforeAll(async () => {
  const db = await seededDatabase();
  databases.push(db);
  scope = await scopeIds(db.url, IMAGES);
  const key = await createKey(db.url);
  const proc = serve(db.url, { env });
  await startEvaluation(await proc.ready, key, scope);
  await until('the reference run', async () => (await runStatuses(db.url)).complete === 1 || null);
  proc.child.kill('SIGTERM');
  expect(await exited(proc.child)).toEqual({ code: 0, signal: null });
  reference = await digest(db.url);
  expect(reference.predictions).toHaveLength(PREDICTIONS);
});

describe('serve interrupted mid-import, mid-embedding and mid-evaluation (PostgreSQL, real processes)', () => {
  it.each(chains)('$processes process(es), signals $signals', async ({ processes, signals }) => {
    const db = await createDatabase();
    databases.push(db);
    const replicas: Serve[] = [];
    const start = () => {
      const proc = serve(db.url, { env });
      replicas.push(proc);
      return proc;
    };
    const interrupt = async (proc: Serve, signal: Signal, serving: boolean) => {
      proc.child.kill(signal);
      const end = await exited(proc.child);
      replicas.splice(replicas.indexOf(proc), 1);
      // Stopped while serving: graceful, exit 0 (during the start-up import a SIGTERM simply ends the process).
      if (signal === 'SIGTERM' && serving) expect(end).toEqual({ code: 0, signal: null });
      return start();
    };

    // 1. Mid-import: the first start imports the demo corpus into the empty database.
    const first = start();
    await until('the import to be under way', async () => (await count(db.url, 'images')) >= 100);
    if (processes === 2) {
      // The second replica is up and waits for the seeding lock the first one holds.
      const second = start();
      await until('the second replica', async () => /database ready/.test(second.out()));
    }
    await until('more of the import', async () => (await count(db.url, 'images')) >= 300);
    expect(await count(db.url, 'images')).toBeLessThan(1200);
    await interrupt(first, signals[0], false);
    const bases = await Promise.all(replicas.map((r) => r.ready));
    expect(replicas).toHaveLength(processes);

    // 2. Mid-embedding: the evaluation computes its first chunk's image embeddings, nothing predicted yet.
    const key = await createKey(db.url);
    const runId = await startEvaluation(bases[0]!, key, scope);
    const embedding = await until('the first embeddings', async () => {
      const [embedded, predicted] = [await count(db.url, 'image_embeddings'), await count(db.url, 'predictions')];
      if (predicted > 0) throw new Error('missed the embedding phase');
      return embedded > 0 && (await lockHolder(db.url));
    });
    await interrupt(
      replicas.find((r) => r.pid === embedding)!,
      signals[1],
      true,
    );
    await Promise.all(replicas.map((r) => r.ready));

    // 3. Mid-evaluation: some chunks of predictions stored, not all.
    const evaluating = await until('the first predictions', async () => {
      const n = await count(db.url, 'predictions');
      if (n >= PREDICTIONS) throw new Error('missed the evaluation phase');
      return n >= CHUNK && (await lockHolder(db.url));
    });
    await interrupt(
      replicas.find((r) => r.pid === evaluating)!,
      signals[2],
      true,
    );
    await Promise.all(replicas.map((r) => r.ready));

    await until('the run to complete', async () => (await runStatuses(db.url)).complete === 1 || null);
    await until('the queue to drain', async () => (await count(db.url, 'graphile_worker.jobs')) === 0);
    for (const r of [...replicas]) {
      r.child.kill('SIGTERM');
      expect(await exited(r.child)).toEqual({ code: 0, signal: null });
    }
    expect(await runStatuses(db.url)).toEqual({ complete: 1 });
    expect(await sqlOn(db.url, 'select done, total from runs where id = $1', [runId])).toEqual([
      { done: PREDICTIONS, total: PREDICTIONS },
    ]);
    expect(await count(db.url, 'job_workers')).toBe(0);
    const got = await digest(db.url);
    expect(got.predictions).toHaveLength(PREDICTIONS);
    expect(got).toEqual(reference);
  });
});
