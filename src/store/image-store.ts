import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { sha256 } from '../hash.js';

/** A stored object opened for reading: its byte size and a stream of its bytes (the caller consumes or destroys it). */
export type StoredBlob = { size: number; stream: Readable };

/**
 * Where image bytes live, by sha256: every replica and worker must see the same bytes. `ImageStore` (a directory)
 * on one machine (PGlite), `PostgresImageStore` when `DATABASE_URL` is set, `S3ImageStore` for S3-compatible
 * object storage; `createImageStore` (`store/index.ts`) picks one from the configuration. `get` and `open` answer
 * null for a missing object: the embedding service turns that into `IMAGE_MISSING`, a retryable failure, never a
 * prediction. The same contract test runs against every store (`image-store.contract.int.test.ts`).
 */
export interface ImageBlobStore {
  /** Stores `bytes` and returns their sha256; idempotent. */
  put(bytes: Uint8Array, knownHash?: string): Promise<string>;
  /** The stored bytes, or null when the object is missing. */
  get(hash: string): Promise<Buffer | null>;
  /** The stored bytes as a stream (serving originals without holding them whole), or null when missing. */
  open(hash: string): Promise<StoredBlob | null>;
  has(hash: string): Promise<boolean>;
  /** Releases connections (S3's sockets); the store is not used afterwards. */
  close?(): void;
}

/** sha256 hex of bytes: the content address of every store. */
export const contentHash = (bytes: Uint8Array): string => sha256(bytes);

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
    const path = this.pathOf(hash);
    try {
      await stat(path);
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

  async open(hash: string): Promise<StoredBlob | null> {
    const path = this.pathOf(hash);
    try {
      // Objects are never removed or rewritten, so the size read here is the size the stream delivers.
      const { size } = await stat(path);
      return { size, stream: createReadStream(path) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }
}

/** A stream over bytes already in memory (stores whose reads return whole values). */
export function blobOf(bytes: Buffer): StoredBlob {
  return { size: bytes.byteLength, stream: Readable.from([bytes]) };
}

/**
 * A shared store in front of the directory store of a deployment that predates it: a miss in `primary` is read
 * from `legacy` and copied into `primary` on first use, so bytes imported before the switch keep working and end
 * up shared. Writes go to `primary` only.
 */
export class FallbackImageStore implements ImageBlobStore {
  constructor(
    readonly primary: ImageBlobStore,
    readonly legacy: ImageBlobStore,
  ) {}

  async put(bytes: Uint8Array, knownHash?: string): Promise<string> {
    return this.primary.put(bytes, knownHash);
  }

  async get(hash: string): Promise<Buffer | null> {
    const bytes = await this.primary.get(hash);
    if (bytes) return bytes;
    const legacy = await this.legacy.get(hash);
    if (!legacy) return null;
    await this.primary.put(legacy, hash);
    return legacy;
  }

  async open(hash: string): Promise<StoredBlob | null> {
    const blob = await this.primary.open(hash);
    if (blob) return blob;
    const legacy = await this.get(hash);
    return legacy ? blobOf(legacy) : null;
  }

  async has(hash: string): Promise<boolean> {
    return (await this.primary.has(hash)) || (await this.legacy.has(hash));
  }

  close(): void {
    this.primary.close?.();
    this.legacy.close?.();
  }
}
