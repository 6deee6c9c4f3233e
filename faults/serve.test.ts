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
  step,
  until,
  type Database,
  type Serve,
} from './support.js';

/**
 * Issue 13, "kill -9 and SIGTERM of each process kind mid-import, mid-embedding, mid-evaluation, with one and with
 * two processes", for `stratum serve` (an API replica with its in-process job worker; `evaluation.test.ts` does the
 * same to `stratum worker`). One life of an empty database is interrupted three times:
 *
 * 1. mid-import: the first start imports the demo corpus; it is interrupted while a batch transaction is open
 *    (`STRATUM_IMPORT_HOOK_IN_TX_MS`), with, in the two-process chain, a second replica waiting for the seeding lock;
 * 2. mid-embedding: the evaluation's first image embeddings are computed, not stored, nothing predicted yet
 *    (`STRATUM_EMBED_HOOK_MS` pauses there and says which process it is);
 * 3. mid-evaluation: some chunks of predictions stored, a later chunk's embeddings computed, not stored.
 *
 * The interrupted process is replaced each time. The database must end exactly as an uninterrupted start and
 * evaluation leave it (import rows and batches, image bytes, models, every prediction by (model version, protocol
 * configuration, question): none lost, none duplicated, same answers), the run complete, no job or worker row
 * left. A serve stopped with SIGTERM while serving exits 0 promptly (no shutdown step timing out) with its job
 * locks and its worker row released; during the start-up import SIGTERM ends it at once (the open batch rolls
 * back; the next start resumes after the last committed one).
 *
 * By default two chains run, so that each phase meets each signal and each signal meets one and two processes:
 * one process: SIGKILL, SIGTERM, SIGKILL; two processes: SIGTERM, SIGKILL, SIGTERM. FAULTS_FULL=1 adds the two
 * mirrored chains.
 */
type Signal = 'SIGKILL' | 'SIGTERM';
type Chain = { processes: 1 | 2; signals: [Signal, Signal, Signal] };
const IMAGES = 60;
const PREDICTIONS = IMAGES * 6; // the zero-shot protocol asks six questions per demo image
const CHUNK = 60;
const env = { EVAL_CHUNK_SIZE: String(CHUNK), EVAL_INLINE_THRESHOLD: '0', EVALUATE_ON_READ: 'false' };
/** Long enough for a 200 ms poll to see the announcement and kill the process inside the pause. */
const EMBED_HOOK = { STRATUM_EMBED_HOOK_MS: '1000' };
const IMPORT_HOOK = { STRATUM_IMPORT_HOOK_IN_TX_MS: '1000' };
const IMPORT_MARK = 'import-test-hook: in transaction';
const EMBED_MARK = 'embed-test-hook: computed';

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

const marks = (proc: Serve, mark: string) => proc.out().split(mark).length - 1;

/**
 * Waits for `ready`, then for the next `mark` any of `procs` writes, and returns that process: it is paused in
 * its test hook right now (inside an import transaction, or holding computed embeddings not yet stored).
 */
async function nextPause(what: string, procs: Serve[], mark: string, ready: () => Promise<boolean>) {
  await until(`${what} (ready)`, async () => (await ready()) || null);
  const seen = procs.map((p) => marks(p, mark));
  return until(what, async () => procs.find((p, i) => marks(p, mark) > seen[i]!) ?? null);
}

/** Stops every process gracefully: exit 0, through every shutdown step (none hit its bound). */
async function stopGracefully(proc: Serve) {
  proc.child.kill('SIGTERM');
  expect(await exited(proc.child)).toEqual({ code: 0, signal: null });
  expect(proc.out()).toMatch(/"msg":"stopped"/);
  expect(proc.out()).not.toMatch(/did not finish within/);
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
  await stopGracefully(proc);
  reference = await digest(db.url);
  expect(reference.predictions).toHaveLength(PREDICTIONS);
});

describe('serve interrupted mid-import, mid-embedding and mid-evaluation (PostgreSQL, real processes)', () => {
  it.each(chains)('$processes process(es), signals $signals', async ({ processes, signals }) => {
    const db = await createDatabase();
    databases.push(db);
    const replicas: Serve[] = [];
    const start = (hooks: Record<string, string> = {}) => {
      const proc = serve(db.url, { env: { ...env, ...EMBED_HOOK, ...hooks } });
      replicas.push(proc);
      return proc;
    };
    /** Interrupts `victim` with `signal` and starts its replacement. */
    const interrupt = async (victim: Serve, signal: Signal, phase: string) => {
      step(`${phase}: ${signal} to serve ${victim.pid}`);
      const [worker] = await sqlOn<{ id: string }>(db.url, 'select worker_id as id from job_workers where pid = $1', [
        victim.pid,
      ]);
      victim.child.kill(signal);
      const end = await exited(victim.child);
      replicas.splice(replicas.indexOf(victim), 1);
      if (signal === 'SIGKILL') expect(end).toEqual({ code: null, signal: 'SIGKILL' });
      else if (phase === 'import') expect(end).toEqual({ code: null, signal: 'SIGTERM' });
      else {
        // Graceful: exit 0 through every step, its locks and its worker row released.
        expect(end).toEqual({ code: 0, signal: null });
        expect(victim.out()).toMatch(/"msg":"stopped"/);
        expect(victim.out()).not.toMatch(/did not finish within/);
        const [left] = await sqlOn<{ locks: number; rows: number }>(
          db.url,
          `select (select count(*)::int from graphile_worker.jobs where locked_by = $1) as locks,
                  (select count(*)::int from job_workers where worker_id = $1) as rows`,
          [worker?.id],
        );
        expect({ worker: worker?.id.length, ...left }).toEqual({ worker: expect.any(Number), locks: 0, rows: 0 });
      }
      return start();
    };

    // 1. Mid-import: the first start imports the demo corpus into the empty database; with two processes a
    //    second replica is up and waits for the seeding lock the first one holds.
    const first = start(IMPORT_HOOK);
    await until('the import to begin', async () => marks(first, IMPORT_MARK) > 0);
    const second = processes === 2 ? start() : null;
    const importing = await nextPause(
      'an import batch in its transaction',
      [first],
      IMPORT_MARK,
      async () => !second || /database ready/.test(second.out()),
    );
    expect(await count(db.url, 'images')).toBeLessThan(1200);
    await interrupt(importing, signals[0], 'import');
    const bases = await Promise.all(replicas.map((r) => r.ready));
    expect(replicas).toHaveLength(processes);

    // 2. Mid-embedding: the evaluation's first image embeddings computed, nothing stored or predicted yet.
    const key = await createKey(db.url);
    const runId = await startEvaluation(bases[0]!, key, scope);
    const embedding = await nextPause('the first embeddings', replicas, EMBED_MARK, async () => true);
    expect(await count(db.url, 'predictions')).toBe(0);
    await interrupt(embedding, signals[1], 'embedding');
    await Promise.all(replicas.map((r) => r.ready));

    // 3. Mid-evaluation: a chunk of predictions stored, a later chunk's embeddings computed, not stored.
    const evaluating = await nextPause(
      'a later chunk',
      replicas,
      EMBED_MARK,
      async () => (await count(db.url, 'predictions')) >= CHUNK,
    );
    expect(await count(db.url, 'predictions')).toBeLessThan(PREDICTIONS);
    await interrupt(evaluating, signals[2], 'evaluation');
    await Promise.all(replicas.map((r) => r.ready));

    await until('the run to complete', async () => (await runStatuses(db.url)).complete === 1 || null);
    await until('the queue to drain', async () => (await count(db.url, 'graphile_worker.jobs')) === 0);
    step('run complete; stopping the replicas');
    for (const r of [...replicas]) await stopGracefully(r);
    expect(await runStatuses(db.url)).toEqual({ complete: 1 });
    expect(await sqlOn(db.url, 'select done, total from runs where id = $1', [runId])).toEqual([
      { done: PREDICTIONS, total: PREDICTIONS },
    ]);
    expect(await count(db.url, 'job_workers')).toBe(0);
    const got = await digest(db.url);
    expect(new Set(got.predictions.map((p) => p.key)).size).toBe(PREDICTIONS);
    expect(got).toEqual(reference);
  });
});
