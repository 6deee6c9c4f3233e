import { DeleteObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../config.js';
import type { ModelVersionRow } from '../db/queries/model-versions.js';
import { EmbedderPool } from '../embeddings/embedder-pool.js';
import { evaluationRuntimeFor, type EvaluationRuntime } from '../predictions/runtime.js';
import { EmbeddingService } from '../embeddings/service.js';
import { loadEmbeddingSettings } from '../embeddings/settings.js';
import { memoryLogger } from '../graphql/testing.js';
import { importRelease } from '../importer/index.js';
import { registerModel } from '../embeddings/registry.js';
import { evaluate } from '../predictions/evaluate.js';
import { InProcessQueue } from '../predictions/jobs.js';
import type { Runtime } from '../runtime.js';
import { createServer, type StratumServer } from '../server.js';
import { createTestDb, testDriver, type TestDb } from '../test-utils/db.js';
import { startS3Server, type TestS3 } from '../test-utils/s3.js';
import { writeTinyClip } from '../test-utils/tiny-clip.js';
import { toyRows, writeToyRelease, type ToyRow } from '../test-utils/toy-release.js';
import type { FallbackImageStore } from './image-store.js';
import { contentHash } from './image-store.js';
import { createImageStore } from './index.js';
import type { S3ImageStore } from './s3-store.js';

const ROWS = 9;

/**
 * Two replicas (two runtimes with their own data directories) over one database and one S3 bucket, configured as a
 * deployment is (`IMAGE_STORE=s3`, `S3_*`, credentials in the AWS environment): replica A imports, replica B, which
 * has never seen the files, serves the image bytes and evaluates. Issue 13 item 6: with per-process stores replica
 * B completed runs with most predictions missing.
 */
describe(`replicas share images through S3 (${testDriver})`, () => {
  let t: TestDb;
  let s3: TestS3;
  let a: Runtime;
  let b: Runtime;
  let server: StratumServer;
  let emb: EvaluationRuntime;
  let rows: ToyRow[];
  let bucket: S3ImageStore;
  let base: string;
  let version: ModelVersionRow;

  async function replica(): Promise<Runtime> {
    const config = loadConfig({
      ...s3.env(),
      DATA_DIR: await mkdtemp(join(tmpdir(), 'stratum-replica-')),
      LOG_LEVEL: 'silent',
    });
    const store = await createImageStore(config, t);
    return { config, handle: t, store, close: async () => store.close?.() };
  }

  beforeAll(async () => {
    t = await createTestDb();
    s3 = await startS3Server();
    const env = s3.env();
    vi.stubEnv('AWS_ACCESS_KEY_ID', env.AWS_ACCESS_KEY_ID!);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', env.AWS_SECRET_ACCESS_KEY!);
    a = await replica();
    b = await replica();
    bucket = (b.store as FallbackImageStore).primary as S3ImageStore;
    rows = await toyRows(ROWS);
    const file = join(a.config.dataDir, 'toy-release.arrow');
    await writeToyRelease(file, rows);
    const summary = await importRelease(a, {
      sources: [file],
      adapter: 'toy',
      benchmark: { slug: 'toy', name: 'Toy', source: 'test' },
      revision: 'toy-1',
    });
    expect(summary).toMatchObject({ status: 'complete', rowsImported: ROWS });
    const model = await writeTinyClip(await mkdtemp(join(tmpdir(), 'stratum-replica-m-')));
    version = (await registerModel(t, { dir: model, slug: 'tiny' })).version;
    emb = await evaluationRuntimeFor(b, { settings: { ...loadEmbeddingSettings({}), batchSize: 8 } });
    server = await createServer(b, { log: memoryLogger() });
    base = (await server.listen(0, '127.0.0.1')).url;
  });
  afterAll(async () => {
    await server?.close();
    await emb?.close();
    await a?.close();
    await b?.close();
    await s3?.stop();
    await t?.destroy();
    vi.unstubAllEnvs();
  });

  const images = () =>
    t.query<{ id: number; source_image_id: string; content_hash: string }>(
      `select i.id, i.source_image_id, i.content_hash from images i order by i.source_image_id`,
    );

  it('the import wrote every image into the bucket and nothing into the replica', async () => {
    const listed = await bucket.client.send(new ListObjectsV2Command({ Bucket: bucket.bucket }));
    const hashes = [...new Set((await images()).map((i) => i.content_hash))].sort();
    expect(hashes.length).toBeGreaterThan(1);
    expect((listed.Contents ?? []).map((o) => o.Key).sort()).toEqual(hashes.map((h) => `images/${h}`));
    expect(existsSync(a.config.imageStoreDir)).toBe(false);
  });

  it('replica B serves the original bytes of every image, streamed from the bucket', async () => {
    const bySource = new Map(rows.map((r) => [r.uid, r.picture]));
    // Streamed: the route opens the object and pipes it; it never reads an original whole.
    const whole = vi.spyOn(b.store, 'get');
    const streamed = vi.spyOn(b.store, 'open');
    for (const image of await images()) {
      const res = await fetch(`${base}/images/${image.id}`);
      expect(res.status).toBe(200);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(contentHash(bytes)).toBe(image.content_hash);
      expect(bytes.equals(Buffer.from(bySource.get(image.source_image_id)!))).toBe(true);
      expect(res.headers.get('content-length')).toBe(String(bytes.length));
    }
    expect([whole.mock.calls.length, streamed.mock.calls.length]).toEqual([0, ROWS]);
    whole.mockRestore();
    streamed.mockRestore();
    expect(existsSync(b.config.imageStoreDir)).toBe(false);
  });

  it('replica B evaluates from the bucket; a missing object holds the run open until it is back', async () => {
    const [toy] = await t.query<{ id: number }>(`select id from benchmarks where slug = 'toy'`);
    // One object gone from the bucket (not yet replicated, deleted by a lifecycle rule, …).
    const gone = (await images())[0]!;
    const bytes = (await bucket.get(gone.content_hash))!;
    await bucket.client.send(new DeleteObjectCommand({ Bucket: bucket.bucket, Key: bucket.keyOf(gone.content_hash) }));
    const sharing = (await images()).filter((i) => i.content_hash === gone.content_hash).length;

    const settings = { ...loadEmbeddingSettings({}), evalInlineThreshold: 1000, evalChunkSize: 4 };
    const embeddings = new EmbeddingService(t, b.store, new EmbedderPool({ batchSize: 4 }));
    const queue = new InProcessQueue({ handle: t, embeddings, settings }, undefined, () => 200);
    try {
      const { run, mode } = await evaluate(
        { handle: t, embeddings, settings, queue },
        { version, filter: { benchmark: { in: [toy!.id] } } },
      );
      // IMAGE_MISSING is retryable: no prediction for the missing image's question, the run is not complete.
      expect(mode).toBe('queued');
      expect(run).toMatchObject({ status: 'running', total: ROWS, done: ROWS - sharing, failed: 0 });
      await a.store.put(bytes);
      await queue.idle();
      const [after] = await t.query<{ status: string; done: number; failed: number }>(
        `select status, done, failed from runs where id = $1`,
        [run.id],
      );
      expect(after).toEqual({ status: 'complete', done: ROWS, failed: 0 });
    } finally {
      await queue.stop();
      await embeddings.pool.close();
    }

    // Replica B answers from the predictions it computed: every question, every one right (tiny CLIP on colours).
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `{ results(models: ["tiny"], filter: { benchmark: { slugIn: ["toy"] } }, questionTypes: [CLASSIFICATION],
                  overall: true) { coverage { done total failed } slices { n correct } } }`,
      }),
    });
    expect(await res.json()).toEqual({
      data: {
        results: {
          coverage: [{ done: ROWS, total: ROWS, failed: 0 }],
          slices: [{ n: ROWS, correct: ROWS }],
        },
      },
    });
  });
});
