import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cosine, zeroShot } from '../predictions/zero-shot.js';
import type { DecodeOptions } from '../models/layout.js';
import { registerModel, type RegisteredModel } from './registry.js';
import { createTestDb, testDriver, type TestDb } from '../test-utils/db.js';
import { EmbedderPool } from './embedder-pool.js';
import type { Embedder } from './embedder.js';
import { createTokenizer } from './tokenize.js';

/**
 * Conformance with the reference pipeline: `transformers` (CLIPImageProcessorPil, the PIL backend of
 * CLIPProcessor, and the tokenizers-backed CLIPTokenizer) on the same weights. The fixture is a stock
 * `CLIPModel` with tiny widths and the real CLIP BPE vocabulary, exported to the Hub ONNX layout by
 * `scripts/conformance/build_fixture.py`, which also wrote the reference embeddings.
 */
const FIXTURE = resolve(import.meta.dirname, '../../fixtures/conformance');
const MODEL = join(FIXTURE, 'clip-tiny');

type ReferenceImage = {
  file: string;
  what: string;
  pilMode?: string;
  modern?: number[];
  legacy?: number[];
  referenceError?: string;
};
type Reference = {
  logitScale: number;
  contextLength: number;
  images: ReferenceImage[];
  texts: { key: string; text: string; tokens: number; inputIds: number[]; embedding: number[] }[];
  zeroShot: { file: string; options: string[]; scores: number[]; choice: number }[];
};

/**
 * Lowest cosine accepted per item. Everything but the resize is the reference's arithmetic (decode, crop,
 * rescale, normalise, tokenizer, the exported graph): images that need no resize, and every text, match to
 * float rounding (≥ 0.99999). Resized images go through libvips's cubic filter instead of PIL's bicubic; that
 * kernel difference is measured here and in docs/embeddings.md and bounded below.
 */
const EXACT = 0.99999;
const RESIZED = 0.9999;

const f32 = (v: number[]) => Float32Array.from(v);

describe(`conformance with transformers + PIL on a real-architecture CLIP (${testDriver})`, () => {
  let t: TestDb;
  let reference: Reference;
  let pool: EmbedderPool;
  const dirs: string[] = [];
  const embedders = new Map<string, { registered: RegisteredModel; embedder: Embedder }>();
  const bytes = new Map<string, Uint8Array>();

  async function register(slug: string, dir: string, decode?: Partial<DecodeOptions>) {
    const registered = await registerModel(t, { dir, slug, decode: decode ?? null });
    const embedder = await pool.get(registered.version);
    embedders.set(slug, { registered, embedder });
    return { registered, embedder };
  }

  async function embedAll(slug: string): Promise<Map<string, Float32Array>> {
    const { embedder } = embedders.get(slug)!;
    const files = reference.images.map((i) => i.file);
    const vectors = await embedder.embedImages(files.map((f) => bytes.get(f)!));
    return new Map(
      files.map((f, i) => {
        const v = vectors[i]!;
        if (!(v instanceof Float32Array)) throw v;
        return [f, v];
      }),
    );
  }

  beforeAll(async () => {
    reference = JSON.parse(await readFile(join(FIXTURE, 'reference.json'), 'utf8')) as Reference;
    for (const image of reference.images) bytes.set(image.file, await readFile(join(FIXTURE, image.file)));
    t = await createTestDb();
    pool = new EmbedderPool({ batchSize: 8 });
    // The first-generation preprocessor_config.json (CLIPFeatureExtractor, `"size": 224, "crop_size": 224`).
    const legacy = await mkdtemp(join(tmpdir(), 'stratum-conf-legacy-'));
    dirs.push(legacy);
    await cp(MODEL, legacy, { recursive: true });
    await cp(join(FIXTURE, 'legacy/preprocessor_config.json'), join(legacy, 'preprocessor_config.json'));
    await register('clip-tiny', MODEL);
    await register('clip-tiny-legacy', legacy);
  }, 120_000);
  afterAll(async () => {
    await pool?.close();
    await t?.destroy();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('reads the trained logit scale from the export (a logit_scale initializer), not logit_scale_init_value', () => {
    const { registered, embedder } = embedders.get('clip-tiny')!;
    expect(embedder.logitScale).toBeCloseTo(reference.logitScale, 4);
    expect(registered.spec.logitScaleSource).toBe('onnx');
    expect(registered.version.config).toMatchObject({ logitScaleSource: 'onnx', warnings: [] });
  });

  it('tokenizes every text exactly as the reference (short, exactly at and over the context length)', async () => {
    const { embedder } = embedders.get('clip-tiny')!;
    expect(reference.texts.map((x) => x.tokens)).toEqual(
      expect.arrayContaining([reference.contextLength, reference.contextLength + 1]),
    );
    const tokenize = await createTokenizer(embedders.get('clip-tiny')!.registered.spec);
    for (const x of reference.texts) {
      const batch = tokenize([x.text]);
      expect([...batch.inputIds].map(Number), x.key).toEqual(x.inputIds);
    }
    const vectors = await embedder.embedTexts(reference.texts.map((x) => x.text));
    const report = reference.texts.map((x, i) => ({ key: x.key, cosine: cosine(vectors[i]!, f32(x.embedding)) }));
    for (const row of report) expect(row.cosine, row.key).toBeGreaterThanOrEqual(EXACT);
    // Long texts are told apart (the end-of-text token survives truncation; CLIP pools there).
    const long = reference.texts.flatMap((x, i) => (x.key.startsWith('long') ? [vectors[i]!] : []));
    expect(long.length).toBe(3);
    expect(cosine(long[0]!, long[1]!)).toBeLessThan(0.999);
    console.info('text cosines', Math.min(...report.map((r) => r.cosine)).toFixed(7));
  });

  for (const generation of ['modern', 'legacy'] as const) {
    it(`embeds every image like the reference (${generation} preprocessor_config.json)`, async () => {
      const vectors = await embedAll(generation === 'modern' ? 'clip-tiny' : 'clip-tiny-legacy');
      const rows = reference.images.map((image) => {
        const expected = image[generation];
        expect(expected, `${image.file}: ${image.referenceError ?? ''}`).toBeDefined();
        const resized = !image.file.includes('224x224');
        return { file: image.file, resized, cosine: cosine(vectors.get(image.file)!, f32(expected!)) };
      });
      console.info(`${generation} image cosines:\n${rows.map((r) => `  ${r.cosine.toFixed(6)} ${r.file}`).join('\n')}`);
      for (const row of rows) expect(row.cosine, row.file).toBeGreaterThanOrEqual(row.resized ? RESIZED : EXACT);
    });
  }

  it('makes the same zero-shot choices as the reference, with the same probabilities', async () => {
    const { embedder } = embedders.get('clip-tiny')!;
    const vectors = await embedAll('clip-tiny');
    const textVectors = new Map(
      (await embedder.embedTexts(reference.texts.map((x) => x.text))).map((v, i) => [reference.texts[i]!.key, v]),
    );
    const ours = reference.zeroShot.map((z) =>
      zeroShot(
        vectors.get(z.file)!,
        z.options.map((k) => textVectors.get(k)!),
        embedder.logitScale,
      ),
    );
    expect(ours.map((o) => o.chosenIndex)).toEqual(reference.zeroShot.map((z) => z.choice));
    const worst = Math.max(
      ...ours.flatMap((o, i) => o.scores.map((s, j) => Math.abs(s - reference.zeroShot[i]!.scores[j]!))),
    );
    expect(worst).toBeLessThan(0.005);
    console.info('zero-shot: largest probability difference', worst.toFixed(6));
  });

  it('offers the deviations as named options that change the preprocessing hash and the vectors', async () => {
    const base = embedders.get('clip-tiny')!;
    const rescale = await register('clip-tiny-rescale16', MODEL, { highBitDepth: 'rescale' });
    const exif = await register('clip-tiny-exif', MODEL, { orientation: 'exif' });
    for (const other of [rescale, exif]) {
      expect(other.registered.version.weightsHash).toBe(base.registered.version.weightsHash);
      expect(other.registered.version.preprocessingHash).not.toBe(base.registered.version.preprocessingHash);
    }
    expect(rescale.registered.version.preprocessing).toMatchObject({ decode: { highBitDepth: 'rescale' } });
    const [a, b] = await Promise.all([embedAll('clip-tiny-rescale16'), embedAll('clip-tiny-exif')]);
    const ref = (file: string) => f32(reference.images.find((i) => i.file === file)!.modern!);
    // 1/257 rescaling of a full-range 16-bit grey image is a different image from PIL's clip at 255.
    expect(cosine(a.get('images/grey16-full-280x210.png')!, ref('images/grey16-full-280x210.png'))).toBeLessThan(0.99);
    expect(cosine(a.get('images/rgb8-300x200.png')!, ref('images/rgb8-300x200.png'))).toBeGreaterThan(RESIZED);
    // EXIF rotation turns the stored 320×200 pixels by 90°: not what PIL.Image.open gives the reference.
    expect(cosine(b.get('images/exif6-320x200.jpg')!, ref('images/exif6-320x200.jpg'))).toBeLessThan(0.999);
  });
});
