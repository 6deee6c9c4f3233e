import { afterAll, describe, expect, it } from 'vitest';
import {
  alive,
  createDatabase,
  createKey,
  digest,
  exited,
  gql,
  killAll,
  runStatuses,
  scopeIds,
  serve,
  sqlOn,
  until,
  type Database,
  type Serve,
} from './support.js';

/**
 * Issue 13, "two replicas racing on first start and on the same request": two `stratum serve` processes started
 * at the same moment on an EMPTY database both migrate and seed; both must come up (no crash, no unique-constraint
 * error) and the database must hold exactly what one uninterrupted start leaves. Then both receive the same
 * `results` request at the same moment (evaluation on read on): one run, one job per unit of work, no duplicated
 * prediction, and identical answers from both.
 */
let db: Database | undefined;
let template: Database | undefined;
afterAll(async () => {
  killAll();
  await db?.drop();
});

const RESULTS = `query ($ids: [String!]) {
  results(models: ["ubench-demo-clip"], filter: { sourceImageIds: $ids }, groupBy: [MODALITY], overall: true) {
    slices { group { label } n correct accuracy }
    coverage { run { id } done total error }
  }
}`;

describe('two replicas on one PostgreSQL (real serve processes)', () => {
  let replicas: Serve[] = [];
  let bases: string[] = [];

  it('start together on an empty database: both come up, no unique-constraint error, one seeding', async () => {
    db = await createDatabase();
    const env = { EVALUATE_ON_READ: 'true', EVAL_INLINE_THRESHOLD: '0', EVAL_CHUNK_SIZE: '60' };
    replicas = [serve(db.url, { env }), serve(db.url, { env })];
    bases = await Promise.all(replicas.map((r) => r.ready));
    for (const r of replicas) {
      expect(alive(r.child)).toBe(true);
      expect(r.out()).not.toMatch(/duplicate key|unique constraint|already exists|unhandled|uncaught/i);
    }
    // The same facts as one uninterrupted first start (the suite's seeded template).
    template = { name: process.env.STRATUM_FAULTS_TEMPLATE!, url: '', drop: async () => undefined };
    const url = new URL(db.url);
    url.pathname = `/${template.name}`;
    expect(await digest(db.url)).toEqual(await digest(url.toString()));
  });

  it('the same results request to both at the same moment: one run, one job per unit, identical answers', async () => {
    const ids = await scopeIds(db!.url, 40);
    // Evaluation on read is rate-limited per client; the key identifies this client.
    const key = await createKey(db!.url);
    const first = await Promise.all([...bases, ...bases].map((base) => gql(base, RESULTS, { ids }, key)));
    for (const reply of first) expect([reply.status, reply.body.errors]).toEqual([200, undefined]);
    const runIds = first.map(
      (r) => (r.body.data!.results as { coverage: { run: { id: string } }[] }).coverage[0]!.run.id,
    );
    expect(new Set(runIds).size).toBe(1);
    expect(await sqlOn(db!.url, 'select count(*)::int as n from runs')).toEqual([{ n: 1 }]);
    // One job per unit of work: graphile-worker's job keys are unique, and no unit is queued under two keys.
    const jobs = await sqlOn<{ key: string }>(db!.url, 'select key from graphile_worker.jobs');
    expect(new Set(jobs.map((j) => j.key)).size).toBe(jobs.length);
    await until('the run to complete', async () => (await runStatuses(db!.url)).complete === 1 || null, 120_000);
    const [counts] = await sqlOn<{ n: number; distinct: number }>(
      db!.url,
      `select count(*)::int as n, count(distinct (model_version_id, protocol_config_id, question_id))::int as distinct
       from predictions`,
    );
    expect(counts).toEqual({ n: 240, distinct: 240 });
    const again = await Promise.all(bases.map((base) => gql(base, RESULTS, { ids }, key)));
    expect(again[0]!.body).toEqual(again[1]!.body);
    expect(await sqlOn(db!.url, 'select count(*)::int as n from runs')).toEqual([{ n: 1 }]);
    for (const r of replicas) r.child.kill('SIGTERM');
    for (const r of replicas) expect(await exited(r.child)).toEqual({ code: 0, signal: null });
  });
});
