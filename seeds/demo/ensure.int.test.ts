import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRelease } from '../../src/importer/index.js';
import { createTestRuntime, type TestRuntime } from '../../src/test-utils/runtime.js';
import { completeDemoRevision, ensureDemoCorpus } from './ensure.js';

const corpus = { count: 48, imageSize: 64 };
const revision = 'demo-v1-seed1-n48-px64';

describe('ensureDemoCorpus', () => {
  let rt: TestRuntime;
  const logs: string[] = [];
  const log = (msg: string) => void logs.push(msg);

  beforeAll(async () => {
    rt = await createTestRuntime();
  });
  afterAll(async () => {
    await rt?.destroy();
  });

  it('generates the corpus under DATA_DIR/demo/<revision> and imports every row into ubench-demo', async () => {
    expect(await completeDemoRevision(rt)).toBeNull();
    // A start-up killed while generating left a partial folder, and an unfinished folder without its marker.
    const stale = join(rt.dataDir, 'demo', `${revision}.partial-999999`);
    await mkdir(stale, { recursive: true });
    await mkdir(join(rt.dataDir, 'demo', revision), { recursive: true });
    await writeFile(join(rt.dataDir, 'demo', revision, 'ubench-test-00000-of-00009.arrow'), 'half a shard');
    await ensureDemoCorpus(rt, { log, corpus, progressBar: false });
    expect(await readdir(join(rt.dataDir, 'demo'))).toEqual([revision]);
    expect(await completeDemoRevision(rt)).toBe(revision);
    expect((await readdir(join(rt.dataDir, 'demo', revision))).sort()).toEqual([
      '.generated',
      'ubench-test-00000-of-00001.arrow',
    ]);
    const [bench] = await rt.handle.query<{ slug: string; name: string; source: string }>(
      `select slug, name, source from benchmarks where slug = 'ubench-demo'`,
    );
    expect(bench).toEqual({ slug: 'ubench-demo', name: 'μ-Bench demo corpus (generated)', source: 'generated' });
    const [rev] = await rt.handle.query<{
      status: string;
      rows_read: number;
      rows_imported: number;
      rows_skipped: number;
    }>(`select status, rows_read, rows_imported, rows_skipped from benchmark_revisions where revision = $1`, [
      revision,
    ]);
    expect(rev).toEqual({ status: 'complete', rows_read: 48, rows_imported: 48, rows_skipped: 0 });
    const skipped = await rt.handle.query(`select code, message from import_issues where severity = 'skipped'`);
    expect(skipped).toEqual([]);
    // 48 images × (12 caption sets + 6 questions) − 8 null stain questions of the 8 electron micrographs.
    const [{ n }] = (await rt.handle.query<{ n: number }>(`select count(*)::int as n from questions`)) as [
      { n: number },
    ];
    expect(n).toBe(48 * 18 - 8);
    expect(logs.at(-1)).toBe(`demo corpus: revision ${revision} imported: 48 of 48 rows`);
    // Real source-dataset slugs: every row (Held rows via their stain) maps to a dataset, task scale and
    // normal/abnormal state where the curated mapping defines one.
    const perDataset = await rt.handle.query<{ dataset: string; scale: string; n: number }>(
      `select ds.slug as dataset, sc.slug as scale, count(*)::int as n
       from images i join source_datasets ds on ds.id = i.source_dataset_id join scales sc on sc.id = i.scale_id
       group by ds.slug, sc.slug order by ds.slug`,
    );
    expect(perDataset).toEqual([
      { dataset: 'acevedo_et_al_2020', scale: 'cellular', n: 4 },
      { dataset: 'burgess_et_al_2024_contour', scale: 'cellular', n: 4 },
      { dataset: 'colocalization_benchmark', scale: 'subcellular', n: 4 },
      { dataset: 'empiar_sbfsem', scale: 'subcellular', n: 4 },
      { dataset: 'held_et_al_2010_galt', scale: 'subcellular', n: 4 },
      { dataset: 'held_et_al_2010_h2b', scale: 'cellular', n: 4 },
      { dataset: 'icpr2020_pollen', scale: 'cellular', n: 4 },
      { dataset: 'jung_et_al_2022', scale: 'cellular', n: 4 },
      { dataset: 'kather_et_al_2016', scale: 'tissue', n: 4 },
      { dataset: 'kather_et_al_2018', scale: 'tissue', n: 4 },
      { dataset: 'tang_et_al_2019', scale: 'tissue', n: 4 },
      { dataset: 'wu_et_al_2023', scale: 'subcellular', n: 4 },
    ]);
    const states = await rt.handle.query<{ state: string; n: number }>(
      `select normal_abnormal as state, count(*)::int as n from images where normal_abnormal is not null group by 1 order by 1`,
    );
    expect(states.map((s) => s.state)).toEqual(['abnormal', 'normal']);
  });

  it('does nothing when a complete revision exists', async () => {
    logs.length = 0;
    await ensureDemoCorpus(rt, { log, corpus, progressBar: false });
    expect(logs).toEqual([`demo corpus: revision ${revision} already imported`]);
    const [{ n }] = (await rt.handle.query<{ n: number }>(`select count(*)::int as n from images`)) as [{ n: number }];
    expect(n).toBe(48);
  });

  it('leaves a database that holds another benchmark alone, unless forced', async () => {
    const other = await createTestRuntime();
    try {
      await importRelease(other, {
        sources: [new URL('../../fixtures/ubench-format/', import.meta.url).pathname],
        benchmark: { slug: 'ubench', name: 'μ-Bench', source: 'fixture' },
        revision: 'fixture',
      });
      logs.length = 0;
      expect(await ensureDemoCorpus(other, { log, corpus, progressBar: false })).toBe('skipped');
      expect(logs).toEqual([
        'demo corpus: not imported: the database already holds ubench (the demo goes into an empty database ' +
          'only; `stratum serve --add-demo` adds it anyway)',
      ]);
      expect(await other.handle.query(`select slug from benchmarks order by slug`)).toEqual([{ slug: 'ubench' }]);
      expect(await ensureDemoCorpus(other, { log, corpus, progressBar: false, force: true })).toBe('imported');
      expect(await completeDemoRevision(other)).toBe(revision);
    } finally {
      await other.destroy();
    }
  });
});
