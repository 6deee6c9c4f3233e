import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoCorpus } from './index.js';

const FIXTURE = new URL('../../fixtures/ubench-format/parquet/0000.parquet', import.meta.url);

let dir: string;
let files: string[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'demo-pq-'));
  ({ files } = await generateDemoCorpus({
    outDir: dir,
    count: 30,
    imageSize: 64,
    shardRows: 20,
    batchRows: 8,
    format: 'both',
  }));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function arrayBuffer(path: string | URL): Promise<ArrayBuffer> {
  const buf = await readFile(path);
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
}

/** Plain JSON of a value read from either format (bigints as numbers, typed arrays and vectors as arrays). */
function plain(v: unknown): unknown {
  return JSON.parse(
    JSON.stringify(v, (_k, x: unknown) => {
      if (typeof x === 'bigint') return Number(x);
      if (x instanceof Uint8Array) return Buffer.from(x).toString('base64');
      if (x && typeof x === 'object' && 'toJSON' in x && typeof x.toJSON === 'function') return x.toJSON();
      return x;
    }),
  );
}

describe('generateDemoCorpus parquet output', () => {
  it('writes the Hub conversion layout next to the Arrow shards', async () => {
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual([
      'ubench-test-00000-of-00002.arrow',
      'parquet/0000.parquet',
      'ubench-test-00001-of-00002.arrow',
      'parquet/0001.parquet',
    ]);
    expect((await readdir(join(dir, 'parquet'))).sort()).toEqual(['0000.parquet', '0001.parquet']);
  });

  it('has the Parquet schema pyarrow writes for the release, row groups of batchRows and the features metadata', async () => {
    const fixture = parquetMetadata(await arrayBuffer(FIXTURE));
    const demo = parquetMetadata(await arrayBuffer(join(dir, 'parquet/0000.parquet')));
    const strip = (e: (typeof demo.schema)[number]) => ({
      name: e.name,
      type: e.type,
      repetition_type: e.repetition_type,
      num_children: e.num_children,
      converted_type: e.converted_type,
      logical_type: e.logical_type,
    });
    expect(demo.schema.map(strip)).toEqual(fixture.schema.map(strip));
    expect(demo.row_groups.map((g) => Number(g.num_rows))).toEqual([8, 8, 4]);
    expect(demo.key_value_metadata?.map((k) => k.key)).toEqual(['huggingface', 'ARROW:schema']);
    const features = (m: typeof demo) =>
      JSON.parse(m.key_value_metadata!.find((k) => k.key === 'huggingface')!.value!).info.features;
    const want = features(fixture);
    const got = features(demo);
    delete want.label.names;
    delete got.label.names;
    expect(got).toEqual(want);
  });

  it('holds the same rows as the Arrow shards', async () => {
    for (const [arrow, pq] of [
      ['ubench-test-00000-of-00002.arrow', 'parquet/0000.parquet'],
      ['ubench-test-00001-of-00002.arrow', 'parquet/0001.parquet'],
    ] as const) {
      const table = tableFromIPC(await readFile(join(dir, arrow)));
      const fromArrow = Array.from({ length: table.numRows }, (_, i) => plain(table.get(i)!.toJSON()));
      // utf8:false keeps the plain BYTE_ARRAY image bytes as bytes (UTF8 columns still decode to strings).
      const fromParquet = plain(await parquetReadObjects({ file: await arrayBuffer(join(dir, pq)), utf8: false }));
      expect(fromParquet).toEqual(fromArrow);
    }
  });
});
