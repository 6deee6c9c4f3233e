import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { models } from '../db/schema/index.js';
import { createTestDb, testDriver, type TestDb } from '../test-utils/db.js';
import { writeTinyClip, type TinyClipOptions } from '../test-utils/tiny-clip.js';
import { EmbeddingError } from '../errors.js';
import { canonicalJson, sha256 } from '../hash.js';
import { findModelVersionByRef, listModelVersions } from '../db/queries/model-versions.js';
import { registerModel } from './registry.js';

async function tinyDir(options: TinyClipOptions = {}): Promise<string> {
  return writeTinyClip(await mkdtemp(join(tmpdir(), 'stratum-tiny-')), options);
}

async function codeOf(promise: Promise<unknown>): Promise<[string, string]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof EmbeddingError) return [error.code, error.message];
    throw error;
  }
  throw new Error('expected an EmbeddingError');
}

describe(`model registry (${testDriver})`, () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => t?.destroy());

  it('registers a Hub-layout directory with its weights hash, width and preprocessing', async () => {
    const dir = await tinyDir();
    const { version, created } = await registerModel(t, { dir, slug: 'tiny-clip', name: 'Tiny CLIP' });
    const vision = sha256(await readFile(join(dir, 'onnx/vision_model.onnx')));
    const text = sha256(await readFile(join(dir, 'onnx/text_model.onnx')));
    expect(created).toBe(true);
    expect(version).toMatchObject({
      slug: 'tiny-clip',
      name: 'Tiny CLIP',
      kind: 'contrastive',
      dimensions: 8,
      path: dir,
      weightsHash: sha256(`vision:${vision}\ntext:${text}`),
      preprocessingHash: sha256(canonicalJson(version.preprocessing)),
    });
    expect(version.preprocessing).toMatchObject({
      decode: { version: 'sharp-v2', highBitDepth: 'pil', orientation: 'stored', colour: 'pil' },
      imageSize: { height: 16, width: 16 },
      image: {
        do_center_crop: true,
        crop_size: { height: 16, width: 16 },
        size: { shortest_edge: 16 },
        resample: 3,
        rescale_factor: 1 / 255,
      },
      tokenizer: { maxLength: 16 },
    });
    const indexes = await t.query<{ indexdef: string }>(
      `select indexdef from pg_indexes where indexname = 'image_embeddings_hnsw_v${version.id}'`,
    );
    expect(indexes).toEqual([
      {
        indexdef: `CREATE INDEX image_embeddings_hnsw_v${version.id} ON public.image_embeddings USING hnsw (((embedding)::vector(8)) vector_cosine_ops) WHERE (model_version_id = ${version.id})`,
      },
    ]);
    expect((await findModelVersionByRef(t.db, 'tiny-clip'))?.id).toBe(version.id);
    expect((await findModelVersionByRef(t.db, `tiny-clip@${version.weightsHash.slice(0, 8)}`))?.id).toBe(version.id);
    expect(await findModelVersionByRef(t.db, 'tiny-clip@ffffffffff')).toBeNull();
  });

  it('returns the existing version when the same files are registered again, a new one when weights change', async () => {
    const dir = await tinyDir();
    const first = await registerModel(t, { dir, slug: 'again' });
    const second = await registerModel(t, { dir, slug: 'again' });
    expect(second).toMatchObject({ created: false, version: { id: first.version.id } });
    const wider = await tinyDir({ dim: 12 });
    const third = await registerModel(t, { dir: wider, slug: 'again' });
    expect(third.created).toBe(true);
    expect(third.version.dimensions).toBe(12);
    expect(third.version.modelId).toBe(first.version.modelId);
    expect((await findModelVersionByRef(t.db, 'again'))?.id).toBe(third.version.id);
  });

  it('changes the preprocessing hash, not the weights hash, when only the preprocessing changes', async () => {
    const dir = await tinyDir();
    const before = await registerModel(t, { dir, slug: 'prep' });
    const path = join(dir, 'preprocessor_config.json');
    const config = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    await writeFile(path, JSON.stringify({ ...config, image_mean: [0.5, 0.5, 0.5] }));
    const after = await registerModel(t, { dir, slug: 'prep' });
    expect(after.created).toBe(true);
    expect(after.version.weightsHash).toBe(before.version.weightsHash);
    expect(after.version.preprocessingHash).not.toBe(before.version.preprocessingHash);
  });

  it('never takes logit_scale_init_value for the logit scale: config.json logit_scale, else ln 100 with a warning', async () => {
    // tiny-clip writes only logit_scale_init_value (as Hub CLIP configs do): the default applies, with a warning.
    const dir = await tinyDir({ logitScale: 2.6592 });
    const { version, spec } = await registerModel(t, { dir, slug: 'tiny-init-scale' });
    expect(spec.logitScale).toBeCloseTo(100, 9);
    expect(spec.logitScaleSource).toBe('default');
    expect(version.config).toMatchObject({
      logitScale: spec.logitScale,
      logitScaleSource: 'default',
      warnings: [expect.stringMatching(/^no trained logit scale found .*default ln 100/)],
    });
    // A trained value in config.json is used.
    const config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(join(dir, 'config.json'), JSON.stringify({ ...config, logit_scale: Math.log(30) }));
    const trained = await registerModel(t, { dir, slug: 'tiny-config-scale' });
    expect(trained.spec.logitScale).toBeCloseTo(30, 6);
    expect(trained.version.config).toMatchObject({ logitScaleSource: 'config', warnings: [] });
  });

  it('records decode options in the preprocessing hash and refuses unknown ones', async () => {
    const dir = await tinyDir();
    const plain = await registerModel(t, { dir, slug: 'tiny-decode' });
    const rescaled = await registerModel(t, { dir, slug: 'tiny-decode', decode: { highBitDepth: 'rescale' } });
    expect(rescaled.created).toBe(true);
    expect(rescaled.version.weightsHash).toBe(plain.version.weightsHash);
    expect(rescaled.version.preprocessingHash).not.toBe(plain.version.preprocessingHash);
    expect(rescaled.version.preprocessing).toMatchObject({ decode: { highBitDepth: 'rescale' } });
    expect(
      await codeOf(registerModel(t, { dir, decode: { highBitDepth: 'squash' } as unknown as { highBitDepth: 'pil' } })),
    ).toEqual(['MODEL_CONFIG_INVALID', expect.stringMatching(/^decode\.highBitDepth: /)]);
  });

  it("takes the decode a directory declares in config.json (stratum.decode), under the caller's choice", async () => {
    const dir = await tinyDir();
    const config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(
      join(dir, 'config.json'),
      JSON.stringify({ ...config, stratum: { decode: { highBitDepth: 'rescale' } } }),
    );
    const declared = await registerModel(t, { dir, slug: 'tiny-declared' });
    expect(declared.spec.decode).toEqual({ highBitDepth: 'rescale', orientation: 'stored', colour: 'pil' });
    const chosen = await registerModel(t, { dir, slug: 'tiny-declared', decode: { highBitDepth: 'pil' } });
    expect(chosen.spec.decode.highBitDepth).toBe('pil');
    expect(chosen.version.preprocessingHash).not.toBe(declared.version.preprocessingHash);
    await writeFile(
      join(dir, 'config.json'),
      JSON.stringify({ ...config, stratum: { decode: { orientation: 'up' } } }),
    );
    expect(await codeOf(registerModel(t, { dir, slug: 'tiny-declared' }))).toEqual([
      'MODEL_CONFIG_INVALID',
      expect.stringMatching(/^config\.json: decode\.orientation: /),
    ]);
  });

  it('registers the manifest form with its own tensor names', async () => {
    const dir = await tinyDir({ layout: 'manifest' });
    const { version, spec } = await registerModel(t, { dir });
    expect(version).toMatchObject({ slug: 'tiny-manifest-encoder', name: 'Tiny manifest encoder', dimensions: 8 });
    expect(spec.vision).toMatchObject({ input: 'image', output: 'image_features' });
    expect(spec.text).toMatchObject({ inputIds: 'tokens', attentionMask: 'mask', output: 'text_features' });
    expect(spec.logitScale).toBeCloseTo(100, 9);
  });

  it('says clearly what is wrong with a broken directory', async () => {
    expect(await codeOf(registerModel(t, { dir: await tinyDir({ defect: 'vision-not-onnx' }) }))).toEqual([
      'MODEL_NOT_ONNX',
      expect.stringMatching(/^vision tower is not a loadable ONNX model: .*Protobuf parsing failed/),
    ]);
    expect(await codeOf(registerModel(t, { dir: await tinyDir({ defect: 'vision-wrong-dim' }) }))).toEqual([
      'MODEL_SHAPE_MISMATCH',
      'the towers disagree: image embeddings have 9 dimensions, text embeddings 8',
    ]);
    const missingText = await tinyDir({ defect: 'missing-text' });
    expect(await codeOf(registerModel(t, { dir: missingText }))).toEqual([
      'MODEL_FILE_MISSING',
      `text tower not found: onnx/text_model.onnx (in ${missingText})`,
    ]);
    const noTokenizer = await tinyDir({ defect: 'missing-tokenizer', layout: 'manifest' });
    expect(await codeOf(registerModel(t, { dir: noTokenizer }))).toEqual([
      'MODEL_FILE_MISSING',
      `tokenizer not found: vocab-tokenizer.json (in ${noTokenizer})`,
    ]);
    expect(await codeOf(registerModel(t, { dir: '/nonexistent/model' }))).toEqual([
      'MODEL_FILE_MISSING',
      'model directory not found: /nonexistent/model',
    ]);
  });

  it('rejects a manifest with wrong fields, and declared shapes the towers do not produce', async () => {
    const dir = await tinyDir({ layout: 'manifest' });
    const manifest = JSON.parse(await readFile(join(dir, 'stratum.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(join(dir, 'stratum.json'), JSON.stringify({ ...manifest, image: { size: 16, mean: [0.5] } }));
    const [code, message] = await codeOf(registerModel(t, { dir }));
    expect(code).toBe('MODEL_CONFIG_INVALID');
    expect(message).toMatch(/^stratum\.json is invalid: image\.mean: /);

    await writeFile(join(dir, 'stratum.json'), JSON.stringify({ ...manifest, dimensions: 16 }));
    expect(await codeOf(registerModel(t, { dir }))).toEqual([
      'MODEL_SHAPE_MISMATCH',
      'the config declares 16 dimensions but the towers produce 8',
    ]);

    await writeFile(
      join(dir, 'stratum.json'),
      JSON.stringify({
        ...manifest,
        vision: { file: 'onnx/image_encoder.onnx', input: 'pixels', output: 'image_features' },
      }),
    );
    expect(await codeOf(registerModel(t, { dir }))).toEqual([
      'MODEL_SHAPE_MISMATCH',
      'vision tower has inputs [image]; expected "pixels"',
    ]);
  });

  it('refuses a slug taken by a non-contrastive model', async () => {
    await t.db.insert(models).values({ slug: 'gpt-4o', name: 'GPT-4o', kind: 'generative' });
    expect(await codeOf(registerModel(t, { dir: await tinyDir(), slug: 'gpt-4o' }))).toEqual([
      'MODEL_NOT_CONTRASTIVE',
      'model "gpt-4o" exists as a generative model; choose another slug',
    ]);
    expect(await codeOf(registerModel(t, { dir: await tinyDir(), slug: 'Bad Slug!' }))).toEqual([
      'MODEL_CONFIG_INVALID',
      expect.stringMatching(/^slug "Bad Slug!" must match/),
    ]);
    expect((await listModelVersions(t.db)).every((v) => v.kind === 'contrastive')).toBe(true);
  });
});
