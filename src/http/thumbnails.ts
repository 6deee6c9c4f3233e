import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sharpInput } from '../store/image-limits.js';

export const THUMBNAIL_MIN = 16;
export const THUMBNAIL_MAX = 1024;

/**
 * PNG thumbnails, 8-bit, longer side `size` (never enlarged), cached on disk by (content hash, size):
 * `<root>/ab/<sha256>-<size>.png`. Bytes never change for a hash, so the cache never needs invalidating.
 * Concurrent requests for the same thumbnail share one render.
 */
export class ThumbnailCache {
  private readonly inFlight = new Map<string, Promise<Buffer>>();

  constructor(readonly root: string) {}

  pathOf(hash: string, size: number): string {
    if (!/^[0-9a-f]{64}$/.test(hash)) throw new Error(`not a sha256 hex digest: ${hash}`);
    return join(this.root, hash.slice(0, 2), `${hash}-${size}.png`);
  }

  /** The cached thumbnail, rendering it from `original()` on a miss. */
  async get(hash: string, size: number, original: () => Promise<Buffer | null>): Promise<Buffer | null> {
    const path = this.pathOf(hash, size);
    const cached = await readFile(path).catch(() => null);
    if (cached) return cached;
    const key = `${hash}-${size}`;
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = (async () => {
        const bytes = await original();
        if (!bytes) throw Object.assign(new Error('original missing'), { code: 'ENOENT' });
        const png = await renderThumbnail(bytes, size);
        await writeAtomically(path, png);
        return png;
      })().finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    try {
      return await pending;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }
}

/**
 * Renders an 8-bit PNG whose longer side is at most `size`. 16-bit sources (common in microscopy, often using
 * only the low 12 bits) are contrast-stretched to their own range first so they do not come out black.
 */
export async function renderThumbnail(bytes: Buffer, size: number): Promise<Buffer> {
  const meta = await sharpInput(bytes).metadata();
  const sixteenBit = meta.depth === 'ushort' || meta.depth === 'short';
  let image = sharpInput(bytes).rotate();
  if (sixteenBit) image = image.normalise();
  return image
    .resize(size, size, { fit: 'inside', withoutEnlargement: true })
    .toColourspace(meta.channels === 1 || meta.space === 'b-w' || meta.space === 'grey16' ? 'b-w' : 'srgb')
    .png({ compressionLevel: 6 })
    .toBuffer();
}

async function writeAtomically(path: string, bytes: Buffer): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, path);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
}
