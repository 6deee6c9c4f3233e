import type { AxisName } from '../../db/queries/facets.js';
import { findBenchmarksBySlug, findImportIssues, listAll } from '../../db/queries/taxonomy.js';
import type { Context } from '../../context.js';
import type { ImageFilter, Resolvers } from '../__generated__/resolvers-types.js';
import { parseId } from '../../ids.js';
import { parseFirst, parseImageFilter, requireOne } from '../validation.js';

/** `imageCount(filter)` of a taxonomy value: one grouped count per (axis, filter) per request, via the loader. */
function imageCount(axis: AxisName) {
  return async (parent: { id: number }, args: { filter?: ImageFilter | null }, ctx: Context) => {
    const counts = await ctx.loaders.imageCountsByAxis.load({ axis, filter: parseImageFilter(args.filter) });
    return counts.get(String(parent.id)) ?? 0;
  };
}

const nonNull = <T>(values: (T | null | Error)[]): T[] =>
  values.filter((v): v is T => v !== null && !(v instanceof Error));

export const taxonomyResolvers: Resolvers = {
  Query: {
    benchmarks: (_p, _a, ctx) => listAll(ctx.db, 'benchmarks'),
    benchmark: async (_p, args, ctx) => {
      requireOne(args, ['id', 'slug']);
      if (args.id != null) return ctx.loaders.benchmarkById.load(parseId(args.id, ['id']));
      const [row] = await findBenchmarksBySlug(ctx.db, args.slug!);
      return row ?? null;
    },
    domains: (_p, _a, ctx) => listAll(ctx.db, 'domains'),
    subdomains: (_p, _a, ctx) => listAll(ctx.db, 'subdomains'),
    modalities: (_p, _a, ctx) => listAll(ctx.db, 'modalities'),
    submodalities: (_p, _a, ctx) => listAll(ctx.db, 'submodalities'),
    stains: (_p, _a, ctx) => listAll(ctx.db, 'stains'),
    organisms: (_p, _a, ctx) => listAll(ctx.db, 'organisms'),
    scales: (_p, _a, ctx) => listAll(ctx.db, 'scales'),
    tasks: (_p, _a, ctx) => listAll(ctx.db, 'tasks'),
    taxonomyGroups: (_p, _a, ctx) => listAll(ctx.db, 'taxonomyGroups'),
    sourceDatasets: (_p, _a, ctx) => listAll(ctx.db, 'sourceDatasets'),
    imageSets: (_p, _a, ctx) => listAll(ctx.db, 'imageSets'),
  },
  TaxonomyValue: {
    __resolveType: (value) => (value as { __typename?: string }).__typename as never,
  },
  Benchmark: {
    revisions: (b, _a, ctx) => ctx.loaders.revisionsByBenchmarkId.load(b.id),
    imageCount: imageCount('BENCHMARK'),
  },
  BenchmarkRevision: {
    benchmark: async (r, _a, ctx) => (await ctx.loaders.benchmarkById.load(r.benchmarkId))!,
    issueCount: (r, _a, ctx) => ctx.loaders.issueCountByRevisionId.load(r.id),
    issues: (r, args, ctx) =>
      findImportIssues(ctx.db, r.id, args.severity ?? undefined, parseFirst(args.first ?? 100, ['first'])),
  },
  Domain: {
    subdomains: (d, _a, ctx) => ctx.loaders.subdomainsByDomainId.load(d.id),
    imageCount: imageCount('DOMAIN'),
  },
  Subdomain: {
    domain: async (d, _a, ctx) => (await ctx.loaders.domainById.load(d.domainId))!,
    imageCount: imageCount('SUBDOMAIN'),
  },
  Modality: {
    submodalities: (m, _a, ctx) => ctx.loaders.submodalitiesByModalityId.load(m.id),
    imageCount: imageCount('MODALITY'),
  },
  Submodality: {
    modality: async (m, _a, ctx) => (await ctx.loaders.modalityById.load(m.modalityId))!,
    imageCount: imageCount('SUBMODALITY'),
  },
  Stain: { imageCount: imageCount('STAIN') },
  Organism: { imageCount: imageCount('ORGANISM') },
  Scale: { imageCount: imageCount('SCALE') },
  Task: {
    taxonomyGroup: (t, _a, ctx) => (t.taxonomyGroupId ? ctx.loaders.taxonomyGroupById.load(t.taxonomyGroupId) : null),
    sourceDatasets: (t, _a, ctx) => ctx.loaders.sourceDatasetsByTaskId.load(t.id),
    imageCount: imageCount('TASK'),
  },
  TaxonomyGroup: {
    tasks: (g, _a, ctx) => ctx.loaders.tasksByTaxonomyGroupId.load(g.id),
    imageCount: imageCount('TAXONOMY_GROUP'),
  },
  SourceDataset: {
    task: (d, _a, ctx) => (d.taskId ? ctx.loaders.taskById.load(d.taskId) : null),
    scale: (d, _a, ctx) => (d.scaleId ? ctx.loaders.scaleById.load(d.scaleId) : null),
    imageCount: imageCount('SOURCE_DATASET'),
  },
  ImageSet: {
    sourceDatasets: async (set, _a, ctx) => {
      const ids = await ctx.loaders.sourceDatasetIdsByImageSetId.load(set.id);
      const rows = nonNull(await ctx.loaders.sourceDatasetById.loadMany(ids));
      return rows.sort((a, b) => a.slug.localeCompare(b.slug));
    },
    imageCount: imageCount('IMAGE_SET'),
  },
};
