import { open, type FileHandle } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { RecordBatchReader, Vector, type RecordBatch, type Schema } from 'apache-arrow';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { ImportError } from './errors.js';

export type ReleaseFormat = 'arrow-stream' | 'arrow-file' | 'parquet';

/** A released row as plain JS values: strings, numbers (int64 narrowed), booleans, Uint8Array, arrays, objects. */
export type RawRow = Record<string, unknown>;

/** One record batch (Arrow) or row group (Parquet). `rows()` materialises only this batch. */
export type SourceBatch = {
  index: number;
  /** 0-based index of the batch's first row within the file. */
  firstRow: number;
  numRows: number;
  rows(): Promise<RawRow[]>;
};

export type ReleaseFile = {
  path: string;
  format: ReleaseFormat;
  columns: string[];
  /** ClassLabel names of `label` from the `huggingface` features metadata, when present. */
  labelNames: string[] | null;
  /** Known up front for Parquet and the Arrow file format; null for an Arrow stream. */
  rowsTotal: number | null;
  /** Streams the batches in order; memory stays bounded by one batch. */
  batches(): AsyncGenerator<SourceBatch>;
  close(): Promise<void>;
};

const ARROW_FILE_MAGIC = Buffer.from('ARROW1');
const PARQUET_MAGIC = Buffer.from('PAR1');

/** Sniffs the format from the first bytes (never from the extension). */
export async function detectFormat(path: string): Promise<ReleaseFormat> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new ImportError('UNREADABLE_FILE', `${path}: cannot open (${(error as Error).message})`, path);
  }
  try {
    const head = Buffer.alloc(8);
    const { bytesRead } = await handle.read(head, 0, 8, 0);
    if (bytesRead >= 6 && head.subarray(0, 6).equals(ARROW_FILE_MAGIC)) return 'arrow-file';
    if (bytesRead >= 4 && head.subarray(0, 4).equals(PARQUET_MAGIC)) return 'parquet';
    // IPC stream: a message starts with the 0xFFFFFFFF continuation marker followed by a metadata length.
    if (bytesRead >= 8 && head.readUInt32LE(0) === 0xffffffff && head.readInt32LE(4) > 0) return 'arrow-stream';
    throw new ImportError(
      'NOT_ARROW_OR_PARQUET',
      `${path}: neither an Arrow IPC stream/file nor a Parquet file (first bytes ${head.subarray(0, bytesRead).toString('hex') || 'none: empty file'})`,
      path,
    );
  } finally {
    await handle.close();
  }
}

/** A read failure part-way through a file (truncated or corrupt data): rows before `rowsRead` are usable. */
function unreadable(path: string, rowsRead: number, error: unknown): ImportError {
  return new ImportError(
    'UNREADABLE_FILE',
    `${path}: unreadable after ${rowsRead} rows (${(error as Error).message}); the rows before it were imported`,
    path,
  );
}

/** Opens a release file of any supported format and reads its schema. */
export async function openReleaseFile(path: string): Promise<ReleaseFile> {
  const format = await detectFormat(path);
  try {
    return format === 'parquet' ? await openParquet(path) : await openArrow(path, format);
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError('UNREADABLE_FILE', `${path}: cannot read ${format} (${(error as Error).message})`, path);
  }
}

function labelNamesFromHfMetadata(json: string | undefined): string[] | null {
  if (!json) return null;
  try {
    const parsed = JSON.parse(json) as { info?: { features?: { label?: { names?: unknown } } } };
    const names = parsed.info?.features?.label?.names;
    return Array.isArray(names) && names.every((n) => typeof n === 'string') ? (names as string[]) : null;
  } catch {
    return null;
  }
}

/** Arrow values → plain JS: structs to objects, lists to arrays, int64 to number, binary stays Uint8Array. */
export function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value !== 'object') return value;
  if (value instanceof Uint8Array) return value;
  if (value instanceof Vector) return Array.from(value as Iterable<unknown>, toPlain);
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>);
  if (Array.isArray(value)) return value.map(toPlain);
  const obj =
    typeof (value as { toJSON?: unknown }).toJSON === 'function' ? (value as { toJSON(): object }).toJSON() : value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) out[k] = toPlain(v);
  return out;
}

async function openArrow(path: string, format: 'arrow-stream' | 'arrow-file'): Promise<ReleaseFile> {
  // The file format needs random access (footer first): read it through a file handle so batches are
  // fetched one at a time. The stream format is read from a byte stream, batch by batch.
  const handle = format === 'arrow-file' ? await open(path, 'r') : null;
  const reader = handle
    ? await RecordBatchReader.from(handle)
    : await RecordBatchReader.from(createReadStream(path, { highWaterMark: 1 << 20 }));
  await reader.open();
  const schema = reader.schema as Schema;
  const columns = schema.fields.map((f) => f.name);
  const labelNames = labelNamesFromHfMetadata(schema.metadata.get('huggingface'));
  let consumed = false;
  return {
    path,
    format,
    columns,
    labelNames,
    // Neither IPC format states its row count up front (the file footer lists batches, not rows).
    rowsTotal: null,
    async *batches() {
      if (consumed) throw new Error(`${path}: batches() can only be iterated once`);
      consumed = true;
      let index = 0;
      let firstRow = 0;
      const iterator = reader[Symbol.asyncIterator]();
      for (;;) {
        let next: IteratorResult<RecordBatch>;
        try {
          next = await iterator.next();
        } catch (error) {
          throw unreadable(path, firstRow, error);
        }
        if (next.done) break;
        const batch = next.value;
        const b = batch;
        yield {
          index,
          firstRow,
          numRows: b.numRows,
          async rows() {
            const rows: RawRow[] = new Array(b.numRows);
            const fields = b.schema.fields.map((f, i) => [f.name, b.getChildAt(i)] as const);
            for (let r = 0; r < b.numRows; r++) {
              const row: RawRow = {};
              for (const [name, child] of fields) row[name] = toPlain(child?.get(r));
              rows[r] = row;
            }
            return rows;
          },
        };
        firstRow += b.numRows;
        index++;
      }
    },
    async close() {
      await reader.cancel().catch(() => undefined);
      await handle?.close().catch(() => undefined);
    },
  };
}

async function openParquet(path: string): Promise<ReleaseFile> {
  const file = await asyncBufferFromFile(path);
  const metadata = await parquetMetadataAsync(file);
  const columns = parquetSchema(metadata).children.map((c) => c.element.name);
  const hf = metadata.key_value_metadata?.find((kv) => kv.key === 'huggingface')?.value;
  return {
    path,
    format: 'parquet',
    columns,
    labelNames: labelNamesFromHfMetadata(hf),
    rowsTotal: Number(metadata.num_rows),
    async *batches() {
      let firstRow = 0;
      for (const [index, group] of metadata.row_groups.entries()) {
        const numRows = Number(group.num_rows);
        const start = firstRow;
        yield {
          index,
          firstRow: start,
          numRows,
          async rows() {
            try {
              const objects = await parquetReadObjects({
                file,
                metadata,
                rowStart: start,
                rowEnd: start + numRows,
                // Binary columns (image.bytes) stay Uint8Array; UTF8-annotated columns still decode to strings.
                utf8: false,
                compressors,
              });
              return objects.map((o) => toPlain(o) as RawRow);
            } catch (error) {
              throw unreadable(path, start, error);
            }
          },
        };
        firstRow += numRows;
      }
    },
    async close() {},
  };
}
