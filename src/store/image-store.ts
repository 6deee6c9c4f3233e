import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Where image bytes live, by sha256: every replica and worker must see the same bytes. `DirectoryImageStore`
 * (`ImageStore`) on one machine (PGlite), `PostgresImageStore` when `DATABASE_URL` is set, `S3ImageStore` for
 * S3-compatible object storage. `get` answers null for a missing object (callers treat it as retryable).
 */
export interface ImageBlobStore {
  /** Stores `bytes` and returns their sha256; idempotent. */
  put(bytes: Uint8Array, knownHash?: string): Promise<string>;
  /** The stored bytes, or null when the object is missing. */
  get(hash: string): Promise<Buffer | null>;
  has(hash: string): Promise<boolean>;
}

/** sha256 hex of bytes: the content address of every store. */
export const contentHash = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Throws unless `hash` is a sha256 hex digest (never let a caller's string become a path or key unchecked). */
export function assertContentHash(hash: string): void {
  if (!/^[0-9a-f]{64}$/.test(hash)) throw new Error(`not a sha256 hex digest: ${hash}`);
}

/**
 * Content-addressed image store on the local file system: bytes live at `<root>/ab/cd/<sha256>`.
 * Writes go to a temporary file and are renamed into place, so a crash never leaves a partial object and
 * writing the same bytes twice is a no-op.
 */
export class ImageStore implements ImageBlobStore {
  constructor(readonly root: string) {}

  static hash(bytes: Uint8Array): string {
    return contentHash(bytes);
  }

  pathOf(hash: string): string {
    assertContentHash(hash);
    return join(this.root, hash.slice(0, 2), hash.slice(2, 4), hash);
  }

  async has(hash: string): Promise<boolean> {
    try {
      await stat(this.pathOf(hash));
      return true;
    } catch {
      return false;
    }
  }

  /** Stores `bytes` and returns their sha256; idempotent. */
  async put(bytes: Uint8Array, knownHash?: string): Promise<string> {
    const hash = knownHash ?? ImageStore.hash(bytes);
    const target = this.pathOf(hash);
    if (await this.has(hash)) return hash;
    await mkdir(join(target, '..'), { recursive: true });
    const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(tmp, bytes);
      await rename(tmp, target);
    } catch (error) {
      await unlink(tmp).catch(() => undefined);
      throw error;
    }
    return hash;
  }

  /** The stored bytes, or null when the object is missing. */
  async get(hash: string): Promise<Buffer | null> {
    try {
      return await readFile(this.pathOf(hash));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }
}
