import { performance } from 'node:perf_hooks';
import DataLoader from 'dataloader';
import type { DbHandle } from '../db/client.js';
import {
  findImageEmbeddings,
  findImageSources,
  findTextEmbeddings,
  insertImageEmbeddings,
  insertTextEmbeddings,
} from '../db/queries/embeddings.js';
import { sha256 } from '../hash.js';
import type { ModelVersionRow } from '../db/queries/model-versions.js';
import type { ImageBlobStore } from '../store/image-store.js';
import type { EmbedderPool } from './embedder-pool.js';
import { vectorProblem } from './embedder.js';
import { EmbeddingError } from '../errors.js';

export type ImageVectorResult = Float32Array | EmbeddingError;

type Deferred<T> = { promise: Promise<T>; resolve(value: T): void; reject(error: unknown): void };
function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/** Wall milliseconds the service spent in the database (reads + writes), for the benchmark's time shares. */
export type ServiceStats = { databaseMs: number; imagesComputed: number; textsComputed: number };

/**
 * The embedding cache: returns vectors for (model version, image) and (model version, text), reading them from
 * pgvector when stored and otherwise computing them in batches and storing them.
 *
 * Invariants:
 * - A vector is keyed by model version (weights hash + preprocessing hash), never by model alone.
 * - Texts are keyed by sha256(text): a caption shared by thousands of questions is embedded once.
 * - Single flight: while a key is being looked up or computed in this process, other callers await the same
 *   promise, so two concurrent requests for the same missing vectors compute them once. Across processes the
 *   insert is `ON CONFLICT DO NOTHING` (both compute the same vector; the first row stays).
 * - An image that cannot be read resolves to an EmbeddingError (IMAGE_UNREADABLE / IMAGE_MISSING); nothing is
 *   stored for it, and the other images of the batch are unaffected.
 */
export class EmbeddingService {
  readonly stats: ServiceStats = { databaseMs: 0, imagesComputed: 0, textsComputed: 0 };
  private readonly imageFlights = new Map<string, Deferred<ImageVectorResult>>();
  private readonly textFlights = new Map<string, Deferred<Float32Array>>();

  constructor(
    private readonly handle: DbHandle,
    private readonly store: ImageBlobStore,
    readonly pool: EmbedderPool,
  ) {}

  private async timedDb<T>(fn: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await fn();
    } finally {
      this.stats.databaseMs += performance.now() - started;
    }
  }

  /**
   * The released bytes of an image from the image store (generative models are sent the image itself).
   * @throws EmbeddingError IMAGE_MISSING when the image or its bytes are not there (retryable: an import may
   * still be writing them)
   */
  async imageBytes(imageId: number): Promise<Uint8Array> {
    const [source] = await findImageSources(this.handle.db, [imageId]);
    if (!source) throw new EmbeddingError('IMAGE_MISSING', `image ${imageId} does not exist`);
    const data = await this.store.get(source.contentHash);
    if (!data) {
      throw new EmbeddingError(
        'IMAGE_MISSING',
        `the bytes of image ${imageId} (${source.contentHash}) are not in the store`,
      );
    }
    return new Uint8Array(data);
  }

  /**
   * One image's vector (stored, else computed and stored), batched with every other call made in the same tick:
   * all `Image.embedding` fields of a GraphQL response become one `imageEmbeddings` call per model version, which
   * cuts the missing ones into ⌈n / batch size⌉ ONNX calls. Rejects with the image's EmbeddingError.
   */
  imageEmbedding(version: ModelVersionRow, imageId: number): Promise<Float32Array> {
    return this.imageBatches.load({ version, imageId });
  }

  private readonly imageBatches = new DataLoader<{ version: ModelVersionRow; imageId: number }, Float32Array, string>(
    async (keys) => {
      const byVersion = new Map<number, { version: ModelVersionRow; ids: number[] }>();
      for (const k of keys) {
        const entry = byVersion.get(k.version.id) ?? { version: k.version, ids: [] };
        entry.ids.push(k.imageId);
        byVersion.set(k.version.id, entry);
      }
      const results = new Map<string, ImageVectorResult>();
      for (const { version, ids } of byVersion.values()) {
        const vectors = await this.imageEmbeddings(version, ids);
        ids.forEach((id, i) => results.set(`${version.id}:${id}`, vectors[i]!));
      }
      return keys.map((k) => results.get(`${k.version.id}:${k.imageId}`)!);
    },
    // Batching only: vectors are cached in pgvector and joined in flight above, not held per process here.
    { cache: false, cacheKeyFn: (k) => `${k.version.id}:${k.imageId}` },
  );

  /** One result per image id, in order: the stored or freshly computed vector, or why there is none. */
  async imageEmbeddings(version: ModelVersionRow, imageIds: readonly number[]): Promise<ImageVectorResult[]> {
    const unique = [...new Set(imageIds)];
    const claimed = new Map<number, Deferred<ImageVectorResult>>();
    for (const id of unique) {
      const key = `${version.id}:${id}`;
      if (!this.imageFlights.has(key)) {
        const flight = deferred<ImageVectorResult>();
        this.imageFlights.set(key, flight);
        claimed.set(id, flight);
      }
    }
    const pending = unique.map((id) => this.imageFlights.get(`${version.id}:${id}`)!.promise);
    if (claimed.size) {
      this.computeImages(version, claimed).catch((error) => {
        for (const flight of claimed.values()) flight.reject(error);
      });
    }
    const results = new Map(unique.map((id, i) => [id, pending[i]!]));
    return Promise.all(imageIds.map((id) => results.get(id)!));
  }

  private async computeImages(version: ModelVersionRow, claimed: Map<number, Deferred<ImageVectorResult>>) {
    const ids = [...claimed.keys()];
    try {
      const stored = await this.timedDb(() => findImageEmbeddings(this.handle.db, version.id, ids));
      for (const row of stored) claimed.get(row.imageId)!.resolve(Float32Array.from(row.embedding));
      const found = new Set(stored.map((r) => r.imageId));
      const missing = ids.filter((id) => !found.has(id));
      if (!missing.length) return;

      const embedder = await this.pool.get(version);
      const sources = await this.timedDb(() => findImageSources(this.handle.db, missing));
      const hashOf = new Map(sources.map((s) => [s.id, s.contentHash]));
      const bytes = await Promise.all(
        missing.map(async (id) => {
          const hash = hashOf.get(id);
          if (!hash) return new EmbeddingError('IMAGE_MISSING', `image ${id} does not exist`);
          const data = await this.store.get(hash);
          return data ?? new EmbeddingError('IMAGE_MISSING', `the bytes of image ${id} (${hash}) are not in the store`);
        }),
      );
      const readable = missing.filter((_, i) => !(bytes[i] instanceof EmbeddingError));
      missing.forEach((id, i) => {
        const b = bytes[i];
        if (b instanceof EmbeddingError) claimed.get(id)!.resolve(b);
      });
      const computed = await embedder.embedImages(
        bytes.filter((b): b is Buffer => !(b instanceof EmbeddingError)).map((b) => new Uint8Array(b)),
      );
      // A NaN, infinite or zero vector is never stored (pgvector refuses NaN; a zero vector has no cosine): its
      // image resolves to EMBEDDING_INVALID, and the questions on it are failed predictions.
      const vectors = computed.map((v) => {
        const problem = v instanceof Float32Array ? vectorProblem(v) : null;
        return problem ? new EmbeddingError('EMBEDDING_INVALID', `the image embedding ${problem}`) : v;
      });
      const rows = readable.flatMap((imageId, i) => {
        const v = vectors[i]!;
        return v instanceof Float32Array ? [{ imageId, embedding: v }] : [];
      });
      await testHookComputed(rows.length);
      await this.timedDb(() => insertImageEmbeddings(this.handle.db, version.id, rows));
      this.stats.imagesComputed += rows.length;
      readable.forEach((id, i) => claimed.get(id)!.resolve(vectors[i]!));
    } catch (error) {
      for (const flight of claimed.values()) flight.reject(error);
    } finally {
      for (const id of ids) this.imageFlights.delete(`${version.id}:${id}`);
    }
  }

  /** One vector per text, in order; duplicates are looked up and computed once. */
  async textEmbeddings(version: ModelVersionRow, texts: readonly string[]): Promise<Float32Array[]> {
    const byHash = new Map<string, string>();
    for (const text of texts) byHash.set(sha256(text), text);
    const claimed = new Map<string, Deferred<Float32Array>>();
    for (const hash of byHash.keys()) {
      const key = `${version.id}:${hash}`;
      if (!this.textFlights.has(key)) {
        const flight = deferred<Float32Array>();
        this.textFlights.set(key, flight);
        claimed.set(hash, flight);
      }
    }
    const promises = new Map([...byHash.keys()].map((h) => [h, this.textFlights.get(`${version.id}:${h}`)!.promise]));
    if (claimed.size) void this.computeTexts(version, claimed, byHash);
    return Promise.all(texts.map((t) => promises.get(sha256(t))!));
  }

  private async computeTexts(
    version: ModelVersionRow,
    claimed: Map<string, Deferred<Float32Array>>,
    byHash: Map<string, string>,
  ) {
    const hashes = [...claimed.keys()];
    try {
      const stored = await this.timedDb(() => findTextEmbeddings(this.handle.db, version.id, hashes));
      for (const row of stored) claimed.get(row.textHash)!.resolve(Float32Array.from(row.embedding));
      const found = new Set(stored.map((r) => r.textHash));
      const missing = hashes.filter((h) => !found.has(h));
      if (!missing.length) return;
      const embedder = await this.pool.get(version);
      const vectors = await embedder.embedTexts(missing.map((h) => byHash.get(h)!));
      // A NaN, infinite or zero text vector is handed back (zero-shot scoring marks its questions failed) but
      // never stored: pgvector refuses NaN, and a stored one would be served as valid.
      const rows = missing.flatMap((textHash, i) =>
        vectorProblem(vectors[i]!) ? [] : [{ textHash, text: byHash.get(textHash)!, embedding: vectors[i]! }],
      );
      await this.timedDb(() => insertTextEmbeddings(this.handle.db, version.id, rows));
      this.stats.textsComputed += rows.length;
      missing.forEach((h, i) => claimed.get(h)!.resolve(vectors[i]!));
    } catch (error) {
      for (const flight of claimed.values()) flight.reject(error);
    } finally {
      for (const h of hashes) this.textFlights.delete(`${version.id}:${h}`);
    }
  }
}

/**
 * Test hook for the fault suite (`faults/serve.test.ts`): with STRATUM_EMBED_HOOK_MS set, announce each batch of
 * computed image embeddings on stderr before it is stored, and pause, so a test can kill the process mid-embedding
 * (vectors computed, nothing stored, nothing predicted for them).
 */
async function testHookComputed(images: number): Promise<void> {
  const delay = Number(process.env.STRATUM_EMBED_HOOK_MS ?? 0);
  if (!delay) return;
  process.stderr.write(`embed-test-hook: computed ${images} image embeddings (pid ${process.pid})\n`);
  await new Promise((r) => setTimeout(r, delay));
}
