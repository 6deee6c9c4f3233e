import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportError, importRelease } from './index.js';
import { formatSummary } from './summary.js';
import {
  defaultLabelNames,
  makeReleaseRow,
  noisePng,
  writeReleaseArrow,
  writeReleaseParquet,
  type ReleaseRow,
} from '../test-utils/release-writer.js';
import { createTestRuntime, dumpCorpus, type TestRuntime } from '../test-utils/runtime.js';

/** Twelve rows in the release schema, each quirk in a known row. */
async function quirkRows(): Promise<ReleaseRow[]> {
  const rows: ReleaseRow[] = [];
  for (let i = 0; i < 12; i++) rows.push(makeReleaseRow(i, await noisePng(i, 16, i === 3)));
  rows[4] = { ...rows[4]!, dataset: null, stain: 'GalT-EGFP' };
  rows[5] = { ...rows[5]!, institution: `['Univ A, Town', "B's lab"]` };
  const q6 = rows[6]!.questions.classification!;
  rows[6]!.questions.classification = { ...q6, answer_idx: (q6.answer_idx + 1) % 3 };
  rows[7] = { ...rows[7]!, label: (rows[7]!.label + 1) % 3 };
  rows[8] = { ...rows[8]!, stain: 'Mayer’s he\u0301matoxylin' };
  rows[9] = { ...rows[9]!, dataset: 'new_dataset_2025' };
  rows[10]!.questions.stain = null;
  rows[10]!.captions.stain_0 = null;
  rows[11] = { ...rows[11]!, bbox: [[1, 2, 3, 4]], microns_per_pixel: null };
  return rows;
}

const benchmark = (slug: string) => ({ slug, name: slug, source: 'test' });

describe('fixtures written by the tests in the release schema', () => {
  let rt: TestRuntime;
  let dir: string;

  beforeAll(async () => {
    rt = await createTestRuntime();
    dir = mkdtempSync(join(tmpdir(), 'stratum-written-'));
    const rows = await quirkRows();
    for (const sub of ['stream', 'file', 'parquet']) mkdirSync(join(dir, sub));
    await writeReleaseArrow(join(dir, 'stream', 'shard.arrow'), rows, { labelNames: defaultLabelNames, batchSize: 5 });
    await writeReleaseArrow(join(dir, 'file', 'shard.arrow'), rows, {
      labelNames: defaultLabelNames,
      batchSize: 5,
      format: 'file',
    });
    await writeReleaseParquet(join(dir, 'parquet', 'shard.parquet'), rows, {
      labelNames: defaultLabelNames,
      batchSize: 5,
    });
  });
  /** The stored status of a benchmark's revision `r1`. */
  async function revisionStatus(slug: string): Promise<string> {
    const rows = await rt.handle.query<{ status: string }>(
      `select r.status from benchmark_revisions r join benchmarks b on b.id = r.benchmark_id
       where b.slug = $1 and r.revision = 'r1'`,
      [slug],
    );
    return rows[0]!.status;
  }

  afterAll(async () => {
    await rt.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports an Arrow stream, an Arrow file and Parquet to the same corpus, applying each quirk', async () => {
    const summaries = [];
    for (const format of ['stream', 'file', 'parquet']) {
      summaries.push(
        await importRelease(rt, { sources: [join(dir, format)], benchmark: benchmark(`w-${format}`), revision: 'r1' }),
      );
    }
    for (const [i, s] of summaries.entries()) {
      const file = i === 2 ? 'shard.parquet' : 'shard.arrow';
      expect(s).toEqual({
        revisionId: s.revisionId,
        status: 'complete',
        unchanged: false,
        taxonomyMerges: [],
        rowsRead: 12,
        rowsImported: 12,
        rowsSkipped: 0,
        skipped: [],
        corrections: {
          ANSWER_IDX_FROM_ANSWER: 1,
          ANSWER_IDX_STRING: 12,
          DATASET_FROM_STAIN: 1,
          DATASET_NOT_IN_MAPPING: 1,
          INSTITUTION_LIST_PARSED: 1,
          LABEL_NAME_WINS: 1,
          UNICODE_NORMALISED: 1,
        },
        files: [{ file, rows: 12 }],
        rejectedFiles: [],
      });
    }
    const strip = (d: Record<string, unknown[]>) => [
      ...d.images!.map((r) => ({ ...(r as object), source_file: undefined })),
      ...d.questions!,
    ];
    const stream = await dumpCorpus(rt.handle, 'w-stream');
    expect(strip(await dumpCorpus(rt.handle, 'w-file'))).toEqual(strip(stream));
    expect(strip(await dumpCorpus(rt.handle, 'w-parquet'))).toEqual(strip(stream));

    const rows = await quirkRows();
    const img = (i: number) =>
      (stream.images as Record<string, unknown>[]).find((r) => r.source_image_id === rows[i]!.image_id)!;
    expect(img(3)).toMatchObject({ bit_depth: 16, channels: 1 });
    expect(img(0)).toMatchObject({ bit_depth: 8, channels: 3, width: 16, height: 16, scale: 'cellular' });
    expect(img(4)).toMatchObject({ source_dataset: 'held_et_al_2010_galt', stain: 'GalT-EGFP', scale: 'subcellular' });
    expect(img(5).institutions).toEqual(['Univ A, Town', "B's lab"]);
    expect(img(7)).toMatchObject({ label_names: [rows[7]!.label_name], label_index: rows[7]!.label });
    expect(img(8).stain).toBe('Mayer’s h\u00e9matoxylin');
    expect(img(9)).toMatchObject({ source_dataset: 'new_dataset_2025', scale: null });
    expect(img(11)).toMatchObject({ bbox: [[1, 2, 3, 4]], microns_per_pixel: null });

    const q = (i: number, key: string) =>
      (stream.questions as Record<string, unknown>[]).find(
        (r) => r.source_image_id === rows[i]!.image_id && r.key === key,
      );
    const original = rows[6]!.questions.classification!;
    expect(q(6, 'classification')).toMatchObject({
      options: original.options,
      answer: original.answer,
      answer_index: original.options.indexOf(original.answer),
    });
    expect(q(10, 'stain')).toBeUndefined();
    expect(q(10, 'stain_0')).toBeUndefined();
    expect(q(10, 'stain_1')).toMatchObject({ protocol: 'caption', template: 1 });
    expect(stream.questions!.length).toBe(12 * 18 - 2);

    const [dataset] = await rt.handle.query(
      `select slug, pmid, license, institutions, task_id from source_datasets where slug = 'new_dataset_2025'`,
    );
    expect(dataset).toEqual({
      slug: 'new_dataset_2025',
      pmid: '32346559',
      license: 'CC-BY-4.0',
      institutions: ['hosp_barcelona'],
      task_id: null,
    });
  });

  describe('bad input', () => {
    let badDir: string;
    let rows: ReleaseRow[];

    beforeAll(async () => {
      badDir = join(dir, 'bad');
      mkdirSync(badDir);
      rows = [];
      for (let i = 0; i < 6; i++) rows.push(makeReleaseRow(100 + i, await noisePng(100 + i, 16)));
      const good = await noisePng(999, 16);
      rows.push(makeReleaseRow(106, good.slice(0, Math.floor(good.length / 2)))); // truncated PNG
      rows.push(makeReleaseRow(107, await noisePng(107, 16), { modality: 'x-ray microscopy' }));
      rows.push(makeReleaseRow(108, await noisePng(108, 16), { modality: 'electron microscopy' })); // brightfield under EM
      rows.push({ ...makeReleaseRow(109, await noisePng(109, 16)), image_id: rows[0]!.image_id }); // other content
      rows.push({ ...rows[1]! }); // the same row again
      await writeReleaseArrow(join(badDir, 'a-good.arrow'), rows, { labelNames: defaultLabelNames, batchSize: 4 });
      writeFileSync(join(badDir, 'b-notes.arrow'), 'image_id,label\n1,2\n');
      await writeReleaseParquet(join(badDir, 'c-nomodality.parquet'), rows.slice(0, 2), {
        labelNames: defaultLabelNames,
        omitColumns: ['modality'],
      });
      await writeReleaseArrow(join(badDir, 'd-nocaptions.arrow'), rows.slice(0, 2), {
        labelNames: defaultLabelNames,
        omitColumns: ['captions', 'questions'],
      });
    });

    it('rejects bad files and skips bad rows with a message naming the file and row; good rows land', async () => {
      const s = await importRelease(rt, { sources: [badDir], benchmark: benchmark('bad'), revision: 'r1' });
      const id = (i: number) => rows[i]!.image_id;
      const f = 'a-good.arrow';
      expect(s.rejectedFiles).toEqual([
        {
          file: 'b-notes.arrow',
          row: -1,
          sourceImageId: null,
          code: 'NOT_ARROW_OR_PARQUET',
          field: null,
          message: 'b-notes.arrow: neither an Arrow IPC stream/file nor a Parquet file (first bytes 696d6167655f6964)',
        },
        {
          file: 'c-nomodality.parquet',
          row: -1,
          sourceImageId: null,
          code: 'MISSING_COLUMN',
          field: 'modality',
          message: 'c-nomodality.parquet: missing required column "modality"; file rejected',
        },
        {
          file: 'd-nocaptions.arrow',
          row: -1,
          sourceImageId: null,
          code: 'MISSING_COLUMN',
          field: 'captions',
          message: 'd-nocaptions.arrow: missing required columns "captions", "questions"; file rejected',
        },
      ]);
      expect(s.skipped.filter((x) => x.row >= 0)).toEqual([
        {
          file: f,
          row: 6,
          sourceImageId: id(6),
          code: 'UNDECODABLE_IMAGE',
          field: 'image',
          message: expect.stringMatching(
            new RegExp(`^a-good\\.arrow row 6 \\(image_id ${id(6)}\\): image bytes do not decode \\(.+\\)$`),
          ),
        },
        {
          file: f,
          row: 7,
          sourceImageId: id(7),
          code: 'UNKNOWN_TAXONOMY_VALUE',
          field: 'modality',
          message: `${f} row 7 (image_id ${id(7)}): unknown modality "x-ray microscopy" (known: light microscopy, fluorescence microscopy, electron microscopy)`,
        },
        {
          file: f,
          row: 8,
          sourceImageId: id(8),
          code: 'UNKNOWN_TAXONOMY_VALUE',
          field: 'submodality',
          message: `${f} row 8 (image_id ${id(8)}): submodality "brightfield microscopy" is recorded under modality "light microscopy" but this row puts it under "electron microscopy"`,
        },
        {
          file: f,
          row: 9,
          sourceImageId: id(0),
          code: 'DUPLICATE_IMAGE_ID',
          field: 'image_id',
          message: `${f} row 9 (image_id ${id(0)}): image_id already imported from ${f} row 0 with other content; the first is kept`,
        },
        {
          file: f,
          row: 10,
          sourceImageId: id(1),
          code: 'DUPLICATE_ROW',
          field: 'image_id',
          message: `${f} row 10 (image_id ${id(1)}): image_id already imported from ${f} row 1 with the same content; repeat ignored`,
        },
      ]);
      expect(s).toMatchObject({ rowsRead: 11, rowsImported: 6, rowsSkipped: 5, files: [{ file: f, rows: 11 }] });
      // rejected files leave the revision incomplete, and the summary says so
      expect(s.status).toBe('importing');
      expect(await revisionStatus('bad')).toBe('importing');
      expect(formatSummary(s)).toMatch(/^revision #\d+: INCOMPLETE\n/);
      expect(formatSummary(s)).toContain('files rejected or truncated: 3');
      const images = (await dumpCorpus(rt.handle, 'bad')).images as Record<string, unknown>[];
      expect(images.map((r) => r.source_row).sort()).toEqual([0, 1, 2, 3, 4, 5]);
      // the first content of the repeated id is kept
      expect(images.find((r) => r.source_image_id === id(0))!.source_row).toBe(0);
    });

    it('keeps the rows before the break of a truncated Arrow stream and reports the file', async () => {
      const truncDir = join(dir, 'truncated');
      mkdirSync(truncDir);
      const full = join(truncDir, 'full.arrow');
      await writeReleaseArrow(full, rows.slice(0, 6), { labelNames: defaultLabelNames, batchSize: 2 });
      const bytes = readFileSync(full);
      rmSync(full);
      writeFileSync(join(truncDir, 'e-truncated.arrow'), bytes.subarray(0, Math.floor(bytes.length * 0.7)));
      const s = await importRelease(rt, { sources: [truncDir], benchmark: benchmark('truncated'), revision: 'r1' });
      expect(s.rejectedFiles).toHaveLength(1);
      const [issue] = s.rejectedFiles;
      expect(issue).toMatchObject({ file: 'e-truncated.arrow', row: -1, code: 'UNREADABLE_FILE' });
      const m = /^e-truncated\.arrow: unreadable after (\d+) rows \(.+\); the rows before it were imported$/.exec(
        issue!.message,
      );
      expect(m).not.toBeNull();
      const before = Number(m![1]);
      expect([2, 4]).toContain(before);
      expect(s).toMatchObject({ rowsRead: before, rowsImported: before, rowsSkipped: 0, status: 'importing' });
      expect(await revisionStatus('truncated')).toBe('importing');

      // the complete file arrives: the rerun imports the rest and the rejection is gone
      writeFileSync(join(truncDir, 'e-truncated.arrow'), bytes);
      const resumed = await importRelease(rt, {
        sources: [truncDir],
        benchmark: benchmark('truncated'),
        revision: 'r1',
      });
      expect(resumed).toMatchObject({
        rowsRead: 6,
        rowsImported: 6,
        rowsSkipped: 0,
        skipped: [],
        rejectedFiles: [],
        status: 'complete',
        unchanged: false,
      });
      expect(await revisionStatus('truncated')).toBe('complete');
    });

    it('completes once the rejected files (which contributed no rows) are left out of the rerun', async () => {
      const s = await importRelease(rt, {
        sources: [join(badDir, 'a-good.arrow')],
        benchmark: benchmark('bad'),
        revision: 'r1',
      });
      expect(s).toMatchObject({ status: 'complete', rejectedFiles: [], rowsImported: 6 });
      expect(await revisionStatus('bad')).toBe('complete');
    });

    it('throws a coded error naming the file when no input is importable', async () => {
      const attempt = importRelease(rt, {
        sources: [join(badDir, 'b-notes.arrow')],
        benchmark: benchmark('bad-only'),
        revision: 'r1',
      });
      await expect(attempt).rejects.toBeInstanceOf(ImportError);
      await expect(attempt).rejects.toMatchObject({
        code: 'NOT_ARROW_OR_PARQUET',
        message: expect.stringContaining('b-notes.arrow: neither an Arrow IPC stream/file nor a Parquet file'),
      });
    });
  });

  it('says so when a complete revision is imported again, and nothing changes', async () => {
    const first = await importRelease(rt, {
      sources: [join(dir, 'stream')],
      benchmark: benchmark('again'),
      revision: 'r1',
    });
    const second = await importRelease(rt, {
      sources: [join(dir, 'stream')],
      benchmark: benchmark('again'),
      revision: 'r1',
    });
    expect(first.unchanged).toBe(false);
    expect(formatSummary(first)).toMatch(/^revision #\d+: complete\n/);
    expect(second).toEqual({ ...first, unchanged: true });
    expect(formatSummary(second)).toMatch(/^revision #\d+ was already imported completely; nothing changed\n/);
  });

  it('merges spellings of one taxonomy value into one entry by canonical key and reports every merge', async () => {
    const mergeDir = join(dir, 'merge');
    mkdirSync(mergeDir);
    const rows: ReleaseRow[] = [];
    for (let i = 0; i < 5; i++) rows.push(makeReleaseRow(200 + i, await noisePng(200 + i, 16)));
    rows[1] = { ...rows[1]!, submodality: 'Bright-field  Microscopy' };
    rows[2] = { ...rows[2]!, submodality: 'bright\u2010field microscopy', domain: 'Pathology' };
    rows[3] = { ...rows[3]!, stain: 'GIEMSA' };
    rows[4] = { ...rows[4]!, submodality: 'Bright-field  Microscopy' };
    await writeReleaseArrow(join(mergeDir, 'm.arrow'), rows, { labelNames: defaultLabelNames, batchSize: 2 });
    const s = await importRelease(rt, { sources: [mergeDir], benchmark: benchmark('merge'), revision: 'r1' });
    expect(s.rowsImported).toBe(5);
    expect(s.taxonomyMerges).toEqual([
      { axis: 'domain', alias: 'Pathology', canonical: 'pathology', rows: 1 },
      { axis: 'stain', alias: 'GIEMSA', canonical: 'Giemsa', rows: 1 },
      { axis: 'submodality', alias: 'Bright-field  Microscopy', canonical: 'brightfield microscopy', rows: 2 },
      { axis: 'submodality', alias: 'bright\u2010field microscopy', canonical: 'brightfield microscopy', rows: 1 },
    ]);
    expect(formatSummary(s)).toContain('submodality: "Bright-field  Microscopy" → "brightfield microscopy" (2 rows)');
    const images = (await dumpCorpus(rt.handle, 'merge')).images as Record<string, unknown>[];
    expect(new Set(images.map((r) => r.submodality))).toEqual(new Set(['brightfield microscopy']));
    expect(new Set(images.map((r) => r.stain))).toEqual(new Set(['Giemsa']));
    const entries = await rt.handle.query<{ n: number }>(
      `select count(*)::int as n from submodalities where slug like 'bright%'`,
    );
    expect(entries).toEqual([{ n: 1 }]);
  });
});
