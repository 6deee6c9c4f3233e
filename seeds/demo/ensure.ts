import { access, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { latestCompleteRevision, otherImportedBenchmarks } from '../../src/db/queries/import.js';
import { importRelease } from '../../src/importer/index.js';
import type { Runtime } from '../../src/runtime.js';
import { demoDefaults, demoRevision, generateDemoCorpus } from './index.js';

export const DEMO_BENCHMARK = {
  slug: 'ubench-demo',
  name: 'μ-Bench demo corpus (generated)',
  source: 'generated',
} as const;

/** Written last into a generated corpus folder: its presence means every shard is complete. */
const DONE_MARKER = '.generated';

/** The newest complete revision of the demo benchmark, or null. */
export async function completeDemoRevision(runtime: Runtime): Promise<string | null> {
  return latestCompleteRevision(runtime.handle.db, DEMO_BENCHMARK.slug);
}

/**
 * Imports the demo corpus into a database that holds no other benchmark (or anywhere with `force`): if no
 * `ubench-demo` revision is complete, generates the shipped demo corpus (seed 1) under
 * `<DATA_DIR>/demo/<revision>/` (reusing a folder a previous run finished) and imports it through the release
 * importer, which resumes an interrupted import of the same revision. A database that already holds another
 * benchmark (a real import) is left alone, so the demo never mixes into its counts, search and results.
 * Returns what it did.
 */
export async function ensureDemoCorpus(
  runtime: Runtime,
  opts: {
    log?: (msg: string) => void;
    /** Overrides of the shipped corpus's size (tests use a small one); the revision id reflects them. */
    corpus?: { count?: number; imageSize?: number };
    /** Draw the importer's progress bar (default true). */
    progressBar?: boolean;
    /** Import even when the database holds other benchmarks (`serve --add-demo`). */
    force?: boolean;
  } = {},
): Promise<'present' | 'imported' | 'skipped'> {
  const log = opts.log ?? ((msg: string) => console.error(msg));
  const params = { ...demoDefaults, ...opts.corpus };
  const present = await completeDemoRevision(runtime);
  if (present) {
    log(`demo corpus: revision ${present} already imported`);
    return 'present';
  }
  const others = await otherImportedBenchmarks(runtime.handle.db, DEMO_BENCHMARK.slug);
  if (others.length && !opts.force) {
    log(
      `demo corpus: not imported: the database already holds ${others.join(', ')} (the demo goes into an empty ` +
        'database only; `stratum serve --add-demo` adds it anyway)',
    );
    return 'skipped';
  }
  const revision = demoRevision(params);
  const dir = join(runtime.config.dataDir, 'demo', revision);
  if (!(await exists(join(dir, DONE_MARKER)))) {
    const t0 = performance.now();
    log(`demo corpus: generating ${params.count} images (seed ${params.seed}) into ${dir}`);
    // Generate beside the final folder and rename, so a killed start-up never leaves a half-written corpus.
    const parent = join(dir, '..');
    await mkdir(parent, { recursive: true });
    // Leftovers of earlier start-ups that were killed while generating.
    for (const name of await readdir(parent)) {
      if (name.startsWith(`${revision}.partial-`)) await rm(join(parent, name), { recursive: true, force: true });
    }
    const partial = `${dir}.partial-${process.pid}`;
    await generateDemoCorpus({ ...params, outDir: partial, format: 'arrow' });
    await writeFile(join(partial, DONE_MARKER), `${revision}\n`);
    await rm(dir, { recursive: true, force: true });
    await rename(partial, dir);
    log(`demo corpus: generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const summary = await importRelease(runtime, {
    sources: [dir],
    benchmark: { ...DEMO_BENCHMARK },
    revision,
    progressBar: opts.progressBar ?? true,
  });
  log(
    `demo corpus: revision ${revision} imported: ${summary.rowsImported} of ${summary.rowsRead} rows` +
      (summary.rowsSkipped ? `, ${summary.rowsSkipped} skipped` : ''),
  );
  return 'imported';
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
