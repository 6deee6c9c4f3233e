import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import {
  Binary,
  Bool,
  Field,
  Float32,
  Int64,
  List,
  makeData,
  Null,
  RecordBatch,
  RecordBatchFileWriter,
  RecordBatchStreamWriter,
  Schema,
  Struct,
  Utf8,
  vectorFromArray,
  type DataType,
} from 'apache-arrow';
import { asyncBufferFromFile, parquetMetadataAsync } from 'hyparquet';
import { parquetWriteFile } from 'hyparquet-writer';
import sharp, { type CreateRaw } from 'sharp';

/**
 * Writes files in the μ-Bench release schema (22 columns, release order, `huggingface` features metadata) for
 * tests and benchmarks: Arrow IPC stream or file with apache-arrow, Parquet with hyparquet-writer using the
 * exact Parquet schema of the pyarrow-written fixture. Rows are plain objects as the importer reads them.
 */

export type ReleaseQuestion = {
  question: string;
  options: string[];
  answer: string;
  answer_idx: number;
  id: string;
  name: string;
  tags: null;
};
export type ReleaseCaption = {
  id: string;
  name: string;
  question: string;
  answer_idx: string;
  options: string[];
  tags: null;
};
export type ReleaseRow = {
  image_id: string;
  image: { bytes: Uint8Array; path: string };
  label: number;
  label_name: string;
  dataset: string | null;
  domain: string;
  institution: string;
  license: string;
  microns_per_pixel: number | null;
  modality: string;
  ncbitaxon_id: string;
  ncbitaxon_name: string;
  pmid: string;
  split: string;
  stain: string;
  subdomain: string;
  submodality: string;
  synthetic: boolean;
  captions: Record<string, ReleaseCaption | null>;
  questions: Record<string, ReleaseQuestion | null>;
  bbox: number[][] | null;
  polygon: number[][] | null;
};

export const questionKeys = ['classification', 'domain', 'modality', 'stain', 'subdomain', 'submodality'] as const;
export const captionKeys = questionKeys.flatMap((k) => [`${k}_0`, `${k}_1`]);

const listOf = (t: DataType) => new List(new Field('item', t, true));
const captionType = new Struct([
  new Field('id', new Utf8(), true),
  new Field('name', new Utf8(), true),
  new Field('question', new Utf8(), true),
  new Field('answer_idx', new Utf8(), true),
  new Field('options', listOf(new Utf8()), true),
  new Field('tags', new Null(), true),
]);
const questionType = new Struct([
  new Field('question', new Utf8(), true),
  new Field('options', listOf(new Utf8()), true),
  new Field('answer', new Utf8(), true),
  new Field('answer_idx', new Int64(), true),
  new Field('id', new Utf8(), true),
  new Field('name', new Utf8(), true),
  new Field('tags', new Null(), true),
]);

const columnTypes: [string, DataType][] = [
  ['image_id', new Utf8()],
  ['image', new Struct([new Field('bytes', new Binary(), true), new Field('path', new Utf8(), true)])],
  ['label', new Int64()],
  ['label_name', new Utf8()],
  ['dataset', new Utf8()],
  ['domain', new Utf8()],
  ['institution', new Utf8()],
  ['license', new Utf8()],
  ['microns_per_pixel', new Float32()],
  ['modality', new Utf8()],
  ['ncbitaxon_id', new Utf8()],
  ['ncbitaxon_name', new Utf8()],
  ['pmid', new Utf8()],
  ['split', new Utf8()],
  ['stain', new Utf8()],
  ['subdomain', new Utf8()],
  ['submodality', new Utf8()],
  ['synthetic', new Bool()],
  ['captions', new Struct(captionKeys.map((k) => new Field(k, captionType, true)))],
  ['questions', new Struct(questionKeys.map((k) => new Field(k, questionType, true)))],
  ['bbox', listOf(listOf(new Float32()))],
  ['polygon', listOf(listOf(new Float32()))],
];

/** The `huggingface` schema metadata the Hub writes (features with the ClassLabel names of `label`). */
export function huggingfaceMetadata(labelNames: string[]): string {
  const value = (dtype: string) => ({ dtype, _type: 'Value' });
  const caption = {
    id: value('string'),
    name: value('string'),
    question: value('string'),
    answer_idx: value('string'),
    options: { feature: value('string'), _type: 'Sequence' },
    tags: value('null'),
  };
  const question = {
    question: value('string'),
    options: { feature: value('string'), _type: 'Sequence' },
    answer: value('string'),
    answer_idx: value('int64'),
    id: value('string'),
    name: value('string'),
    tags: value('null'),
  };
  const features = {
    image_id: value('string'),
    image: { _type: 'Image' },
    label: { names: labelNames, _type: 'ClassLabel' },
    label_name: value('string'),
    dataset: value('string'),
    domain: value('string'),
    institution: value('string'),
    license: value('string'),
    microns_per_pixel: value('float32'),
    modality: value('string'),
    ncbitaxon_id: value('string'),
    ncbitaxon_name: value('string'),
    pmid: value('string'),
    split: value('string'),
    stain: value('string'),
    subdomain: value('string'),
    submodality: value('string'),
    synthetic: value('bool'),
    captions: Object.fromEntries(captionKeys.map((k) => [k, caption])),
    questions: Object.fromEntries(questionKeys.map((k) => [k, question])),
    bbox: { feature: { feature: value('float32'), _type: 'Sequence' }, _type: 'Sequence' },
    polygon: { feature: { feature: value('float32'), _type: 'Sequence' }, _type: 'Sequence' },
  };
  return JSON.stringify({ info: { features } });
}

export type WriteOptions = {
  labelNames: string[];
  /** Rows per record batch / row group. */
  batchSize?: number;
  /** Leave these columns out (bad-input tests). */
  omitColumns?: string[];
};

function releaseSchema(options: WriteOptions): Schema {
  const fields = columnTypes
    .filter(([name]) => !options.omitColumns?.includes(name))
    .map(([name, type]) => new Field(name, type, true));
  return new Schema(fields, new Map([['huggingface', huggingfaceMetadata(options.labelNames)]]));
}

function toArrowValue(name: string, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (name === 'label') return BigInt(value as number);
  if (name === 'questions') {
    return Object.fromEntries(
      Object.entries(value as Record<string, ReleaseQuestion | null>).map(([k, q]) => [
        k,
        q ? { ...q, answer_idx: BigInt(q.answer_idx) } : null,
      ]),
    );
  }
  return value;
}

function toBatch(schema: Schema, rows: ReleaseRow[]): RecordBatch {
  const children = schema.fields.map(
    (f) =>
      vectorFromArray(
        rows.map((r) => toArrowValue(f.name, (r as Record<string, unknown>)[f.name])),
        f.type,
      ).data[0]!,
  );
  const data = makeData({ type: new Struct(schema.fields), length: rows.length, nullCount: 0, children });
  return new RecordBatch(schema, data);
}

/**
 * Writes rows as an Arrow IPC stream (`format: 'stream'`, as the Hub's `*.arrow` shards) or file. `rows` may be
 * an async iterable, so large corpora are written batch by batch without holding every row.
 */
export async function writeReleaseArrow(
  path: string,
  rows: Iterable<ReleaseRow> | AsyncIterable<ReleaseRow>,
  options: WriteOptions & { format?: 'stream' | 'file' },
): Promise<number> {
  const schema = releaseSchema(options);
  const writer = options.format === 'file' ? new RecordBatchFileWriter() : new RecordBatchStreamWriter();
  const out = createWriteStream(path);
  const piped = writer.toNodeStream().pipe(out);
  writer.reset(undefined, schema);
  const batchSize = options.batchSize ?? 8;
  let pending: ReleaseRow[] = [];
  let count = 0;
  for await (const row of rows) {
    pending.push(row);
    count++;
    if (pending.length >= batchSize) {
      writer.write(toBatch(schema, pending));
      pending = [];
    }
  }
  if (pending.length) writer.write(toBatch(schema, pending));
  writer.finish();
  await once(piped, 'finish');
  return count;
}

const fixtureParquet = fileURLToPath(new URL('../../fixtures/ubench-format/parquet/0000.parquet', import.meta.url));

/** Writes rows as Parquet with the release's exact Parquet schema (taken from the pyarrow-written fixture). */
export async function writeReleaseParquet(path: string, rows: ReleaseRow[], options: WriteOptions): Promise<void> {
  const metadata = await parquetMetadataAsync(await asyncBufferFromFile(fixtureParquet));
  const omitted = new Set(options.omitColumns ?? []);
  // Drop omitted top-level columns (and their subtrees) from the flattened schema.
  const schema = [];
  const elements = metadata.schema;
  const root = { ...elements[0]!, num_children: 0 };
  schema.push(root);
  let i = 1;
  while (i < elements.length) {
    const start = i;
    let remaining = 1;
    while (remaining > 0) {
      remaining += (elements[i]!.num_children ?? 0) - 1;
      i++;
    }
    if (!omitted.has(elements[start]!.name)) {
      schema.push(...elements.slice(start, i));
      root.num_children++;
    }
  }
  const columnData = columnTypes
    .filter(([name]) => !omitted.has(name))
    .map(([name]) => ({
      name,
      data: rows.map((r) => toArrowValue(name, (r as Record<string, unknown>)[name])),
    }));
  await parquetWriteFile({
    filename: path,
    columnData,
    // hyparquet-writer bundles its own hyparquet version; the schema elements are the same shape.
    schema: schema as never,
    rowGroupSize: options.batchSize ?? 8,
    kvMetadata: [{ key: 'huggingface', value: huggingfaceMetadata(options.labelNames) }],
  });
}

/** A small deterministic PRNG (mulberry32) so synthesised corpora are reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A deterministic UUID-shaped id from a seed and an index. */
export function fakeUuid(seed: number, i: number): string {
  const r = rng(seed * 1_000_003 + i);
  const hex = Array.from({ length: 32 }, () => Math.floor(r() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A small PNG of random noise (8-bit RGB, or 16-bit grey with `grey16`). */
export async function noisePng(seed: number, size = 32, grey16 = false): Promise<Uint8Array> {
  const r = rng(seed);
  if (grey16) {
    const px = new Uint16Array(size * size).map(() => Math.floor(r() * 65535));
    // `depth` is accepted by libvips but missing from sharp's CreateRaw type.
    const raw = { width: size, height: size, channels: 1, depth: 'ushort' } as CreateRaw;
    return sharp(Buffer.from(px.buffer), { raw }).toColourspace('grey16').png().toBuffer();
  }
  const px = Buffer.from(new Uint8Array(size * size * 3).map(() => Math.floor(r() * 256)));
  return sharp(px, { raw: { width: size, height: size, channels: 3 } })
    .png()
    .toBuffer();
}

const DEFAULT_LABELS = ['basophil', 'lymphocyte', 'neutrophil'];

/** One valid row in the release schema (acevedo-like hematopathology), with every question and caption set. */
export function makeReleaseRow(i: number, bytes: Uint8Array, overrides: Partial<ReleaseRow> = {}): ReleaseRow {
  const labelNames = DEFAULT_LABELS;
  const label = i % labelNames.length;
  const labelName = labelNames[label]!;
  const options = [...labelNames, 'none of the above'];
  const vqa = (name: string, opts: string[], answer: string): ReleaseQuestion => ({
    question: `Which ${name}?`,
    options: opts,
    answer,
    answer_idx: opts.indexOf(answer),
    id: fakeUuid(7, i * 100 + opts.length + name.length),
    name,
    tags: null,
  });
  const caption = (name: string, k: number, opts: string[], answer: string): ReleaseCaption => ({
    id: fakeUuid(11, i * 100 + name.length),
    name,
    question: k === 0 ? `A micrograph of {class}.` : `An image showing {class}.`,
    answer_idx: String(opts.indexOf(answer)),
    options: opts.map((o) =>
      o === 'none of the above' ? o : (k === 0 ? 'A micrograph of ' : 'An image showing ') + o + '.',
    ),
    tags: null,
  });
  const axes: Record<string, [string[], string]> = {
    classification: [options, labelName],
    domain: [['pathology', 'biology', 'none of the above'], 'pathology'],
    modality: [
      ['light microscopy', 'fluorescence microscopy', 'electron microscopy', 'none of the above'],
      'light microscopy',
    ],
    stain: [['Giemsa', 'H&E', 'none of the above'], 'Giemsa'],
    subdomain: [['hematopathology', 'cell biology', 'none of the above'], 'hematopathology'],
    submodality: [['brightfield microscopy', 'darkfield microscopy', 'none of the above'], 'brightfield microscopy'],
  };
  return {
    image_id: fakeUuid(1, i),
    image: { bytes, path: `${i}.png` },
    label,
    label_name: labelName,
    dataset: 'acevedo_et_al_2020',
    domain: 'pathology',
    institution: 'hosp_barcelona',
    license: 'CC-BY-4.0',
    microns_per_pixel: 0.1,
    modality: 'light microscopy',
    ncbitaxon_id: 'NCBITaxon_9606',
    ncbitaxon_name: 'Homo sapiens',
    pmid: '32346559',
    split: 'test',
    stain: 'Giemsa',
    subdomain: 'hematopathology',
    submodality: 'brightfield microscopy',
    synthetic: false,
    captions: Object.fromEntries(
      captionKeys.map((key) => {
        const name = key.replace(/_\d$/, '');
        const [opts, answer] = axes[name]!;
        return [key, caption(name, Number(key.slice(-1)), opts, answer)];
      }),
    ),
    questions: Object.fromEntries(
      questionKeys.map((name) => {
        const [opts, answer] = axes[name]!;
        return [name, vqa(name, opts, answer)];
      }),
    ),
    bbox: null,
    polygon: null,
    ...overrides,
  };
}

export const defaultLabelNames = DEFAULT_LABELS;
