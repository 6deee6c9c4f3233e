import { parquetWriteBuffer } from 'hyparquet-writer';
import { encodeArrowStream } from './arrow.js';
import type { ReleaseRow } from './rows.js';
import { captionKeys, questionTypes, releaseFeatures, releaseSchema } from './schema.js';

/** hyparquet-writer's own SchemaElement (it bundles its own hyparquet version). */
type SchemaElement = NonNullable<Parameters<typeof parquetWriteBuffer>[0]['schema']>[number];

const string = (name: string): SchemaElement => ({
  name,
  type: 'BYTE_ARRAY',
  repetition_type: 'OPTIONAL',
  converted_type: 'UTF8',
  logical_type: { type: 'STRING' },
});
const leaf = (name: string, type: SchemaElement['type']): SchemaElement => ({
  name,
  type,
  repetition_type: 'OPTIONAL',
});
const group = (name: string, children: number): SchemaElement => ({
  name,
  repetition_type: 'OPTIONAL',
  num_children: children,
});
/** Parquet's three-level LIST: `<name>` (LIST) → `list` (repeated) → `element`. */
const list = (name: string, element: SchemaElement[]): SchemaElement[] => [
  { name, repetition_type: 'OPTIONAL', num_children: 1, converted_type: 'LIST', logical_type: { type: 'LIST' } },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  ...element,
];
const nullColumn = (name: string): SchemaElement => ({
  name,
  type: 'INT32',
  repetition_type: 'OPTIONAL',
  logical_type: { type: 'NULL' },
});

const captionSchema = (key: string): SchemaElement[] => [
  group(key, 6),
  string('id'),
  string('name'),
  string('question'),
  string('answer_idx'),
  ...list('options', [string('element')]),
  nullColumn('tags'),
];

const questionSchema = (key: string): SchemaElement[] => [
  group(key, 7),
  string('question'),
  ...list('options', [string('element')]),
  string('answer'),
  leaf('answer_idx', 'INT64'),
  string('id'),
  string('name'),
  nullColumn('tags'),
];

/** The Parquet schema pyarrow writes for the release (every column optional, 3-level lists, NULL-typed tags). */
export function releaseParquetSchema(): SchemaElement[] {
  const floatListList = (name: string) => list(name, list('element', [leaf('element', 'FLOAT')]));
  return [
    { name: 'schema', repetition_type: 'REQUIRED', num_children: 22 },
    string('image_id'),
    group('image', 2),
    leaf('bytes', 'BYTE_ARRAY'),
    string('path'),
    leaf('label', 'INT64'),
    ...['label_name', 'dataset', 'domain', 'institution', 'license'].map(string),
    leaf('microns_per_pixel', 'FLOAT'),
    ...['modality', 'ncbitaxon_id', 'ncbitaxon_name', 'pmid', 'split', 'stain', 'subdomain', 'submodality'].map(string),
    leaf('synthetic', 'BOOLEAN'),
    group('captions', captionKeys.length),
    ...captionKeys.flatMap(captionSchema),
    group('questions', questionTypes.length),
    ...questionTypes.flatMap(questionSchema),
    ...floatListList('bbox'),
    ...floatListList('polygon'),
  ];
}

/** Base64 of the IPC-encapsulated Arrow schema message, as pyarrow stores it under `ARROW:schema`. */
function arrowSchemaMetadata(labelNames: readonly string[]): string {
  const stream = encodeArrowStream(releaseSchema(labelNames), []);
  // An empty stream is the schema message followed by the 8-byte end-of-stream marker.
  return Buffer.from(stream.subarray(0, stream.length - 8)).toString('base64');
}

/**
 * One Parquet file of the Hub's conversion layout (`parquet/000N.parquet`), one row group per batch of rows,
 * snappy-compressed, with the `huggingface` features metadata.
 */
export function writeParquetFile(rowGroups: ReleaseRow[][], labelNames: readonly string[]): Uint8Array {
  const rows = rowGroups.flat();
  const columnData = (Object.keys(releaseFeatures(labelNames)) as (keyof ReleaseRow)[]).map((name) => ({
    name,
    data: rows.map((r) => r[name]) as unknown[],
  }));
  const buffer = parquetWriteBuffer({
    columnData: columnData as never,
    schema: releaseParquetSchema(),
    codec: 'SNAPPY',
    rowGroupSize: rowGroups.map((g) => g.length),
    kvMetadata: [
      { key: 'huggingface', value: JSON.stringify({ info: { features: releaseFeatures(labelNames) } }) },
      { key: 'ARROW:schema', value: arrowSchemaMetadata(labelNames) },
    ],
    createdBy: 'stratum demo generator',
  });
  return new Uint8Array(buffer);
}
