import { mkdtemp } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createScratchDb } from '../src/db/scratch.js';
import type { DbHandle } from '../src/db/client.js';
import { exactSearch, wholeCorpusSearch } from '../src/db/queries/search.js';
import { hnswIndexSql } from '../src/db/queries/model-versions.js';
import type { ImageFilterSpec } from '../src/db/queries/image-filter.js';
import { EmbedderPool } from '../src/embeddings/embedder-pool.js';
import { registerModel } from '../src/embeddings/registry.js';
import { EmbeddingService } from '../src/embeddings/service.js';
import { loadEmbeddingSettings } from '../src/embeddings/settings.js';
import { similarImages, type SearchDeps } from '../src/search/similar.js';
import { ImageStore } from '../src/store/image-store.js';

/**
 * `npm run bench search [-- --sizes=100000,1000000 --drivers=postgres,pglite --reps=31 --ef=40,100,200]
 *   [--hnsw-with=m:32,ef_construction:128]` (the index's build parameters; default the registry's, pgvector's 16/64)
 *   [--vectors=random|clustered]`
 *
 * Generates, by SQL, `size` images (stain = 1 + i % 10, organism = 1 + (i / 10) % 10) and one unit vector each of the
 * demo model's width (128), under the demo model's real version (registered from models/ubench-demo-clip):
 * `random` (default): Gaussian components, l2-normalised, no structure at all (HNSW's worst case);
 * `clustered`: size / 1000 Gaussian centres (at least 10; each image's centre picked by a hash of its id, so
 * uncorrelated with stain and organism), each vector its centre plus 0.7 × Gaussian noise, l2-normalised (closer
 * to real embeddings, which cluster by content). With `clustered`, the unfiltered (H) queries are five stored
 * vectors plus 0.7 × noise (in-distribution, like a real query), not the text vectors. 1M runs only on PostgreSQL unless `--pglite-1m`. Then, in interleaved
 * rounds (the workload order rotates every round), one call each:
 *   F10 `similarImages` (text target, k = 20) under `{ stain: { slugIn: [one] } }` (10 % of the images), exact;
 *   F1  the same under stain and organism ids (1 %);
 *   peer for each: the hand-written "one statement driven by the filtered ids"
 *       (`e.image_id = any(array(select id from images where …))`, ids resolved, ORDER BY score LIMIT k);
 *   H   unfiltered: the HNSW statement at each `ef_search`, recall@20 against the exact ranking of the same query,
 *       and the exact unfiltered ranking itself (PostgreSQL; PGlite with `--hnsw-pglite`).
 * The answers of F10/F1 are checked equal to the peer's (ids and scores). p50/p99 over `reps` after a warm-up;
 * the load average is printed before and after. PostgreSQL: a throw-away database on BENCH_DATABASE_URL (default
 * postgres://root@127.0.0.1:5432/postgres). PGlite: in memory.
 */
type Driver = 'postgres' | 'pglite';
type Opts = {
  sizes: number[];
  drivers: Driver[];
  reps: number;
  efs: number[];
  pglite1m: boolean;
  hnswPglite: boolean;
  /** HNSW build parameters (`m`, `ef_construction`) other than the registry's (pgvector's defaults 16, 64). */
  hnswWith: string | null;
  vectors: Vectors;
};
type Vectors = 'random' | 'clustered';

function parseOpts(argv: string[]): Opts {
  const get = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  return {
    sizes: (get('sizes') ?? '100000,1000000').split(',').map(Number),
    drivers: (get('drivers') ?? 'postgres,pglite').split(',') as Driver[],
    reps: Number(get('reps') ?? 31),
    efs: (get('ef') ?? '40,100,200').split(',').map(Number),
    pglite1m: argv.includes('--pglite-1m'),
    hnswPglite: argv.includes('--hnsw-pglite'),
    hnswWith: get('hnsw-with')?.replaceAll(':', '=') ?? null,
    vectors: get('vectors') === 'clustered' ? 'clustered' : 'random',
  };
}

const K = 20;
const DEMO_MODEL = 'models/ubench-demo-clip';
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

export async function generate(
  h: DbHandle,
  size: number,
  versionId: number,
  dims: number,
  index: boolean,
  hnswWith: string | null = null,
  vectors: Vectors = 'random',
) {
  // Generation statements run past the pool's statement timeout at 1M rows: each in a transaction without one.
  const q = (text: string, settings: string[] = []) =>
    h.db.transaction(async (tx) => {
      for (const s of ['statement_timeout = 0', ...settings]) await tx.execute(sql.raw(`set local ${s}`));
      await tx.execute(sql.raw(text));
    });
  await q(`insert into benchmarks (slug, name, source) values ('bench', 'bench', 'generated')`);
  await q(`insert into benchmark_revisions (benchmark_id, revision, status) values (1, 'bench-1', 'complete')`);
  await q(`insert into stains (slug, name) select 'stain-' || g, 'Stain ' || g from generate_series(1, 10) g`);
  await q(
    `insert into organisms (ncbitaxon_id, slug, name) select 'NCBITaxon_' || g, 'organism-' || g, 'Organism ' || g from generate_series(1, 10) g`,
  );
  // A standard normal from two uniforms (Box–Muller); the clustered centres' uniforms come from hashes, so every
  // image of a centre sees the same centre.
  const normal = (u1: string, u2: string) => `sqrt(-2 * ln(1 - ${u1})) * cos(2 * pi() * ${u2})`;
  const hashed = (x: string) => `((hashint4(${x}) & 2147483647) / 2147483648.0)`;
  const centres = Math.max(10, Math.round(size / 1000));
  const centre = `(1 + (hashint4(i) & 2147483647) % ${centres})`;
  const component =
    vectors === 'clustered'
      ? `${normal(hashed(`${centre} * 4096 + d`), hashed(`-(${centre} * 4096 + d)`))} + 0.7 * ${normal('random()', 'random()')}`
      : normal('random()', 'random()');
  const chunk = 100_000;
  for (let from = 1; from <= size; from += chunk) {
    const to = Math.min(size, from + chunk - 1);
    await q(`
      insert into images (benchmark_id, revision_id, source_image_id, content_hash, byte_size, mime_type, width, height,
        channels, bit_depth, label_names, synthetic, split, stain_id, organism_id, source_file, source_row)
      select 1, 1, 'img-' || i, md5(i::text), 1000, 'image/png', 224, 224, 3, 8, array['class'], false, 'test',
        1 + i % 10, 1 + (i / 10) % 10, 'bench', i
      from generate_series(${from}, ${to}) i`);
    await q(`
      insert into image_embeddings (image_id, model_version_id, dimensions, embedding)
      select i, ${versionId}, ${dims}, l2_normalize((select array_agg(${component} order by d)
        from generate_series(1, ${dims} + 0 * i) d)::vector)
      from generate_series(${from}, ${to}) i`);
  }
  await h.query(`vacuum analyze`).catch(() => q(`analyze`)); // vacuum cannot run in a transaction
  if (index) {
    const started = performance.now();
    const ddl = hnswIndexSql(versionId, dims);
    const withParams = hnswWith
      ? ddl.replace(' WHERE ', ` WITH (${hnswWith.replace(/[^a-z_=0-9,]/g, '')}) WHERE `)
      : ddl;
    if (hnswWith) console.log(`  HNSW index with (${hnswWith})`);
    await q(withParams, h.driver === 'postgres' ? [`maintenance_work_mem = '1GB'`] : []);
    console.log(`  HNSW index over ${size} vectors built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}

/**
 * `v` plus `sigma` × Gaussian noise per component (Box–Muller), l2-normalised. On the unit scale a clustered
 * vector's own noise is 0.7 / √(dims × (1 + 0.7²)) per component, so that σ makes a query like another member.
 */
function perturbed(v: Float32Array, sigma: number): Float32Array {
  const out = v.map(
    (x) => x + sigma * Math.sqrt(-2 * Math.log(1 - Math.random())) * Math.cos(2 * Math.PI * Math.random()),
  );
  const norm = Math.hypot(...out);
  return out.map((x) => x / norm);
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const ms = (x: number) => x.toFixed(1);

type Hit = { imageId: number; score: number };
function sameHits(a: Hit[], b: Hit[]): boolean {
  return (
    a.length === b.length && a.every((h, i) => h.imageId === b[i]!.imageId && Math.abs(h.score - b[i]!.score) < 1e-6)
  );
}

async function benchOne(driver: Driver, size: number, opts: Opts) {
  const { handle, drop } = await createScratchDb({
    driver,
    adminUrl: process.env.BENCH_DATABASE_URL,
    prefix: 'bench',
    poolSize: 2,
  });
  try {
    const { version } = await registerModel(handle, { dir: DEMO_MODEL, slug: 'bench-clip' });
    const dims = version.dimensions!;
    const hnsw = driver === 'postgres' || opts.hnswPglite;
    await handle.query(`drop index if exists image_embeddings_hnsw_v${version.id}`);
    const started = performance.now();
    await generate(handle, size, version.id, dims, hnsw, opts.hnswWith, opts.vectors);
    console.log(
      `${driver}, ${size} ${opts.vectors} vectors (${dims}-d): generated in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    const settings = loadEmbeddingSettings({});
    const store = new ImageStore(await mkdtemp(join(tmpdir(), 'stratum-bench-search-')));
    const deps: SearchDeps = { handle, embeddings: new EmbeddingService(handle, store, new EmbedderPool()), settings };
    const texts = ['mitotic cells', 'apoptotic nuclei', 'a fluorescence micrograph', 'stained tissue', 'bacteria'];
    const queries = await deps.embeddings.textEmbeddings(version, texts);

    const stain = 3;
    const organism = 4;
    const F10: ImageFilterSpec = { stain: { slugIn: [`stain-${stain}`] } };
    const F1: ImageFilterSpec = { stain: { in: [stain] }, organism: { in: [organism] } };
    const peer = (vector: Float32Array, where: string) =>
      handle.query<{ image_id: number; score: number }>(
        `select e.image_id, 1 - (e.embedding::vector(${dims}) <=> $1::vector(${dims})) as score
         from image_embeddings e
         where e.model_version_id = ${version.id} and e.image_id = any(array(select id from images where ${where}))
         order by score desc, e.image_id limit ${K}`,
        [`[${Array.from(vector).join(',')}]`],
      );
    const peerHits = async (vector: Float32Array, where: string) =>
      (await peer(vector, where)).map((r) => ({ imageId: Number(r.image_id), score: Number(r.score) }));

    type Workload = { name: string; run: (i: number) => Promise<unknown>; times: number[] };
    const workloads: Workload[] = [
      {
        name: 'F10 similarImages, 10 % (stain slug)',
        run: (i) => similarImages(deps, { version, to: { text: texts[i % texts.length]! }, k: K, filter: F10 }),
        times: [],
      },
      {
        name: 'F10 peer: one statement by the filtered ids',
        run: (i) => peer(queries[i % texts.length]!, `stain_id = ${stain}`),
        times: [],
      },
      {
        name: 'F1 similarImages, 1 % (stain & organism ids)',
        run: (i) => similarImages(deps, { version, to: { text: texts[i % texts.length]! }, k: K, filter: F1 }),
        times: [],
      },
      {
        name: 'F1 peer: one statement by the filtered ids',
        run: (i) => peer(queries[i % texts.length]!, `stain_id = ${stain} and organism_id = ${organism}`),
        times: [],
      },
    ];
    // Unfiltered queries: the text vectors (random vectors: every direction alike), or near stored vectors (clustered).
    const unfiltered =
      opts.vectors === 'clustered'
        ? (
            await deps.embeddings.imageEmbeddings(
              version,
              [11, 2_357, 40_009, 77_777, 99_991].map((i) => 1 + (i % size)),
            )
          ).map((v) => perturbed(v as Float32Array, 0.7 / Math.sqrt(dims * 1.49)))
        : queries;
    const nearest = (i: number) => ({
      modelVersionId: version.id,
      dimensions: dims,
      vector: unfiltered[i % texts.length]!,
      k: K,
    });
    const recall = new Map<number, number[]>();
    if (hnsw) {
      workloads.push({ name: 'U exact, unfiltered', run: (i) => exactSearch(handle.db, nearest(i)), times: [] });
      for (const ef of opts.efs) {
        recall.set(ef, []);
        workloads.push({
          name: `U HNSW, unfiltered, ef_search ${ef}`,
          run: (i) => wholeCorpusSearch(handle.db, { ...nearest(i), minIndexed: 1, efSearch: ef }),
          times: [],
        });
      }
    }

    // Correctness first: the exact paths equal the peer; HNSW recall@20 against exact, per query text.
    for (let i = 0; i < texts.length; i++) {
      const f10 = await similarImages(deps, { version, to: { text: texts[i]! }, k: K, filter: F10 });
      const f1 = await similarImages(deps, { version, to: { text: texts[i]! }, k: K, filter: F1 });
      if (!sameHits(f10.hits, await peerHits(queries[i]!, `stain_id = ${stain}`)))
        throw new Error('F10: similarImages and the peer disagree');
      if (!sameHits(f1.hits, await peerHits(queries[i]!, `stain_id = ${stain} and organism_id = ${organism}`)))
        throw new Error('F1: similarImages and the peer disagree');
      if (f10.method !== 'exact' || f1.method !== 'exact') throw new Error('a filtered search was not exact');
      if (hnsw) {
        const exact = new Set((await exactSearch(handle.db, nearest(i))).hits.map((h) => h.imageId));
        for (const ef of opts.efs) {
          const approx = await wholeCorpusSearch(handle.db, { ...nearest(i), minIndexed: 1, efSearch: ef });
          if (!approx.indexed) throw new Error('the HNSW branch did not answer');
          recall.get(ef)!.push(approx.hits.filter((h) => exact.has(h.imageId)).length / K);
        }
      }
    }

    console.log(`  load average before: ${load()}`);
    for (let rep = 0; rep <= opts.reps; rep++) {
      for (let j = 0; j < workloads.length; j++) {
        const w = workloads[(j + rep) % workloads.length]!;
        const t0 = performance.now();
        await w.run(rep);
        if (rep > 0) w.times.push(performance.now() - t0); // round 0 warms up
      }
    }
    console.log(`  load average after:  ${load()}\n`);
    console.log('| DB | vectors | workload | p50 ms | p99 ms | recall@20 |');
    console.log('|---|---|---|---|---|---|');
    for (const w of workloads) {
      const ef = /ef_search (\d+)/.exec(w.name)?.[1];
      const r = ef ? recall.get(Number(ef))! : null;
      const rec = r ? (r.reduce((a, b) => a + b, 0) / r.length).toFixed(3) : '';
      console.log(`| ${driver} | ${size} | ${w.name} | ${ms(pct(w.times, 50))} | ${ms(pct(w.times, 99))} | ${rec} |`);
    }
    const ratio = (a: string, b: string) => {
      const x = workloads.find((w) => w.name.startsWith(a))!;
      const y = workloads.find((w) => w.name.startsWith(b))!;
      return (pct(y.times, 50) / pct(x.times, 50)).toFixed(2);
    };
    console.log(
      `\n  peer p50 ÷ similarImages p50: F10 ${ratio('F10 similar', 'F10 peer')}×, F1 ${ratio('F1 similar', 'F1 peer')}×\n`,
    );
  } finally {
    await drop();
  }
}

export async function run(argv: string[]): Promise<void> {
  const opts = parseOpts(argv);
  for (const driver of opts.drivers) {
    for (const size of opts.sizes) {
      if (driver === 'pglite' && size > 100_000 && !opts.pglite1m) {
        console.log(`pglite, ${size} vectors: skipped (PGlite holds everything in one WASM heap; --pglite-1m to try)`);
        continue;
      }
      await benchOne(driver, size, opts);
    }
  }
}
