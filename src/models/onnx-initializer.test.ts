import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';
import { beforeAll, describe, expect, it } from 'vitest';
import { findOnnxScalar } from './onnx-initializer.js';

const { onnx } = onnxProto;
const { FLOAT, DOUBLE } = onnx.TensorProto.DataType;

/** An ONNX model with the given initializers (raw_data or float_data) and metadata entries. */
function modelBytes(
  initializers: InstanceType<typeof onnx.TensorProto>[],
  metadata: { key: string; value: string }[] = [],
): Uint8Array {
  return onnx.ModelProto.encode(
    onnx.ModelProto.create({
      irVersion: 8,
      opsetImport: [{ domain: '', version: 13 }],
      graph: onnx.GraphProto.create({ name: 'g', initializer: initializers }),
      metadataProps: metadata.map((m) => onnx.StringStringEntryProto.create(m)),
    }),
  ).finish();
}

const raw = (values: number[], type: 'f32' | 'f64') => {
  const buffer = Buffer.alloc(values.length * (type === 'f32' ? 4 : 8));
  values.forEach((v, i) => (type === 'f32' ? buffer.writeFloatLE(v, i * 4) : buffer.writeDoubleLE(v, i * 8)));
  return buffer;
};

describe('findOnnxScalar (the trained logit scale inside an export)', () => {
  let dir: string;
  const write = async (name: string, bytes: Uint8Array) => {
    await writeFile(join(dir, name), bytes);
    return join(dir, name);
  };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stratum-onnx-scalar-'));
  });

  it('finds a scalar initializer by name past large weight tensors, as raw_data or float_data, float or double', async () => {
    const big = onnx.TensorProto.create({
      name: 'w',
      dims: [1000, 64],
      dataType: FLOAT,
      rawData: raw(Array(64000).fill(0.5), 'f32'),
    });
    const f32 = await write(
      'a.onnx',
      modelBytes([
        big,
        onnx.TensorProto.create({ name: 'logit_scale', dims: [], dataType: FLOAT, rawData: raw([3.5], 'f32') }),
      ]),
    );
    expect(await findOnnxScalar(f32, 'logit_scale')).toBeCloseTo(3.5, 6);
    const f64 = await write(
      'b.onnx',
      modelBytes([
        onnx.TensorProto.create({ name: 'logit_scale', dims: [1], dataType: DOUBLE, rawData: raw([4.25], 'f64') }),
      ]),
    );
    expect(await findOnnxScalar(f64, 'logit_scale')).toBe(4.25);
    const floatData = await write(
      'c.onnx',
      modelBytes([onnx.TensorProto.create({ name: 'logit_scale', dims: [], dataType: FLOAT, floatData: [2.5] })]),
    );
    expect(await findOnnxScalar(floatData, 'logit_scale')).toBe(2.5);
  });

  it('falls back to a metadata entry; refuses non-scalars, other names, and files that are not ONNX', async () => {
    const meta = await write('d.onnx', modelBytes([], [{ key: 'logit_scale', value: '4.6052' }]));
    expect(await findOnnxScalar(meta, 'logit_scale')).toBeCloseTo(4.6052, 6);
    const vector = await write(
      'e.onnx',
      modelBytes([
        onnx.TensorProto.create({ name: 'logit_scale', dims: [2], dataType: FLOAT, rawData: raw([1, 2], 'f32') }),
      ]),
    );
    expect(await findOnnxScalar(vector, 'logit_scale')).toBeNull();
    const other = await write(
      'f.onnx',
      modelBytes(
        [onnx.TensorProto.create({ name: 'scale', dims: [], dataType: FLOAT, rawData: raw([1], 'f32') })],
        [{ key: 'logit_scale', value: 'not a number' }],
      ),
    );
    expect(await findOnnxScalar(other, 'logit_scale')).toBeNull();
    expect(
      await findOnnxScalar(await write('g.onnx', new TextEncoder().encode('not a protobuf at all')), 'x'),
    ).toBeNull();
    expect(await findOnnxScalar(join(dir, 'missing.onnx'), 'x')).toBeNull();
  });
});
