import { access, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { and, desc, eq } from 'drizzle-orm';
import { benchmarkRevisions, benchmarks } from '../../src/db/schema/index.js';
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
  const rows = await runtime.handle.db
    .select({ revision: benchmarkRevisions.revision })
    .from(benchmarkRevisions)
    .innerJoin(benchmarks, eq(benchmarks.id, benchmarkRevisions.benchmarkId))
    .where(and(eq(benchmarks.slug, DEMO_BENCHMARK.slug), eq(benchmarkRevisions.status, 'complete')))
    .orderBy(desc(benchmarkRevisions.id))
    .limit(1);
  return rows[0]?.revision ?? null;
}

/**
 * Makes sure the database holds a complete `ubench-demo` revision: if none is complete, generates the shipped
 * demo corpus (seed 1) under `<DATA_DIR>/demo/<revision>/` (reusing a folder a previous run finished) and
 * imports it through the release importer, which resumes an interrupted import of the same revision.
 */
export async function ensureDemoCorpus(
  runtime: Runtime,
  opts: {
    log?: (msg: string) => void;
    /** Overrides of the shipped corpus's size (tests use a small one); the revision id reflects them. */
    corpus?: { count?: number; imageSize?: number };
    /** Draw the importer's progress bar (default true). */
    progressBar?: boolean;
  } = {},
): Promise<void> {
  const log = opts.log ?? ((msg: string) => console.error(msg));
  const params = { ...demoDefaults, ...opts.corpus };
  const present = await completeDemoRevision(runtime);
  if (present) {
    log(`demo corpus: revision ${present} already imported`);
    return;
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
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
