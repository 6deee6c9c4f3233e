import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { makeBuilder, makeData, RecordBatch, RecordBatchStreamWriter, Struct, type Schema } from 'apache-arrow';
import type { ReleaseRow } from './rows.js';

/** One record batch of release rows, built column by column with the schema's exact types. */
export function rowsToRecordBatch(schema: Schema, rows: readonly ReleaseRow[]): RecordBatch {
  const children = schema.fields.map((field) => {
    const builder = makeBuilder({ type: field.type, nullValues: [null, undefined] });
    const key = field.name as keyof ReleaseRow;
    for (const row of rows) builder.append(row[key]);
    return builder.finish().flush();
  });
  return new RecordBatch(
    schema,
    makeData({ type: new Struct(schema.fields), length: rows.length, nullCount: 0, children }),
  );
}

/** Serialises record batches as one Arrow IPC *stream* (what the Hub's `*.arrow` shards are). */
export function encodeArrowStream(schema: Schema, batches: readonly RecordBatch[]): Uint8Array {
  const writer = new RecordBatchStreamWriter();
  writer.reset(undefined, schema);
  for (const batch of batches) writer.write(batch);
  writer.finish();
  return writer.toUint8Array(true);
}

/**
 * Streams record batches into one Arrow IPC stream file as they are produced, so memory holds one batch, not a
 * shard. Writes to a temporary name and renames on `close`, so a killed run never leaves a truncated shard.
 */
export class ArrowShardWriter {
  private readonly writer = new RecordBatchStreamWriter();
  private readonly tmp: string;
  private readonly done: Promise<void>;

  constructor(
    private readonly path: string,
    schema: Schema,
  ) {
    this.tmp = `${path}.tmp-${process.pid}`;
    this.writer.reset(undefined, schema);
    this.done = pipeline(this.writer.toNodeStream(), createWriteStream(this.tmp));
  }

  write(batch: RecordBatch): void {
    this.writer.write(batch);
  }

  async close(): Promise<void> {
    this.writer.finish();
    try {
      await this.done;
      await rename(this.tmp, this.path);
    } catch (error) {
      await rm(this.tmp, { force: true });
      throw error;
    }
  }
}
