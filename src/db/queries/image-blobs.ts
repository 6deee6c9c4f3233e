import { eq, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { imageBlobs } from '../schema/index.js';

/** Image bytes by content hash (`image_blobs`, insert-only): the PostgreSQL image store's statements. */

/** Stores the bytes under `contentHash` unless they are there already (idempotent, race-free). */
export async function insertImageBlob(db: Db, contentHash: string, bytes: Uint8Array): Promise<void> {
  await db
    .insert(imageBlobs)
    .values({
      contentHash,
      bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      byteSize: bytes.byteLength,
    })
    .onConflictDoNothing({ target: imageBlobs.contentHash });
}

/** The stored bytes, or null. */
export async function findImageBlob(db: Db, contentHash: string): Promise<Buffer | null> {
  const [row] = await db
    .select({ bytes: imageBlobs.bytes })
    .from(imageBlobs)
    .where(eq(imageBlobs.contentHash, contentHash));
  return row?.bytes ?? null;
}

export async function imageBlobExists(db: Db, contentHash: string): Promise<boolean> {
  const [row] = await db
    .select({ one: sql<number>`1` })
    .from(imageBlobs)
    .where(eq(imageBlobs.contentHash, contentHash));
  return !!row;
}
