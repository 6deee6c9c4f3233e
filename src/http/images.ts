import type { Request, Response } from 'express';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { requireImage } from '../catalog/images.js';
import { badInput, DomainError } from '../errors.js';
import { isId } from '../ids.js';
import { sendError, type HttpRouteModule } from './route.js';
import { THUMBNAIL_MAX, THUMBNAIL_MIN, ThumbnailCache } from './thumbnails.js';

const IMMUTABLE = 'public, max-age=31536000, immutable';

/** True when an `If-None-Match` header names `etag` (or `*`); weak validators compare equal. */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === '*' || t === etag);
}

/**
 * `GET /images/:id`: the original bytes, streamed from the image store (content type as stored, ETag = the sha256
 * content hash, immutable caching, 304 on a matching If-None-Match). `GET /images/:id?size=N`: an 8-bit PNG thumbnail whose longer side
 * is N (16–1024), cached on disk under DATA_DIR/thumbnails.
 */
export const imageRoutes: HttpRouteModule = {
  name: 'images',
  mount(app, { runtime, authenticate, log }) {
    const thumbnails = new ThumbnailCache(join(runtime.config.dataDir, 'thumbnails'));
    app.get('/images/:id', async (req: Request, res: Response) => {
      const id = String(req.params.id);
      let size: number | undefined;
      try {
        await authenticate(req, 'read');
        if (!isId(id)) throw badInput(['id'], `expected a numeric image id, got "${id}"`);
        if (req.query.size !== undefined) {
          const raw = String(req.query.size);
          size = Number(raw);
          if (!/^[0-9]{1,5}$/.test(raw) || size < THUMBNAIL_MIN || size > THUMBNAIL_MAX) {
            throw badInput(['size'], `must be an integer between ${THUMBNAIL_MIN} and ${THUMBNAIL_MAX}, got "${raw}"`);
          }
        }
        const image = await requireImage(runtime.handle.db, Number(id));
        const etag = size ? `"${image.contentHash}-${size}"` : `"${image.contentHash}"`;
        res.set({ ETag: etag, 'Cache-Control': IMMUTABLE });
        if (etagMatches(req.get('if-none-match'), etag)) return res.status(304).end();
        const missing = () => new DomainError('NOT_FOUND', `the bytes of image ${id} are not in the image store`);
        if (size) {
          const png = await thumbnails.get(image.contentHash, size, () => runtime.store.get(image.contentHash));
          if (!png) throw missing();
          res.type('image/png').send(png);
          return;
        }
        const blob = await runtime.store.open(image.contentHash);
        if (!blob) throw missing();
        res.type(image.mimeType).set('Content-Length', String(blob.size));
        await pipeline(blob.stream, res);
      } catch (error) {
        // The client went away mid-stream: nothing to answer (pipeline has closed the store's stream).
        if (res.headersSent && (error as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE') return;
        res.removeHeader('ETag');
        res.removeHeader('Cache-Control');
        sendError(res, error, log, 'GET /images failed', { id, size });
      }
    });
  },
};
