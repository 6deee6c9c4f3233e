import { spawn } from 'node:child_process';
import { createEmptyDatabase } from '../src/db/scratch.js';
import { createHash } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RecordBatchReader } from 'apache-arrow';
import sharp, { type Sharp } from 'sharp';

/**
 * `npm run bench import [-- --rows=400 --small=100 --rounds=2 --pg=postgres://…]`
 *
 * Corpora: the demo release format (Arrow stream shards of 200 rows, record batches of 50; metadata and questions of
 * `seeds/demo` rows) with images of μ-Bench's real size distribution instead of 192 px drawings, generated
 * deterministically here (`realisticImage`: smooth gradients + noise, so PNG/JPEG sizes are realistic): JPEG RGB
 * 900–2600 px, PNG RGB 8-bit 600–1800 px, PNG grey 16-bit 600–2200 px, PNG RGBA 8-bit 500–1400 px, PNG grey 8-bit
 * 1000–3000 px; 0.1–6 MB per file. Generation is cached under the temp dir and not timed.
 *
 * 1. Rate, interleaved: `--rounds` rounds over the `--rows` corpus, each one fresh child process that runs, in
 *    alternating order, (a) the bound: read the Arrow shards with apache-arrow, sha256 and fully decode every image
 *    (sharp, 4 in flight, as the importer's decode concurrency) and nothing else; (b) `importRelease` into a fresh
 *    database (PGlite file-backed under a temporary DATA_DIR, or `--pg`). Ratio = import rows/s ÷ bound rows/s.
 * 2. Memory: peak RSS (`process.resourceUsage().maxRSS`) of an import-only child at `--small` and at `--rows` rows:
 *    it must stay flat with corpus size.
 */

type Timing = { rows: number; seconds: number };
type RoundResult = { bound: Timing; importing: Timing & { imported: number }; order: string; load: number[] };
type RssResult = { rows: number; imported: number; seconds: number; maxRssMiB: number };

const self = fileURLToPath(import.meta.url);
const SHARD_ROWS = 200;
const BATCH_ROWS = 50;
const BOUND_CONCURRENCY = 4;

function arg(argv: string[], name: string, fallback: string): string {
  const hit = argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? hit.slice(name.length + 3) : fallback;
}

/** Small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Kind = {
  name: string;
  format: 'jpeg' | 'png';
  channels: 1 | 3 | 4;
  depth: 8 | 16;
  min: number;
  max: number;
  noise: number;
};
/** μ-Bench's mix, roughly: many large JPEG/PNG RGB micrographs, 16-bit fluorescence, some RGBA and big grey scans. */
const KINDS: { share: number; kind: Kind }[] = [
  { share: 0.35, kind: { name: 'jpeg-rgb8', format: 'jpeg', channels: 3, depth: 8, min: 900, max: 2600, noise: 10 } },
  { share: 0.25, kind: { name: 'png-rgb8', format: 'png', channels: 3, depth: 8, min: 600, max: 1800, noise: 6 } },
  { share: 0.15, kind: { name: 'png-grey16', format: 'png', channels: 1, depth: 16, min: 600, max: 2200, noise: 4 } },
  { share: 0.15, kind: { name: 'png-rgba8', format: 'png', channels: 4, depth: 8, min: 500, max: 1400, noise: 5 } },
  { share: 0.1, kind: { name: 'png-grey8', format: 'png', channels: 1, depth: 8, min: 1000, max: 3000, noise: 4 } },
];

function kindOf(r: () => number): Kind {
  let x = r();
  for (const k of KINDS) if ((x -= k.share) < 0) return k.kind;
  return KINDS[0]!.kind;
}

/**
 * Image i of the corpus, deterministic: a smooth field (a random 12×9 grid per channel, upscaled with a cubic
 * kernel) plus uniform noise of the kind's amplitude, so that PNG and JPEG compress as micrographs do.
 */
export async function realisticImage(i: number): Promise<{ bytes: Uint8Array; kind: string }> {
  const r = rng(0x9e3779b1 ^ (i * 2654435761));
  const kind = kindOf(r);
  const width = Math.round(kind.min + r() * (kind.max - kind.min));
  const height = Math.round(width * (0.6 + r() * 0.7));
  const ch = kind.channels;
  const grid = Buffer.alloc(12 * 9 * ch);
  for (let k = 0; k < grid.length; k++) grid[k] = Math.floor(r() * 256);
  const field = await sharp(grid, { raw: { width: 12, height: 9, channels: ch } })
    .resize(width, height, { kernel: 'cubic', fit: 'fill' })
    .raw()
    .toBuffer();
  const noise = kind.noise;
  let s = (i * 747796405 + 2891336453) >>> 0;
  const next = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  let out: Sharp;
  if (kind.depth === 16) {
    const wide = new Uint16Array(field.length);
    for (let k = 0; k < field.length; k++)
      wide[k] = Math.max(0, Math.min(65535, field[k]! * 257 + (next() - 0.5) * noise * 514));
    out = sharp(wide, { raw: { width, height, channels: ch } }).toColourspace('grey16');
  } else {
    for (let k = 0; k < field.length; k++)
      field[k] = Math.max(0, Math.min(255, field[k]! + (next() - 0.5) * 2 * noise));
    out = sharp(field, { raw: { width, height, channels: ch } });
    if (ch === 1) out = out.toColourspace('b-w');
  }
  const buf =
    kind.format === 'jpeg'
      ? await out.jpeg({ quality: 92 }).toBuffer()
      : await out.png({ compressionLevel: 6, adaptiveFiltering: false }).toBuffer();
  return { bytes: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), kind: kind.name };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

async function corpus(
  cacheDir: string,
  count: number,
): Promise<{ dir: string; bytes: number; kinds: Record<string, number> }> {
  const dir = join(cacheDir, `real-v1-n${count}`);
  const statsFile = join(dir, '.complete');
  if (!existsSync(statsFile)) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const { buildRow } = await import('../seeds/demo/rows.js');
    const { ArrowShardWriter, rowsToRecordBatch } = await import('../seeds/demo/arrow.js');
    const { releaseSchema } = await import('../seeds/demo/schema.js');
    const { demoLabelNames } = await import('../seeds/demo/catalogue.js');
    const schema = releaseSchema(demoLabelNames);
    const shards = Math.ceil(count / SHARD_ROWS);
    const kinds: Record<string, number> = {};
    const started = Date.now();
    for (let shard = 0; shard < shards; shard++) {
      const writer = new ArrowShardWriter(join(dir, `ubench-test-${pad(shard, 5)}-of-${pad(shards, 5)}.arrow`), schema);
      for (let start = shard * SHARD_ROWS; start < Math.min(count, (shard + 1) * SHARD_ROWS); start += BATCH_ROWS) {
        const end = Math.min(count, start + BATCH_ROWS, (shard + 1) * SHARD_ROWS);
        const rows = [];
        for (let i = start; i < end; i++) {
          const { row } = buildRow(7, i, 32);
          const image = await realisticImage(i);
          kinds[image.kind] = (kinds[image.kind] ?? 0) + 1;
          row.image.bytes = image.bytes;
          rows.push(row);
        }
        writer.write(rowsToRecordBatch(schema, rows));
      }
      await writer.close();
    }
    writeFileSync(statsFile, JSON.stringify(kinds));
    console.log(`generated ${count} rows in ${((Date.now() - started) / 1000).toFixed(0)} s → ${dir}`);
  }
  const bytes = readdirSync(dir)
    .filter((n) => n.endsWith('.arrow'))
    .reduce((sum, n) => sum + statSync(join(dir, n)).size, 0);
  const { readFileSync } = await import('node:fs');
  return { dir, bytes, kinds: JSON.parse(readFileSync(statsFile, 'utf8')) as Record<string, number> };
}

function runChild<T>(args: string[], env: Record<string, string>): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', self, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`bench child exited ${code}: ${out}`));
      resolve(JSON.parse(line) as T);
    });
  });
}

async function withPgDatabase<T>(adminUrl: string, fn: (url: string) => Promise<T>): Promise<T> {
  const database = await createEmptyDatabase(adminUrl, 'bench');
  try {
    return await fn(database.url);
  } finally {
    await database.drop();
  }
}

/** Runs `fn` with a fresh database: a temporary PGlite DATA_DIR, or a throw-away PostgreSQL database. */
async function freshDb<T>(pgUrl: string, fn: (env: Record<string, string>) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), 'stratum-bench-data-'));
  try {
    if (pgUrl) return await withPgDatabase(pgUrl, (url) => fn({ DATA_DIR: dataDir, DATABASE_URL: url }));
    return await fn({ DATA_DIR: dataDir, DATABASE_URL: '' });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const mib = (b: number) => (b / 2 ** 20).toFixed(0);

export async function run(argv: string[]): Promise<void> {
  const rows = Number(arg(argv, 'rows', '400'));
  const small = Number(arg(argv, 'small', '100'));
  const rounds = Number(arg(argv, 'rounds', '2'));
  const pgUrl = arg(argv, 'pg', process.env.TEST_DATABASE_URL ?? '');
  const cacheDir = join(tmpdir(), 'stratum-bench-import');
  mkdirSync(cacheDir, { recursive: true });
  const big = await corpus(cacheDir, rows);
  const little = await corpus(cacheDir, small);
  const driver = pgUrl ? 'PostgreSQL' : 'PGlite (file-backed)';
  console.log(
    `corpus: ${rows} rows, ${mib(big.bytes)} MiB of Arrow shards (${(big.bytes / rows / 1024).toFixed(0)} KiB/row; ` +
      `${Object.entries(big.kinds)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')}); database: ${driver}`,
  );

  const results: RoundResult[] = [];
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? 'bound,import' : 'import,bound';
    const res = await freshDb(pgUrl, (env) => runChild<RoundResult>(['--child=round', big.dir, order], env));
    results.push(res);
    console.log(
      `round ${r + 1} (${order}; load ${res.load.map((l) => l.toFixed(2)).join(' ')}): bound ${(res.bound.rows / res.bound.seconds).toFixed(1)} rows/s, ` +
        `import ${(res.importing.rows / res.importing.seconds).toFixed(1)} rows/s`,
    );
  }
  const rss: { label: string; r: RssResult }[] = [];
  for (const [label, c] of [
    [`${small} rows`, little],
    [`${rows} rows`, big],
  ] as const) {
    rss.push({ label, r: await freshDb(pgUrl, (env) => runChild<RssResult>(['--child=import', c.dir], env)) });
  }

  console.log(
    `\n| import, real-size images (${driver}) | rows/s | bound rows/s (read + sha256 + decode) | ratio | load avg (1 min) |`,
  );
  console.log('|---|---|---|---|---|');
  for (const [i, res] of results.entries()) {
    const imp = res.importing.rows / res.importing.seconds;
    const bound = res.bound.rows / res.bound.seconds;
    console.log(
      `| round ${i + 1} (${res.order}) | ${imp.toFixed(1)} | ${bound.toFixed(1)} | ${(imp / bound).toFixed(2)}× | ${res.load[0]!.toFixed(2)} |`,
    );
  }
  const sum = (f: (r: RoundResult) => number) => results.reduce((a, r) => a + f(r), 0);
  const ratio =
    sum((r) => r.importing.rows) /
    sum((r) => r.importing.seconds) /
    (sum((r) => r.bound.rows) / sum((r) => r.bound.seconds));
  console.log(`| **all rounds** | | | **${ratio.toFixed(2)}×** (goal ≥ 0.5×) | |`);
  console.log(`\n| import only | rows | imported | seconds | rows/s | peak RSS (MiB) |`);
  console.log('|---|---|---|---|---|---|');
  for (const { label, r } of rss) {
    console.log(
      `| ${label} | ${r.rows} | ${r.imported} | ${r.seconds.toFixed(1)} | ${(r.rows / r.seconds).toFixed(1)} | ${r.maxRssMiB.toFixed(0)} |`,
    );
  }
  const [a, b] = rss;
  if (a && b)
    console.log(`\npeak RSS ${rows} vs ${small} rows: ×${(b.r.maxRssMiB / a.r.maxRssMiB).toFixed(2)} (flat: ≈ 1)`);
}

/** The bound: read the shards, sha256 and fully decode every image, `BOUND_CONCURRENCY` in flight; nothing else. */
async function bound(dir: string): Promise<Timing> {
  sharp.cache(false);
  const started = process.hrtime.bigint();
  let rows = 0;
  const inFlight = new Set<Promise<void>>();
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.arrow'))
    .sort()) {
    const reader = await RecordBatchReader.from(createReadStream(join(dir, name)));
    for await (const batch of reader) {
      const images = batch.getChild('image')!.getChild('bytes')!;
      for (let i = 0; i < batch.numRows; i++) {
        const bytes = images.get(i) as Uint8Array;
        const job = (async () => {
          createHash('sha256').update(bytes).digest('hex');
          await sharp(bytes, { failOn: 'truncated', limitInputPixels: false }).raw().toBuffer();
        })().finally(() => inFlight.delete(job));
        inFlight.add(job);
        if (inFlight.size >= BOUND_CONCURRENCY) await Promise.race(inFlight);
        rows++;
      }
    }
  }
  await Promise.all(inFlight);
  return { rows, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** One import into the database the environment names; returns its figures. */
async function importOnce(dir: string): Promise<Timing & { imported: number }> {
  if (!process.env.DATABASE_URL) delete process.env.DATABASE_URL;
  const { loadConfig } = await import('../src/config.js');
  const { openRuntime } = await import('../src/runtime.js');
  const { importRelease } = await import('../src/importer/index.js');
  const runtime = await openRuntime(loadConfig());
  const started = process.hrtime.bigint();
  const summary = await importRelease(runtime, {
    sources: [dir],
    benchmark: { slug: 'bench', name: 'bench', source: 'generated' },
    revision: 'bench-1',
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await runtime.close();
  if (summary.rowsImported !== summary.rowsRead) {
    throw new Error(
      `imported ${summary.rowsImported} of ${summary.rowsRead} rows: ${JSON.stringify(summary.skipped.slice(0, 3))}`,
    );
  }
  return { rows: summary.rowsRead, imported: summary.rowsImported, seconds };
}

const child = process.argv.find((a) => a.startsWith('--child='))?.slice('--child='.length);
if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url && child) {
  const dir = process.argv[3]!;
  if (child === 'round') {
    const order = process.argv[4]!;
    const load = loadavg();
    let b: Timing | undefined;
    let imp: (Timing & { imported: number }) | undefined;
    for (const step of order.split(',')) {
      if (step === 'bound') b = await bound(dir);
      else imp = await importOnce(dir);
    }
    console.log(JSON.stringify({ bound: b!, importing: imp!, order, load } satisfies RoundResult));
  } else {
    const r = await importOnce(dir);
    console.log(JSON.stringify({ ...r, maxRssMiB: process.resourceUsage().maxRSS / 1024 } satisfies RssResult));
  }
}
