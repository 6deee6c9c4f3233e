import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../client.js';
import { benchmarks, images, questions, type QuestionProtocol, type QuestionType } from '../schema/index.js';
import { imageFilterWhere, type ImageFilterSpec } from './image-filter.js';

export type ImageRow = typeof images.$inferSelect;
export type QuestionRow = typeof questions.$inferSelect;

export const imageOrders = [
  'ID_ASC',
  'ID_DESC',
  'MICRONS_PER_PIXEL_ASC',
  'MICRONS_PER_PIXEL_DESC',
  'WIDTH_ASC',
  'WIDTH_DESC',
  'HEIGHT_ASC',
  'HEIGHT_DESC',
  'SOURCE_IMAGE_ID_ASC',
] as const;
/** An image ordering (the GraphQL `ImageOrderBy` enum). */
export type ImageOrder = (typeof imageOrders)[number];

/** Order key of each ordering; ties break by id in the same direction. Nulls sort last in both directions. */
type OrderKey = 'micronsPerPixel' | 'width' | 'height' | 'sourceImageId';
const orderKeys: Record<OrderKey, { column: AnyPgColumn; cast: SQL }> = {
  micronsPerPixel: { column: images.micronsPerPixel, cast: sql`::real` },
  width: { column: images.width, cast: sql`::int` },
  height: { column: images.height, cast: sql`::int` },
  sourceImageId: { column: images.sourceImageId, cast: sql`::text` },
};
export const imageOrderColumns: Record<ImageOrder, { key: OrderKey | null; dir: 'asc' | 'desc' }> = {
  ID_ASC: { key: null, dir: 'asc' },
  ID_DESC: { key: null, dir: 'desc' },
  MICRONS_PER_PIXEL_ASC: { key: 'micronsPerPixel', dir: 'asc' },
  MICRONS_PER_PIXEL_DESC: { key: 'micronsPerPixel', dir: 'desc' },
  WIDTH_ASC: { key: 'width', dir: 'asc' },
  WIDTH_DESC: { key: 'width', dir: 'desc' },
  HEIGHT_ASC: { key: 'height', dir: 'asc' },
  HEIGHT_DESC: { key: 'height', dir: 'desc' },
  SOURCE_IMAGE_ID_ASC: { key: 'sourceImageId', dir: 'asc' },
};

/** Position of a row in an ordering: its order-key value (null for ID orderings or null values) and id. */
export type ImageCursor = { value: string | number | null; id: number };

export function cursorOf(row: ImageRow, order: ImageOrder): ImageCursor {
  const { key } = imageOrderColumns[order];
  return { value: key ? (row[key] ?? null) : null, id: row.id };
}

/** Keyset condition "strictly after `cursor`" for `order` (nulls last). */
function afterCursor(order: ImageOrder, cursor: ImageCursor): SQL {
  const { key, dir } = imageOrderColumns[order];
  const cmp = dir === 'asc' ? sql`>` : sql`<`;
  const idAfter = sql`${images.id} ${cmp} ${cursor.id}`;
  if (!key) return idAfter;
  const { column, cast } = orderKeys[key];
  if (cursor.value === null) return sql`(${column} is null and ${idAfter})`;
  const v = sql`${cursor.value}${cast}`;
  return sql`(${column} ${cmp} ${v} or (${column} = ${v} and ${idAfter}) or ${column} is null)`;
}

function orderBy(order: ImageOrder): SQL[] {
  const { key, dir } = imageOrderColumns[order];
  const by = dir === 'asc' ? asc : desc;
  if (!key) return [by(images.id)];
  return [sql`${orderKeys[key].column} ${dir === 'asc' ? sql`asc` : sql`desc`} nulls last`, by(images.id)];
}

/**
 * One page of images matching `filter`: up to `limit` rows strictly after `after` in `order`.
 * Callers ask for one row more than they show to learn whether a next page exists.
 */
export async function listImages(
  db: Db,
  options: { filter?: ImageFilterSpec; order: ImageOrder; after?: ImageCursor; limit: number },
): Promise<ImageRow[]> {
  return db
    .select()
    .from(images)
    .where(and(imageFilterWhere(options.filter), options.after ? afterCursor(options.order, options.after) : undefined))
    .orderBy(...orderBy(options.order))
    .limit(options.limit);
}

export async function findImagesByIds(db: Db, ids: readonly number[]): Promise<ImageRow[]> {
  if (!ids.length) return [];
  return db
    .select()
    .from(images)
    .where(inArray(images.id, [...ids]));
}

/** Images with this released id, optionally only in the benchmark with this slug; lowest id first. */
export async function findImagesBySourceId(db: Db, sourceImageId: string, benchmark?: string): Promise<ImageRow[]> {
  const rows = await db
    .select({ image: images })
    .from(images)
    .innerJoin(benchmarks, eq(benchmarks.id, images.benchmarkId))
    .where(and(eq(images.sourceImageId, sourceImageId), benchmark ? eq(benchmarks.slug, benchmark) : undefined))
    .orderBy(asc(images.id));
  return rows.map((r) => r.image);
}

export async function findQuestionsByImageIds(db: Db, imageIds: readonly number[]): Promise<QuestionRow[]> {
  if (!imageIds.length) return [];
  return db
    .select()
    .from(questions)
    .where(inArray(questions.imageId, [...imageIds]))
    .orderBy(asc(questions.imageId), asc(questions.key));
}

export type QuestionQuery = {
  filter?: ImageFilterSpec;
  type?: QuestionType;
  protocol?: QuestionProtocol;
  afterId?: number;
  limit: number;
};

function questionWhere(q: Omit<QuestionQuery, 'limit' | 'afterId'>): SQL | undefined {
  const imageWhere = imageFilterWhere(q.filter);
  return and(
    q.type ? eq(questions.type, q.type) : undefined,
    q.protocol ? eq(questions.protocol, q.protocol) : undefined,
    imageWhere ? inArray(questions.imageId, sql`(select ${images.id} from ${images} where ${imageWhere})`) : undefined,
  );
}

/** Questions of the images matching `filter`, in id order, after `afterId`. */
export async function listQuestions(db: Db, q: QuestionQuery): Promise<QuestionRow[]> {
  return db
    .select()
    .from(questions)
    .where(and(questionWhere(q), q.afterId ? sql`${questions.id} > ${q.afterId}` : undefined))
    .orderBy(asc(questions.id))
    .limit(q.limit);
}

export async function countQuestions(db: Db, q: Omit<QuestionQuery, 'limit' | 'afterId'>): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(questions)
    .where(questionWhere(q));
  return Number(row?.count ?? 0);
}

/** Mean of 1 / cardinality(options) over the matching questions (null when none): the uniform-guess accuracy. */
export async function meanChanceOfQuestions(
  db: Db,
  q: Omit<QuestionQuery, 'limit' | 'afterId'>,
): Promise<number | null> {
  const [row] = await db
    .select({ chance: sql<number | null>`avg(1.0 / nullif(cardinality(${questions.options}), 0))::float8` })
    .from(questions)
    .where(questionWhere(q));
  return row?.chance == null ? null : Number(row.chance);
}

export async function findQuestionsByIds(db: Db, ids: readonly number[]): Promise<QuestionRow[]> {
  if (!ids.length) return [];
  return db
    .select()
    .from(questions)
    .where(inArray(questions.id, [...ids]));
}
