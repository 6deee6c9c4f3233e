import { decodeOptionsOf, fingerprint, readModelDir } from '../models/layout.js';
import type { ModelVersionRow } from '../db/queries/model-versions.js';
import type { Embedder } from './embedder.js';
import { EmbeddingError } from '../errors.js';
import { OnnxEmbedder, type OnnxEmbedderOptions } from './onnx.js';

/**
 * One embedder per model version per process, created on first use, with the decode options the version was
 * registered with (`preprocessing.decode`). Before the first use the files on disk are fingerprinted again: if the weights or preprocessing changed since registration, the version refuses to
 * embed (EMBEDDING_UNAVAILABLE) rather than store vectors under the wrong key.
 */
export class EmbedderPool {
  private readonly embedders = new Map<number, Promise<Embedder>>();

  constructor(private readonly options: OnnxEmbedderOptions = {}) {}

  get(version: ModelVersionRow): Promise<Embedder> {
    let embedder = this.embedders.get(version.id);
    if (!embedder) {
      embedder = this.load(version);
      this.embedders.set(version.id, embedder);
      embedder.catch(() => this.embedders.delete(version.id));
    }
    return embedder;
  }

  /** Uses `embedder` for `versionId` (benchmarks and tests that count calls on their own instance). */
  set(versionId: number, embedder: Embedder): void {
    this.embedders.set(versionId, Promise.resolve(embedder));
  }

  private async load(version: ModelVersionRow): Promise<Embedder> {
    if (!version.path || !version.dimensions) {
      throw new EmbeddingError(
        'EMBEDDING_UNAVAILABLE',
        `model ${version.slug} (version ${version.id}) has no ONNX files registered`,
      );
    }
    const decode = decodeOptionsOf(version.preprocessing);
    if (!decode) {
      throw new EmbeddingError(
        'EMBEDDING_UNAVAILABLE',
        `model ${version.slug} (version ${version.id}) was registered with an older decode step whose vectors ` +
          'no longer match the reference pipeline; register the directory again',
      );
    }
    let spec;
    try {
      spec = await readModelDir(version.path, decode);
    } catch (error) {
      throw new EmbeddingError(
        'EMBEDDING_UNAVAILABLE',
        `model ${version.slug}: its files at ${version.path} cannot be read (${(error as Error).message})`,
      );
    }
    const print = await fingerprint(spec);
    if (print.weightsHash !== version.weightsHash || print.preprocessingHash !== version.preprocessingHash) {
      throw new EmbeddingError(
        'EMBEDDING_UNAVAILABLE',
        `model ${version.slug}: the files at ${version.path} changed since registration; register the directory again`,
      );
    }
    return new OnnxEmbedder(spec, version.dimensions, this.options);
  }

  async close(): Promise<void> {
    const all = [...this.embedders.values()];
    this.embedders.clear();
    await Promise.all(all.map(async (e) => (await e.catch(() => null))?.close()));
  }
}
