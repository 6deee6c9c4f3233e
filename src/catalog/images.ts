import { z } from 'zod';
import type { Db } from '../db/client.js';
import {
  cursorOf,
  findImagesByIds,
  findImagesBySourceId,
  imageOrderColumns,
  imageOrders,
  listImages,
  type ImageCursor,
  type ImageOrder,
  type ImageRow,
} from '../db/queries/images.js';
import { badInput, DomainError } from '../errors.js';
import { cursorIdSchema, decodeCursor, encodeCursor } from '../ids.js';
import type { ImageFilterSpec } from './filter.js';

export type { ImageCursor, ImageOrder, ImageRow };

/** The order-key value a cursor may carry, by the key's column type (null: no key, or a null value). */
const int32 = z.number().int().min(-2_147_483_648).max(2_147_483_647);
const orderValue = {
  micronsPerPixel: z.number().finite(),
  width: int32,
  height: int32,
  sourceImageId: z.string().max(1000),
} satisfies Record<NonNullable<(typeof imageOrderColumns)[ImageOrder]['key']>, z.ZodType>;

/** `{ o: ordering, v: order-key value, id }`; a value not of the ordering's column type is refused. */
const imageCursor = z
  .object({ o: z.enum(imageOrders), v: z.union([z.string(), z.number(), z.null()]), id: cursorIdSchema })
  .strict()
  .refine(({ o, v }) => {
    const key = imageOrderColumns[o].key;
    return v === null || (key !== null && orderValue[key].safeParse(v).success);
  });

/** The opaque cursor of `row` in `order`. */
export function imageCursorOf(row: ImageRow, order: ImageOrder): string {
  const { value, id } = cursorOf(row, order);
  return encodeCursor({ o: order, v: value, id });
}

/**
 * The position an `after` cursor names in `order`; BAD_USER_INPUT on `after` when the cursor is malformed, was made
 * for another ordering, or carries a value not of the ordering's column type.
 */
export function parseImageCursor(after: string, order: ImageOrder): ImageCursor {
  const c = decodeCursor(after, imageCursor);
  if (c.o !== order) throw badInput(['after'], `cursor is for orderBy ${c.o}, not ${order}`);
  return { value: c.v, id: c.id };
}

/** Up to `limit` images matching `filter` strictly after `after` in `order` (ask one more to learn of a next page). */
export function imagePage(
  db: Db,
  options: { filter?: ImageFilterSpec; order: ImageOrder; after?: ImageCursor; limit: number },
): Promise<ImageRow[]> {
  return listImages(db, options);
}

/** The image with this id; NOT_FOUND when there is none. */
export async function requireImage(db: Db, id: number): Promise<ImageRow> {
  const [image] = await findImagesByIds(db, [id]);
  if (!image) throw new DomainError('NOT_FOUND', `image ${id} not found`);
  return image;
}

/**
 * The image a benchmark released as `sourceImageId` (in the benchmark with slug `benchmark` when given), or null.
 * Released ids are unique per benchmark only: BAD_USER_INPUT on `benchmark` when several benchmarks have it.
 */
export async function findImageBySourceId(db: Db, sourceImageId: string, benchmark?: string): Promise<ImageRow | null> {
  const rows = await findImagesBySourceId(db, sourceImageId, benchmark);
  if (rows.length > 1) {
    throw badInput(['benchmark'], `${rows.length} benchmarks have image ${sourceImageId}: name one`);
  }
  return rows[0] ?? null;
}
