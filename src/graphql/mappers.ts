// GraphQL type → the parent value its resolvers receive (codegen `mappers`): plain database rows, plus
// small carrier objects for connections and facets.
import type * as s from '../db/schema/index.js';
import type { FacetAxis } from '../axes/registry.js';
import type { ImageFilterSpec } from '../catalog/filter.js';
import type { ImageCursor, ImageOrder } from '../catalog/images.js';

export type Benchmark = typeof s.benchmarks.$inferSelect;
export type BenchmarkRevision = typeof s.benchmarkRevisions.$inferSelect;
export type ImportIssue = typeof s.importIssues.$inferSelect;
export type Domain = typeof s.domains.$inferSelect;
export type Subdomain = typeof s.subdomains.$inferSelect;
export type Modality = typeof s.modalities.$inferSelect;
export type Submodality = typeof s.submodalities.$inferSelect;
export type Stain = typeof s.stains.$inferSelect;
export type Organism = typeof s.organisms.$inferSelect;
export type Scale = typeof s.scales.$inferSelect;
export type Task = typeof s.tasks.$inferSelect;
export type TaxonomyGroup = typeof s.taxonomyGroups.$inferSelect;
export type SourceDataset = typeof s.sourceDatasets.$inferSelect;
export type ImageSet = typeof s.imageSets.$inferSelect;
export type Image = typeof s.images.$inferSelect;
export type Question = typeof s.questions.$inferSelect;
export type Model = typeof s.models.$inferSelect;
export type ModelVersion = typeof s.modelVersions.$inferSelect;
export type Run = typeof s.runs.$inferSelect;
export type Prediction = typeof s.predictions.$inferSelect;
export type ApiKey = Pick<typeof s.apiKeys.$inferSelect, 'id' | 'name' | 'prefix' | 'createdAt'>;

/**
 * The validated arguments of an image list. The page is fetched lazily (once, `first + 1` rows, memoised in
 * `page`), so a query for only `totalCount` or `facets` reads no image rows.
 */
export type ImageConnection = {
  filter: ImageFilterSpec | undefined;
  orderBy: ImageOrder;
  first: number;
  after: ImageCursor | undefined;
  hasPreviousPage: boolean;
  page?: Promise<Image[]>;
};

export type Facet = { axis: FacetAxis; values: FacetValue[] };
/** `key`: the value id on taxonomy axes, the literal value on others; null for images without a value. */
export type FacetValue = { axis: FacetAxis; key: string | null; count: number };

export type QuestionConnection = {
  rows: Question[];
  filter: ImageFilterSpec | undefined;
  type: Question['type'] | undefined;
  protocol: Question['protocol'] | undefined;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
};

export type PredictionConnection = {
  rows: Prediction[];
  runId: number;
  correct: boolean | undefined;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
};
