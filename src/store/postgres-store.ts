import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { imageBlobs } from '../db/schema/index.js';
import { assertContentHash, contentHash, type ImageBlobStore } from './image-store.js';

/**
 * The shared image store on PostgreSQL (`image_blobs`, bytea, content-addressed, insert-only): what every replica
 * and worker over one database reads, so no process holds bytes another one needs. With a `fallback` (the
 * directory store of a deployment that predates it) a miss is read from there and copied in on first use.
 */
export class PostgresImageStore implements ImageBlobStore {
  constructor(
    private readonly db: Db,
    private readonly fallback: ImageBlobStore | null = null,
  ) {}

  async put(bytes: Uint8Array, knownHash?: string): Promise<string> {
    const hash = knownHash ?? contentHash(bytes);
    assertContentHash(hash);
    await this.db
      .insert(imageBlobs)
      .values({
        contentHash: hash,
        bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
        byteSize: bytes.byteLength,
      })
      .onConflictDoNothing({ target: imageBlobs.contentHash });
    return hash;
  }

  async get(hash: string): Promise<Buffer | null> {
    assertContentHash(hash);
    const [row] = await this.db
      .select({ bytes: imageBlobs.bytes })
      .from(imageBlobs)
      .where(eq(imageBlobs.contentHash, hash));
    if (row) return row.bytes;
    const legacy = await this.fallback?.get(hash);
    if (!legacy) return null;
    await this.put(legacy, hash);
    return legacy;
  }

  async has(hash: string): Promise<boolean> {
    assertContentHash(hash);
    const [row] = await this.db
      .select({ one: sql<number>`1` })
      .from(imageBlobs)
      .where(eq(imageBlobs.contentHash, hash));
    return !!row || ((await this.fallback?.has(hash)) ?? false);
  }
}
