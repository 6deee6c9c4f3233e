import type { FacetAxis } from '../../axes/registry.js';
import { parseImageFilter } from '../../catalog/filter.js';
import { findBenchmarkBySlug, importIssues, listTaxonomy } from '../../catalog/taxonomy.js';
import type { Context } from '../../context.js';
import type { ImageFilter, Resolvers } from '../__generated__/resolvers-types.js';
import { parseId } from '../../ids.js';
import { parseFirst, requireOne } from '../validation.js';

/** `imageCount(filter)` of a taxonomy value: one grouped count per (axis, filter) per request, via the loader. */
function imageCount(axis: FacetAxis) {
  return async (parent: { id: number }, args: { filter?: ImageFilter | null }, ctx: Context) => {
    const counts = await ctx.loaders.imageCountsByAxis.load({ axis, filter: parseImageFilter(args.filter) });
    return counts.get(String(parent.id)) ?? 0;
  };
}

export const taxonomyResolvers: Resolvers = {
  Query: {
    benchmarks: (_p, _a, ctx) => listTaxonomy(ctx.db, 'benchmarks'),
    benchmark: async (_p, args, ctx) => {
      requireOne(args, ['id', 'slug']);
      if (args.id != null) return ctx.loaders.taxonomy.row('benchmarks', parseId(args.id, ['id']));
      return findBenchmarkBySlug(ctx.db, args.slug!);
    },
    domains: (_p, _a, ctx) => listTaxonomy(ctx.db, 'domains'),
    subdomains: (_p, _a, ctx) => listTaxonomy(ctx.db, 'subdomains'),
    modalities: (_p, _a, ctx) => listTaxonomy(ctx.db, 'modalities'),
    submodalities: (_p, _a, ctx) => listTaxonomy(ctx.db, 'submodalities'),
    stains: (_p, _a, ctx) => listTaxonomy(ctx.db, 'stains'),
    organisms: (_p, _a, ctx) => listTaxonomy(ctx.db, 'organisms'),
    scales: (_p, _a, ctx) => listTaxonomy(ctx.db, 'scales'),
    tasks: (_p, _a, ctx) => listTaxonomy(ctx.db, 'tasks'),
    taxonomyGroups: (_p, _a, ctx) => listTaxonomy(ctx.db, 'taxonomyGroups'),
    sourceDatasets: (_p, _a, ctx) => listTaxonomy(ctx.db, 'sourceDatasets'),
    imageSets: (_p, _a, ctx) => listTaxonomy(ctx.db, 'imageSets'),
  },
  TaxonomyValue: {
    __resolveType: (value) => (value as { __typename?: string }).__typename as never,
  },
  Benchmark: {
    revisions: (b, _a, ctx) => ctx.loaders.revisionsByBenchmarkId.load(b.id),
    imageCount: imageCount('BENCHMARK'),
  },
  BenchmarkRevision: {
    benchmark: (r, _a, ctx) => ctx.loaders.taxonomy.row('benchmarks', r.benchmarkId) as never,
    issueCount: (r, _a, ctx) => ctx.loaders.issueCountByRevisionId.load(r.id),
    issues: (r, args, ctx) =>
      importIssues(ctx.db, r.id, {
        severity: args.severity ?? undefined,
        first: parseFirst(args.first ?? 100, ['first']),
      }),
  },
  Domain: {
    subdomains: (d, _a, ctx) => ctx.loaders.subdomainsByDomainId.load(d.id),
    imageCount: imageCount('DOMAIN'),
  },
  Subdomain: {
    domain: (d, _a, ctx) => ctx.loaders.taxonomy.row('domains', d.domainId) as never,
    imageCount: imageCount('SUBDOMAIN'),
  },
  Modality: {
    submodalities: (m, _a, ctx) => ctx.loaders.submodalitiesByModalityId.load(m.id),
    imageCount: imageCount('MODALITY'),
  },
  Submodality: {
    modality: (m, _a, ctx) => ctx.loaders.taxonomy.row('modalities', m.modalityId) as never,
    imageCount: imageCount('SUBMODALITY'),
  },
  Stain: { imageCount: imageCount('STAIN') },
  Organism: { imageCount: imageCount('ORGANISM') },
  Scale: { imageCount: imageCount('SCALE') },
  Task: {
    taxonomyGroup: (t, _a, ctx) => ctx.loaders.taxonomy.row('taxonomyGroups', t.taxonomyGroupId),
    sourceDatasets: (t, _a, ctx) => ctx.loaders.sourceDatasetsByTaskId.load(t.id),
    imageCount: imageCount('TASK'),
  },
  TaxonomyGroup: {
    tasks: (g, _a, ctx) => ctx.loaders.tasksByTaxonomyGroupId.load(g.id),
    imageCount: imageCount('TAXONOMY_GROUP'),
  },
  SourceDataset: {
    task: (d, _a, ctx) => ctx.loaders.taxonomy.row('tasks', d.taskId),
    scale: (d, _a, ctx) => ctx.loaders.taxonomy.row('scales', d.scaleId),
    imageCount: imageCount('SOURCE_DATASET'),
  },
  ImageSet: {
    sourceDatasets: (set, _a, ctx) =>
      ctx.loaders.taxonomy.read((s) => (s.sourceDatasetsByImageSetId.get(set.id) ?? []) as never),
    imageCount: imageCount('IMAGE_SET'),
  },
};
