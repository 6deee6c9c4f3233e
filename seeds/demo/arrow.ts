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
