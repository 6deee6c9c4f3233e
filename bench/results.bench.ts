import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createScratchDb } from '../src/db/scratch.js';
import type { DbHandle } from '../src/db/client.js';
import { compareModels, computeResults } from '../src/results/service.js';
import { rebuildResultCounts } from '../src/db/queries/results.js';
import { loadConfig } from '../src/config.js';
import { openRuntime, type Runtime } from '../src/runtime.js';
import { createServer } from '../src/server.js';
import { ImageStore } from '../src/store/image-store.js';
import { stableStringify } from '../src/loaders/keys.js';
import { bootstrapPool } from '../src/statistics/pool.js';

/**
 * `npm run bench results [-- --scale=1,10 --drivers=postgres,pglite --reps=7]` (default: --scale=1, both drivers)
 *
 * Generates a full-size μ-Bench-shaped corpus by SQL (generate_series): 16,000 images × 6 questions (5 coarse +
 * 1 classification) ≈ 96,000 questions, 12 models × 1 run each ≈ 1.15M predictions (and ×scale), then times,
 * side by side in the same process and database:
 *   R. `results` for 12 models grouped by modality × stain (with marginals and overall), in process and through
 *      the real GraphQL server over HTTP at concurrency 1 (started as `stratum serve` starts it, over the bench
 *      database; the HTTP answer must equal the in-process one), vs the straightforward
 *      `predictions ⋈ questions ⋈ images GROUP BY GROUPING SETS ((run, modality, stain), (run, modality), (run))`;
 *   B. `results` for 1 model by 1 axis vs the straightforward `GROUP BY modality` over that run;
 *   C. `compare` of 2 models by 1 axis vs the hand-written paired join (both are question-level);
 *   W. writing one 96k-prediction run with the rollup triggers vs with them disabled.
 * Reports p50 (and min) over `reps` runs after one warm-up, and the ratio. PostgreSQL: a throw-away database on
 * BENCH_DATABASE_URL (default postgres://root@127.0.0.1:5432/postgres). PGlite: in memory.
 */
const IMAGES_PER_SCALE = 16_000;
const MODELS = 12;

type Opts = { scales: number[]; drivers: ('postgres' | 'pglite')[]; reps: number };

function parseOpts(argv: string[]): Opts {
  const get = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  return {
    scales: (get('scale') ?? '1').split(',').map(Number),
    drivers: (get('drivers') ?? 'postgres,pglite').split(',') as Opts['drivers'],
    reps: Number(get('reps') ?? 7),
  };
}

export function openBenchDb(driver: 'postgres' | 'pglite') {
  return createScratchDb({ driver, adminUrl: process.env.BENCH_DATABASE_URL, prefix: 'bench', poolSize: 2 });
}

/** The corpus, entirely in SQL. Ids are dense from 1 (fresh database). */
export async function generate(h: DbHandle, images: number): Promise<void> {
  const q = (text: string) => h.query(text);
  await q(`insert into benchmarks (slug, name, source) values ('bench', 'bench', 'generated')`);
  await q(`insert into benchmark_revisions (benchmark_id, revision, status) values (1, 'bench-1', 'complete')`);
  await q(`insert into domains (slug, name) select 'domain-' || g, 'Domain ' || g from generate_series(1, 3) g`);
  await q(
    `insert into subdomains (domain_id, slug, name) select 1 + g % 3, 'subdomain-' || g, 'Subdomain ' || g from generate_series(1, 12) g`,
  );
  await q(`insert into modalities (slug, name) select 'modality-' || g, 'Modality ' || g from generate_series(1, 3) g`);
  await q(
    `insert into submodalities (modality_id, slug, name) select 1 + g % 3, 'submodality-' || g, 'Submodality ' || g from generate_series(1, 8) g`,
  );
  await q(`insert into stains (slug, name) select 'stain-' || g, 'Stain ' || g from generate_series(1, 25) g`);
  await q(
    `insert into organisms (ncbitaxon_id, slug, name) select 'NCBITaxon_' || g, 'organism-' || g, 'Organism ' || g from generate_series(1, 13) g`,
  );
  await q(`insert into scales (slug, name, rank) select 'scale-' || g, 'Scale ' || g, g from generate_series(1, 3) g`);
  await q(`insert into taxonomy_groups (slug, name) select 'group-' || g, 'Group ' || g from generate_series(1, 7) g`);
  await q(
    `insert into tasks (slug, name, kind, taxonomy_group_id) select 'task-' || g, 'Task ' || g, 'fine_classification', 1 + g % 7 from generate_series(1, 17) g`,
  );
  await q(
    `insert into source_datasets (slug, name, task_id, scale_id) select 'dataset-' || g, 'Dataset ' || g, 1 + g % 17, 1 + g % 3 from generate_series(1, 22) g`,
  );
  // As in μ-Bench, everything but the label is fixed per source dataset (modality, stain, organism, domain …),
  // each dataset has 2–13 classes, normal/abnormal follows the label, and the gold answer of a coarse question is
  // the image's value on that axis (options shuffled per image).
  await q(`
    insert into images (benchmark_id, revision_id, source_image_id, content_hash, byte_size, mime_type, width, height,
      channels, bit_depth, label_names, normal_abnormal, synthetic, license, split, domain_id, subdomain_id,
      modality_id, submodality_id, stain_id, organism_id, scale_id, source_dataset_id, source_file, source_row)
    select 1, 1, 'img-' || i, md5(i::text), 1000, 'image/png', 224, 224, 3, 8,
      array['class-' || d || '-' || c], case when c = 0 then 'normal' when c = 1 then 'abnormal' end,
      d % 7 = 0, 'license-' || (1 + d % 7), 'test', 1 + d % 3, 1 + d % 12, 1 + d % 3, 1 + d % 8, 1 + (d * 7) % 25,
      1 + d % 13, 1 + d % 3, 1 + d, 'bench', i
    from (select i, i % 22 as d, (i / 22) % (2 + (i % 22) % 12) as c from generate_series(1, ${images}) i) s`);
  await q(`
    insert into questions (image_id, key, source_question_id, type, protocol, text, options, answer_index, answer)
    select i.id, t.type, md5(i.id || t.type), t.type, 'vqa', 'Which ' || t.type || '?',
      case i.id % 3 when 0 then array[g.gold, 'other a', 'other b', 'none of the above']
        when 1 then array['other a', g.gold, 'other b', 'none of the above']
        else array['other a', 'other b', g.gold, 'none of the above'] end,
      i.id % 3, g.gold
    from images i cross join (values (0, 'domain'), (1, 'subdomain'), (2, 'modality'), (3, 'submodality'),
      (4, 'stain'), (5, 'classification')) as t(k, type)
    cross join lateral (select case t.type when 'domain' then 'domain ' || i.domain_id
      when 'subdomain' then 'subdomain ' || i.subdomain_id when 'modality' then 'modality ' || i.modality_id
      when 'submodality' then 'submodality ' || i.submodality_id when 'stain' then 'stain ' || i.stain_id
      else i.label_names[1] end as gold) g
    order by i.id, t.k`);
  await q(
    `insert into models (slug, name, kind) select 'model-' || g, 'Model ' || g, 'generative' from generate_series(1, ${MODELS}) g`,
  );
  await q(`insert into runs (model_id, benchmark_revision_id, protocol, protocol_version, status, source)
    select g, 1, 'choice', 'bench', 'complete', 'import' from generate_series(1, ${MODELS}) g`);
  // Bulk load without the per-statement rollup maintenance, then build the rollup in one pass (what
  // rebuildResultCounts does); the write cost of the triggers is measured separately below.
  await q('alter table predictions disable trigger predictions_rollup_insert');
  for (let r = 1; r <= MODELS; r++) await insertRun(h, r);
  await q('alter table predictions enable trigger predictions_rollup_insert');
  await rebuildResultCounts(h.db);
  await q('analyze');
}

/** One run's predictions: accuracy ≈ 20% + 4% × run, deterministic per (question, run). */
export async function insertRun(h: DbHandle, run: number): Promise<void> {
  await h.query(`
    insert into predictions (run_id, question_id, chosen_index, is_correct, status)
    select ${run}, q.id, c.chosen, c.chosen = q.answer_index, 'ok'
    from questions q,
      lateral (select case when (q.id::bigint * 2654435761 + ${run * 40503}) % 1000 < ${200 + 40 * run}
        then q.answer_index else (q.answer_index + 1) % 3 end as chosen) c
    order by q.id`);
}

const STRAIGHT_A = `
  select p.run_id, i.modality_id, i.stain_id,
    count(*) filter (where p.is_correct is not null) as n, count(*) filter (where p.is_correct) as correct
  from predictions p join questions q on q.id = p.question_id join images i on i.id = q.image_id
  where p.run_id = any($1::int[])
  group by grouping sets ((p.run_id, i.modality_id, i.stain_id), (p.run_id, i.modality_id), (p.run_id))`;
const STRAIGHT_B = `
  select i.modality_id, count(*) filter (where p.is_correct is not null) as n, count(*) filter (where p.is_correct) as correct
  from predictions p join questions q on q.id = p.question_id join images i on i.id = q.image_id
  where p.run_id = $1 group by i.modality_id`;
const STRAIGHT_C = `
  select i.modality_id,
    count(*) filter (where a.is_correct and b.is_correct) as n11, count(*) filter (where a.is_correct and not b.is_correct) as n10,
    count(*) filter (where not a.is_correct and b.is_correct) as n01, count(*) filter (where not a.is_correct and not b.is_correct) as n00
  from predictions a join predictions b on b.question_id = a.question_id and b.run_id = $2
  join questions q on q.id = a.question_id join images i on i.id = q.image_id
  where a.run_id = $1 and a.is_correct is not null and b.is_correct is not null
  group by i.modality_id`;

type StraightRow = { run_id: number; modality_id: number | null; stain_id: number | null; n: string; correct: string };

/**
 * R's slices agree with the straightforward join on every slice both compute (run r is model-r's only run): the
 * full grouping, the modality marginal and the overall figure, one slice per join row.
 */
function sameAsStraight(
  slices: {
    model: { slug: string };
    grouping: string[];
    group: { value: string | null }[];
    n: number;
    correct: number;
  }[],
  rows: StraightRow[],
): boolean {
  const key = (model: string, values: (string | null)[]) => JSON.stringify([model, values]);
  const bySlice = new Map(
    slices
      .filter((s) => s.grouping.length !== 1 || s.grouping[0] === 'MODALITY')
      .map((s) => [
        key(
          s.model.slug,
          s.group.map((g) => g.value),
        ),
        [s.n, s.correct],
      ]),
  );
  if (bySlice.size !== rows.length) return false;
  return rows.every((r) => {
    const values = [r.modality_id, r.stain_id].flatMap((v, i) =>
      v === null ? [] : [`${i ? 'stain' : 'modality'}-${v}`],
    );
    const got = bySlice.get(key(`model-${r.run_id}`, values));
    return !!got && got[0] === Number(r.n) && got[1] === Number(r.correct);
  });
}

async function time(reps: number, fn: () => Promise<unknown>): Promise<{ p50: number; min: number }> {
  await fn();
  const t: number[] = [];
  for (let i = 0; i < reps; i++) {
    const s = performance.now();
    await fn();
    t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  return { p50: t[Math.floor((t.length - 1) / 2)]!, min: t[0]! };
}

type Stat = { p50: number; min: number };

/**
 * Each of `fns` in interleaved rounds (f0, f1, …, f0, f1, …) after one warm-up each, so load drifts hit all alike;
 * p50 and min of each, and the 1-minute load average at the start and end (figures on a loaded machine are noise).
 */
async function rounds(reps: number, fns: (() => Promise<unknown>)[]): Promise<{ stats: Stat[]; load: string }> {
  for (const fn of fns) await fn();
  const load0 = loadavg()[0]!;
  const times: number[][] = fns.map(() => []);
  for (let i = 0; i < reps; i++) {
    for (const [j, fn] of fns.entries()) {
      const s = performance.now();
      await fn();
      times[j]!.push(performance.now() - s);
    }
  }
  const stat = (t: number[]): Stat => {
    t.sort((x, y) => x - y);
    return { p50: t[Math.floor((t.length - 1) / 2)]!, min: t[0]! };
  };
  return { stats: times.map(stat), load: `${load0.toFixed(2)}→${loadavg()[0]!.toFixed(2)}` };
}

/** `a` and `b` in interleaved rounds (`rounds`). */
async function interleaved(
  reps: number,
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
): Promise<{ a: Stat; b: Stat; load: string }> {
  const { stats, load } = await rounds(reps, [a, b]);
  return { a: stats[0]!, b: stats[1]!, load };
}

/** R as a client asks for it: every field of every slice but the lazy ones (chance level, predictions, runs). */
const R_QUERY = `query R($models: [String!]) {
  results(models: $models, groupBy: [MODALITY, STAIN], marginals: true, overall: true) {
    groupBy source
    slices {
      model { slug name }
      grouping group { axis value label }
      n correct accuracy macroAccuracy lowSupport runIds benchmarkRevisions templates
      interval { method level estimate low high plusMinus clipped clusters fewClusters unavailable }
    }
  }
}`;

/** The in-process answer in the shape R_QUERY asks for (GraphQL ids are strings). */
function asHttpAnswer(out: Awaited<ReturnType<typeof computeResults>>) {
  return {
    groupBy: out.groupBy,
    source: out.source === 'rollup' ? 'ROLLUP' : 'PREDICTIONS',
    slices: out.slices.map((s) => ({
      model: { slug: s.model.slug, name: s.model.name },
      grouping: s.grouping,
      group: s.group,
      n: s.n,
      correct: s.correct,
      accuracy: s.accuracy,
      macroAccuracy: s.macroAccuracy,
      lowSupport: s.lowSupport,
      runIds: s.runIds.map(String),
      benchmarkRevisions: s.benchmarkRevisions,
      templates: s.templates,
      interval: s.interval,
    })),
  };
}

/**
 * The GraphQL server over the bench database, as `stratum serve` starts it (runtime, then `createServer`, then
 * listen), in this process on 127.0.0.1:<free port>. PostgreSQL: its own runtime and pool over the database's URL;
 * PGlite (one in-memory connection): the bench's handle.
 */
async function startServer(handle: DbHandle, dbUrl: string | undefined) {
  const env = { ...process.env, LOG_LEVEL: 'error', DATA_DIR: `/tmp/stratum-results-bench-${process.pid}` };
  let runtime: Runtime;
  if (dbUrl) {
    runtime = await openRuntime(loadConfig({ ...env, DATABASE_URL: dbUrl }));
  } else {
    const config = loadConfig(env);
    runtime = { config, handle, store: new ImageStore(config.imageStoreDir), close: async () => {} };
  }
  const server = await createServer(runtime);
  const { url } = await server.listen(0, '127.0.0.1');
  return {
    /** POSTs R; the answer's data, or throws on a GraphQL or HTTP error. */
    async results(models: string[]): Promise<unknown> {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query: R_QUERY, variables: { models } }),
      });
      const body = (await res.json()) as { data?: { results: unknown }; errors?: unknown };
      if (!res.ok || body.errors) throw new Error(`R over HTTP: ${res.status} ${JSON.stringify(body.errors)}`);
      return body.data!.results;
    },
    async stop() {
      await server.close();
      await runtime.close();
    },
  };
}

const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

export async function run(argv: string[]): Promise<void> {
  const opts = parseOpts(argv);
  const allModels = Array.from({ length: MODELS }, (_, i) => `model-${i + 1}`);
  console.log('| driver | scale | predictions | query | stratum p50 (min) ms | straightforward p50 (min) ms | ratio |');
  console.log('|---|---|---|---|---|---|---|');
  for (const driver of opts.drivers) {
    for (const scale of opts.scales) {
      const images = Math.round(IMAGES_PER_SCALE * scale);
      const { handle, drop, url } = await openBenchDb(driver);
      try {
        const g0 = performance.now();
        await generate(handle, images);
        const genMs = performance.now() - g0;
        const n = (await handle.query<{ n: string }>('select count(*)::text as n from predictions'))[0]!.n;
        const cells = (await handle.query<{ c: string }>('select count(*)::text as c from result_counts'))[0]!.c;
        const reps = scale >= 10 ? Math.max(3, Math.floor(opts.reps / 2)) : opts.reps;
        const row = (query: string, a: { p50: number; min: number }, b: { p50: number; min: number }) =>
          console.log(
            `| ${driver} | ${scale}× | ${Number(n).toLocaleString('en')} | ${query} | ${fmt(a.p50)} (${fmt(a.min)}) | ` +
              `${fmt(b.p50)} (${fmt(b.min)}) | ${(b.p50 / a.p50).toFixed(1)}× |`,
          );
        const db = handle.db;
        // R in process, over HTTP and the straightforward join in the same interleaved rounds, with the load
        // average (issue 11 goal 2); compare side by side with its hand-written SQL (goal 3).
        const server = await startServer(handle, url);
        try {
          const rArgs = { models: allModels, groupBy: ['MODALITY', 'STAIN'], marginals: true, overall: true } as const;
          const inProcess = asHttpAnswer(await computeResults(db, { ...rArgs, groupBy: [...rArgs.groupBy] }));
          const overHttp = await server.results(allModels);
          const sameHttp = stableStringify(overHttp) === stableStringify(inProcess);
          if (!sameHttp) throw new Error('R over HTTP differs from the in-process answer');
          const straightRows = await handle.query<StraightRow>(STRAIGHT_A, [
            Array.from({ length: MODELS }, (_, i) => i + 1),
          ]);
          if (!sameAsStraight(inProcess.slices, straightRows))
            throw new Error('R differs from the straightforward join');
          const r = await rounds(reps, [
            () => server.results(allModels),
            () => computeResults(db, { ...rArgs, groupBy: [...rArgs.groupBy] }),
            () => handle.query(STRAIGHT_A, [Array.from({ length: MODELS }, (_, i) => i + 1)]),
          ]);
          const [http, inproc, straight] = r.stats as [Stat, Stat, Stat];
          row(
            `R over GraphQL/HTTP, c=1 (${inProcess.slices.length} slices, equal to in-process: ${sameHttp}); load ${r.load}`,
            http,
            straight,
          );
          row('R in process (same rounds)', inproc, straight);
        } finally {
          await server.stop();
        }
        const b1 = await time(reps, () => computeResults(db, { models: ['model-7'], groupBy: ['MODALITY'] }));
        const b2 = await time(reps, () => handle.query(STRAIGHT_B, [7]));
        row('results: 1 model × modality', b1, b2);
        const rc = await interleaved(
          reps,
          () => compareModels(db, { modelA: 'model-12', modelB: 'model-6', groupBy: ['MODALITY'], resamples: 9999 }),
          () => handle.query(STRAIGHT_C, [12, 6]),
        );
        row(`compare: 2 models × modality (paired, bootstrap included); load ${rc.load}`, rc.a, rc.b);
        // Sanity: the rollup answer equals the straightforward one.
        const check = await computeResults(db, { models: ['model-7'], groupBy: ['MODALITY'] });
        const straight = await handle.query<{ n: string; correct: string }>(STRAIGHT_B + ' order by 1', [7]);
        const same =
          JSON.stringify(check.slices.map((s) => [s.n, s.correct])) ===
          JSON.stringify(straight.map((s) => [Number(s.n), Number(s.correct)]));
        // Write cost: one more run of every question with and without the rollup triggers.
        await handle.query(`insert into runs (model_id, benchmark_revision_id, protocol, protocol_version, status, source)
          values (1, 1, 'choice', 'bench', 'complete', 'import'), (1, 1, 'choice', 'bench', 'complete', 'import')`);
        const w1 = performance.now();
        await insertRun(handle, MODELS + 1);
        const withTrigger = performance.now() - w1;
        await handle.query('alter table predictions disable trigger predictions_rollup_insert');
        const w2 = performance.now();
        await insertRun(handle, MODELS + 2);
        const without = performance.now() - w2;
        await handle.query('alter table predictions enable trigger predictions_rollup_insert');
        console.log(
          `| ${driver} | ${scale}× | ${Number(n).toLocaleString('en')} | write one run (${(images * 6).toLocaleString('en')} predictions): with rollup triggers vs without | ` +
            `${fmt(withTrigger)} | ${fmt(without)} | ${(without / withTrigger).toFixed(2)}× |`,
        );
        console.log(
          `\n(${driver} ${scale}×: generated in ${(genMs / 1000).toFixed(1)} s; rollup rows ${cells}; ` +
            `rollup equals straightforward: ${same}; reps ${reps})\n`,
        );
      } finally {
        await drop();
      }
    }
  }
  // The bootstrap threads (compare) held the process open after the last table: under tsx each thread keeps a
  // MessagePort referenced despite `unref()`. Closing the pool lets the bench exit.
  await bootstrapPool().close();
}
