import { writeFile } from 'node:fs/promises';
import {
  Binary,
  Field,
  Float64,
  Int32,
  List,
  Table,
  Utf8,
  tableToIPC,
  vectorFromArray,
  type DataType,
} from 'apache-arrow';
import { colourPng, type Colour } from './embeddings.js';
import { TINY_CLIP_COLOURS } from './tiny-clip.js';

/** One row of the toy benchmark's release layout (`src/benchmarks/toy`). */
export type ToyRow = {
  uid: string;
  picture: Uint8Array;
  collection: string | null;
  field: string;
  area: string | null;
  technique: string;
  method: string | null;
  marker: string | null;
  taxon_id: string | null;
  taxon_name: string | null;
  truth: string;
  choices: string[];
  truth_idx: number;
  um_per_px: number | null;
  licence: string | null;
};

const columns: [keyof ToyRow, () => DataType][] = [
  ['uid', () => new Utf8()],
  ['picture', () => new Binary()],
  ['collection', () => new Utf8()],
  ['field', () => new Utf8()],
  ['area', () => new Utf8()],
  ['technique', () => new Utf8()],
  ['method', () => new Utf8()],
  ['marker', () => new Utf8()],
  ['taxon_id', () => new Utf8()],
  ['taxon_name', () => new Utf8()],
  ['truth', () => new Utf8()],
  ['choices', () => new List(new Field('item', new Utf8(), true))],
  ['truth_idx', () => new Int32()],
  ['um_per_px', () => new Float64()],
  ['licence', () => new Utf8()],
];

/**
 * `count` toy rows: solid-colour micrographs (red, green, blue in turn), alternating between the two toy datasets
 * (`toy_primary`, `toy_mixed`), each asking for its colour among the three in a rotating order.
 */
export async function toyRows(count: number): Promise<ToyRow[]> {
  const rows: ToyRow[] = [];
  for (let i = 0; i < count; i++) {
    const colour: Colour = TINY_CLIP_COLOURS[i % 3]!;
    const choices = [0, 1, 2].map((j) => TINY_CLIP_COLOURS[(i + j) % 3]!);
    const primary = i % 2 === 0;
    rows.push({
      uid: `toy-${String(i).padStart(4, '0')}`,
      picture: await colourPng(colour, i * 5),
      collection: primary ? 'toy_primary' : 'toy_mixed',
      field: 'biology',
      area: 'cell biology',
      technique: 'fluorescence microscopy',
      method: primary ? 'confocal microscopy' : 'epifluorescence microscopy',
      marker: primary ? 'DAPI' : 'GFP',
      taxon_id: 'NCBITaxon_9606',
      taxon_name: 'Homo sapiens',
      truth: colour,
      choices,
      truth_idx: choices.indexOf(colour),
      um_per_px: primary ? 0.2 : 0.4,
      licence: 'CC0-1.0',
    });
  }
  return rows;
}

/** Writes toy rows as an Arrow IPC *file* (random-access format, footer last), in the toy column layout. */
export async function writeToyRelease(path: string, rows: ToyRow[]): Promise<void> {
  const table = new Table(
    Object.fromEntries(
      columns.map(([name, type]) => [name, vectorFromArray(rows.map((r) => r[name]) as never, type())]),
    ),
  );
  await writeFile(path, tableToIPC(table, 'file'));
}
