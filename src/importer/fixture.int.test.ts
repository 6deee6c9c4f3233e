import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRelease, type ImportSummary } from './index.js';
import { dbStatus, formatDbStatus } from './status.js';
import { createTestRuntime, dumpCorpus, type TestRuntime } from '../test-utils/runtime.js';

const fixtureDir = fileURLToPath(new URL('../../fixtures/ubench-format/', import.meta.url));
const expected = JSON.parse(readFileSync(`${fixtureDir}EXPECTED.json`, 'utf8')) as {
  files: Record<string, number>;
  rows_total: number;
  images_importable: number;
  corrupt_image_id: string;
  repeated_image_id_with_other_content: string;
  label_disagrees_with_label_name: { image_id: string; label_name: string };
  null_microns_per_pixel_image_id: string;
  null_dataset_image_ids: string[];
  stringified_institution_image_ids: string[];
  en_dash_stain: string;
  images_16bit_grey: string[];
  labels: string[];
};

/** What the fixture must yield, whichever format it is read from (file names aside). */
function expectFixtureSummary(summary: ImportSummary, files: string[]) {
  expect(summary.rowsRead).toBe(expected.rows_total);
  expect(summary.rowsImported).toBe(expected.images_importable);
  expect(summary.rowsSkipped).toBe(expected.rows_total - expected.images_importable);
  expect(summary.files).toEqual(files.map((file, i) => ({ file, rows: Object.values(expected.files)[i] })));
  expect(summary.rejectedFiles).toEqual([]);
  expect(summary.skipped).toEqual([
    {
      file: files[1],
      row: 12,
      sourceImageId: expected.corrupt_image_id,
      code: 'UNDECODABLE_IMAGE',
      field: 'image',
      // libvips' error text varies between runs ("vipspng: libpng read error", "Unknown error")
      message: expect.stringMatching(
        new RegExp(
          `^${files[1]!.replace('.', '\\.')} row 12 \\(image_id ${expected.corrupt_image_id}\\): image bytes do not decode \\(.+\\)$`,
        ),
      ),
    },
    {
      file: files[1],
      row: 13,
      sourceImageId: expected.repeated_image_id_with_other_content,
      code: 'DUPLICATE_IMAGE_ID',
      field: 'image_id',
      message: `${files[1]} row 13 (image_id ${expected.repeated_image_id_with_other_content}): image_id already imported from ${files[0]} row 10 with other content; the first is kept`,
    },
  ]);
  expect(summary.corrections).toEqual({
    // every importable row has string caption answer_idx values
    ANSWER_IDX_STRING: 25,
    DATASET_FROM_STAIN: 3,
    // the four wu_et_al_2023 rows carry pmid ""
    EMPTY_STRING_AS_NULL: 4,
    INSTITUTION_LIST_PARSED: 5,
    LABEL_NAME_WINS: 1,
  });
}

describe('importing the real-format fixture', () => {
  let rt: TestRuntime;
  let arrow: ImportSummary;
  let parquet: ImportSummary;

  beforeAll(async () => {
    rt = await createTestRuntime();
    arrow = await importRelease(rt, {
      sources: [fixtureDir],
      benchmark: { slug: 'ubench', name: 'μ-Bench', source: 'fixture' },
      revision: 'fixture-arrow',
    });
    parquet = await importRelease(rt, {
      sources: [`${fixtureDir}parquet`],
      benchmark: { slug: 'ubench-parquet', name: 'μ-Bench (Parquet)', source: 'fixture' },
      revision: 'fixture-parquet',
    });
  });
  afterAll(async () => rt.destroy());

  it('reads the Arrow stream shards as EXPECTED.json says', () => {
    expectFixtureSummary(arrow, ['ubench-test-00000-of-00002.arrow', 'ubench-test-00001-of-00002.arrow']);
  });

  it('reads the Parquet conversion as EXPECTED.json says', () => {
    expectFixtureSummary(parquet, ['0000.parquet', '0001.parquet']);
  });

  it('stores the same corpus from Arrow and from Parquet', async () => {
    const strip = (dump: Record<string, unknown[]>) => ({
      images: dump.images!.map((r) => ({ ...(r as object), source_file: undefined, revision: undefined })),
      questions: dump.questions,
    });
    expect(strip(await dumpCorpus(rt.handle, 'ubench-parquet'))).toEqual(strip(await dumpCorpus(rt.handle, 'ubench')));
  });

  it('applies every quirk to the stored images', async () => {
    const { images } = await dumpCorpus(rt.handle, 'ubench');
    const byId = new Map((images as Record<string, unknown>[]).map((r) => [r.source_image_id as string, r]));
    expect(byId.size).toBe(expected.images_importable);
    expect(byId.has(expected.corrupt_image_id)).toBe(false);

    const disagree = byId.get(expected.label_disagrees_with_label_name.image_id)!;
    expect(disagree.label_names).toEqual([expected.label_disagrees_with_label_name.label_name]);
    expect(disagree.label_index).toBe(2); // kept for traceability

    expect(byId.get(expected.null_microns_per_pixel_image_id)!.microns_per_pixel).toBeNull();
    expect(expected.null_dataset_image_ids.map((id) => byId.get(id)!.source_dataset)).toEqual([
      'held_et_al_2010_galt',
      'held_et_al_2010_h2b',
      'held_et_al_2010_h2b',
    ]);
    for (const id of expected.stringified_institution_image_ids) {
      expect(byId.get(id)!.institutions).toEqual([
        'National Center for Tumor Diseases Biobank, Heidelberg, Germany',
        'University Medical Center Mannheim, Mannheim, Germany',
      ]);
    }
    expect(byId.get(expected.null_dataset_image_ids[0]!)!.stain).toBe(expected.en_dash_stain);
    for (const id of expected.images_16bit_grey) {
      expect(byId.get(id)).toMatchObject({ bit_depth: 16, channels: 1, mime_type: 'image/png', width: 64, height: 64 });
    }
    // the first occurrence of the repeated id is kept: shard 0, row 10
    expect(byId.get(expected.repeated_image_id_with_other_content)).toMatchObject({
      source_file: 'ubench-test-00000-of-00002.arrow',
      source_row: 10,
      stain: 'GalT–EGFP',
    });
    const labels = [...new Set([...byId.values()].flatMap((r) => r.label_names as string[]))].sort();
    expect(labels).toEqual(expected.labels.filter((l) => labels.includes(l)));
    expect(labels).toEqual([
      'abnormal',
      'background',
      'basophil',
      'eosinophil',
      'g1',
      'interphase',
      'lymphocyte',
      'metaphase',
      'monocyte',
      'neutrophil',
      'normal',
      'smooth_muscle',
      'tumor',
    ]);

    expect(byId.get('72bb912d-7da6-4785-b63b-4dc3a559e463')).toMatchObject({
      mime_type: 'image/jpeg',
      channels: 3,
      bit_depth: 8,
      source_dataset: 'eulenberg_et_al_2017_darkfield',
      scale: 'cellular',
      submodality: 'darkfield microscopy',
      modality: 'light microscopy',
    });
    expect(byId.get('d5b077e0-6a5d-432b-85ff-2c83b495db4e')).toMatchObject({
      channels: 4,
      synthetic: true,
      organism: 'NCBITaxon_synthetic',
    });
    expect(byId.get('a6348e78-4d5c-45c7-b379-cb1ee8cda0cc')).toMatchObject({
      normal_abnormal: 'normal',
      pmid: null,
      scale: 'subcellular',
    });
    expect(byId.get('eb1fa9f2-d10b-41d0-b317-347038f16a81')).toMatchObject({
      normal_abnormal: 'abnormal',
      scale: 'tissue',
    });
    expect(byId.get('1b049863-7d7d-4bed-9284-476c6b88f83d')!.bbox).toEqual([
      [10, 12, 60, 70],
      [100, 80, 140, 130],
    ]);

    for (const row of byId.values()) {
      const bytes = await rt.store.get(row.content_hash as string);
      expect(bytes?.length).toBe(row.byte_size);
    }
  });

  it('stores every question and caption set with options in released order and the gold index', async () => {
    const { questions } = await dumpCorpus(rt.handle, 'ubench');
    const of = (id: string) => (questions as Record<string, unknown>[]).filter((q) => q.source_image_id === id);
    const first = of('bdd640fb-0667-4ad1-9c80-317fa3b1799d');
    expect(first.map((q) => q.key)).toEqual([
      'classification',
      'classification_0',
      'classification_1',
      'domain',
      'domain_0',
      'domain_1',
      'modality',
      'modality_0',
      'modality_1',
      'stain',
      'stain_0',
      'stain_1',
      'subdomain',
      'subdomain_0',
      'subdomain_1',
      'submodality',
      'submodality_0',
      'submodality_1',
    ]);
    expect(first.find((q) => q.key === 'classification')).toEqual({
      source_image_id: 'bdd640fb-0667-4ad1-9c80-317fa3b1799d',
      key: 'classification',
      source_question_id: 'a9488d99-0bbb-4599-91ce-5dd2b45ed1f0',
      type: 'classification',
      protocol: 'vqa',
      template: null,
      name: 'classification',
      text: 'What is shown in this image?',
      options: ['lymphocyte', 'basophil', 'neutrophil', 'none of the above'],
      answer_index: 1,
      answer: 'basophil',
    });
    expect(first.find((q) => q.key === 'submodality_1')).toEqual({
      source_image_id: 'bdd640fb-0667-4ad1-9c80-317fa3b1799d',
      key: 'submodality_1',
      source_question_id: 'a0ee89ae-d453-4d32-8b0d-bb418d5288f1',
      type: 'submodality',
      protocol: 'caption',
      template: 1,
      name: 'submodality',
      text: 'An image captured with {class}.',
      options: [
        'An image captured with cryo-electron tomography.',
        'An image captured with epifluorescence microscopy.',
        'An image captured with synthetic.',
        'An image captured with darkfield microscopy.',
        'An image captured with brightfield microscopy.',
        'none of the above',
      ],
      answer_index: 4,
      answer: 'An image captured with brightfield microscopy.',
    });
    // electron micrographs: null `stain` VQA question, skipped silently (no issue)
    expect(of('a6348e78-4d5c-45c7-b379-cb1ee8cda0cc').map((q) => q.key)).not.toContain('stain');
    // Held rows: null classification question and captions
    expect(of('f510ab53-c7fe-439f-9190-f938a66fd7f7').filter((q) => q.type === 'classification')).toEqual([]);
    expect(questions!.length).toBe(437);
  });

  it('is idempotent: importing the same revision again changes nothing', async () => {
    const before = await dumpCorpus(rt.handle, 'ubench');
    const [{ updated }] = (await rt.handle.query(`select max(updated_at)::text as updated from images`)) as [
      { updated: string },
    ];
    const again = await importRelease(rt, {
      sources: [fixtureDir],
      benchmark: { slug: 'ubench', name: 'μ-Bench', source: 'fixture' },
      revision: 'fixture-arrow',
    });
    expect(again).toEqual({ ...arrow, unchanged: true });
    expect(await dumpCorpus(rt.handle, 'ubench')).toEqual(before);
    expect(await rt.handle.query(`select max(updated_at)::text as updated from images`)).toEqual([{ updated }]);
  });

  it('records the revision totals and corrections', async () => {
    expect(
      await rt.handle.query(
        `select r.revision, r.status, r.rows_read, r.rows_imported, r.rows_skipped, r.corrections
         from benchmark_revisions r order by r.id`,
      ),
    ).toEqual([
      {
        revision: 'fixture-arrow',
        status: 'complete',
        rows_read: 27,
        rows_imported: 25,
        rows_skipped: 2,
        corrections: arrow.corrections,
      },
      {
        revision: 'fixture-parquet',
        status: 'complete',
        rows_read: 27,
        rows_imported: 25,
        rows_skipped: 2,
        corrections: parquet.corrections,
      },
    ]);
  });

  it('reports counts per table and per axis value (db status)', async () => {
    const status = await dbStatus(rt.handle);
    const count = (table: string) => status.tables.find((t) => t.table === table)?.rows;
    expect([count('images'), count('questions'), count('benchmark_revisions'), count('import_batches')]).toEqual([
      50, 874, 2, 8,
    ]);
    expect(status.revisions.map((r) => [r.benchmark, r.revision, r.status, r.rowsImported])).toEqual([
      ['ubench', 'fixture-arrow', 'complete', 25],
      ['ubench-parquet', 'fixture-parquet', 'complete', 25],
    ]);
    expect(status.axes.modality).toEqual([
      { value: 'light microscopy', n: 28 },
      { value: 'fluorescence microscopy', n: 14 },
      { value: 'electron microscopy', n: 8 },
    ]);
    expect(status.axes.stain).toContainEqual({ value: 'GalT–EGFP', n: 2 });
    expect(status.axes.scale).toEqual([
      { value: 'cellular', n: 30 },
      { value: 'subcellular', n: 10 },
      { value: 'tissue', n: 10 },
    ]);
    expect(status.axes.normalAbnormal).toEqual([
      { value: '(none)', n: 40 },
      { value: 'abnormal', n: 6 },
      { value: 'normal', n: 4 },
    ]);
    expect(formatDbStatus(status)).toContain('images by taxonomyGroup:');
  });
});
