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
import { taxonomyCacheFor, type TaxonomySnapshot } from '../../loaders/taxonomy-cache.js';
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
function facetValueRow(value: FacetValue, ctx: Context) {
  const values = axisDef(value.axis).values;
  if (!values || value.key === null) return null;
  const key = Number(value.key);
  return ctx.loaders.taxonomy.read((s) => {
    const row = s[values.table].get(key);
    return row ? { ...row, __typename: values.type } : null;
  });
}

/** The facet value's slug or name: from its taxonomy row, or the key itself for literal axes. */
function facetValueText(value: FacetValue, ctx: Context, field: 'slug' | 'name') {
  const values = axisDef(value.axis).values;
  if (!values) return value.key;
  if (value.key === null) return null;
  const key = Number(value.key);
  return ctx.loaders.taxonomy.read((s) => s[values.table].get(key)?.[field] ?? null);
}

/** An image's task: its source dataset's (the cache holds both). */
function taskOf(s: TaxonomySnapshot, image: Image) {
  const taskId = image.sourceDatasetId === null ? null : s.sourceDatasets.get(image.sourceDatasetId)?.taskId;
  return taskId == null ? null : (s.tasks.get(taskId) ?? null);
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
      // Read back at once by this process (other processes hear the database's notification).
      taxonomyCacheFor(ctx.runtime.handle).invalidate();
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
    slug: (v, _a, ctx) => facetValueText(v, ctx, 'slug'),
    name: (v, _a, ctx) => facetValueText(v, ctx, 'name'),
    value: (v, _a, ctx) => facetValueRow(v, ctx) as never,
  },
  Image: {
    // Taxonomy relations: from the request's snapshot of the taxonomy cache, synchronously (no statement).
    benchmark: (i, _a, ctx) => ctx.loaders.taxonomy.row('benchmarks', i.benchmarkId) as never,
    url: (i) => `/images/${i.id}`,
    thumbnailUrl: (i, args) => {
      const size = args.size ?? 256;
      if (!Number.isInteger(size) || size < THUMBNAIL_SIZES.min || size > THUMBNAIL_SIZES.max) {
        throw badInput(['size'], `must be between ${THUMBNAIL_SIZES.min} and ${THUMBNAIL_SIZES.max} (got ${size})`);
      }
      return `/images/${i.id}?size=${size}`;
    },
    domain: (i, _a, ctx) => ctx.loaders.taxonomy.row('domains', i.domainId),
    subdomain: (i, _a, ctx) => ctx.loaders.taxonomy.row('subdomains', i.subdomainId),
    modality: (i, _a, ctx) => ctx.loaders.taxonomy.row('modalities', i.modalityId),
    submodality: (i, _a, ctx) => ctx.loaders.taxonomy.row('submodalities', i.submodalityId),
    stain: (i, _a, ctx) => ctx.loaders.taxonomy.row('stains', i.stainId),
    organism: (i, _a, ctx) => ctx.loaders.taxonomy.row('organisms', i.organismId),
    scale: (i, _a, ctx) => ctx.loaders.taxonomy.row('scales', i.scaleId),
    sourceDataset: (i, _a, ctx) => ctx.loaders.taxonomy.row('sourceDatasets', i.sourceDatasetId),
    task: (i, _a, ctx) => ctx.loaders.taxonomy.read((s) => taskOf(s, i)),
    taxonomyGroup: (i, _a, ctx) =>
      ctx.loaders.taxonomy.read((s) => {
        const groupId = taskOf(s, i)?.taxonomyGroupId;
        return groupId == null ? null : (s.taxonomyGroups.get(groupId) ?? null);
      }),
    imageSets: (i, _a, ctx) =>
      i.sourceDatasetId === null
        ? []
        : ctx.loaders.taxonomy.read((s) => s.imageSetsBySourceDatasetId.get(i.sourceDatasetId!) ?? []),
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
  if (!c.page) {
    // The taxonomy snapshot loads (when not cached) beside the page, so the images' relations resolve synchronously.
    const snapshot = ctx.loaders.taxonomy.snapshot();
    const page = listImages(ctx.db, { filter: c.filter, order: c.orderBy, after: c.after, limit: c.first + 1 });
    c.page = snapshot instanceof Promise ? Promise.all([page, snapshot]).then(([rows]) => rows) : page;
  }
  return (await c.page).slice(0, c.first);
}
