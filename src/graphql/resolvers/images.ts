import type { Context } from '../../context.js';
import { requireWriteAccess } from '../../context.js';
import { axisDef, type FacetAxis } from '../../axes/registry.js';
import { parseImageFilter } from '../../catalog/filter.js';
import { createImageSet } from '../../catalog/image-sets.js';
import {
  findImageBySourceId,
  imageCursorOf,
  imagePage,
  parseImageCursor,
  type ImageOrder,
} from '../../catalog/images.js';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { badInput } from '../../errors.js';
import { parseId } from '../../ids.js';
import type { FacetValue, Image, ImageConnection } from '../mappers.js';
import type { TaxonomySnapshot } from '../../loaders/taxonomy-cache.js';
import { payloadError } from '../errors.js';
import { parseFirst, requireOne } from '../validation.js';

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

export const imageResolvers: Resolvers = {
  Query: {
    images: async (_p, args) => {
      const filter = parseImageFilter(args.filter);
      const first = parseFirst(args.first);
      const orderBy = (args.orderBy ?? 'ID_ASC') as ImageOrder;
      const after = args.after != null ? parseImageCursor(args.after, orderBy) : undefined;
      return { filter, orderBy, first, after, hasPreviousPage: args.after != null };
    },
    image: async (_p, args, ctx) => {
      requireOne(args, ['id', 'sourceImageId']);
      if (args.id != null) return ctx.loaders.imageById.load(parseId(args.id, ['id']));
      return findImageBySourceId(ctx.db, args.sourceImageId!, args.benchmark ?? undefined);
    },
  },
  Mutation: {
    createImageSet: async (_p, args, ctx) => {
      requireWriteAccess(ctx);
      try {
        return { ok: true, imageSet: await createImageSet(ctx.runtime.handle, args.input), error: null };
      } catch (error) {
        return { ok: false, imageSet: null, error: payloadError(error, ['BAD_USER_INPUT', 'CONFLICT', 'NOT_FOUND']) };
      }
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
      const axes = [...new Set(args.axes)] as FacetAxis[];
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

/** The page rows (first + 1 fetched once per connection object, shared by edges / nodes / pageInfo). */
async function pageOf(c: ImageConnection, ctx: Context): Promise<Image[]> {
  if (!c.page) {
    // The taxonomy snapshot loads (when not cached) beside the page, so the images' relations resolve synchronously.
    const snapshot = ctx.loaders.taxonomy.snapshot();
    const page = imagePage(ctx.db, { filter: c.filter, order: c.orderBy, after: c.after, limit: c.first + 1 });
    c.page = snapshot instanceof Promise ? Promise.all([page, snapshot]).then(([rows]) => rows) : page;
  }
  return (await c.page).slice(0, c.first);
}
