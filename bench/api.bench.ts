import { performance } from 'node:perf_hooks';
import { createScratchDb } from '../src/db/scratch.js';
import { loadConfig } from '../src/config.js';
import type { DbHandle } from '../src/db/client.js';
import type { Runtime } from '../src/runtime.js';
import { createServer } from '../src/server.js';
import { ImageStore } from '../src/store/image-store.js';

/**
 * `npm run bench api [-- --drivers=postgres,pglite --images=17315 --requests=400 --concurrency=16 --only=A,B]`
 *
 * Generates a μ-Bench-sized corpus by SQL (17,315 images over 24 source datasets, 25 stains, 13 organisms …; no
 * image bytes), starts the real server on 127.0.0.1:0, and measures, at concurrency 16 with the client in the
 * same process:
 *   A. POST /graphql: a 100-image page with every taxonomy field (14 relations per image, via the loaders);
 *   B. POST /graphql: totalCount + facets over 5 axes under a filter (modality ∈ 2 values, not synthetic);
 * each beside the hand-written SQL that fetches the same data (one LEFT JOIN query; one UNION ALL of GROUP BYs
 * plus a count), run on the same pool and JSON-serialised, so the ratio is the cost of the GraphQL layer
 * (HTTP, parsing, validation, resolvers, loaders). PostgreSQL: a throw-away database on BENCH_DATABASE_URL
 * (default postgres://root@127.0.0.1:5432/postgres), pool of 16. PGlite: in memory (one connection).
 */
type Opts = {
  drivers: ('postgres' | 'pglite')[];
  images: number;
  requests: number;
  concurrency: number;
  only: string[];
};

function parseOpts(argv: string[]): Opts {
  const get = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  return {
    drivers: (get('drivers') ?? 'postgres,pglite').split(',') as Opts['drivers'],
    images: Number(get('images') ?? 17_315),
    requests: Number(get('requests') ?? 400),
    concurrency: Number(get('concurrency') ?? 16),
    only: (get('only') ?? 'A,B').split(','),
  };
}

function openDb(driver: 'postgres' | 'pglite') {
  return createScratchDb({ driver, adminUrl: process.env.BENCH_DATABASE_URL, prefix: 'bench', poolSize: 16 });
}

/** The corpus, in SQL: everything but the label is fixed per source dataset, as in μ-Bench. */
async function generate(h: DbHandle, images: number): Promise<void> {
  const q = (text: string) => h.query(text);
  await q(`insert into benchmarks (slug, name, source) values ('ubench-bench', 'bench', 'generated')`);
  await q(`insert into benchmark_revisions (benchmark_id, revision, status) values (1, 'bench-1', 'complete')`);
  await q(`insert into domains (slug, name) select 'domain-' || g, 'Domain ' || g from generate_series(1, 3) g`);
  await q(
    `insert into subdomains (domain_id, slug, name) select 1 + g % 3, 'subdomain-' || g, 'Subdomain ' || g from generate_series(1, 14) g`,
  );
  await q(`insert into modalities (slug, name) select 'modality-' || g, 'Modality ' || g from generate_series(1, 3) g`);
  await q(
    `insert into submodalities (modality_id, slug, name) select 1 + g % 3, 'submodality-' || g, 'Submodality ' || g from generate_series(1, 10) g`,
  );
  await q(`insert into stains (slug, name) select 'stain-' || g, 'Stain ' || g from generate_series(1, 25) g`);
  await q(
    `insert into organisms (ncbitaxon_id, slug, name) select 'NCBITaxon_' || g, 'organism-' || g, 'Organism ' || g from generate_series(1, 13) g`,
  );
  await q(`insert into scales (slug, name, rank) select 'scale-' || g, 'Scale ' || g, g from generate_series(1, 3) g`);
  await q(`insert into taxonomy_groups (slug, name) select 'group-' || g, 'Group ' || g from generate_series(1, 7) g`);
  await q(
    `insert into tasks (slug, name, kind, taxonomy_group_id) select 'task-' || g, 'Task ' || g, 'fine_classification', 1 + g % 7 from generate_series(1, 22) g`,
  );
  await q(
    `insert into source_datasets (slug, name, task_id, scale_id, license, pmid) select 'dataset-' || g, 'Dataset ' || g, 1 + g % 22, 1 + g % 3, 'CC-BY-4.0', (30000000 + g)::text from generate_series(1, 24) g`,
  );
  await q(`insert into image_sets (slug, name) values ('pathology', 'Pathology'), ('pathology-he', 'Pathology H&E')`);
  await q(
    `insert into image_set_source_datasets select 1, g from generate_series(1, 8) g union all select 2, g from generate_series(1, 4) g`,
  );
  await q(`
    insert into images (benchmark_id, revision_id, source_image_id, content_hash, byte_size, mime_type, width, height,
      channels, bit_depth, microns_per_pixel, label_names, normal_abnormal, synthetic, license, institutions, pmid,
      split, domain_id, subdomain_id, modality_id, submodality_id, stain_id, organism_id, scale_id, source_dataset_id,
      source_file, source_row)
    select 1, 1, md5('img' || i), encode(sha256(i::text::bytea), 'hex'), 50000, 'image/png', 224 + (d * 37) % 1800,
      224 + (d * 53) % 1800, 3, 8, 0.1 + (d % 20) / 10.0, array['class-' || d || '-' || c],
      case when c = 0 then 'normal' when c = 1 then 'abnormal' end, d = 23, 'CC-BY-4.0', array['institution-' || d],
      (30000000 + d)::text, 'test', 1 + d % 3, 1 + d % 14, 1 + d % 3, 1 + d % 10, 1 + (d * 7) % 25, 1 + d % 13,
      1 + d % 3, 1 + d, 'bench.arrow', i
    from (select i, i % 24 as d, (i / 24) % (2 + (i % 24) % 12) as c from generate_series(1, ${images}) i) s`);
  await q('analyze');
}

const PAGE_QUERY = `query Page($after: String) {
  images(first: 100, after: $after) {
    edges { node {
      id sourceImageId width height micronsPerPixel labelNames normalAbnormal synthetic license
      domain { id slug name } subdomain { id slug name } modality { id slug name } submodality { id slug name }
      stain { id slug name } organism { id slug name ncbitaxonId } scale { id slug name }
      sourceDataset { id slug name } task { id slug name } taxonomyGroup { id slug name }
      benchmark { id slug } imageSets { id slug }
    } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const PAGE_SQL = `
  select i.id, i.source_image_id, i.width, i.height, i.microns_per_pixel, i.label_names, i.normal_abnormal,
    i.synthetic, i.license,
    d.id as d_id, d.slug as d_slug, d.name as d_name, sd.id as sd_id, sd.slug as sd_slug, sd.name as sd_name,
    m.id as m_id, m.slug as m_slug, m.name as m_name, sm.id as sm_id, sm.slug as sm_slug, sm.name as sm_name,
    st.id as st_id, st.slug as st_slug, st.name as st_name, o.id as o_id, o.slug as o_slug, o.name as o_name,
    o.ncbitaxon_id, sc.id as sc_id, sc.slug as sc_slug, sc.name as sc_name, ds.id as ds_id, ds.slug as ds_slug,
    ds.name as ds_name, t.id as t_id, t.slug as t_slug, t.name as t_name, g.id as g_id, g.slug as g_slug,
    g.name as g_name, b.id as b_id, b.slug as b_slug,
    (select coalesce(json_agg(json_build_object('id', s.id, 'slug', s.slug) order by s.slug), '[]')
       from image_set_source_datasets l join image_sets s on s.id = l.image_set_id
       where l.source_dataset_id = i.source_dataset_id) as image_sets
  from images i
  join benchmarks b on b.id = i.benchmark_id
  left join domains d on d.id = i.domain_id left join subdomains sd on sd.id = i.subdomain_id
  left join modalities m on m.id = i.modality_id left join submodalities sm on sm.id = i.submodality_id
  left join stains st on st.id = i.stain_id left join organisms o on o.id = i.organism_id
  left join scales sc on sc.id = i.scale_id left join source_datasets ds on ds.id = i.source_dataset_id
  left join tasks t on t.id = ds.task_id left join taxonomy_groups g on g.id = t.taxonomy_group_id
  where i.id > $1 order by i.id limit 101`;

const FACET_QUERY = `query Facets {
  images(filter: { modality: { slugIn: ["modality-1", "modality-2"] }, synthetic: false }) {
    totalCount
    facets(axes: [STAIN, ORGANISM, SOURCE_DATASET, TASK, SUBDOMAIN]) { axis values { key slug name count } }
  }
}`;

const FACET_SQL = `
  with f as (
    select * from images i
    where i.modality_id in (select id from modalities where slug in ('modality-1', 'modality-2')) and not i.synthetic
  )
  select 'TOTAL' as axis, null::int as id, null as slug, null as name, count(*)::int as count from f
  union all select 'STAIN', st.id, st.slug, st.name, count(*)::int from f left join stains st on st.id = f.stain_id group by 2, 3, 4
  union all select 'ORGANISM', o.id, o.slug, o.name, count(*)::int from f left join organisms o on o.id = f.organism_id group by 2, 3, 4
  union all select 'SOURCE_DATASET', ds.id, ds.slug, ds.name, count(*)::int from f left join source_datasets ds on ds.id = f.source_dataset_id group by 2, 3, 4
  union all select 'TASK', t.id, t.slug, t.name, count(*)::int from f left join source_datasets ds on ds.id = f.source_dataset_id left join tasks t on t.id = ds.task_id group by 2, 3, 4
  union all select 'SUBDOMAIN', sd.id, sd.slug, sd.name, count(*)::int from f left join subdomains sd on sd.id = f.subdomain_id group by 2, 3, 4
  order by 1, 5 desc, 2`;

type Stats = { rps: number; p50: number; p99: number };

/** Runs `requests` calls of `fn` with `concurrency` in flight; latency per call in ms. */
async function load(requests: number, concurrency: number, fn: (i: number) => Promise<void>): Promise<Stats> {
  const latencies: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < requests; i = next++) {
        const t0 = performance.now();
        await fn(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
  return { rps: requests / seconds, p50: at(0.5), p99: at(0.99) };
}

const fmt = (s: Stats) =>
  `${s.rps.toFixed(0).padStart(6)} req/s  p50 ${s.p50.toFixed(1).padStart(7)} ms  p99 ${s.p99.toFixed(1).padStart(7)} ms`;

export async function run(argv: string[]): Promise<void> {
  const opts = parseOpts(argv);
  console.log(
    `images=${opts.images} requests=${opts.requests} concurrency=${opts.concurrency} (after ${opts.concurrency * 2} warm-up requests each)`,
  );
  const rows: string[] = [];
  for (const driver of opts.drivers) {
    const { handle, drop } = await openDb(driver);
    try {
      const t0 = performance.now();
      await generate(handle, opts.images);
      console.log(`\n[${driver}] generated ${opts.images} images in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      const config = loadConfig({ DATA_DIR: `/tmp/stratum-api-bench-${process.pid}`, LOG_LEVEL: 'error' });
      const runtime: Runtime = { config, handle, store: new ImageStore(config.imageStoreDir), close: async () => {} };
      const server = await createServer(runtime);
      const { url } = await server.listen(0, '127.0.0.1');
      // Pages start at different offsets so every request reads different rows.
      const starts = Array.from({ length: 32 }, (_, i) => Math.floor((i * opts.images) / 32));
      const cursorFor = (id: number) =>
        id === 0 ? null : Buffer.from(JSON.stringify({ o: 'ID_ASC', v: null, id })).toString('base64url');
      const post = async (query: string, variables: Record<string, unknown> = {}) => {
        const res = await fetch(`${url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query, variables }),
        });
        const body = (await res.json()) as { errors?: unknown };
        if (body.errors) throw new Error(JSON.stringify(body.errors));
      };
      const workloads: [string, (i: number) => Promise<void>, (i: number) => Promise<void>][] = [
        [
          'A. 100-image page, all taxonomy fields',
          (i) => post(PAGE_QUERY, { after: cursorFor(starts[i % 32]!) }),
          async (i) => void JSON.stringify(await handle.query(PAGE_SQL, [starts[i % 32]!])),
        ],
        [
          'B. totalCount + facets over 5 axes under a filter',
          () => post(FACET_QUERY),
          async () => void JSON.stringify(await handle.query(FACET_SQL)),
        ],
      ];
      for (const [name, graphql, handWritten] of workloads) {
        if (!opts.only.includes(name[0]!)) continue;
        await load(opts.concurrency * 2, opts.concurrency, graphql);
        await load(opts.concurrency * 2, opts.concurrency, handWritten);
        const g = await load(opts.requests, opts.concurrency, graphql);
        const s = await load(opts.requests, opts.concurrency, handWritten);
        const ratio = s.rps / g.rps;
        console.log(
          `${name}\n  GraphQL    ${fmt(g)}\n  hand SQL   ${fmt(s)}\n  SQL/GraphQL throughput ratio ${ratio.toFixed(2)}`,
        );
        rows.push(
          `| ${driver} | ${name} | ${g.rps.toFixed(0)} | ${g.p50.toFixed(1)} / ${g.p99.toFixed(1)} | ${s.rps.toFixed(0)} | ${s.p50.toFixed(1)} / ${s.p99.toFixed(1)} | ${ratio.toFixed(2)}× |`,
        );
      }
      await server.close();
    } finally {
      await drop();
    }
  }
  console.log(
    '\n| DB | workload | GraphQL req/s | GraphQL p50 / p99 ms | SQL req/s | SQL p50 / p99 ms | SQL ÷ GraphQL |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
}
