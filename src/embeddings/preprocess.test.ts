import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DECODE, readModelDir, type ModelSpec } from '../models/layout.js';
import { TINY_CLIP_MEAN, TINY_CLIP_STD, tinyTokenId, writeTinyClip } from '../test-utils/tiny-clip.js';
import { EmbeddingError } from '../errors.js';
import { cmykToRgbLikePil, createImagePreprocessor, decodeImage, type ImagePreprocessor } from './preprocess.js';

const FIXTURE = resolve(import.meta.dirname, '../../fixtures/conformance');
import { createTokenizer, truncateKeepingSpecials, type TextTokenizer } from './tokenize.js';

/**
 * A 16-bit PNG of one value written byte by byte (sharp cannot take 16-bit raw input): IHDR bit depth 16, colour
 * type 0 (grey) or 2 (RGB), unfiltered rows of big-endian samples.
 */
function grey16Png(width: number, height: number, value: number, colourType: 0 | 2 = 0): Buffer {
  const channels = colourType === 2 ? 3 : 1;
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([16, colourType, 0, 0, 0], 8);
  const stride = 1 + 2 * channels * width;
  const rows = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width * channels; x++) rows.writeUInt16BE(value, y * stride + 1 + 2 * x);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The normalised value of 8-bit channel value `v` in channel `c`: (v/255 − mean_c) / std_c. */
const norm = (v: number, c: number) => (v / 255 - TINY_CLIP_MEAN[c]!) / TINY_CLIP_STD[c]!;

function channel(t: Float32Array, c: number, size = 16): Float32Array {
  return t.subarray(c * size * size, (c + 1) * size * size);
}

describe('image preprocessing (transformers.js CLIPImageProcessor over sharp decoding)', () => {
  let spec: ModelSpec;
  let pre: ImagePreprocessor;
  beforeAll(async () => {
    spec = await readModelDir(await writeTinyClip(await mkdtemp(join(tmpdir(), 'stratum-pre-'))));
    pre = await createImagePreprocessor(spec);
  });

  it('rescales and normalises a solid RGB image to the expected tensor', async () => {
    const png = await sharp({ create: { width: 30, height: 20, channels: 3, background: { r: 200, g: 100, b: 50 } } })
      .png()
      .toBuffer();
    const t = await pre.preprocess(png);
    expect(t.length).toBe(3 * 16 * 16);
    [200, 100, 50].forEach((v, c) => {
      for (const x of channel(t, c)) expect(x).toBeCloseTo(norm(v, c), 5);
    });
  });

  it('resizes the shortest edge to 16 and center-crops (a 64×32 image keeps its middle half)', async () => {
    // Black quarter | white half | black quarter: after 64×32 → 32×16 and the 16-wide center crop, the crop is
    // the white half; its interior columns are exactly white (the two edge columns may ring under bicubic).
    const raw = Buffer.alloc(64 * 32 * 3);
    for (let y = 0; y < 32; y++) for (let x = 16; x < 48; x++) raw.fill(255, (y * 64 + x) * 3, (y * 64 + x) * 3 + 3);
    const png = await sharp(raw, { raw: { width: 64, height: 32, channels: 3 } })
      .png()
      .toBuffer();
    const t = await pre.preprocess(png);
    for (let c = 0; c < 3; c++) {
      const ch = channel(t, c);
      for (let y = 0; y < 16; y++) for (let x = 2; x < 14; x++) expect(ch[y * 16 + x]).toBeCloseTo(norm(255, c), 4);
    }
  });

  it('expands greyscale to three equal channels', async () => {
    const grey = await sharp(Buffer.alloc(16 * 16, 90), { raw: { width: 16, height: 16, channels: 1 } })
      .toColourspace('b-w')
      .png()
      .toBuffer();
    expect((await sharp(grey).metadata()).channels).toBe(1);
    const t = await pre.preprocess(grey);
    [0, 1, 2].forEach((c) => expect(channel(t, c)[0]).toBeCloseTo(norm(90, c), 5));
  });

  it('maps 16-bit images as PIL does by default: grey clipped at 255, colour from the high byte', async () => {
    // Pillow 12: a 16-bit grey PNG opens as I;16 and convert('RGB') clips; 16-bit RGB is read as v >> 8.
    for (const [v16, v8] of [
      [100, 100],
      [255, 255],
      [51400, 255],
      [65535, 255],
    ] as const) {
      const decoded = await decodeImage(grey16Png(8, 8, v16));
      expect(decoded.sourceBitDepth).toBe(16);
      expect([...decoded.data.slice(0, 3)], `grey ${v16}`).toEqual([v8, v8, v8]);
    }
    for (const [v16, v8] of [
      [100, 0],
      [51400, 200],
      [64000, 250],
      [65535, 255],
    ] as const) {
      const decoded = await decodeImage(grey16Png(8, 8, v16, 2));
      expect([...decoded.data.slice(0, 3)], `rgb ${v16}`).toEqual([v8, v8, v8]);
    }
    const t = await pre.preprocess(grey16Png(8, 8, 100));
    [0, 1, 2].forEach((c) => expect(channel(t, c)[17]).toBeCloseTo(norm(100, c), 5));
  });

  it('maps 16-bit images as round(v / 257) under the named option highBitDepth: rescale', async () => {
    const rescale = { ...DEFAULT_DECODE, highBitDepth: 'rescale' } as const;
    for (const colourType of [0, 2] as const) {
      for (const [v16, v8] of [
        [51400, 200],
        [64000, 249],
        [65535, 255],
      ] as const) {
        const decoded = await decodeImage(grey16Png(8, 8, v16, colourType), rescale);
        expect([...decoded.data.slice(0, 3)]).toEqual([v8, v8, v8]);
      }
    }
  });

  it('keeps the stored pixel order (as PIL.Image.open) unless orientation: exif is chosen', async () => {
    const jpeg = await readFile(join(FIXTURE, 'images/exif6-320x200.jpg'));
    expect((await sharp(jpeg).metadata()).orientation).toBe(6);
    expect(await decodeImage(jpeg)).toMatchObject({ width: 320, height: 200 });
    expect(await decodeImage(jpeg, { ...DEFAULT_DECODE, orientation: 'exif' })).toMatchObject({
      width: 200,
      height: 320,
    });
  });

  it("converts CMYK JPEGs naively as PIL's convert('RGB') does, colour-managed only under colour: icc", async () => {
    expect([...cmykToRgbLikePil(Uint8Array.from([143, 1, 181, 0, 0, 0, 0, 255, 255, 128, 0, 100]), 3)]).toEqual([
      112,
      254,
      74,
      0,
      0,
      0,
      0,
      77,
      155, // Pillow 12.3 on the same three pixels
    ]);
    const jpeg = await readFile(join(FIXTURE, 'images/cmyk-260x200.jpg'));
    const pil = await decodeImage(jpeg);
    // Pillow 12 gives (112, 254, 74) for the first pixel of this file (CMYK 143, 1, 181, 0).
    expect([...pil.data.slice(0, 3)]).toEqual([112, 254, 74]);
    const managed = await decodeImage(jpeg, { ...DEFAULT_DECODE, colour: 'icc' });
    expect([...managed.data.slice(0, 3)]).not.toEqual([112, 254, 74]);
  });

  it('reports an unreadable image with a coded error', async () => {
    await expect(pre.preprocess(new TextEncoder().encode('not an image'))).rejects.toMatchObject({
      code: 'IMAGE_UNREADABLE',
      message: expect.stringMatching(/^cannot decode image: /),
    });
    await expect(decodeImage(new Uint8Array())).rejects.toBeInstanceOf(EmbeddingError);
  });
});

describe('tokenization (transformers.js AutoTokenizer from the local tokenizer.json)', () => {
  let tokenize: TextTokenizer;
  let tokenizeManifest: TextTokenizer;
  beforeAll(async () => {
    tokenize = await createTokenizer(
      await readModelDir(await writeTinyClip(await mkdtemp(join(tmpdir(), 'stratum-tok-')))),
    );
    const manifestDir = await writeTinyClip(await mkdtemp(join(tmpdir(), 'stratum-tok-m-')), { layout: 'manifest' });
    tokenizeManifest = await createTokenizer(await readModelDir(manifestDir));
  });

  it('lower-cases, splits punctuation and wraps in [CLS] … [SEP]; pads the batch with a mask', () => {
    const ids = ['[CLS]', 'a', 'photo', 'of', 'red', 'cells', '.', '[SEP]'].map(tinyTokenId);
    const short = ['[CLS]', 'blue', '[SEP]'].map(tinyTokenId);
    for (const tok of [tokenize, tokenizeManifest]) {
      const batch = tok(['A photo of RED cells.', 'blue']);
      expect({ n: batch.n, length: batch.length }).toEqual({ n: 2, length: 8 });
      expect([...batch.inputIds].map(Number)).toEqual([...ids, ...short, 0, 0, 0, 0, 0]);
      expect([...batch.attentionMask].map(Number)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0]);
    }
  });

  it('maps unknown words to [UNK] and truncates to the max length (16), keeping [SEP] last', () => {
    for (const tok of [tokenize, tokenizeManifest]) {
      const batch = tok([`zebra ${'red '.repeat(30)}`, `${'green '.repeat(14)}`, `${'blue '.repeat(15)}`]);
      expect(batch.length).toBe(16);
      const rows = [0, 1, 2].map((r) => [...batch.inputIds.slice(r * 16, (r + 1) * 16)].map(Number));
      // Like Python's tokenizers: [CLS] + the first 14 content tokens + [SEP] (CLIP pools at the last token).
      expect(rows[0]).toEqual(['[CLS]', '[UNK]', ...Array(13).fill('red'), '[SEP]'].map(tinyTokenId));
      // Exactly at the length: untouched; one over: the 15th word goes, [SEP] stays.
      expect(rows[1]).toEqual(['[CLS]', ...Array(14).fill('green'), '[SEP]'].map(tinyTokenId));
      expect(rows[2]).toEqual(['[CLS]', ...Array(14).fill('blue'), '[SEP]'].map(tinyTokenId));
      expect([...batch.attentionMask].every((m) => m === 1n)).toBe(true);
    }
  });

  it('truncateKeepingSpecials keeps prefix and suffix special tokens around the cut content', () => {
    expect(truncateKeepingSpecials([9, 1, 2, 3, 4, 8], [1, 2, 3, 4], 4)).toEqual([9, 1, 2, 8]);
    expect(truncateKeepingSpecials([9, 1, 2, 8], [1, 2], 4)).toEqual([9, 1, 2, 8]);
    expect(truncateKeepingSpecials([1, 2, 3, 8], [1, 2, 3], 3)).toEqual([1, 2, 8]);
    expect(truncateKeepingSpecials([9, 5, 5, 8], [7, 7], 3)).toEqual([9, 5, 8]);
  });
});
