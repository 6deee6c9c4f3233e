import type DataLoader from 'dataloader';
import { z } from 'zod';
import type { Context } from '../../context.js';
import { requireWriteAccess } from '../../context.js';
import { axisDef } from '../../axes/registry.js';
import type { AxisName } from '../../db/queries/facets.js';
import {
  cursorOf,
  findImagesBySourceId,
  imageOrderColumns,
  imageOrders,
  listImages,
  type ImageOrder,
} from '../../db/queries/images.js';
import { findImageSetBySlug, findSourceDatasetIdsBySlugs, insertImageSet } from '../../db/queries/image-sets.js';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { badInput } from '../../errors.js';
import { cursorIdSchema, decodeCursor, encodeCursor, parseId } from '../../ids.js';
import type { FacetValue, Image, ImageConnection } from '../mappers.js';
import { parseFirst, parseImageFilter, requireOne } from '../validation.js';

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

/** The taxonomy row that names a facet value (the axis registry says which table and GraphQL type). */
async function facetValueRow(value: FacetValue, ctx: Context) {
  const values = axisDef(value.axis).values;
  if (!values || value.key === null) return null;
  const row = await ctx.loaders.valueRowByTable[values.table].load(Number(value.key));
  return row ? { ...row, __typename: values.type } : null;
}

const maybe = <T>(id: number | null, loader: DataLoader<number, T>) => (id === null ? null : loader.load(id));

async function sourceDatasetOf(image: Image, ctx: Context) {
  return image.sourceDatasetId ? ctx.loaders.sourceDatasetById.load(image.sourceDatasetId) : null;
}
async function taskOf(image: Image, ctx: Context) {
  const dataset = await sourceDatasetOf(image, ctx);
  return dataset?.taskId ? ctx.loaders.taskById.load(dataset.taskId) : null;
}

const THUMBNAIL_SIZES = { min: 16, max: 1024 };

const createImageSetInput = z.object({
  slug: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9-]{1,63}$/,
      'use 2–64 lower-case letters, digits and dashes, starting with a letter or digit',
    ),
  name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  description: z.string().max(2000).nullish(),
  sourceDatasets: z.array(z.string()).min(1, 'give at least one source dataset').max(1000),
});

export const imageResolvers: Resolvers = {
  Query: {
    images: async (_p, args) => {
      const filter = parseImageFilter(args.filter);
      const first = parseFirst(args.first);
      const orderBy = (args.orderBy ?? 'ID_ASC') as ImageOrder;
      let after;
      if (args.after != null) {
        const c = decodeCursor(args.after, imageCursor);
        if (c.o !== orderBy) throw badInput(['after'], `cursor is for orderBy ${c.o}, not ${orderBy}`);
        after = { value: c.v, id: c.id };
      }
      return { filter, orderBy, first, after, hasPreviousPage: args.after != null };
    },
    image: async (_p, args, ctx) => {
      requireOne(args, ['id', 'sourceImageId']);
      if (args.id != null) return ctx.loaders.imageById.load(parseId(args.id, ['id']));
      const rows = await findImagesBySourceId(ctx.db, args.sourceImageId!, args.benchmark ?? undefined);
      if (rows.length > 1) {
        throw badInput(['benchmark'], `${rows.length} benchmarks have image ${args.sourceImageId}: name one`);
      }
      return rows[0] ?? null;
    },
  },
  Mutation: {
    createImageSet: async (_p, args, ctx) => {
      requireWriteAccess(ctx);
      const parsed = createImageSetInput.safeParse(args.input);
      if (!parsed.success) {
        const inputErrors = parsed.error.issues.map((i) => ({ path: ['input', ...i.path], message: i.message }));
        return { ok: false, imageSet: null, error: { code: 'BAD_USER_INPUT', message: 'invalid input', inputErrors } };
      }
      const input = parsed.data;
      if (await findImageSetBySlug(ctx.db, input.slug)) {
        const message = `an image set with slug "${input.slug}" exists`;
        return {
          ok: false,
          imageSet: null,
          error: { code: 'CONFLICT', message, inputErrors: [{ path: ['input', 'slug'], message }] },
        };
      }
      const wanted = [...new Set(input.sourceDatasets)];
      const found = await findSourceDatasetIdsBySlugs(ctx.db, wanted);
      const missing = wanted.filter((slug) => !found.some((f) => f.slug === slug));
      if (missing.length) {
        const inputErrors = missing.map((slug) => ({
          path: ['input', 'sourceDatasets', input.sourceDatasets.indexOf(slug)],
          message: `unknown source dataset "${slug}"`,
        }));
        return {
          ok: false,
          imageSet: null,
          error: { code: 'NOT_FOUND', message: `unknown source datasets: ${missing.join(', ')}`, inputErrors },
        };
      }
      const set = await insertImageSet(
        ctx.db,
        { slug: input.slug, name: input.name, description: input.description ?? null },
        found.map((f) => f.id),
      );
      return { ok: true, imageSet: set, error: null };
    },
  },
  ImageConnection: {
    edges: async (c, _a, ctx) => {
      const rows = await pageOf(c, ctx);
      return rows.map((node) => ({ node, cursor: imageCursorOf(node, c.orderBy) }));
    },
    nodes: (c, _a, ctx) => pageOf(c, ctx),
    pageInfo: async (c, _a, ctx) => {
      const rows = await pageOf(c, ctx);
      const last = rows.at(-1);
      return {
        hasNextPage: (await c.page!).length > c.first,
        hasPreviousPage: c.hasPreviousPage,
        startCursor: rows[0] ? imageCursorOf(rows[0], c.orderBy) : null,
        endCursor: last ? imageCursorOf(last, c.orderBy) : null,
      };
    },
    totalCount: (c, _a, ctx) => ctx.loaders.imageTotalByFilter.load({ filter: c.filter }),
    facets: async (c, args, ctx) => {
      const axes = [...new Set(args.axes)] as AxisName[];
      const counts = await Promise.all(
        axes.map((axis) => ctx.loaders.imageCountsByAxis.load({ axis, filter: c.filter })),
      );
      return axes.map((axis, i) => ({
        axis,
        values: [...counts[i]!].map(([key, count]) => ({ axis, key, count })),
      }));
    },
  },
  FacetValue: {
    slug: async (v, _a, ctx) => (axisDef(v.axis).values ? ((await facetValueRow(v, ctx))?.slug ?? null) : v.key),
    name: async (v, _a, ctx) => (axisDef(v.axis).values ? ((await facetValueRow(v, ctx))?.name ?? null) : v.key),
    value: (v, _a, ctx) => facetValueRow(v, ctx) as never,
  },
  Image: {
    benchmark: async (i, _a, ctx) => (await ctx.loaders.benchmarkById.load(i.benchmarkId))!,
    url: (i) => `/images/${i.id}`,
    thumbnailUrl: (i, args) => {
      const size = args.size ?? 256;
      if (!Number.isInteger(size) || size < THUMBNAIL_SIZES.min || size > THUMBNAIL_SIZES.max) {
        throw badInput(['size'], `must be between ${THUMBNAIL_SIZES.min} and ${THUMBNAIL_SIZES.max} (got ${size})`);
      }
      return `/images/${i.id}?size=${size}`;
    },
    domain: (i, _a, ctx) => maybe(i.domainId, ctx.loaders.domainById),
    subdomain: (i, _a, ctx) => maybe(i.subdomainId, ctx.loaders.subdomainById),
    modality: (i, _a, ctx) => maybe(i.modalityId, ctx.loaders.modalityById),
    submodality: (i, _a, ctx) => maybe(i.submodalityId, ctx.loaders.submodalityById),
    stain: (i, _a, ctx) => maybe(i.stainId, ctx.loaders.stainById),
    organism: (i, _a, ctx) => maybe(i.organismId, ctx.loaders.organismById),
    scale: (i, _a, ctx) => maybe(i.scaleId, ctx.loaders.scaleById),
    sourceDataset: (i, _a, ctx) => sourceDatasetOf(i, ctx),
    task: (i, _a, ctx) => taskOf(i, ctx),
    taxonomyGroup: async (i, _a, ctx) => {
      const task = await taskOf(i, ctx);
      return task?.taxonomyGroupId ? ctx.loaders.taxonomyGroupById.load(task.taxonomyGroupId) : null;
    },
    imageSets: async (i, _a, ctx) => {
      if (!i.sourceDatasetId) return [];
      const ids = await ctx.loaders.imageSetIdsBySourceDatasetId.load(i.sourceDatasetId);
      const rows = (await ctx.loaders.imageSetById.loadMany(ids)).filter(
        (r): r is Exclude<typeof r, Error | null> => r !== null && !(r instanceof Error),
      );
      return rows.sort((a, b) => a.slug.localeCompare(b.slug));
    },
    bbox: (i) => i.bbox ?? null,
    polygon: (i) => i.polygon ?? null,
    provenance: (i) => i,
    questions: async (i, args, ctx) => {
      const all = await ctx.loaders.questionsByImageId.load(i.id);
      return all.filter(
        (q) => (!args.type || q.type === args.type) && (!args.protocol || q.protocol === args.protocol),
      );
    },
  },
  Provenance: {
    revision: async (i, _a, ctx) => (await ctx.loaders.benchmarkRevisionById.load(i.revisionId))!,
    file: (i) => i.sourceFile,
    row: (i) => i.sourceRow,
    contentHash: (i) => i.contentHash,
  },
};

function imageCursorOf(row: Image, orderBy: ImageOrder): string {
  const { value, id } = cursorOf(row, orderBy);
  return encodeCursor({ o: orderBy, v: value, id });
}

/** The page rows (first + 1 fetched once per connection object, shared by edges / nodes / pageInfo). */
async function pageOf(c: ImageConnection, ctx: Context): Promise<Image[]> {
  c.page ??= listImages(ctx.db, { filter: c.filter, order: c.orderBy, after: c.after, limit: c.first + 1 });
  return (await c.page).slice(0, c.first);
}
