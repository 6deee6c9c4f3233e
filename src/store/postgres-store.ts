import type { Db } from '../db/client.js';
import { findImageBlob, imageBlobExists, insertImageBlob } from '../db/queries/image-blobs.js';
import { assertContentHash, blobOf, contentHash, type ImageBlobStore, type StoredBlob } from './image-store.js';

/**
 * The shared image store on PostgreSQL (`image_blobs`, bytea, content-addressed, insert-only): what every replica
 * and worker over one database reads, so no process holds bytes another one needs. A bytea value is read whole,
 * so `open` streams bytes already in memory (μ-Bench images are a few MB at most).
 */
export class PostgresImageStore implements ImageBlobStore {
  constructor(private readonly db: Db) {}

  async put(bytes: Uint8Array, knownHash?: string): Promise<string> {
    const hash = knownHash ?? contentHash(bytes);
    assertContentHash(hash);
    await insertImageBlob(this.db, hash, bytes);
    return hash;
  }

  async get(hash: string): Promise<Buffer | null> {
    assertContentHash(hash);
    return findImageBlob(this.db, hash);
  }

  async open(hash: string): Promise<StoredBlob | null> {
    const bytes = await this.get(hash);
    return bytes ? blobOf(bytes) : null;
  }

  async has(hash: string): Promise<boolean> {
    assertContentHash(hash);
    return imageBlobExists(this.db, hash);
  }
}
