import { afterAll, describe, expect, it } from 'vitest';
import {
  alive,
  createKey,
  exited,
  gql,
  killAll,
  runStatuses,
  scopeIds,
  seededDatabase,
  serve,
  sleep,
  sqlOn,
  startEvaluation,
  step,
  terminateBackends,
  until,
  type Database,
} from './support.js';

/**
 * Issue 13, "backends terminated under load": a real `stratum serve` (API and in-process job worker) answers 8
 * concurrent clients of mixed reads while an evaluation runs; every backend of its database is terminated, four
 * times (what a PostgreSQL restart, failover or network hiccup does). The process must not die, a request that
 * meets a dropped connection must fail with the coded, retryable DATABASE_UNAVAILABLE (HTTP 503), the next ones
 * must succeed without a restart, and the evaluation must still complete (no run stranded RUNNING).
 */
const READS = [
  `{ images(first: 20) { totalCount nodes { id width modality { slug } } } }`,
  `{ images(first: 1) { facets(axes: [MODALITY, DOMAIN]) { axis values { slug count } } } }`,
  `query ($ids: [String!]) { results(models: ["ubench-demo-clip"], filter: { sourceImageIds: $ids }, evaluate: false,
     groupBy: [MODALITY]) { slices { n accuracy } coverage { done total } } }`,
];

let db: Database | undefined;
afterAll(async () => {
  killAll();
  await db?.drop();
});

describe('PostgreSQL backends terminated under load (real serve process)', () => {
  it('c=8: no crash, coded 503s then success, the running evaluation completes', async () => {
    db = await seededDatabase();
    const key = await createKey(db.url);
    const proc = serve(db.url, { env: { EVAL_CHUNK_SIZE: '60' } });
    const base = await proc.ready;
    const ids = await scopeIds(db.url, 60);
    const runId = await startEvaluation(base, key, ids);
    step(`run ${runId} started`);
    await until('the evaluation to be under way', async () => {
      const [row] = await sqlOn<{ n: number }>(db!.url, 'select count(*)::int as n from predictions');
      return row!.n > 0;
    });

    const outcomes: { status: number; code?: unknown }[] = [];
    let stop = false;
    const client = async (i: number) => {
      for (let j = i; !stop; j++) {
        const reply = await gql(base, READS[j % READS.length]!, { ids });
        const code = reply.body.errors?.[0]?.extensions?.code;
        outcomes.push({ status: reply.status, ...(reply.body.errors ? { code } : {}) });
      }
    };
    const load = Array.from({ length: 8 }, (_, i) => client(i));
    let terminated = 0;
    for (let round = 0; round < 4; round++) {
      await sleep(400);
      terminated += await terminateBackends(db.name);
    }
    await sleep(400);
    stop = true;
    await Promise.all(load);

    expect(terminated).toBeGreaterThan(0);
    expect(alive(proc.child)).toBe(true);
    const failures = outcomes.filter((o) => o.status !== 200 || o.code !== undefined);
    console.log(
      `blips: ${terminated} backends terminated, ${outcomes.length} requests, ${failures.length} failed (coded)`,
    );
    for (const f of failures) expect(f).toEqual({ status: 503, code: 'DATABASE_UNAVAILABLE' });
    step('load stopped');
    // Then it works again, without a restart.
    for (const query of READS) {
      const reply = await gql(base, query, { ids });
      expect([reply.status, reply.body.errors]).toEqual([200, undefined]);
    }
    step('reads ok again');
    // And the evaluation in flight is not stranded: the worker survives the blip and finishes it.
    await until('the run to complete', async () => (await runStatuses(db!.url)).complete === 1 || null, 120_000);
    expect(await runStatuses(db.url)).toEqual({ complete: 1 });
    const [run] = await sqlOn<{ done: number; total: number }>(db.url, 'select done, total from runs where id = $1', [
      runId,
    ]);
    expect(run).toEqual({ done: 360, total: 360 });
    step('run complete');
    proc.child.kill('SIGTERM');
    expect(await exited(proc.child)).toEqual({ code: 0, signal: null });
  });
});
