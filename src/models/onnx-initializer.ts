import { open, type FileHandle } from 'node:fs/promises';

/**
 * Reads protobuf wire format from a file through a small window, so a multi-gigabyte ONNX file can be walked
 * (skipping every weight tensor by its length prefix) in bounded memory.
 */
class WireReader {
  private buffer = Buffer.alloc(0);
  private start = 0;

  constructor(
    private readonly file: FileHandle,
    readonly size: number,
  ) {}

  private async fill(position: number, need: number): Promise<void> {
    if (position >= this.start && position + need <= this.start + this.buffer.length) return;
    const length = Math.min(Math.max(need, 64 * 1024), this.size - position);
    const buffer = Buffer.alloc(Math.max(length, 0));
    const { bytesRead } = await this.file.read(buffer, 0, buffer.length, position);
    this.buffer = buffer.subarray(0, bytesRead);
    this.start = position;
  }

  async bytes(position: number, length: number): Promise<Buffer> {
    await this.fill(position, length);
    const offset = position - this.start;
    if (offset + length > this.buffer.length) throw new Error('truncated protobuf');
    return this.buffer.subarray(offset, offset + length);
  }

  /** A varint at `position`: its value (exact below 2^53) and the position after it. */
  async varint(position: number): Promise<[number, number]> {
    const bytes = await this.bytes(position, Math.min(10, this.size - position));
    let value = 0;
    let scale = 1;
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i]!;
      value += (byte & 0x7f) * scale;
      scale *= 128;
      if (byte < 0x80) return [value, position + i + 1];
    }
    throw new Error('bad varint');
  }

  /** Calls `visit(field, wireType, valueStart, valueEnd)` for each field of the message in [from, to). */
  async fields(
    from: number,
    to: number,
    visit: (field: number, wire: number, start: number, end: number) => Promise<boolean | void>,
  ): Promise<void> {
    let position = from;
    while (position < to) {
      const [key, afterKey] = await this.varint(position);
      const field = Math.floor(key / 8);
      const wire = key & 7;
      let start = afterKey;
      let end: number;
      if (wire === 0) end = (await this.varint(afterKey))[1];
      else if (wire === 1) end = afterKey + 8;
      else if (wire === 5) end = afterKey + 4;
      else if (wire === 2) {
        const [length, afterLength] = await this.varint(afterKey);
        start = afterLength;
        end = afterLength + length;
      } else throw new Error(`unsupported wire type ${wire}`);
      if (end > to) throw new Error('truncated protobuf');
      if ((await visit(field, wire, start, end)) === true) return;
      position = end;
    }
  }
}

const FLOAT = 1;
const DOUBLE = 11;

/**
 * Finds a scalar float in an ONNX model: a graph initializer named `name` (FLOAT or DOUBLE, one element, in
 * `raw_data` or `float_data`/`double_data`) or, failing that, a `metadata_props` entry with that key whose value
 * parses as a number. Weight tensors are skipped by their length prefixes, never read.
 * @returns the value, or null when the model has neither (or the file is not an ONNX protobuf)
 */
export async function findOnnxScalar(file: string, name: string): Promise<number | null> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch {
    return null;
  }
  try {
    const reader = new WireReader(handle, (await handle.stat()).size);
    let found: number | null = null;
    let metadata: number | null = null;
    await reader.fields(0, reader.size, async (field, wire, start, end) => {
      if (field === 7 && wire === 2) {
        // ModelProto.graph → GraphProto.initializer (5)
        await reader.fields(start, end, async (gField, gWire, gStart, gEnd) => {
          if (gField !== 5 || gWire !== 2) return;
          const value = await readScalarTensor(reader, gStart, gEnd, name);
          if (value !== null) {
            found = value;
            return true;
          }
        });
      } else if (field === 14 && wire === 2 && metadata === null) {
        // ModelProto.metadata_props: StringStringEntryProto { key = 1, value = 2 }
        let key = '';
        let value = '';
        await reader.fields(start, end, async (f, w, s, e) => {
          if (w !== 2 || e - s > 256) return;
          if (f === 1) key = (await reader.bytes(s, e - s)).toString('utf8');
          if (f === 2) value = (await reader.bytes(s, e - s)).toString('utf8');
        });
        const parsed = Number(value);
        if (key === name && value.trim() !== '' && Number.isFinite(parsed)) metadata = parsed;
      }
      return found !== null;
    });
    return found ?? metadata;
  } catch {
    return null;
  } finally {
    await handle.close();
  }
}

/** TensorProto fields: dims 1, data_type 2, float_data 4, name 8, raw_data 9, double_data 10. */
async function readScalarTensor(reader: WireReader, from: number, to: number, name: string): Promise<number | null> {
  let tensorName: string | null = null;
  let type = FLOAT;
  let elements = 1;
  const data: { raw: Buffer | null; values: Buffer | null } = { raw: null, values: null };
  let wrongName = false;
  await reader.fields(from, to, async (field, wire, start, end) => {
    if (field === 8 && wire === 2) {
      tensorName = end - start <= 1024 ? (await reader.bytes(start, end - start)).toString('utf8') : '';
      wrongName = tensorName !== name;
      return wrongName;
    }
    if (field === 1) {
      if (wire === 0) elements *= (await reader.varint(start))[0];
      else if (wire === 2) {
        let p = start;
        while (p < end) {
          const [dim, next] = await reader.varint(p);
          elements *= dim;
          p = next;
        }
      }
    } else if (field === 2 && wire === 0) type = (await reader.varint(start))[0];
    else if ((field === 9 || field === 4 || field === 10) && wire === 2 && end - start <= 8) {
      const bytes = Buffer.from(await reader.bytes(start, end - start));
      if (field === 9) data.raw = bytes;
      else data.values = bytes;
    } else if (field === 4 && wire === 5) data.values = Buffer.from(await reader.bytes(start, 4));
    else if (field === 10 && wire === 1) data.values = Buffer.from(await reader.bytes(start, 8));
  });
  if (wrongName || tensorName !== name || elements !== 1) return null;
  const bytes = data.raw ?? data.values;
  if (!bytes) return null;
  if (type === FLOAT && bytes.length === 4) return bytes.readFloatLE(0);
  if (type === DOUBLE && bytes.length === 8) return bytes.readDoubleLE(0);
  return null;
}
