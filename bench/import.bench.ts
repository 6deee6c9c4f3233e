import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';

/**
 * `npm run bench import [-- --rows=20000 --small=5000 --image-size=192 --pg=postgres://…]`
 *
 * Generates demo corpora in the μ-Bench release format (Arrow stream shards, seeds/demo), then imports each in a
 * fresh child process, so that peak RSS (`process.resourceUsage().maxRSS`) belongs to one import alone:
 * - rows/s and peak RSS for `--rows` rows into PGlite (file-backed, as `npm start` uses it) and into PostgreSQL
 *   (`--pg`, or TEST_DATABASE_URL; skipped when neither is set);
 * - peak RSS importing `--small` vs `--rows` rows into PGlite: it must stay flat (one batch in memory at a time).
 * rows/s counts `importRelease` only (not opening or migrating the database).
 */

type WorkerResult = { rows: number; imported: number; seconds: number; maxRssMiB: number; driver: string };

const self = fileURLToPath(import.meta.url);

function arg(argv: string[], name: string, fallback: string): string {
  const hit = argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? hit.slice(name.length + 3) : fallback;
}

async function corpus(cacheDir: string, count: number, imageSize: number): Promise<string> {
  const dir = join(cacheDir, `n${count}-px${imageSize}`);
  if (existsSync(join(dir, '.complete'))) return dir;
  const { generateDemoCorpus } = await import('../seeds/demo/index.js');
  const started = Date.now();
  await generateDemoCorpus({ outDir: dir, seed: 7, count, imageSize, shardRows: 2500, batchRows: 100 });
  const { writeFileSync } = await import('node:fs');
  writeFileSync(join(dir, '.complete'), '');
  console.log(`generated ${count} rows (${imageSize}px) in ${((Date.now() - started) / 1000).toFixed(1)} s → ${dir}`);
  return dir;
}

function runWorker(dir: string, env: Record<string, string>): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', self, '--worker', dir], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`import worker exited ${code}: ${out}`));
      resolve(JSON.parse(line) as WorkerResult);
    });
  });
}

async function withPgDatabase<T>(adminUrl: string, fn: (url: string) => Promise<T>): Promise<T> {
  const name = `stratum_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    return await fn(url.toString());
  } finally {
    const dropper = new pg.Client({ connectionString: adminUrl });
    await dropper.connect();
    await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await dropper.end();
  }
}

export async function run(argv: string[]): Promise<void> {
  const rows = Number(arg(argv, 'rows', '20000'));
  const small = Number(arg(argv, 'small', '5000'));
  const imageSize = Number(arg(argv, 'image-size', '192'));
  const pgUrl = arg(argv, 'pg', process.env.TEST_DATABASE_URL ?? '');
  const cacheDir = join(tmpdir(), 'stratum-bench-import');
  mkdirSync(cacheDir, { recursive: true });
  const big = await corpus(cacheDir, rows, imageSize);
  const little = await corpus(cacheDir, small, imageSize);

  const results: { label: string; r: WorkerResult }[] = [];
  const pglite = async (dir: string) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'stratum-bench-data-'));
    try {
      return await runWorker(dir, { DATA_DIR: dataDir, DATABASE_URL: '' });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  };
  results.push({ label: `PGlite, ${small} rows`, r: await pglite(little) });
  results.push({ label: `PGlite, ${rows} rows`, r: await pglite(big) });
  if (pgUrl) {
    const dataDir = mkdtempSync(join(tmpdir(), 'stratum-bench-data-'));
    try {
      results.push({
        label: `PostgreSQL, ${rows} rows`,
        r: await withPgDatabase(pgUrl, (url) => runWorker(big, { DATA_DIR: dataDir, DATABASE_URL: url })),
      });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  } else {
    console.log('PostgreSQL skipped: pass --pg=postgres://… or set TEST_DATABASE_URL');
  }

  console.log(`\n| import (${imageSize}px images) | rows | imported | seconds | rows/s | peak RSS (MiB) |`);
  console.log('|---|---|---|---|---|---|');
  for (const { label, r } of results) {
    console.log(
      `| ${label} | ${r.rows} | ${r.imported} | ${r.seconds.toFixed(1)} | ${(r.rows / r.seconds).toFixed(0)} | ${r.maxRssMiB.toFixed(0)} |`,
    );
  }
  const [a, b] = results;
  if (a && b) console.log(`\npeak RSS ${rows} vs ${small} rows: ×${(b.r.maxRssMiB / a.r.maxRssMiB).toFixed(2)}`);
}

/** Child-process side: one import, then one JSON line with its figures. */
async function worker(dir: string): Promise<void> {
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
  const result: WorkerResult = {
    rows: summary.rowsRead,
    imported: summary.rowsImported,
    seconds,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    driver: runtime.handle.driver,
  };
  console.log(JSON.stringify(result));
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url && process.argv[2] === '--worker') {
  await worker(process.argv[3]!);
}
