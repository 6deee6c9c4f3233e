import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordBatchStreamReader, tableFromIPC, type Field, type Schema } from 'apache-arrow';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasets as taxonomyDatasets, normalAbnormalOf } from '../../src/benchmarks/ubench/taxonomy.js';
import { demoDatasets, demoLabelNames, organismOf } from './catalogue.js';
import { demoRevision, generateDemoCorpus } from './index.js';
import { Rng } from './rng.js';
import { MAX_OPTIONS, NONE_OF_THE_ABOVE, rowPlan } from './rows.js';
import { captionKeys, questionTypes, releaseColumns } from './schema.js';

/** The shared sample written by pyarrow exactly as the Hub writes the release (copied into the repository). */
const FIXTURE = new URL('../../fixtures/ubench-format/ubench-test-00000-of-00002.arrow', import.meta.url);

const D = demoDatasets.length;
/** Two rows of every class of every dataset (the largest dataset has 6 classes). */
const COUNT = D * 6 * 2;

let dir: string;
let again: string;
let other: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'demo-a-'));
  again = await mkdtemp(join(tmpdir(), 'demo-b-'));
  other = await mkdtemp(join(tmpdir(), 'demo-c-'));
  const opts = { count: COUNT, imageSize: 96, shardRows: 60, batchRows: 25 };
  await generateDemoCorpus({ ...opts, outDir: dir });
  await generateDemoCorpus({ ...opts, outDir: again });
  await generateDemoCorpus({ ...opts, outDir: other, seed: 1000, count: 24 });
});

afterAll(async () => {
  for (const d of [dir, again, other]) await rm(d, { recursive: true, force: true });
});

async function sha256(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
}

async function arrowFiles(d: string): Promise<string[]> {
  return (await readdir(d)).filter((f) => f.endsWith('.arrow')).sort();
}

async function readRows(d: string) {
  const rows = [];
  for (const f of await arrowFiles(d)) {
    const table = tableFromIPC(await readFile(join(d, f)));
    for (let i = 0; i < table.numRows; i++) rows.push(table.get(i)!.toJSON());
  }
  return rows;
}

async function schemaOf(path: string | URL): Promise<Schema> {
  const reader = RecordBatchStreamReader.from(await readFile(path));
  reader.open();
  return reader.schema;
}

/** Field tree as text: name, Arrow type id, nullability and children, recursively. */
function shape(f: Field): string {
  const children = (f.type.children ?? []) as Field[];
  return `${f.name}:${f.type.typeId}${f.nullable ? '?' : ''}${children.length ? `(${children.map(shape).join(',')})` : ''}`;
}

describe('generateDemoCorpus', () => {
  it('writes the release shard layout and reports the revision', async () => {
    expect(await arrowFiles(dir)).toEqual([
      'ubench-test-00000-of-00003.arrow',
      'ubench-test-00001-of-00003.arrow',
      'ubench-test-00002-of-00003.arrow',
    ]);
    expect(demoRevision({ count: COUNT, imageSize: 96, shardRows: 60, batchRows: 25 })).toBe(
      `demo-v1-seed1-n${COUNT}-px96-sh60x25`,
    );
    expect(demoRevision()).toBe('demo-v1-seed1-n1200');
  });

  it('is deterministic: the same options give byte-identical files', async () => {
    const files = await arrowFiles(dir);
    expect(await arrowFiles(again)).toEqual(files);
    for (const f of files) expect(await sha256(join(again, f))).toBe(await sha256(join(dir, f)));
  });

  it('draws different rows for a different seed (no shared image ids or image bytes)', async () => {
    const a = await readRows(dir);
    const b = await readRows(other);
    const ids = new Set(a.map((r) => r.image_id));
    const hashes = new Set(a.map((r) => createHash('sha256').update(r.image.bytes).digest('hex')));
    expect(b).toHaveLength(24);
    for (const r of b) {
      expect(ids.has(r.image_id)).toBe(false);
      expect(hashes.has(createHash('sha256').update(r.image.bytes).digest('hex'))).toBe(false);
    }
  });

  it('has exactly the release schema of the shared pyarrow fixture (fields, types, features metadata)', async () => {
    const fixture = await schemaOf(FIXTURE);
    const demo = await schemaOf(join(dir, 'ubench-test-00000-of-00003.arrow'));
    expect(demo.fields.map((f) => f.name)).toEqual([...releaseColumns]);
    expect(demo.fields.map(shape)).toEqual(fixture.fields.map(shape));
    expect([...demo.metadata.keys()]).toEqual([...fixture.metadata.keys()]);
    const features = (s: Schema) => JSON.parse(s.metadata.get('huggingface')!).info.features;
    const want = features(fixture);
    const got = features(demo);
    expect(got.label).toEqual({ names: [...demoLabelNames], _type: 'ClassLabel' });
    delete want.label.names;
    delete got.label.names;
    expect(got).toEqual(want);
  });

  it('reads back with apache-arrow in record batches of batchRows', async () => {
    const reader = RecordBatchStreamReader.from(await readFile(join(dir, 'ubench-test-00000-of-00003.arrow')));
    expect([...reader].map((b) => b.numRows)).toEqual([25, 25, 10]);
    expect(await readRows(dir)).toHaveLength(COUNT);
  });

  it('writes every row as the catalogue plans it, with the release quirks', async () => {
    const rows = await readRows(dir);
    rows.forEach((r, i) => {
      const { dataset: d, label } = rowPlan(i);
      expect(r.label_name).toBe(label);
      expect(demoLabelNames[Number(r.label)]).toBe(label);
      expect(r.dataset).toBe(d.datasetColumn);
      expect(r.image_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(r.split).toBe('test');
      expect([r.ncbitaxon_id, r.ncbitaxon_name]).toEqual([organismOf(d, label).id, organismOf(d, label).name]);
      expect(r.image.path).toBe(`${r.image_id}.${r.image.path.endsWith('.jpg') ? 'jpg' : 'png'}`);
    });
    expect(new Set(rows.map((r) => r.image_id)).size).toBe(COUNT);
    const held = rows.filter((r) => r.stain === 'H2B-mCherry' || r.stain === 'GalT–EGFP');
    expect(held.length).toBeGreaterThan(0);
    expect(held.every((r) => r.dataset === null)).toBe(true);
    expect(rows.some((r) => r.institution.startsWith("['"))).toBe(true);
    expect(new Set(rows.map((r) => r.license))).toEqual(
      new Set(['CC-BY-4.0', 'CC-BY-NC-4.0', 'CC0-1.0', 'CC-BY-NC-SA-4.0', 'Unknown']),
    );
    expect(rows.filter((r) => r.bbox !== null).length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.polygon !== null).length).toBeGreaterThan(0);
  });

  it('keeps the option invariants of every question and caption set', async () => {
    const rows = await readRows(dir);
    for (const r of rows) {
      const isEm = r.modality === 'electron microscopy';
      for (const type of questionTypes) {
        const q = r.questions[type];
        if (type === 'stain' && isEm) {
          expect(q).toBeNull();
        } else {
          const options = [...q.options];
          expect(options.length).toBeLessThanOrEqual(MAX_OPTIONS);
          expect(options.length).toBeGreaterThanOrEqual(3);
          expect(options.at(-1)).toBe(NONE_OF_THE_ABOVE);
          expect(new Set(options).size).toBe(options.length);
          expect(typeof q.answer_idx).toBe('bigint');
          expect(options[Number(q.answer_idx)]).toBe(q.answer);
          expect(Number(q.answer_idx)).toBeLessThan(options.length - 1);
          expect(q.name).toBe(type);
          expect(q.answer).toBe(type === 'classification' ? r.label_name : r[type]);
        }
        const c0 = r.captions[`${type}_0`];
        const c1 = r.captions[`${type}_1`];
        for (const c of [c0, c1]) {
          expect(typeof c.answer_idx).toBe('string');
          expect(c.answer_idx).toMatch(/^[0-7]$/);
          expect(c.question).toContain('{class}');
          const options = [...c.options] as string[];
          expect(options.length).toBeLessThanOrEqual(MAX_OPTIONS);
          expect(options.at(-1)).toBe(NONE_OF_THE_ABOVE);
          expect(c.tags).toBeNull();
          const gold = type === 'classification' ? r.label_name.replace(/_/g, ' ') : r[type];
          expect(options[Number(c.answer_idx)]).toBe(c.question.replace('{class}', gold));
          if (q) expect(options).toHaveLength(q.options.length);
          if (q) expect(c.answer_idx).toBe(String(q.answer_idx));
        }
        expect(c0.id).toBe(c1.id);
      }
      expect(Object.keys(r.captions)).toEqual([...captionKeys]);
    }
  });

  it('shuffles options per image', async () => {
    const rows = await readRows(dir);
    const orders = new Set(rows.map((r) => [...r.questions.modality.options].join('|')));
    expect(orders.size).toBeGreaterThan(3);
  });

  it('encodes decodable images of the requested size: JPEG, RGB PNG, 8-bit grey and 16-bit grey PNG', async () => {
    const rows = await readRows(dir);
    const kinds = new Set<string>();
    for (const r of rows) {
      const meta = await sharp(r.image.bytes).metadata();
      expect([meta.width, meta.height]).toEqual([96, 96]);
      kinds.add(`${meta.format}/${meta.channels}/${meta.depth}`);
      if (r.stain === 'H2B-mCherry') expect([meta.format, meta.channels, meta.depth]).toEqual(['png', 1, 'ushort']);
    }
    expect([...kinds].sort()).toEqual(['jpeg/3/uchar', 'png/1/uchar', 'png/1/ushort', 'png/3/uchar']);
  });

  it('rejects bad options with a RangeError naming the option', async () => {
    await expect(generateDemoCorpus({ outDir: dir, count: 0 })).rejects.toThrow(/count must be an integer/);
    await expect(generateDemoCorpus({ outDir: dir, imageSize: 8 })).rejects.toThrow(/imageSize/);
    await expect(generateDemoCorpus({ outDir: dir, seed: 1.5 })).rejects.toThrow(/seed/);
    // @ts-expect-error an unknown format from untyped callers
    await expect(generateDemoCorpus({ outDir: dir, format: 'csv' })).rejects.toThrow(/unknown format csv/);
  });
});

describe('demo catalogue', () => {
  it('balances classes: per dataset, class counts differ by at most one', () => {
    const counts = new Map<string, Map<string, number>>();
    for (let i = 0; i < 1200; i++) {
      const { dataset, label } = rowPlan(i);
      const m = counts.get(dataset.slug) ?? new Map<string, number>();
      counts.set(dataset.slug, m.set(label, (m.get(label) ?? 0) + 1));
    }
    expect(counts.size).toBe(D);
    for (const d of demoDatasets) {
      const perClass = [...counts.get(d.slug)!.values()];
      expect(perClass).toHaveLength(d.labels.length);
      expect(Math.max(...perClass) - Math.min(...perClass)).toBeLessThanOrEqual(1);
      expect(perClass.reduce((a, b) => a + b)).toBe(1200 / D);
    }
  });

  it('uses real source-dataset slugs, so the curated task / group / scale mapping applies', () => {
    for (const d of demoDatasets) expect(taxonomyDatasets[d.slug], d.slug).toBeDefined();
    const tasks = new Set(demoDatasets.map((d) => taxonomyDatasets[d.slug]!.task));
    expect(tasks.size).toBeGreaterThanOrEqual(6);
    expect(new Set(demoDatasets.map((d) => taxonomyDatasets[d.slug]!.scale))).toEqual(
      new Set(['tissue', 'cellular', 'subcellular']),
    );
    expect(new Set(demoDatasets.map((d) => taxonomyDatasets[d.slug]!.group)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(demoDatasets.map((d) => d.submodality)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(demoDatasets.map((d) => d.stain)).size).toBeGreaterThanOrEqual(6);
    const organisms = new Set(demoDatasets.flatMap((d) => d.labels.map((l) => organismOf(d, l).id)));
    expect(organisms).toEqual(
      new Set([
        'NCBITaxon_9606',
        'NCBITaxon_10090',
        'NCBITaxon_4097',
        'NCBITaxon_13451',
        'NCBITaxon_3516',
        'NCBITaxon_synthetic',
      ]),
    );
    const states = new Set(demoDatasets.flatMap((d) => d.labels.map((l) => normalAbnormalOf(d.slug, [l]))));
    expect(states).toEqual(new Set(['normal', 'abnormal', null]));
    expect(demoLabelNames).toEqual([...demoLabelNames].sort());
  });

  it('throws on a class a drawer does not know', () => {
    for (const d of demoDatasets)
      expect(() => d.draw('no_such_class', new Rng(1), 64)).toThrow(/unknown class no_such_class/);
  });
});

describe('writeContactSheet', () => {
  it('draws one captioned row per source dataset with perClass tiles of each class', async () => {
    const { writeContactSheet } = await import('./contact-sheet.js');
    const files = (await arrowFiles(dir)).map((f) => join(dir, f));
    const png = join(dir, 'sheet.png');
    await writeContactSheet(files, png, { tile: 32, perClass: 2 });
    const meta = await sharp(png).metadata();
    const widest = Math.max(...demoDatasets.map((d) => d.labels.length));
    // Held rows (null `dataset`) are grouped by stain, so every catalogue dataset gets its own row.
    expect([meta.format, meta.width, meta.height]).toEqual(['png', widest * 2 * 32, D * (32 + 16)]);
  });
});
