import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config.js';
import { createContext } from '../../../context.js';
import type { ApiKeyInfo } from '../../../db/queries/api-keys.js';
import { evaluationRuntimeFor, type EvaluationRuntime } from '../../../predictions/runtime.js';
import { loadEmbeddingSettings } from '../../../embeddings/settings.js';
import type { OnnxEmbedder } from '../../../embeddings/onnx.js';
import { colourPng, createColourCorpus, type ColourCorpus } from '../../../test-utils/embeddings.js';
import { findModelVersionByRef } from '../../../db/queries/model-versions.js';
import type { Runtime } from '../../../runtime.js';
import { createServer, type StratumServer } from '../../../server.js';
import { memoryLogger } from '../../testing.js';
import { createTestDb, testDriver, type TestDb } from '../../../test-utils/db.js';
import { writeTinyClip } from '../../../test-utils/tiny-clip.js';

const key: ApiKeyInfo = {
  id: 1,
  name: 'test',
  prefix: 'st_test',
  createdAt: new Date(),
  lastUsedAt: null,
  revokedAt: null,
};
type Result = { data?: Record<string, unknown> | null; errors?: Record<string, unknown>[] };

describe(`embeddings GraphQL API (${testDriver})`, () => {
  let t: TestDb;
  let corpus: ColourCorpus;
  let runtime: Runtime;
  let server: StratumServer;
  let emb: EvaluationRuntime;
  let modelDir: string;

  async function exec(query: string, variables?: Record<string, unknown>, apiKey: ApiKeyInfo | null = null) {
    const response = await server.apollo.executeOperation(
      { query, variables },
      { contextValue: createContext({ runtime, auth: { apiKey } }) },
    );
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return JSON.parse(JSON.stringify(response.body.singleResult)) as Result;
  }

  beforeAll(async () => {
    t = await createTestDb();
    corpus = await createColourCorpus(t.db, 10, { corrupt: true });
    const config = loadConfig({ DATA_DIR: await mkdtemp(join(tmpdir(), 'stratum-gql-')), LOG_LEVEL: 'silent' });
    runtime = { config, handle: t, store: corpus.store, close: async () => undefined };
    emb = await evaluationRuntimeFor(runtime, {
      settings: { ...loadEmbeddingSettings({}), batchSize: 4, evalInlineThreshold: 5 },
    });
    server = await createServer(runtime, { log: memoryLogger() });
    // registerModel over the API reads only inside the configured model roots.
    const modelRoot = await mkdtemp(join(tmpdir(), 'stratum-gql-models-'));
    runtime.config.modelRoots = [modelRoot];
    modelDir = await writeTinyClip(await mkdtemp(join(modelRoot, 'tiny-')));
  });
  afterAll(async () => {
    await server?.close();
    await emb?.close();
    await t?.destroy();
  });

  const REGISTER = `mutation($input: RegisterModelInput!) {
    registerModel(input: $input) {
      ok created error { code message inputErrors { path message } }
      modelVersion { dimensions path model { slug kind } embeddedImageCount }
    }
  }`;

  it('registers a model (write access needed) and reports broken directories in the payload', async () => {
    expect(await exec(REGISTER, { input: { path: modelDir, slug: 'tiny' } })).toMatchObject({
      data: null,
      errors: [{ extensions: { code: 'UNAUTHENTICATED' }, path: ['registerModel'] }],
    });
    expect(await exec(REGISTER, { input: { path: modelDir, slug: 'tiny', name: 'Tiny' } }, key)).toEqual({
      data: {
        registerModel: {
          ok: true,
          created: true,
          error: null,
          modelVersion: {
            dimensions: 8,
            path: modelDir,
            model: { slug: 'tiny', kind: 'CONTRASTIVE' },
            embeddedImageCount: 0,
          },
        },
      },
    });
    // Missing, outside the roots, a file, or a way out through `..`: one and the same answer, so nothing about the
    // server's file system beyond the roots can be learned.
    for (const path of ['/no/such/dir', '/etc', '/etc/passwd', `${modelDir}/../../..`, 'nope', '/tmp']) {
      const message = `no model directory "${path}" under the configured model roots (MODEL_ROOTS)`;
      expect(await exec(REGISTER, { input: { path } }, key)).toEqual({
        data: {
          registerModel: {
            ok: false,
            created: false,
            modelVersion: null,
            error: { code: 'MODEL_FILE_MISSING', message, inputErrors: [{ path: ['input', 'path'], message }] },
          },
        },
      });
    }
  });

  it('batches every Image.embedding of a request into ceil(N / batch) inference calls', async () => {
    const version = (await findModelVersionByRef(t.db, 'tiny'))!;
    const embedder = (await emb.pool.get(version)) as OnnxEmbedder;
    const before = embedder.stats.imageInferenceCalls;
    const ids = corpus.images.filter((i) => i.colour).map((i) => i.id);
    const result = await exec(
      `query($ids: [ID!]) { images(filter: { ids: $ids }, first: 50) { nodes { id embedding(model: "tiny") { dimensions } } } }`,
      { ids: ids.map(String) },
    );
    expect(result.errors).toBeUndefined();
    const nodes = (result.data!.images as { nodes: { id: string; embedding: { dimensions: number } }[] }).nodes;
    expect(nodes).toHaveLength(10);
    expect(nodes.every((n) => n.embedding.dimensions === 8)).toBe(true);
    expect(embedder.stats.imageInferenceCalls - before).toBe(Math.ceil(10 / 4));
    // Second request: everything is cached in pgvector.
    await exec(
      `query($ids: [ID!]) { images(filter: { ids: $ids }) { nodes { embedding(model: "tiny") { vector } } } }`,
      {
        ids: ids.map(String),
      },
    );
    expect(embedder.stats.imageInferenceCalls - before).toBe(3);
  });

  it('gives null and a coded error with its path for an unreadable image', async () => {
    const corrupt = corpus.images.find((i) => !i.colour)!.id;
    const result = await exec(`{ image(id: "${corrupt}") { id embedding(model: "tiny") { dimensions } } }`);
    expect(result).toEqual({
      data: { image: { id: String(corrupt), embedding: null } },
      errors: [
        expect.objectContaining({
          message: expect.stringMatching(/^cannot decode image: /),
          path: ['image', 'embedding'],
          extensions: { code: 'IMAGE_UNREADABLE' },
        }),
      ],
    });
    expect(await exec(`{ image(id: "${corrupt}") { embedding(model: "nope") { dimensions } } }`)).toMatchObject({
      errors: [{ message: 'no registered model "nope" with ONNX files', extensions: { code: 'MODEL_NOT_FOUND' } }],
    });
  });

  it('embeds texts and searches by text, image and upload within a filter, with scores', async () => {
    const text = await exec(`{ textEmbedding(model: "tiny", text: "red") { text dimensions vector } }`);
    expect(text.data!.textEmbedding).toMatchObject({ text: 'red', dimensions: 8 });
    const SEARCH = `query($to: SimilarityTarget!, $filter: ImageFilter, $k: Int) {
      similarImages(to: $to, model: "tiny", filter: $filter, k: $k) {
        method candidates unembeddable hits { score image { id labelNames } }
      }
    }`;
    const byText = await exec(SEARCH, { to: { text: 'red' }, k: 3 });
    expect(byText.errors).toBeUndefined();
    const r = byText.data!.similarImages as {
      method: string;
      hits: { score: number; image: { labelNames: string[] } }[];
    };
    expect(r.method).toBe('EXACT');
    expect(r.hits.map((h) => h.image.labelNames[0])).toEqual(['red', 'red', 'red']);
    expect(r.hits[0]!.score).toBeGreaterThan(r.hits[2]!.score - 1e-9);

    const filtered = await exec(SEARCH, {
      to: { text: 'blue' },
      filter: { sourceDataset: { in: [String(corpus.datasets.b)] } },
      k: 20,
    });
    const inB = corpus.images.filter((i) => i.dataset === 'b' && i.colour).map((i) => String(i.id));
    const hits = (filtered.data!.similarImages as { hits: { image: { id: string } }[] }).hits;
    expect(hits.map((h) => h.image.id).sort()).toEqual([...inB].sort());

    const upload = (await colourPng('green', 2)).toString('base64');
    const byUpload = await exec(SEARCH, { to: { upload }, k: 2 });
    const up = (byUpload.data!.similarImages as { hits: { image: { labelNames: string[] } }[] }).hits;
    expect(up.map((h) => h.image.labelNames[0])).toEqual(['green', 'green']);

    const red = corpus.images.find((i) => i.colour === 'red')!;
    const byImage = await exec(SEARCH, { to: { imageId: String(red.id) }, k: 2 });
    const near = (byImage.data!.similarImages as { hits: { image: { id: string; labelNames: string[] } }[] }).hits;
    expect(near.map((h) => h.image.labelNames[0])).toEqual(['red', 'red']);
    expect(near.map((h) => h.image.id)).not.toContain(String(red.id));
  });

  it('rejects bad search arguments with coded errors', async () => {
    expect(await exec(`{ similarImages(to: { text: "red" }, model: "tiny", k: 500) { candidates } }`)).toMatchObject({
      data: null,
      errors: [{ message: 'k: must be between 1 and 200 (got 500)', extensions: { code: 'BAD_USER_INPUT' } }],
    });
    const both = await exec(`{ similarImages(to: { text: "red", imageId: "1" }, model: "tiny") { candidates } }`);
    expect(both.errors?.[0]).toBeDefined();
    expect(await exec(`{ similarImages(to: { imageId: "999999" }, model: "tiny") { candidates } }`)).toMatchObject({
      errors: [{ message: 'image 999999 not found', extensions: { code: 'NOT_FOUND' } }],
    });
  });

  it('evaluates: inline for a small scope, queued otherwise; progress on Run', async () => {
    const EVAL = `mutation($filter: ImageFilter, $template: Int) {
      evaluate(model: "tiny", filter: $filter, template: $template) {
        ok mode error { code message } run { id status total done failed protocol template }
      }
    }`;
    expect(await exec(EVAL, { filter: { sourceDataset: { in: [String(corpus.datasets.b)] } } })).toMatchObject({
      errors: [{ extensions: { code: 'UNAUTHENTICATED' } }],
    });
    const small = await exec(EVAL, { filter: { sourceDataset: { in: [String(corpus.datasets.b)] } } }, key);
    expect(small).toEqual({
      data: {
        evaluate: {
          ok: true,
          mode: 'INLINE',
          error: null,
          run: {
            id: expect.any(String),
            status: 'COMPLETE',
            total: 5,
            done: 5,
            failed: 0,
            protocol: 'CONTRASTIVE',
            template: 1,
          },
        },
      },
    });
    const large = await exec(
      EVAL,
      { filter: { benchmark: { in: [String(corpus.benchmarkId)] } }, template: null },
      key,
    );
    expect(large.data!.evaluate).toMatchObject({ ok: true, mode: 'QUEUED', run: { total: 22, template: null } });
    await emb.queue.idle();
    const runId = (large.data!.evaluate as { run: { id: string } }).run.id;
    expect(await exec(`{ run(id: "${runId}") { status total done failed } }`)).toEqual({
      data: { run: { status: 'COMPLETE', total: 22, done: 22, failed: 2 } },
    });
    expect(await exec(EVAL, { filter: { ids: [] } }, key)).toEqual({
      data: {
        evaluate: {
          ok: false,
          mode: null,
          run: null,
          error: { code: 'BAD_USER_INPUT', message: 'the filter matches no images' },
        },
      },
    });
  });
});
