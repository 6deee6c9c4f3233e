import type { Request, Response } from 'express';
import { join } from 'node:path';
import { findImagesByIds } from '../db/queries/images.js';
import { AppError } from '../graphql/errors.js';
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

function bad(res: Response, message: string, argumentPath: string[]) {
  sendError(res, 400, new AppError('BAD_USER_INPUT', message, { argumentPath }));
}

/**
 * `GET /images/:id`: the original bytes (content type as stored, ETag = the sha256 content hash, immutable
 * caching, 304 on a matching If-None-Match). `GET /images/:id?size=N`: an 8-bit PNG thumbnail whose longer side
 * is N (16–1024), cached on disk under DATA_DIR/thumbnails.
 */
export const imageRoutes: HttpRouteModule = {
  name: 'images',
  mount(app, { runtime, authenticate, log }) {
    const thumbnails = new ThumbnailCache(join(runtime.config.dataDir, 'thumbnails'));
    app.get('/images/:id', async (req: Request, res: Response) => {
      try {
        await authenticate(req, 'read');
      } catch (error) {
        return sendError(res, 401, error as AppError);
      }
      const id = String(req.params.id);
      if (!/^[1-9][0-9]{0,9}$/.test(id) || Number(id) > 2_147_483_647) {
        return bad(res, `id: expected a numeric image id, got "${id}"`, ['id']);
      }
      let size: number | undefined;
      if (req.query.size !== undefined) {
        const raw = String(req.query.size);
        size = Number(raw);
        if (!/^[0-9]{1,5}$/.test(raw) || size < THUMBNAIL_MIN || size > THUMBNAIL_MAX) {
          return bad(res, `size: must be an integer between ${THUMBNAIL_MIN} and ${THUMBNAIL_MAX}, got "${raw}"`, [
            'size',
          ]);
        }
      }
      try {
        const [image] = await findImagesByIds(runtime.handle.db, [Number(id)]);
        if (!image) return sendError(res, 404, new AppError('NOT_FOUND', `image ${id} not found`));
        const etag = size ? `"${image.contentHash}-${size}"` : `"${image.contentHash}"`;
        res.set({ ETag: etag, 'Cache-Control': IMMUTABLE });
        if (etagMatches(req.get('if-none-match'), etag)) return res.status(304).end();
        const bytes = size
          ? await thumbnails.get(image.contentHash, size, () => runtime.store.get(image.contentHash))
          : await runtime.store.get(image.contentHash);
        if (!bytes) {
          res.removeHeader('ETag');
          res.removeHeader('Cache-Control');
          return sendError(res, 404, new AppError('NOT_FOUND', `the bytes of image ${id} are not in the image store`));
        }
        res.type(size ? 'image/png' : image.mimeType).send(bytes);
      } catch (error) {
        log.error('GET /images failed', { id, size, error });
        res.removeHeader('ETag');
        res.removeHeader('Cache-Control');
        sendError(res, 500, new AppError('INTERNAL_SERVER_ERROR', 'Internal server error'));
      }
    });
  },
};
