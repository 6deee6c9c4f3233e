import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ArrowShardWriter, rowsToRecordBatch } from './arrow.js';
import { demoLabelNames } from './catalogue.js';
import { encodeImage } from './encode.js';
import { buildRow, type ReleaseRow } from './rows.js';
import { releaseSchema } from './schema.js';
import type { writeParquetFile } from './parquet.js';

type WriteParquetFile = typeof writeParquetFile;

/** Bump when drawing or metadata changes, so a changed corpus gets a new revision id. */
export const DEMO_GENERATOR_VERSION = 1;

/**
 * Seed of the shipped demo corpus (`npm start`, `ubench-demo`). Rows are a pure function of (seed, row index,
 * image size), so other seeds (the training pipeline uses ≥ 1000) never reproduce a shipped image.
 */
export const DEMO_SHIPPED_SEED = 1;

export const demoDefaults = {
  seed: DEMO_SHIPPED_SEED,
  count: 1200,
  shardRows: 500,
  batchRows: 100,
  imageSize: 192,
} as const;

export type DemoFormat = 'arrow' | 'parquet' | 'both';

export type GenerateDemoOptions = {
  outDir: string;
  seed?: number;
  count?: number;
  /** Rows per `.arrow` shard / `.parquet` file. */
  shardRows?: number;
  /** Rows per record batch / row group inside a shard. */
  batchRows?: number;
  /** Side of the square images in pixels (128–256 look right; the drawings scale with it). */
  imageSize?: number;
  format?: DemoFormat;
  /** Called after each record batch with the rows done so far. */
  onProgress?: (done: number, total: number) => void;
};

export type GenerateDemoResult = { files: string[]; rows: number; revision: string };

/** The revision id of a demo corpus: everything that changes the bytes of its files is in it. */
export function demoRevision(options: Omit<GenerateDemoOptions, 'outDir' | 'onProgress' | 'format'> = {}): string {
  const o = { ...demoDefaults, ...definedOnly(options) };
  let id = `demo-v${DEMO_GENERATOR_VERSION}-seed${o.seed}-n${o.count}`;
  if (o.imageSize !== demoDefaults.imageSize) id += `-px${o.imageSize}`;
  if (o.shardRows !== demoDefaults.shardRows || o.batchRows !== demoDefaults.batchRows)
    id += `-sh${o.shardRows}x${o.batchRows}`;
  return id;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * Generates the demo corpus in the μ-Bench release format: Arrow IPC stream shards
 * `ubench-test-0000N-of-0000M.arrow` (and/or the Hub's Parquet layout `parquet/000N.parquet`) with the
 * `huggingface` features metadata. Same options → byte-identical files. Memory holds one record batch (one
 * shard with Parquet output).
 */
export async function generateDemoCorpus(options: GenerateDemoOptions): Promise<GenerateDemoResult> {
  const o = { ...demoDefaults, format: 'arrow' as DemoFormat, ...definedOnly(options), outDir: options.outDir };
  for (const [name, v, min, max] of [
    ['seed', o.seed, 0, 2 ** 32 - 1],
    ['count', o.count, 1, 10_000_000],
    ['shardRows', o.shardRows, 1, 10_000_000],
    ['batchRows', o.batchRows, 1, 100_000],
    ['imageSize', o.imageSize, 32, 2048],
  ] as const) {
    if (!Number.isInteger(v) || v < min || v > max)
      throw new RangeError(`generateDemoCorpus: ${name} must be an integer in [${min}, ${max}], got ${v}`);
  }
  if (!['arrow', 'parquet', 'both'].includes(o.format))
    throw new RangeError(`generateDemoCorpus: unknown format ${String(o.format)}`);
  const schema = releaseSchema(demoLabelNames);
  const shards = Math.ceil(o.count / o.shardRows);
  const files: string[] = [];
  await mkdir(o.outDir, { recursive: true });
  const writeParquet = o.format !== 'arrow' ? await loadParquetWriter() : undefined;
  if (writeParquet) await mkdir(join(o.outDir, 'parquet'), { recursive: true });
  let done = 0;
  for (let shard = 0; shard < shards; shard++) {
    const first = shard * o.shardRows;
    const last = Math.min(o.count, first + o.shardRows);
    const arrowName = `ubench-test-${pad(shard, 5)}-of-${pad(shards, 5)}.arrow`;
    const arrow = o.format !== 'parquet' ? new ArrowShardWriter(join(o.outDir, arrowName), schema) : null;
    const parquetGroups: ReleaseRow[][] = [];
    for (let start = first; start < last; start += o.batchRows) {
      const end = Math.min(last, start + o.batchRows);
      const rows: ReleaseRow[] = [];
      const encodes: Promise<void>[] = [];
      // Drawing runs on this thread while sharp encodes earlier rows on its own threads.
      for (let i = start; i < end; i++) {
        const { row, drawn } = buildRow(o.seed, i, o.imageSize);
        rows.push(row);
        encodes.push(encodeImage(drawn).then(({ bytes }) => void (row.image.bytes = bytes)));
      }
      await Promise.all(encodes);
      arrow?.write(rowsToRecordBatch(schema, rows));
      if (writeParquet) parquetGroups.push(rows);
      done += rows.length;
      o.onProgress?.(done, o.count);
    }
    if (arrow) {
      await arrow.close();
      files.push(join(o.outDir, arrowName));
    }
    if (writeParquet) {
      const name = join('parquet', `${pad(shard, 4)}.parquet`);
      await writeAtomic(join(o.outDir, name), writeParquet(parquetGroups, demoLabelNames));
      files.push(join(o.outDir, name));
    }
  }
  return { files, rows: o.count, revision: demoRevision(o) };
}

/** Parquet output needs hyparquet-writer, a development dependency: loaded only when asked for. */
async function loadParquetWriter(): Promise<WriteParquetFile> {
  try {
    return (await import('./parquet.js')).writeParquetFile;
  } catch (error) {
    throw new Error(
      `Parquet output needs the hyparquet-writer package (a development dependency; run \`npm install\` without --omit=dev): ${(error as Error).message}`,
    );
  }
}

async function writeAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
