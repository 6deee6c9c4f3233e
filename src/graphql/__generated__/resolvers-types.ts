import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { Benchmark as BenchmarkParent, BenchmarkRevision as BenchmarkRevisionParent, ImportIssue as ImportIssueParent, Domain as DomainParent, Subdomain as SubdomainParent, Modality as ModalityParent, Submodality as SubmodalityParent, Stain as StainParent, Organism as OrganismParent, Scale as ScaleParent, Task as TaskParent, TaxonomyGroup as TaxonomyGroupParent, SourceDataset as SourceDatasetParent, ImageSet as ImageSetParent, Image as ImageParent, ImageConnection as ImageConnectionParent, Facet as FacetParent, FacetValue as FacetValueParent, Question as QuestionParent, QuestionConnection as QuestionConnectionParent, Model as ModelParent, ModelVersion as ModelVersionParent, Run as RunParent, Prediction as PredictionParent, PredictionConnection as PredictionConnectionParent, ApiKey as ApiKeyParent } from '../mappers.js';
import type { ResultsParent as ResultsParentParent, EvaluationCoverageParent as EvaluationCoverageParentParent, ResultSliceParent as ResultSliceParentParent, SlicePredictionConnectionParent as SlicePredictionConnectionParentParent, ComparisonParent as ComparisonParentParent, ComparisonSliceParent as ComparisonSliceParentParent, LeaderboardSliceParent as LeaderboardSliceParentParent, LeaderboardEntryParent as LeaderboardEntryParentParent, ReferenceResultParent as ReferenceResultParentParent } from '../resolvers/results/types.js';
import type { Context } from '../../context.js';
export type Maybe<T> = T | null | undefined;
export type InputMaybe<T> = T | null | undefined;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string | number; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An instant in time, as an ISO 8601 string with a UTC offset (`2026-11-29T04:00:00.000Z`). */
  DateTime: { input: Date | string; output: Date | string; }
  /** Arbitrary JSON (objects, arrays, numbers, strings), passed through as is. */
  JSON: { input: unknown; output: unknown; }
};

/** The API key a request was made with (never the secret itself). */
export type ApiKey = {
  readonly __typename?: 'ApiKey';
  /** When the key was created. */
  readonly createdAt: Scalars['DateTime']['output'];
  /** Stable numeric id. */
  readonly id: Scalars['ID']['output'];
  /** Name given at creation. */
  readonly name: Scalars['String']['output'];
  /** First characters of the key, to tell keys apart. */
  readonly prefix: Scalars['String']['output'];
};

/** An axis images can be counted by (facets). Each maps to a fixed column on the server. */
export type Axis =
  /** Benchmark. */
  | 'BENCHMARK'
  /** Domain. */
  | 'DOMAIN'
  /** Image set (an image can be in several; each set counts it). */
  | 'IMAGE_SET'
  /** Institution (an image with several institutions counts once for each). */
  | 'INSTITUTION'
  /** Label name (an image with several label names counts once for each). */
  | 'LABEL_NAME'
  /** License. */
  | 'LICENSE'
  /** Modality. */
  | 'MODALITY'
  /** Normal / abnormal (`normal`, `abnormal`). */
  | 'NORMAL_ABNORMAL'
  /** Organism. */
  | 'ORGANISM'
  /** PubMed id. */
  | 'PMID'
  /** Physical scale. */
  | 'SCALE'
  /** Source dataset. */
  | 'SOURCE_DATASET'
  /** Released split. */
  | 'SPLIT'
  /** Stain. */
  | 'STAIN'
  /** Subdomain. */
  | 'SUBDOMAIN'
  /** Submodality. */
  | 'SUBMODALITY'
  /** Synthetic or not (`true` / `false`). */
  | 'SYNTHETIC'
  /** Task (through the source dataset). */
  | 'TASK'
  /** Taxonomy group (through the source dataset's task). */
  | 'TAXONOMY_GROUP';

/** One value of one axis that a slice is grouped by. */
export type AxisValue = {
  readonly __typename?: 'AxisValue';
  /** The axis. */
  readonly axis: ResultAxis;
  /** Display name of the value. */
  readonly label?: Maybe<Scalars['String']['output']>;
  /** Stable value: a slug for taxonomy axes, the literal value otherwise; null for images without one. */
  readonly value?: Maybe<Scalars['String']['output']>;
};

/** A benchmark corpus, e.g. μ-Bench (`ubench`) or the generated demo corpus (`ubench-demo`). */
export type Benchmark = TaxonomyValue & {
  readonly __typename?: 'Benchmark';
  /** What the benchmark measures. */
  readonly description?: Maybe<Scalars['String']['output']>;
  /** Stable numeric id. */
  readonly id: Scalars['ID']['output'];
  /** Images of this benchmark that match `filter`. */
  readonly imageCount: Scalars['Int']['output'];
  /** Display name. */
  readonly name: Scalars['String']['output'];
  /** Imported revisions, newest first. */
  readonly revisions: ReadonlyArray<BenchmarkRevision>;
  /** Stable URL-safe key. */
  readonly slug: Scalars['String']['output'];
  /** Where it comes from: a Hub dataset id (`jnirschl/uBench`) or `generated`. */
  readonly source: Scalars['String']['output'];
};


/** A benchmark corpus, e.g. μ-Bench (`ubench`) or the generated demo corpus (`ubench-demo`). */
export type BenchmarkImageCountArgs = {
  filter?: InputMaybe<ImageFilter>;
};

/** One imported revision of a benchmark: the Hub commit (or demo seed) every run is pinned to. */
export type BenchmarkRevision = {
  readonly __typename?: 'BenchmarkRevision';
  /** The benchmark. */
  readonly benchmark: Benchmark;
  /** Release config folder, e.g. `perception/0.1.0`. */
  readonly config?: Maybe<Scalars['String']['output']>;
  /** Counts of corrections made on ingest, by code, e.g. `{ "LABEL_NAME_WINS": 1 }`. */
  readonly corrections: Scalars['JSON']['output'];
  /** Stable numeric id. */
  readonly id: Scalars['ID']['output'];
  /** When the import completed. */
  readonly importedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Number of import issues (skipped or corrected rows). */
  readonly issueCount: Scalars['Int']['output'];
  /** Import issues in file and row order, optionally of one severity; at most `first` (≤ 500, default 100). */
  readonly issues: ReadonlyArray<ImportIssue>;
  /** Where the files were read from. */
  readonly location?: Maybe<Scalars['String']['output']>;
  /** Hub commit sha, or another stable id such as `demo-seed-1`. */
  readonly revision: Scalars['String']['output'];
  /** Rows that landed as images. */
  readonly rowsImported: Scalars['Int']['output'];
  /** Rows read from the release files. */
  readonly rowsRead: Scalars['Int']['output'];
  /** Rows skipped (each one has an import issue with severity SKIPPED). */
  readonly rowsSkipped: Scalars['Int']['output'];
  /** Import status. */
  readonly status: RevisionStatus;
};


/** One imported revision of a benchmark: the Hub commit (or demo seed) every run is pinned to. */
export type BenchmarkRevisionIssuesArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  severity?: InputMaybe<ImportIssueSeverity>;
};

/** Paired comparison of two models. */
export type Comparison = {
  readonly __typename?: 'Comparison';
  /** The axes asked for (after the preset). */
  readonly groupBy: ReadonlyArray<ResultAxis>;
  /** Model A. */
  readonly modelA: Model;
  /** Model B. */
  readonly modelB: Model;
  /** One slice per combination of values (plus marginals / overall on request). */
  readonly slices: ReadonlyArray<ComparisonSlice>;
};

/** A paired comparison of two models on one slice, over the questions both answered. */
export type ComparisonSlice = {
  readonly __typename?: 'ComparisonSlice';
  /** Accuracy of model A on them. */
  readonly accuracyA?: Maybe<Scalars['Float']['output']>;
  /** Accuracy of model B on them. */
  readonly accuracyB?: Maybe<Scalars['Float']['output']>;
  /** Benjamini–Hochberg adjusted p-value across the slices returned. */
  readonly adjustedPValue: Scalars['Float']['output'];
  /** Benchmark revisions of those runs. */
  readonly benchmarkRevisions: ReadonlyArray<Scalars['String']['output']>;
  /** Both right. */
  readonly bothCorrect: Scalars['Int']['output'];
  /** Both wrong. */
  readonly bothWrong: Scalars['Int']['output'];
  /** accuracyA − accuracyB with a paired basic-bootstrap 95% interval. */
  readonly difference: Interval;
  /** The slice's value on each axis. */
  readonly group: ReadonlyArray<AxisValue>;
  /** Axes of this slice. */
  readonly grouping: ReadonlyArray<ResultAxis>;
  /** Whether n is below `minSupport`. */
  readonly lowSupport: Scalars['Boolean']['output'];
  /** Questions both models answered (scored). */
  readonly n: Scalars['Int']['output'];
  /** Only A right. */
  readonly onlyACorrect: Scalars['Int']['output'];
  /** Only B right. */
  readonly onlyBCorrect: Scalars['Int']['output'];
  /** Exact McNemar p-value (two-sided binomial test on the discordant pairs). */
  readonly pValue: Scalars['Float']['output'];
  /** Runs of model A behind the figure. */
  readonly runIdsA: ReadonlyArray<Scalars['ID']['output']>;
  /** Runs of model B behind the figure. */
  readonly runIdsB: ReadonlyArray<Scalars['ID']['output']>;
};

/** Input of `createImageSet`. */
export type CreateImageSetInput = {
  /** What the set is for. */
  readonly description?: InputMaybe<Scalars['String']['input']>;
  /** Display name (1–200 characters). */
  readonly name: Scalars['String']['input'];
  /** URL-safe key: lower-case letters, digits and dashes, 2–64 characters; must be unused. */
  readonly slug: Scalars['String']['input'];
  /** Source datasets (by slug) whose images make up the set; at least one. */
  readonly sourceDatasets: ReadonlyArray<Scalars['String']['input']>;
};

/** Result of `createImageSet`: the set, or why it was not created. */
export type CreateImageSetPayload = {
  readonly __typename?: 'CreateImageSetPayload';
  /** Why the set was not created. */
  readonly error?: Maybe<MutationError>;
  /** The new set. */
  readonly imageSet?: Maybe<ImageSet>;
  /** Whether the set was created. */
  readonly ok: Scalars['Boolean']['output'];
};

/** Broad field of the images: `pathology`, `biology`, … */
export type Domain = TaxonomyValue & {
  readonly __typename?: 'Domain';
  /** Stable numeric id. */
  readonly id: Scalars['ID']['output'];
  /** Images of this domain or any of its subdomains that match `filter`. */
  readonly imageCount: Scalars['Int']['output'];
  /** The released value verbatim. */
  readonly name: Scalars['String']['output'];
  /** Stable URL-safe key. */
  readonly slug: Scalars['String']['output'];
  /** The subdomains of this domain, by name. */
  readonly subdomains: ReadonlyArray<Subdomain>;
};


/** Broad field of the images: `pathology`, `biology`, … */
export type DomainImageCountArgs = {
  filter?: InputMaybe<ImageFilter>;
};

/** Result of `evaluate`. */
export type EvaluatePayload = {
  readonly __typename?: 'EvaluatePayload';
  /** Why no run was started (`MODEL_NOT_FOUND`, `BAD_USER_INPUT`). */
  readonly error?: Maybe<MutationError>;
  /** How the run was started. */
  readonly mode?: Maybe<EvaluationMode>;
  /** Whether a run was created or found. */
  readonly ok: Scalars['Boolean']['output'];
  /** The run; its `done`, `total` and `failed` report progress. */
  readonly run?: Maybe<Run>;
};

/**
 * How far the predictions a `results` request needs are computed for one model. Poll `results` (or `run(id)`)
 * until `status` is COMPLETE; slices of that model appear once its run is complete.
 */
export type EvaluationCoverage = {
  readonly __typename?: 'EvaluationCoverage';
  /** Questions predicted so far (failed ones included). */
  readonly done: Scalars['Int']['output'];
  /** Always null: a failure to start an evaluation is an error of the request (BAD_USER_INPUT, RATE_LIMITED). */
  readonly error?: Maybe<Scalars['String']['output']>;
  /** Predictions that failed (e.g. an undecodable image), each with its reason on the prediction. */
  readonly failed: Scalars['Int']['output'];
  /**
   * INLINE: computed within this request; QUEUED: started in the background; EXISTING: an earlier run of the same
   * scope; COVERED: nothing was missing; null: evaluation on read is off.
   */
  readonly mode?: Maybe<EvaluationMode>;
  /** The model reference as given in `models`. */
  readonly model: Scalars['String']['output'];
  /**
   * The zero-shot run computing this request's scope; null when earlier runs had already predicted all of it
   * (COVERED) or when evaluation on read is off (EVALUATE_ON_READ=false: coverage only).
   */
  readonly run?: Maybe<Run>;
  /** The stratified estimate of the sample, when `results(sample:)` asked for one of an endpoint model. */
  readonly sample?: Maybe<SampleEstimate>;
  /** Questions in scope. */
  readonly total: Scalars['Int']['output'];
};

/** How `evaluate` started the run. */
export type EvaluationMode =
  /** (`results` only) Earlier runs had already predicted every question of the scope: no run was needed. */
  | 'COVERED'
  /** An identical run existed: it is returned (and resumed if it was unfinished). */
  | 'EXISTING'
  /** The scope was small: the run was computed inside the request and is complete. */
  | 'INLINE'
  /** The run was queued as a background job; poll `run(id)` for done / total / failed. */
  | 'QUEUED';

/** Counts per value of one axis, under the connection's filter (pagination ignored). */
export type Facet = {
  readonly __typename?: 'Facet';
  /** The axis counted. */
  readonly axis: Axis;
  /** Values with at least one image, most images first, then by key. */
  readonly values: ReadonlyArray<FacetValue>;
};

/** Count of images with one value on one axis. */
export type FacetValue = {
  readonly __typename?: 'FacetValue';
  /** Images with this value under the connection's filter. */
  readonly count: Scalars['Int']['output'];
  /** The value's id (taxonomy axes) or the literal value (other axes); null for images without a value. */
  readonly key?: Maybe<Scalars['String']['output']>;
  /** Display name of the value; null for images without a value. */
  readonly name?: Maybe<Scalars['String']['output']>;
  /** Slug of the taxonomy value; the literal value on other axes; null for images without a value. */
  readonly slug?: Maybe<Scalars['String']['output']>;
  /** The taxonomy value itself, on taxonomy axes. */
  readonly value?: Maybe<TaxonomyValue>;
};

/** A failed prediction of a run: its question, error and whether asking again may succeed. */
export type FailedCall = {
  readonly __typename?: 'FailedCall';
  readonly error?: Maybe<Scalars['String']['output']>;
  readonly question: Question;
  readonly retryable: Scalars['Boolean']['output'];
};

/** A closed or half-open range of floats. Omitted bounds are open. */
export type FloatRange = {
  /** Strictly greater than. */
  readonly gt?: InputMaybe<Scalars['Float']['input']>;
  /** Greater than or equal to. */
  readonly gte?: InputMaybe<Scalars['Float']['input']>;
  /** Strictly less than. */
  readonly lt?: InputMaybe<Scalars['Float']['input']>;
  /** Less than or equal to. */
  readonly lte?: InputMaybe<Scalars['Float']['input']>;
};

/** One image of a benchmark, with its metadata, its taxonomy values and its questions. */
export type Image = {
  readonly __typename?: 'Image';
  /** Bounding boxes as released (lists of numbers), or null. */
  readonly bbox?: Maybe<Scalars['JSON']['output']>;
  /** The benchmark the image belongs to. */
  readonly benchmark: Benchmark;
  /** Bits per channel sample (8 or 16). */
  readonly bitDepth: Scalars['Int']['output'];
  /** Size of the original bytes. */
  readonly byteSize: Scalars['Int']['output'];
  /** Number of channels (1 grey, 3 RGB, 4 RGBA). */
  readonly channels: Scalars['Int']['output'];
  /** sha256 (hex) of the image bytes; also the HTTP ETag of `url`. */
  readonly contentHash: Scalars['String']['output'];
  /** When the image row was created. */
  readonly createdAt: Scalars['DateTime']['output'];
  /** Domain. */
  readonly domain?: Maybe<Domain>;
  /**
   * This image's embedding under `model` (a model slug, or `slug@<weights-hash prefix>` for one version). Every
   * `embedding` field of a request is collected into batched ONNX inference calls. Null, with an error naming the
   * reason (`IMAGE_UNREADABLE`, `IMAGE_MISSING`), when the image cannot be embedded.
   */
  readonly embedding?: Maybe<ImageEmbedding>;
  /** Height in pixels. */
  readonly height: Scalars['Int']['output'];
  /** Stable numeric id. */
  readonly id: Scalars['ID']['output'];
  /** Image sets containing this image (through its source dataset), by slug. */
  readonly imageSets: ReadonlyArray<ImageSet>;
  /** Institutions that produced the image. */
  readonly institutions: ReadonlyArray<Scalars['String']['output']>;
  /** The released integer `label`, kept for traceability. */
  readonly labelIndex?: Maybe<Scalars['Int']['output']>;
  /** Label names (one per image in μ-Bench). */
  readonly labelNames: ReadonlyArray<Scalars['String']['output']>;
  /** License of the image, e.g. `CC-BY-4.0`. */
  readonly license?: Maybe<Scalars['String']['output']>;
  /** Physical pixel size in microns, when released. */
  readonly micronsPerPixel?: Maybe<Scalars['Float']['output']>;
  /** Media type of the original bytes: `image/png`, `image/jpeg`, `image/tiff`, … */
  readonly mimeType: Scalars['String']['output'];
  /** Modality. */
  readonly modality?: Maybe<Modality>;
  /** Normal / abnormal status derived from the label, when the label says. */
  readonly normalAbnormal?: Maybe<NormalAbnormal>;
  /** Organism. */
  readonly organism?: Maybe<Organism>;
  /** PubMed id of the source dataset's paper. */
  readonly pmid?: Maybe<Scalars['String']['output']>;
  /** Polygons as released, or null. */
  readonly polygon?: Maybe<Scalars['JSON']['output']>;
  /** Where the metadata came from (revision, file, row). */
  readonly provenance: Provenance;
  /** Questions and caption sets of this image, by key; optionally of one type and/or protocol. */
  readonly questions: ReadonlyArray<Question>;
  /** Physical scale. */
  readonly scale?: Maybe<Scale>;
  /** Source dataset. */
  readonly sourceDataset?: Maybe<SourceDataset>;
  /** The released `image_id` (UUID4 in μ-Bench). */
  readonly sourceImageId: Scalars['String']['output'];
  /** Released split (`test`). */
  readonly split: Scalars['String']['output'];
  /** Stain. */
  readonly stain?: Maybe<Stain>;
  /** Subdomain. */
  readonly subdomain?: Maybe<Subdomain>;
  /** Submodality. */
  readonly submodality?: Maybe<Submodality>;
  /** Whether the image is synthetic (generated). */
  readonly synthetic: Scalars['Boolean']['output'];
  /** Task (through the source dataset). */
  readonly task?: Maybe<Task>;
  /** Taxonomy group (through the source dataset's task). */
  readonly taxonomyGroup?: Maybe<TaxonomyGroup>;
  /** Path of a thumbnail whose longer side is `size` pixels (16–1024; PNG, 8-bit). */
  readonly thumbnailUrl: Scalars['String']['output'];
  /** Path of the original bytes on this server (`/images/<id>`); GET it for the image. */
  readonly url: Scalars['String']['output'];
  /** Width in pixels. */
  readonly width: Scalars['Int']['output'];
};


/** One image of a benchmark, with its metadata, its taxonomy values and its questions. */
export type ImageEmbeddingArgs = {
  model: Scalars['String']['input'];
};


/** One image of a benchmark, with its metadata, its taxonomy values and its questions. */
export type ImageQuestionsArgs = {
  protocol?: InputMaybe<QuestionProtocol>;
  type?: InputMaybe<QuestionType>;
};


/** One image of a benchmark, with its metadata, its taxonomy values and its questions. */
export type ImageThumbnailUrlArgs = {
  size?: InputMaybe<Scalars['Int']['input']>;
};

/** A page of images matching a filter (Relay connection). */
export type ImageConnection = {
  readonly __typename?: 'ImageConnection';
  /** The images of this page, in `orderBy` order. */
  readonly edges: ReadonlyArray<ImageEdge>;
  /** Counts per value for each requested axis, over all images matching the filter. */
  readonly facets: ReadonlyArray<Facet>;
  /** The images of this page (same as `edges.node`). */
  readonly nodes: ReadonlyArray<Image>;
  /** Pagination state. */
  readonly pageInfo: PageInfo;
  /** Number of images matching the filter (all pages). */
  readonly totalCount: Scalars['Int']['output'];
};


/** A page of images matching a filter (Relay connection). */
export type ImageConnectionFacetsArgs = {
  axes: ReadonlyArray<Axis>;
};

/** One edge of an image list. */
export type ImageEdge = {
  readonly __typename?: 'ImageEdge';
  /** Opaque cursor of this position; pass it as `after`. */
  readonly cursor: Scalars['String']['output'];
  /** The image. */
  readonly node: Image;
};

/**
 * An image's embedding under one model version (weights + preprocessing). Computed on demand, batched across the
 * request, stored in pgvector and never recomputed.
 */
export type ImageEmbedding = {
  readonly __typename?: 'ImageEmbedding';
  /** Width of the vector. */
  readonly dimensions: Scalars['Int']['output'];
  /** The model version that produced it. */
  readonly modelVersion: ModelVersion;
  /** The L2-normalised vector (unit length, so cosine similarity is a dot product). */
  readonly vector: ReadonlyArray<Scalars['Float']['output']>;
};

/**
 * A set of images. Every given field must hold (AND); `and`, `or` and `not` combine nested filters.
 * The same input selects images everywhere: image lists, facets, counts, similarity search, results and exports.
 * A parent value matches its children: a domain matches all its subdomains, a modality all its submodalities,
 * a taxonomy group all its tasks, a task all its source datasets.
 */
export type ImageFilter = {
  /** All of these filters. */
  readonly and?: InputMaybe<ReadonlyArray<ImageFilter>>;
  /** Benchmark (by id or slug). */
  readonly benchmark?: InputMaybe<TaxonomyValueFilter>;
  /** Domain, including all its subdomains. */
  readonly domain?: InputMaybe<TaxonomyValueFilter>;
  /** Height in pixels. */
  readonly height?: InputMaybe<IntRange>;
  /** Only these image ids. */
  readonly ids?: InputMaybe<ReadonlyArray<Scalars['ID']['input']>>;
  /** Image set (through the image's source dataset). */
  readonly imageSet?: InputMaybe<TaxonomyValueFilter>;
  /** Institution: matches when any of the image's institutions is in the list. */
  readonly institution?: InputMaybe<StringValueFilter>;
  /** Label name: matches when any of the image's label names is in the list. */
  readonly labelName?: InputMaybe<StringValueFilter>;
  /** License of the image's row, e.g. `CC-BY-4.0`. */
  readonly license?: InputMaybe<StringValueFilter>;
  /** Microns per pixel. */
  readonly micronsPerPixel?: InputMaybe<FloatRange>;
  /** Modality, including all its submodalities. */
  readonly modality?: InputMaybe<TaxonomyValueFilter>;
  /** Normal or abnormal label (images with no such status never match). */
  readonly normalAbnormal?: InputMaybe<ReadonlyArray<NormalAbnormal>>;
  /** Not this filter. */
  readonly not?: InputMaybe<ImageFilter>;
  /** Any of these filters. */
  readonly or?: InputMaybe<ReadonlyArray<ImageFilter>>;
  /** Organism (slug, or id). */
  readonly organism?: InputMaybe<TaxonomyValueFilter>;
  /** PubMed id of the source dataset's paper. */
  readonly pmid?: InputMaybe<StringValueFilter>;
  /** Physical scale. */
  readonly scale?: InputMaybe<TaxonomyValueFilter>;
  /** Source dataset. */
  readonly sourceDataset?: InputMaybe<TaxonomyValueFilter>;
  /** Only these released `image_id`s. */
  readonly sourceImageIds?: InputMaybe<ReadonlyArray<Scalars['String']['input']>>;
  /** Released split, e.g. `test`. */
  readonly split?: InputMaybe<ReadonlyArray<Scalars['String']['input']>>;
  /** Stain. */
  readonly stain?: InputMaybe<TaxonomyValueFilter>;
  /** Subdomain. */
  readonly subdomain?: InputMaybe<TaxonomyValueFilter>;
  /** Submodality. */
  readonly submodality?: InputMaybe<TaxonomyValueFilter>;
  /** Synthetic (generated) images only (true) or real ones only (false). */
  readonly synthetic?: InputMaybe<Scalars['Boolean']['input']>;
  /** Task (through the image's source dataset). */
  readonly task?: InputMaybe<TaxonomyValueFilter>;
  /** Taxonomy group (through the image's source dataset's task). */
  readonly taxonomyGroup?: InputMaybe<TaxonomyValueFilter>;
  /** Width in pixels. */
  readonly width?: InputMaybe<IntRange>;
};

/** Orderings of an image list. Every ordering breaks ties by id, so pages are stable; nulls sort last. */
export type ImageOrderBy =
  /** Shortest first. */
  | 'HEIGHT_ASC'
  /** Tallest first. */
  | 'HEIGHT_DESC'
  /** Ascending id (import order). The default. */
  | 'ID_ASC'
  /** Descending id. */
  | 'ID_DESC'
  /** Smallest microns per pixel first. */
  | 'MICRONS_PER_PIXEL_ASC'
  /** Largest microns per pixel first. */
  | 'MICRONS_PER_PIXEL_DESC'
  /** By released `image_id`. */
  | 'SOURCE_IMAGE_ID_ASC'
  /** Narrowest first. */
  | 'WIDTH_ASC'
  /** Widest first. */
  | 'WIDTH_DESC';

/** A named set of images defined by source datasets, e.g. the paper's `pathology` and `pathology-he` slices. */
export type ImageSet = TaxonomyValue & {
  readonly __typename?: 'ImageSet';
  /** What the set is for. */
  readonly description?: Maybe<Scalars['String']['output']>;
  /** Stable numeric id. */
  readonly id: Scalars['ID']['output'];
  /** Images of this set that match `filter`. */
  readonly imageCount: Scalars['Int']['output'];
  /** Display name. */
  readonly name: Scalars['String']['output'];
  /** Stable URL-safe key. */
  readonly slug: Scalars['String']['output'];
  /** The source datasets whose images make up the set, by slug. */
  readonly sourceDatasets: ReadonlyArray<SourceDataset>;
};


/** A named set of images defined by source datasets, e.g. the paper's `pathology` and `pathology-he` slices. */
export type ImageSetImageCountArgs = {
  filter?: InputMaybe<ImageFilter>;
};

/** A skipped row or a correction made on ingest, with the file and row it concerns. */
export type ImportIssue = {
  readonly __typename?: 'ImportIssue';
  /** Machine-readable issue code, e.g. `LABEL_NAME_WINS`. */
  readonly code: Scalars['String']['output'];
  /** The column concerned. */
  readonly field?: Maybe<Scalars['String']['output']>;
  /** Release file the row is in. */
  readonly file: Scalars['String']['output'];
  /** Stable numeric id. */
  readonly id: Scalars['ID']['output'];
  /** Human-readable description. */
  readonly message: Scalars['String']['output'];
  /** 0-based row index within the file. */
  readonly row: Scalars['Int']['output'];
  /** Whether the row was skipped or corrected. */
  readonly severity: ImportIssueSeverity;
  /** Released `image_id` of the row, when readable. */
  readonly sourceImageId?: Maybe<Scalars['String']['output']>;
};

/** Whether an import issue dropped the row or corrected it. */
export type ImportIssueSeverity =
  /** The row landed after the named normalisation. */
  | 'corrected'
  /** The row did not land. */
  | 'skipped';

/** A file of model outputs to import as one run. */
export type ImportPredictionsInput = {
  /** Benchmark slug, to disambiguate released question UUIDs. */
  readonly benchmark?: InputMaybe<Scalars['String']['input']>;
  /** The file's text. Rows carry `question_id`, or `question_uuid` + `key`, and `output` / `chosen_index` / `scores`. */
  readonly content: Scalars['String']['input'];
  /** File name, recorded on the run. */
  readonly fileName?: InputMaybe<Scalars['String']['input']>;
  /** File format (default: guessed from `fileName`, else from the content). */
  readonly format?: InputMaybe<PredictionFileFormat>;
  /** How GENERATIVE outputs are scored (recorded in the run's parameters as `letterRule`). */
  readonly letterRule?: InputMaybe<LetterRule>;
  /** Model slug (created if new). */
  readonly model: Scalars['String']['input'];
  /** Kind of a new model (default: CONTRASTIVE for SCORES, else GENERATIVE). */
  readonly modelKind?: InputMaybe<ModelKind>;
  /** Display name for a new model. */
  readonly modelName?: InputMaybe<Scalars['String']['input']>;
  /** Model version (weights hash, API snapshot). */
  readonly modelVersion?: InputMaybe<Scalars['String']['input']>;
  /** Run parameters to record (temperature, max tokens …). */
  readonly parameters?: InputMaybe<Scalars['JSON']['input']>;
  /** Prompt template to record (default for GENERATIVE: the eVLLM prompt). */
  readonly promptTemplate?: InputMaybe<Scalars['String']['input']>;
  /** Form of the rows. */
  readonly protocol: ImportProtocol;
};

/** Result of `importPredictions`. */
export type ImportPredictionsPayload = {
  readonly __typename?: 'ImportPredictionsPayload';
  /** Of those, correct. */
  readonly correct: Scalars['Int']['output'];
  /** Why nothing was imported, when the input itself is invalid. */
  readonly error?: Maybe<MutationError>;
  /** Predictions imported. */
  readonly imported: Scalars['Int']['output'];
  /** Why rows were skipped (first 1000), by line. */
  readonly issues: ReadonlyArray<PredictionImportIssue>;
  /** Whether a run was created. */
  readonly ok: Scalars['Boolean']['output'];
  /** Rows read from the file. */
  readonly rowsRead: Scalars['Int']['output'];
  /** The new run (null when no row landed). */
  readonly run?: Maybe<Run>;
  /** Rows skipped. */
  readonly skipped: Scalars['Int']['output'];
};

/** Form of a prediction file's rows. */
export type ImportProtocol =
  /** A chosen option index in `chosen_index` (0-based). */
  | 'choice'
  /** Raw generative text in `output`, scored with the official letter rule. */
  | 'generative'
  /** Per-option scores in `scores` (argmax). */
  | 'scores';

/** One invalid input field of a mutation. */
export type InputError = {
  readonly __typename?: 'InputError';
  /** What is wrong with it. */
  readonly message: Scalars['String']['output'];
  /** Path of the offending field inside the mutation's arguments, e.g. `["input", "imageIds", 2]` (strings and indexes). */
  readonly path: ReadonlyArray<Scalars['JSON']['output']>;
};

/** A closed or half-open range of integers. Omitted bounds are open. */
export type IntRange = {
  /** Strictly greater than. */
  readonly gt?: InputMaybe<Scalars['Int']['input']>;
  /** Greater than or equal to. */
  readonly gte?: InputMaybe<Scalars['Int']['input']>;
  /** Strictly less than. */
  readonly lt?: InputMaybe<Scalars['Int']['input']>;
  /** Less than or equal to. */
  readonly lte?: InputMaybe<Scalars['Int']['input']>;
};

/**
 * A 95% interval around an estimate. Invariant: low ≤ high, both inside the quantity's range ([0, 1] for an accuracy,
 * [−1, 1] for a difference), or both null when no interval exists.
 */
export type Interval = {
  readonly __typename?: 'Interval';
  /** Whether a bound of a basic-bootstrap interval fell outside the quantity's range and was moved onto it. */
  readonly clipped: Scalars['Boolean']['output'];
  /** Cluster bootstraps: clusters (source datasets or images) with scored questions; null for other methods. */
  readonly clusters?: Maybe<Scalars['Int']['output']>;
  /** The point estimate. */
  readonly estimate: Scalars['Float']['output'];
  /** Cluster bootstraps: true with 2–9 clusters, where the interval under-covers and deserves little trust. */
  readonly fewClusters: Scalars['Boolean']['output'];
  /** Upper end (null when no interval exists). */
  readonly high?: Maybe<Scalars['Float']['output']>;
  /** Confidence level (0.95). */
  readonly level: Scalars['Float']['output'];
  /** Lower end (null when no interval exists: see `unavailable`). */
  readonly low?: Maybe<Scalars['Float']['output']>;
  /** How it was computed (null for paired differences, always a paired basic bootstrap clipped to [−1, 1]). */
  readonly method?: Maybe<IntervalMethod>;
  /** The paper's ±: |high − estimate| of the interval before clipping (null when no interval exists). */
  readonly plusMinus?: Maybe<Scalars['Float']['output']>;
  /** Why there is no interval (a cluster bootstrap over fewer than 2 clusters), else null. */
  readonly unavailable?: Maybe<Scalars['String']['output']>;
};

/**
 * How the 95% interval of an accuracy is computed (formulas and references: docs/statistics.md). Every bootstrap is
 * seeded by `seed` (equal seeds, equal intervals) and draws `resamples` resamples.
 */
export type IntervalMethod =
  /**
   * The paper's interval: basic ("reverse percentile") bootstrap of pooled accuracy over questions, as
   * scipy.stats.bootstrap(method="basic"): [2p̂ − q₉₇.₅, 2p̂ − q₂.₅] of the resampled accuracies (numpy's linear
   * percentiles). The raw interval can leave [0, 1] at small n (n = 5, k = 4: high 1.2): `low`/`high` are clipped to
   * [0, 1] and `clipped` says so; `plusMinus` stays the unclipped |high − p̂|, the paper's ±. Treats questions as
   * independent.
   */
  | 'BOOTSTRAP'
  /**
   * Basic bootstrap resampling whole source datasets with replacement (θ* = Σk/Σn over the drawn datasets): accounts
   * for between-dataset variation. Clipped like BOOTSTRAP. No interval (null bounds, `unavailable` says why) below 2
   * datasets with scored questions; `fewClusters` below 10.
   */
  | 'CLUSTER_BOOTSTRAP'
  /**
   * Like CLUSTER_BOOTSTRAP with the image as the cluster: accounts for questions nested in images (several coarse
   * questions per image). Needs per-image counts, so it reads the question-level join (not the rollup).
   */
  | 'IMAGE_CLUSTER_BOOTSTRAP'
  /**
   * Wilson score interval without continuity correction (the default): p̂ = k/n, centre (p̂ + z²/2n)/(1 + z²/n),
   * half-width z/(1 + z²/n)·√(p̂(1 − p̂)/n + z²/4n²), z = 1.959964. Always inside [0, 1]; n = 0 gives [0, 1].
   * Treats questions as independent.
   */
  | 'WILSON';

/** One model's place on a leaderboard slice. */
export type LeaderboardEntry = {
  readonly __typename?: 'LeaderboardEntry';
  /** The model. */
  readonly model: Model;
  /** 1 = highest accuracy; equal accuracies share the best rank (1, 2, 2, 4). */
  readonly rank: Scalars['Int']['output'];
  /** Its figures on this slice. */
  readonly result: ResultSlice;
  /**
   * Tie group from paired tests, contiguous in rank order: exact McNemar on the questions both models answered for
   * every pair of models in every slice, Benjamini–Hochberg adjusted across all those comparisons; the best model not
   * yet grouped heads a group, and the models after it join it while each is not separable from that head (adjusted
   * p > 0.05); the first separable one heads the next group. 1 = the leader's group.
   */
  readonly tieGroup: Scalars['Int']['output'];
  /** Whether the model is in the leader's tie group (tieGroup = 1). */
  readonly tiedWithLeader: Scalars['Boolean']['output'];
};

/** Models ranked on one slice. */
export type LeaderboardSlice = {
  readonly __typename?: 'LeaderboardSlice';
  /** Models by rank. */
  readonly entries: ReadonlyArray<LeaderboardEntry>;
  /** The slice's value on each axis. */
  readonly group: ReadonlyArray<AxisValue>;
  /** Axes of this slice. */
  readonly grouping: ReadonlyArray<ResultAxis>;
};

/** How a generative answer is scored against the gold option (docs/statistics.md, "Letter rule"). */
export type LetterRule =
  /**
   * Exact parity with the authors' code: additionally rewrites every "nan" in the answer to "np.nan" before scoring
   * (so "D) malignant" no longer matches), and scores gold letters A–G only (a gold H row is reported INVALID_OUTPUT,
   * where eVLLM raises an IndexError).
   */
  | 'EVLLM_EXACT'
  /**
   * The official rule as the paper describes it (eVLLM `check_prediction`): correct iff the lettered gold option
   * ("B) basophil") occurs in the answer, case-sensitive, or the answer's first character is the gold letter; every
   * option the prompt letters (A–H) can be gold.
   */
  | 'STANDARD';

/** Imaging modality: `light microscopy`, `fluorescence microscopy` or `electron microscopy`. */
export type Modality = TaxonomyValue & {
  readonly __typename?: 'Modality';
  /** Stable numeric id. */
  readonly id: Scalars['ID']['output'];
  /** Images of this modality or any of its submodalities that match `filter`. */
  readonly imageCount: Scalars['Int']['output'];
  /** The released value verbatim. */
  readonly name: Scalars['String']['output'];
  /** Stable URL-safe key. */
  readonly slug: Scalars['String']['output'];
  /** The submodalities of this modality, by name. */
  readonly submodalities: ReadonlyArray<Submodality>;
};


/** Imaging modality: `light microscopy`, `fluorescence microscopy` or `electron microscopy`. */
export type ModalityImageCountArgs = {
  filter?: InputMaybe<ImageFilter>;
};

/** A model as people name it (`CLIP ViT-B/32`, `GPT-4o`), independent of any particular weights. */
export type Model = {
  readonly __typename?: 'Model';
  /** Free-text description. */
  readonly description?: Maybe<Scalars['String']['output']>;
  /** Stable numeric id. */
  readonly id: Scalars['ID']['output'];
  /** Kind of model. */
  readonly kind: ModelKind;
  /** Display name. */
  readonly name: Scalars['String']['output'];
  /** Runs of this model, newest first. */
  readonly runs: ReadonlyArray<Run>;
  /** Stable URL-safe key. */
  readonly slug: Scalars['String']['output'];
  /** Concrete versions (weights + preprocessing), oldest first. */
  readonly versions: ReadonlyArray<ModelVersion>;
};

/** Kind of model. */
export type ModelKind =
  /** A baseline (random, majority class …). */
  | 'baseline'
  /** Image–text model scored by caption similarity (CLIP-style). */
  | 'contrastive'
  /** Generative vision-language model scored by the letter rule. */
  | 'generative';

/** One concrete version of a model: its weights hash and preprocessing. */
export type ModelVersion = {
  readonly __typename?: 'ModelVersion';
  /** When it was registered. */
  readonly createdAt: Scalars['DateTime']['output'];
  /** Embedding width, for embedding models. */
  readonly dimensions?: Maybe<Scalars['Int']['output']>;
  /** How many images have a stored embedding under this version. */
  readonly embeddedImageCount: Scalars['Int']['output'];
  /** Stable numeric id. */
  readonly id: Scalars['ID']['output'];
  /** The model. */
  readonly model: Model;
  /** Local directory the ONNX files were registered from (null for imported-prediction versions). */
  readonly path?: Maybe<Scalars['String']['output']>;
  /** The canonical preprocessing settings its vectors were computed with (hashed into `preprocessingHash`). */
  readonly preprocessing?: Maybe<Scalars['JSON']['output']>;
  /** sha256 of the canonical preprocessing JSON. */
  readonly preprocessingHash: Scalars['String']['output'];
  /** sha256 over the weight files, or a caller-given version string for imported predictions. */
  readonly weightsHash: Scalars['String']['output'];
};

/**
 * Every write. Each mutation needs an API key (`Authorization: Bearer <key>`); see `stratum keys create`.
 * Other schema files add fields with `extend type Mutation`.
 */
export type Mutation = {
  readonly __typename?: 'Mutation';
  /** Creates a named image set from source datasets (needs an API key). */
  readonly createImageSet: CreateImageSetPayload;
  /**
   * Zero-shot evaluation of a registered contrastive model with the μ-Bench protocol: for every caption set of the
   * chosen types (and caption template `template`; omitted: the template of the benchmark's published totals, 1 for
   * μ-Bench; null: every template) on the filtered images, softmax over logit_scale · cosine with each option; the
   * argmax is the choice. Returns at once; small scopes are computed inline (needs an API key).
   */
  readonly evaluate: EvaluatePayload;
  /** Imports a file of model outputs (JSONL or CSV) as one run (needs an API key). Bad rows are reported and skipped. */
  readonly importPredictions: ImportPredictionsPayload;
  /** Register an OpenAI-compatible endpoint as a generative model (needs an API key of Stratum with write access). */
  readonly registerEndpointModel: RegisterEndpointModelPayload;
  /** Register a model directory (needs an API key). Checks that both towers load and produce the declared shapes. */
  readonly registerModel: RegisterModelPayload;
  /** Returns the name of the API key the request was made with. A cheap way to check that a key works. */
  readonly whoami: Scalars['String']['output'];
};


/**
 * Every write. Each mutation needs an API key (`Authorization: Bearer <key>`); see `stratum keys create`.
 * Other schema files add fields with `extend type Mutation`.
 */
export type MutationCreateImageSetArgs = {
  input: CreateImageSetInput;
};


/**
 * Every write. Each mutation needs an API key (`Authorization: Bearer <key>`); see `stratum keys create`.
 * Other schema files add fields with `extend type Mutation`.
 */
export type MutationEvaluateArgs = {
  filter?: InputMaybe<ImageFilter>;
  model: Scalars['String']['input'];
  questionTypes?: InputMaybe<ReadonlyArray<QuestionType>>;
  template?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * Every write. Each mutation needs an API key (`Authorization: Bearer <key>`); see `stratum keys create`.
 * Other schema files add fields with `extend type Mutation`.
 */
export type MutationImportPredictionsArgs = {
  input: ImportPredictionsInput;
};


/**
 * Every write. Each mutation needs an API key (`Authorization: Bearer <key>`); see `stratum keys create`.
 * Other schema files add fields with `extend type Mutation`.
 */
export type MutationRegisterEndpointModelArgs = {
  input: RegisterEndpointModelInput;
};


/**
 * Every write. Each mutation needs an API key (`Authorization: Bearer <key>`); see `stratum keys create`.
 * Other schema files add fields with `extend type Mutation`.
 */
export type MutationRegisterModelArgs = {
  input: RegisterModelInput;
};

/** A user-fixable reason why a mutation did not happen (it changed nothing). */
export type MutationError = {
  readonly __typename?: 'MutationError';
  /** Machine-readable reason: `BAD_USER_INPUT`, `NOT_FOUND`, `CONFLICT`. */
  readonly code: Scalars['String']['output'];
  /** The invalid input fields, when the reason is bad input. */
  readonly inputErrors: ReadonlyArray<InputError>;
  /** Human-readable explanation. */
  readonly message: Scalars['String']['output'];
};

/** Normal / abnormal status of an image, derived from its label on ingest. */
export type NormalAbnormal =
  /** The label names an abnormal (diseased, malignant, …) class. */
  | 'abnormal'
  /** The label names a normal (healthy, control) class. */
  | 'normal';

/** Organism of the imaged sample, an NCBI Taxonomy entry (plus the pseudo-taxon `NCBITaxon_synthetic`). */
export type Organism = TaxonomyValue & {
  readonly __typename?: 'Organism';
  /** Stable numeric id. */
  readonly id: Scalars['ID']['output'];
  /** Images of this organism that match `filter`. */
  readonly imageCount: Scalars['Int']['output'];
  /** Scientific name as released (`Homo sapiens`), or `synthetic`. */
  readonly name: Scalars['String']['output'];
  /** NCBI Taxonomy id as released, e.g. `NCBITaxon_9606`. */
  readonly ncbitaxonId: Scalars['String']['output'];
  /** Stable URL-safe key. */
  readonly slug: Scalars['String']['output'];
};


/** Organism of the imaged sample, an NCBI Taxonomy entry (plus the pseudo-taxon `NCBITaxon_synthetic`). */
export type OrganismImageCountArgs = {
  filter?: InputMaybe<ImageFilter>;
};

/** Relay pagination state of a connection. */
export type PageInfo = {
  readonly __typename?: 'PageInfo';
  /** Cursor of the last edge; pass it as `after` to get the next page. Null when the page is empty. */
  readonly endCursor?: Maybe<Scalars['String']['output']>;
  /** Whether more items follow the last edge of this page. */
  readonly hasNextPage: Scalars['Boolean']['output'];
  /** Whether items precede the first edge of this page (true whenever `after` was given). */
  readonly hasPreviousPage: Scalars['Boolean']['output'];
  /** Cursor of the first edge, or null when the page is empty. */
  readonly startCursor?: Maybe<Scalars['String']['output']>;
};

/** One prediction of a run for one question. */
export type Prediction = {
  readonly __typename?: 'Prediction';
  /** Generative calls: answered from the response cache (no call made). */
  readonly cached?: Maybe<Scalars['Boolean']['output']>;
  /** 0-based index of the chosen option in the question's released order; null if none could be chosen. */
  readonly chosenIndex?: Maybe<Scalars['Int']['output']>;
  /** The chosen option's text. */
  readonly chosenOption?: Maybe<Scalars['String']['output']>;
  /** Generative calls: completion tokens the endpoint reported. */
  readonly completionTokens?: Maybe<Scalars['Int']['output']>;
  /** Error message of a failed prediction. */
  readonly error?: Maybe<Scalars['String']['output']>;
  /** Stable numeric id. */
  readonly id: Scalars['ID']['output'];
  /** Whether the chosen option is the gold one; null when the prediction failed. */
  readonly isCorrect?: Maybe<Scalars['Boolean']['output']>;
  /** Generative calls: wall time of the call including retries and rate-limit waits (null when served from the cache). */
  readonly latencyMs?: Maybe<Scalars['Int']['output']>;
  /** Generative calls: prompt tokens the endpoint reported. */
  readonly promptTokens?: Maybe<Scalars['Int']['output']>;
  /**
   * The protocol configuration the prediction was made under, `{ protocol, protocolVersion, … }` with its settings
   * (generative: `promptTemplate`, `letterRule`); null for imported predictions (their run's `parameters` say how
   * they were scored).
   */
  readonly protocolConfig?: Maybe<Scalars['JSON']['output']>;
  /** The question answered. */
  readonly question: Question;
  /** Raw model output as produced (generative runs). */
  readonly rawOutput?: Maybe<Scalars['String']['output']>;
  /** Generative calls: the endpoint's request id (`x-request-id`, else the completion id). */
  readonly requestId?: Maybe<Scalars['String']['output']>;
  /** A failed call that asking again may cure (rate limit, timeout, 5xx): the next job asks again and replaces it. */
  readonly retryable: Scalars['Boolean']['output'];
  /** The run. */
  readonly run: Run;
  /** Per-option scores in released option order (softmax probabilities for contrastive runs). */
  readonly scores?: Maybe<ReadonlyArray<Scalars['Float']['output']>>;
  /** Outcome. */
  readonly status: PredictionStatus;
};

/** A page of predictions (Relay connection). */
export type PredictionConnection = {
  readonly __typename?: 'PredictionConnection';
  /** The predictions of this page. */
  readonly edges: ReadonlyArray<PredictionEdge>;
  /** The predictions of this page (same as `edges.node`). */
  readonly nodes: ReadonlyArray<Prediction>;
  /** Pagination state. */
  readonly pageInfo: PageInfo;
  /** Number of predictions matching (all pages). */
  readonly totalCount: Scalars['Int']['output'];
};

/** One edge of a prediction list. */
export type PredictionEdge = {
  readonly __typename?: 'PredictionEdge';
  /** Opaque cursor of this position. */
  readonly cursor: Scalars['String']['output'];
  /** The prediction. */
  readonly node: Prediction;
};

/** File format of imported predictions. */
export type PredictionFileFormat =
  /** Comma-separated with a header row (RFC 4180). */
  | 'csv'
  /** One JSON object per line. */
  | 'jsonl';

/** A skipped row of an imported file. */
export type PredictionImportIssue = {
  readonly __typename?: 'PredictionImportIssue';
  /** MALFORMED, UNKNOWN_QUESTION, DUPLICATE or INVALID_OUTPUT. */
  readonly code: Scalars['String']['output'];
  /** 1-based line in the file. */
  readonly line: Scalars['Int']['output'];
  /** What is wrong. */
  readonly message: Scalars['String']['output'];
};

/** Which predictions behind a slice to list. */
export type PredictionOutcome =
  /** Scored and unscored. */
  | 'all'
  /** Correct predictions: those the slice's `correct` counts. */
  | 'correct'
  /** Scored and wrong. */
  | 'incorrect'
  /** Scored predictions: exactly those the slice's `n` counts. */
  | 'scored'
  /** Predictions left out of `n`: failed calls, unreadable images, questions the letter rule cannot score. */
  | 'unscored';

/** Outcome of one prediction. */
export type PredictionStatus =
  /** Producing it failed (see `error`). */
  | 'failed'
  /** A prediction was produced. */
  | 'ok';

/** Where an image's metadata came from. */
export type Provenance = {
  readonly __typename?: 'Provenance';
  /** sha256 (hex) of the image bytes as released. */
  readonly contentHash: Scalars['String']['output'];
  /** Release file the row was read from. */
  readonly file: Scalars['String']['output'];
  /** The benchmark revision whose import wrote the image. */
  readonly revision: BenchmarkRevision;
  /** 0-based row index within that file. */
  readonly row: Scalars['Int']['output'];
};

/**
 * The read side of the API: taxonomy, images, questions, models, runs and results.
 * Other schema files add fields with `extend type Query`.
 */
export type Query = {
  readonly __typename?: 'Query';
  /** The API's version string (the `version` of the server's package). */
  readonly apiVersion: Scalars['String']['output'];
  /** One benchmark by id or slug (exactly one of them); null when there is none. */
  readonly benchmark?: Maybe<Benchmark>;
  /** Every benchmark, by slug. */
  readonly benchmarks: ReadonlyArray<Benchmark>;
  /**
   * Paired comparison of two models (slugs) on the questions both answered, per slice: difference with a paired
   * bootstrap interval, exact McNemar p and Benjamini–Hochberg adjusted p across the slices returned.
   */
  readonly compare: Comparison;
  /** Every domain, by name. */
  readonly domains: ReadonlyArray<Domain>;
  /**
   * One image by id or by released `image_id` (exactly one of the two); null when there is none.
   * With `sourceImageId`, `benchmark` (slug) picks the benchmark when several share that id.
   */
  readonly image?: Maybe<Image>;
  /** Every image set, by slug. */
  readonly imageSets: ReadonlyArray<ImageSet>;
  /** Images matching `filter`, in `orderBy` order, `first` (1–500, default 50) after the cursor `after`. */
  readonly images: ImageConnection;
  /**
   * Models ranked per slice by accuracy, with tie groups from paired tests (McNemar, Benjamini–Hochberg; see
   * `LeaderboardEntry.tieGroup`).
   */
  readonly leaderboard: ReadonlyArray<LeaderboardSlice>;
  /** Every modality, by name. */
  readonly modalities: ReadonlyArray<Modality>;
  /** One model by id or slug (exactly one); null when there is none. */
  readonly model?: Maybe<Model>;
  /** Every model, by slug. */
  readonly models: ReadonlyArray<Model>;
  /** Every organism, by name. */
  readonly organisms: ReadonlyArray<Organism>;
  /** One question by id; null when there is none. */
  readonly question?: Maybe<Question>;
  /**
   * Questions of the images matching `filter`, optionally of one type and protocol, in id order,
   * `first` (1–500, default 50) after `after`.
   */
  readonly questions: QuestionConnection;
  /** The paper's Table 1 (optionally one split). */
  readonly referenceResults: ReadonlyArray<ReferenceResult>;
  /** The named presets. */
  readonly resultPresets: ReadonlyArray<ResultPresetInfo>;
  /**
   * Accuracy by any combination of axes, with intervals. `models`: model slugs (default: every model with a
   * complete run); for each model and question type the newest complete run counts (or pin `runs`). Marginals
   * (every proper subset of `groupBy`) and the overall figure come in the same SQL pass when asked for.
   */
  readonly results: Results;
  /** One run by id; null when there is none. */
  readonly run?: Maybe<Run>;
  /** Runs, newest first, optionally of one model (id or slug) and/or status. */
  readonly runs: ReadonlyArray<Run>;
  /** Every scale, from small to large. */
  readonly scales: ReadonlyArray<Scale>;
  /**
   * The `k` (1–200) images most similar to `to` under `model`, among the images matching `filter`, with scores.
   * Exact under any filter (never fewer than k when k images match); missing embeddings of the set are computed first
   * (up to a limit, else `EMBEDDING_UNAVAILABLE`: run `stratum embed`). `excludeSameSource` (image targets) also leaves
   * out images of the target's source dataset and byte-identical copies.
   */
  readonly similarImages: SimilarImagesResult;
  /** Every source dataset, by slug. */
  readonly sourceDatasets: ReadonlyArray<SourceDataset>;
  /** Every stain, by name. */
  readonly stains: ReadonlyArray<Stain>;
  /** Every subdomain, by name. */
  readonly subdomains: ReadonlyArray<Subdomain>;
  /** Every submodality, by name. */
  readonly submodalities: ReadonlyArray<Submodality>;
  /** Every task, by slug. */
  readonly tasks: ReadonlyArray<Task>;
  /** Every taxonomy group, by slug. */
  readonly taxonomyGroups: ReadonlyArray<TaxonomyGroup>;
  /** The embedding of `text` under `model` (computed once, then cached). */
  readonly textEmbedding: TextEmbedding;
  /** The API key of this request, or null for anonymous requests. */
  readonly viewer?: Maybe<ApiKey>;
};


/**
 * The read side of the API: taxonomy, images, questions, models, runs and results.
 * Other schema files add fields with `extend type Query`.
 */
export type QueryBenchmarkArgs = {
  id?: InputMaybe<Scalars['ID']['input']>;
  slug?: InputMaybe<Scalars['String']['input']>;
};


/**
 * The read side of the API: taxonomy, images, questions, models, runs and results.
 * Other schema files add fields with `extend type Query`.
 */
export type QueryCompareArgs = {
  filter?: InputMaybe<ImageFilter>;
  groupBy?: InputMaybe<ReadonlyArray<ResultAxis>>;
  marginals?: InputMaybe<Scalars['Boolean']['input']>;
  minSupport?: InputMaybe<Scalars['Int']['input']>;
  modelA: Scalars['String']['input'];
  modelB: Scalars['String']['input'];
  overall?: InputMaybe<Scalars['Boolean']['input']>;
  preset?: InputMaybe<ResultPreset>;
  questionTypes?: InputMaybe<ReadonlyArray<QuestionType>>;
  resamples?: InputMaybe<Scalars['Int']['input']>;
  seed?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * The read side of the API: taxonomy, images, questions, models, runs and results.
 * Other schema files add fields with `extend type Query`.
 */
export type QueryImageArgs = {
  benchmark?: InputMaybe<Scalars['String']['input']>;
  id?: InputMaybe<Scalars['ID']['input']>;
  sourceImageId?: InputMaybe<Scalars['String']['input']>;
};


/**
 * The read side of the API: taxonomy, images, questions, models, runs and results.
 * Other schema files add fields with `extend type Query`.
 */
export type QueryImagesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ImageFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<ImageOrderBy>;
};


/**
 * The read side of the API: taxonomy, images, questions, models, runs and results.
 * Other schema files add fields with `extend type Query`.
 */
export type QueryLeaderboardArgs = {
  filter?: InputMaybe<ImageFilter>;
  groupBy?: InputMaybe<ReadonlyArray<ResultAxis>>;
  interval?: InputMaybe<IntervalMethod>;
  minSupport?: InputMaybe<Scalars['Int']['input']>;
  models?: InputMaybe<ReadonlyArray<Scalars['String']['input']>>;
  preset?: InputMaybe<ResultPreset>;
  questionTypes?: InputMaybe<ReadonlyArray<QuestionType>>;
  resamples?: InputMaybe<Scalars['Int']['input']>;
  seed?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * The read side of the API: taxonomy, images, questions, models, runs and results.
 * Other schema files add fields with `extend type Query`.
 */
export type QueryModelArgs = {
  id?: InputMaybe<Scalars['ID']['input']>;
  slug?: InputMaybe<Scalars['String']['input']>;
};


/**
 * The read side of the API: taxonomy, images, questions, models, runs and results.
 * Other schema files add fields with `extend type Query`.
 */
export type QueryQuestionArgs = {
  id: Scalars['ID']['input'];
};


/**
 * The read side of the API: taxonomy, images, questions, models, runs and results.
 * Other schema files add fields with `extend type Query`.
 */
export type QueryQuestionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ImageFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  protocol?: InputMaybe<QuestionProtocol>;
  type?: InputMaybe<QuestionType>;
};


/**
 * The read side of the API: taxonomy, images, questions, models, runs and results.
 * Other schema files add fields with `extend type Query`.
 */
export type QueryReferenceResultsArgs = {
  split?: InputMaybe<ReferenceSplit>;
};


/**
 * The read side of the API: taxonomy, images, questions, models, runs and results.
 * Other schema files add fields with `extend type Query`.
 */
export type QueryResultsArgs = {
  benchmarkRevisions?: InputMaybe<ReadonlyArray<Scalars['ID']['input']>>;
  evaluate?: InputMaybe<Scalars['Boolean']['input']>;
  filter?: InputMaybe<ImageFilter>;
  groupBy?: InputMaybe<ReadonlyArray<ResultAxis>>;
  interval?: InputMaybe<IntervalMethod>;
  marginals?: InputMaybe<Scalars['Boolean']['input']>;
  minSupport?: InputMaybe<Scalars['Int']['input']>;
  models?: InputMaybe<ReadonlyArray<Scalars['String']['input']>>;
  overall?: InputMaybe<Scalars['Boolean']['input']>;
  preset?: InputMaybe<ResultPreset>;
  questionTypes?: InputMaybe<ReadonlyArray<QuestionType>>;
  resamples?: InputMaybe<Scalars['Int']['input']>;
  runs?: InputMaybe<ReadonlyArray<Scalars['ID']['input']>>;
  sample?: InputMaybe<SampleInput>;
  seed?: InputMaybe<Scalars['Int']['input']>;
  source?: InputMaybe<ResultSource>;
};


/**
 * The read side of the API: taxonomy, images, questions, models, runs and results.
 * Other schema files add fields with `extend type Query`.
 */
export type QueryRunArgs = {
  id: Scalars['ID']['input'];
};


/**
 * The read side of the API: taxonomy, images, questions, models, runs and results.
 * Other schema files add fields with `extend type Query`.
 */
export type QueryRunsArgs = {
  model?: InputMaybe<Scalars['String']['input']>;
  status?: InputMaybe<RunStatus>;
};


/**
 * The read side of the API: taxonomy, images, questions, models, runs and results.
 * Other schema files add fields with `extend type Query`.
 */
export type QuerySimilarImagesArgs = {
  excludeSameSource?: InputMaybe<Scalars['Boolean']['input']>;
  filter?: InputMaybe<ImageFilter>;
  k?: InputMaybe<Scalars['Int']['input']>;
  minScore?: InputMaybe<Scalars['Float']['input']>;
  model: Scalars['String']['input'];
  to: SimilarityTarget;
};


/**
 * The read side of the API: taxonomy, images, questions, models, runs and results.
 * Other schema files add fields with `extend type Query`.
 */
export type QueryTextEmbeddingArgs = {
  model: Scalars['String']['input'];
  text: Scalars['String']['input'];
};

/** One released question or caption set of an image. Options are in released (shuffled) order. */
export type Question = {
  readonly __typename?: 'Question';
  /** The correct option's text as released. */
  readonly answer?: Maybe<Scalars['String']['output']>;
  /** 0-based index of the correct option in `options` (the gold index). */
  readonly answerIndex: Scalars['Int']['output'];
  /** Stable numeric id. */
  readonly id: Scalars['ID']['output'];
  /** The image asked about. */
  readonly image: Image;
  /** The release's key for it (`modality`, `modality_1`, `classification_0`, …), unique per image. */
  readonly key: Scalars['String']['output'];
  /** Released name of the question, if any. */
  readonly name?: Maybe<Scalars['String']['output']>;
  /** Answer options in released order. */
  readonly options: ReadonlyArray<Scalars['String']['output']>;
  /**
   * The stored predictions for this question: one per model version and protocol configuration (whichever run wrote
   * it), optionally only those of the models with these slugs; ordered by model slug, then run id.
   */
  readonly predictions: ReadonlyArray<Prediction>;
  /** How it is scored. */
  readonly protocol: QuestionProtocol;
  /** Released UUID (caption templates `_0`/`_1` of one image can share it). */
  readonly sourceQuestionId?: Maybe<Scalars['String']['output']>;
  /** Caption template index k of `<type>_<k>`; null for VQA questions. */
  readonly template?: Maybe<Scalars['Int']['output']>;
  /** The question text (VQA) or the caption template with `{class}` (caption sets). */
  readonly text: Scalars['String']['output'];
  /** What it asks about. */
  readonly type: QuestionType;
};


/** One released question or caption set of an image. Options are in released (shuffled) order. */
export type QuestionPredictionsArgs = {
  models?: InputMaybe<ReadonlyArray<Scalars['String']['input']>>;
};

/** A page of questions (Relay connection), in id order. */
export type QuestionConnection = {
  readonly __typename?: 'QuestionConnection';
  /**
   * Chance level of these questions (all pages): the mean over them of 1 / (number of options), the expected accuracy
   * of answering uniformly at random. Null when there are none.
   */
  readonly chance?: Maybe<Scalars['Float']['output']>;
  /** The questions of this page. */
  readonly edges: ReadonlyArray<QuestionEdge>;
  /** The questions of this page (same as `edges.node`). */
  readonly nodes: ReadonlyArray<Question>;
  /** Pagination state. */
  readonly pageInfo: PageInfo;
  /** Number of questions matching (all pages). */
  readonly totalCount: Scalars['Int']['output'];
};

/** One edge of a question list. */
export type QuestionEdge = {
  readonly __typename?: 'QuestionEdge';
  /** Opaque cursor of this position. */
  readonly cursor: Scalars['String']['output'];
  /** The question. */
  readonly node: Question;
};

/** How a question is scored. */
export type QuestionProtocol =
  /** A caption set for contrastive models (highest image–text similarity wins). */
  | 'caption'
  /** A closed-form question for generative models (letter rule). */
  | 'vqa';

/** What a question asks about. */
export type QuestionType =
  /** The fine-grained class of the image within its task. */
  | 'classification'
  /** A cognition (reasoning) question. */
  | 'cognition'
  /** The image's domain. */
  | 'domain'
  /** The image's modality. */
  | 'modality'
  /** The image's stain. */
  | 'stain'
  /** The image's subdomain. */
  | 'subdomain'
  /** The image's submodality. */
  | 'submodality';

/** A published figure (the paper's Table 1), to show beside your own runs. */
export type ReferenceResult = {
  readonly __typename?: 'ReferenceResult';
  /** Accuracy in percent, as printed. */
  readonly accuracy: Scalars['Float']['output'];
  /** Model name as printed. */
  readonly model: Scalars['String']['output'];
  /** The printed ± (95% basic bootstrap, percent points). */
  readonly plusMinus: Scalars['Float']['output'];
  /** Rank within this split by this split's own accuracy (1 = best; equal accuracies share the best rank). */
  readonly rank: Scalars['Int']['output'];
  /** Where the figure comes from (`ubench-paper-table1`). */
  readonly source: Scalars['String']['output'];
  /** Which total. */
  readonly split: ReferenceSplit;
};

/** A split of the paper's Table 1. */
export type ReferenceSplit =
  /** Coarse-grained perception. */
  | 'coarse'
  /** Cognition. */
  | 'cognition'
  /** Fine-grained perception. */
  | 'fine';

/**
 * Register an OpenAI-compatible Chat Completions endpoint (vLLM, SGLang, TGI, Ollama, llama.cpp, LM Studio, LiteLLM,
 * a hosted API) as a generative model, evaluated with the μ-Bench closed-VQA protocol (docs/generative.md). The API
 * key is never sent here: `apiKeyEnv` names the environment variable that holds it where the jobs run.
 */
export type RegisterEndpointModelInput = {
  /** Name of the environment variable holding the API key (never the key). */
  readonly apiKeyEnv?: InputMaybe<Scalars['String']['input']>;
  /** Base URL of the OpenAI-compatible API, e.g. `http://127.0.0.1:8000/v1`. */
  readonly baseUrl: Scalars['String']['input'];
  readonly concurrency?: InputMaybe<Scalars['Int']['input']>;
  /** high (default), low or auto. */
  readonly imageDetail?: InputMaybe<Scalars['String']['input']>;
  /** png (the authors' lossless default) or jpeg. */
  readonly imageFormat?: InputMaybe<Scalars['String']['input']>;
  /** Downscale so the longest side is at most this (aspect kept, never enlarged). */
  readonly imageMaxSide?: InputMaybe<Scalars['Int']['input']>;
  /** STANDARD (default) or EVLLM_EXACT (parity with the authors' scorer: gold letters A–G only, nan rewrite). */
  readonly letterRule?: InputMaybe<LetterRule>;
  readonly logprobs?: InputMaybe<Scalars['Boolean']['input']>;
  readonly maxRetries?: InputMaybe<Scalars['Int']['input']>;
  readonly maxTokens?: InputMaybe<Scalars['Int']['input']>;
  readonly name?: InputMaybe<Scalars['String']['input']>;
  /** The model name the endpoint serves (`model` in each request). */
  readonly remoteModel: Scalars['String']['input'];
  readonly requestsPerMinute?: InputMaybe<Scalars['Int']['input']>;
  readonly seed?: InputMaybe<Scalars['Int']['input']>;
  readonly slug: Scalars['String']['input'];
  readonly temperature?: InputMaybe<Scalars['Float']['input']>;
  readonly timeoutMs?: InputMaybe<Scalars['Int']['input']>;
  readonly tokensPerMinute?: InputMaybe<Scalars['Int']['input']>;
  readonly topP?: InputMaybe<Scalars['Float']['input']>;
};

/** Result of `registerEndpointModel`. */
export type RegisterEndpointModelPayload = {
  readonly __typename?: 'RegisterEndpointModelPayload';
  /** True when this call created the version; false when the same endpoint and protocol settings existed (limits updated). */
  readonly created: Scalars['Boolean']['output'];
  readonly error?: Maybe<MutationError>;
  readonly modelVersion?: Maybe<ModelVersion>;
  readonly ok: Scalars['Boolean']['output'];
};

/**
 * Register an ONNX dual encoder from a directory on the server: the Hub's ONNX CLIP layout (`config.json`,
 * `preprocessor_config.json`, `tokenizer.json`, `tokenizer_config.json`, `onnx/vision_model.onnx`,
 * `onnx/text_model.onnx`) or a `stratum.json` manifest.
 */
export type RegisterModelInput = {
  /** Display name (default: the manifest's name, or the slug). */
  readonly name?: InputMaybe<Scalars['String']['input']>;
  /** Directory on the server's file system. */
  readonly path: Scalars['String']['input'];
  /** Model slug (default: derived from the name or the directory name). */
  readonly slug?: InputMaybe<Scalars['String']['input']>;
};

/** Result of `registerModel`. */
export type RegisterModelPayload = {
  readonly __typename?: 'RegisterModelPayload';
  /** True when this call created the version; false when identical files were registered before. */
  readonly created: Scalars['Boolean']['output'];
  /** Why nothing was registered: `MODEL_FILE_MISSING`, `MODEL_NOT_ONNX`, `MODEL_SHAPE_MISMATCH`, `MODEL_CONFIG_INVALID`, `MODEL_NOT_CONTRASTIVE`, `BAD_USER_INPUT`. */
  readonly error?: Maybe<MutationError>;
  /** The registered (or already registered) version. */
  readonly modelVersion?: Maybe<ModelVersion>;
  /** Whether the model version is registered now. */
  readonly ok: Scalars['Boolean']['output'];
};

/** An axis results can be grouped by. Each maps to a fixed expression on the server (never user text). */
export type ResultAxis =
  /** Domain (an image with only a subdomain counts for that subdomain's domain, as in facets and filters). */
  | 'DOMAIN'
  /** Image set (an image in several sets counts in each set's slice, once elsewhere). */
  | 'IMAGE_SET'
  /** Label name (an image with several labels counts in each label's slice, once elsewhere). */
  | 'LABEL_NAME'
  /** License of the image. */
  | 'LICENSE'
  /** Modality (an image with only a submodality counts for that submodality's modality, as in facets and filters). */
  | 'MODALITY'
  /** Normal / abnormal. */
  | 'NORMAL_ABNORMAL'
  /** Organism. */
  | 'ORGANISM'
  /** Question type (domain, subdomain, modality, submodality, stain, classification, cognition). */
  | 'QUESTION_TYPE'
  /** Physical scale. */
  | 'SCALE'
  /** Source dataset. */
  | 'SOURCE_DATASET'
  /** Stain. */
  | 'STAIN'
  /** Subdomain. */
  | 'SUBDOMAIN'
  /** Submodality. */
  | 'SUBMODALITY'
  /** Synthetic or not (`true` / `false`). */
  | 'SYNTHETIC'
  /** Task (through the source dataset). */
  | 'TASK'
  /** Taxonomy group (through the source dataset's task). */
  | 'TAXONOMY_GROUP'
  /** Caption template k of the question (`<type>_<k>`, `0` or `1` in μ-Bench; null for VQA questions): template sensitivity as a slice. */
  | 'TEMPLATE';

/**
 * The paper's official totals and slices (ubench-corpus.md §3–§4). A preset sets question types, a filter and a
 * default grouping; your `filter` is ANDed with it, your `questionTypes` intersected, a non-empty `groupBy` wins.
 * Caption questions count in the benchmark's official template only (μ-Bench: `*_1`), as the paper's totals.
 */
export type ResultPreset =
  /** Coarse-grained perception: the 5 coarse question types over the official datasets. */
  | 'COARSE'
  /** Coarse-grained perception per question type. */
  | 'COARSE_BY_QUESTION_TYPE'
  /** Coarse-grained perception without the Eulenberg dark-field/epifluorescence datasets (eVLLM rebuttal script). */
  | 'COARSE_REBUTTAL'
  /** Fine-grained perception: classification questions, without the published exclusions. */
  | 'FINE'
  /** Fine-grained perception per task. */
  | 'FINE_BY_TASK'
  /** Fine-grained perception per taxonomy group. */
  | 'FINE_BY_TAXONOMY_GROUP'
  /** Fine-grained perception on the paper's pathology slice. */
  | 'PATHOLOGY'
  /** Fine-grained perception on the H&E-only pathology slice. */
  | 'PATHOLOGY_HE';

/** A named preset and what it stands for. */
export type ResultPresetInfo = {
  readonly __typename?: 'ResultPresetInfo';
  /** What it computes. */
  readonly description: Scalars['String']['output'];
  /** Its default grouping. */
  readonly groupBy: ReadonlyArray<ResultAxis>;
  /** The preset. */
  readonly preset: ResultPreset;
  /** Question types it counts. */
  readonly questionTypes: ReadonlyArray<QuestionType>;
  /** The caption template it counts (VQA questions always count); null: every template. */
  readonly template?: Maybe<Scalars['Int']['output']>;
};

/** Accuracy of one model on one slice (a combination of axis values; fewer axes for marginals, none overall). */
export type ResultSlice = {
  readonly __typename?: 'ResultSlice';
  /** correct / n (pooled over questions, as the paper computes it); null when n = 0. */
  readonly accuracy?: Maybe<Scalars['Float']['output']>;
  /** Benchmark revisions of those runs. */
  readonly benchmarkRevisions: ReadonlyArray<Scalars['String']['output']>;
  /**
   * Chance level of this slice: the mean over its scored predictions of 1 / (number of options of the question), the
   * accuracy of guessing uniformly (it differs by slice: questions have 2 to 8 options). Computed on request (one
   * statement for all slices of a response).
   */
  readonly chanceAccuracy?: Maybe<Scalars['Float']['output']>;
  /** Correct predictions. */
  readonly correct: Scalars['Int']['output'];
  /** The slice's value on each axis in `grouping`. */
  readonly group: ReadonlyArray<AxisValue>;
  /** The axes this slice is grouped by: all of `groupBy`, a subset for marginals, none for the overall figure. */
  readonly grouping: ReadonlyArray<ResultAxis>;
  /** 95% interval of the accuracy. */
  readonly interval: Interval;
  /** Whether n is below `minSupport`. */
  readonly lowSupport: Scalars['Boolean']['output'];
  /** Mean over classes (question type × gold answer) of per-class accuracy. */
  readonly macroAccuracy?: Maybe<Scalars['Float']['output']>;
  /** The model. */
  readonly model: Model;
  /** Scored predictions (failed predictions are not counted). */
  readonly n: Scalars['Int']['output'];
  /**
   * The predictions behind this slice, with their raw answers (generative models) and audit trail: by run id, then
   * question id, `first` (1–500, default 50) after `after`. With the default outcome SCORED, `totalCount` is `n`
   * and `correct` is `correct`. The same rows as `GET /export/predictions.csv` (or `.json`) with this request's
   * arguments and `slice` set to this slice's values (docs/results.md). One statement per page and per run it reaches.
   */
  readonly predictions: SlicePredictionConnection;
  /** Runs the figure was computed from. */
  readonly runIds: ReadonlyArray<Scalars['ID']['output']>;
  /** The runs themselves. */
  readonly runs: ReadonlyArray<Run>;
  /**
   * Caption templates (k of `<type>_<k>`) of the scored questions counted, ascending; empty for VQA questions only.
   * Two or more: the slice pools templates (group by TEMPLATE to see them apart). Under a preset only the
   * benchmark's official template counts (μ-Bench: 1, as the paper's totals).
   */
  readonly templates: ReadonlyArray<Scalars['Int']['output']>;
};


/** Accuracy of one model on one slice (a combination of axis values; fewer axes for marginals, none overall). */
export type ResultSlicePredictionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  outcome?: InputMaybe<PredictionOutcome>;
};

/** Where counts come from. AUTO uses the rollup unless the filter needs image fields it does not carry. */
export type ResultSource =
  /** Rollup when possible, else the question-level join. */
  | 'AUTO'
  /** predictions ⋈ questions ⋈ images (any filter; slower). */
  | 'PREDICTIONS'
  /** Counts per run and stratum cell kept by triggers (fast); refuses filters on other image fields. */
  | 'ROLLUP';

/** Stratified results. */
export type Results = {
  readonly __typename?: 'Results';
  /** Progress of the zero-shot runs this request started or found (empty when `evaluate` is false or no model needs one). */
  readonly coverage: ReadonlyArray<EvaluationCoverage>;
  /** The axes asked for (after the preset). */
  readonly groupBy: ReadonlyArray<ResultAxis>;
  /** Question types counted (null: all). */
  readonly questionTypes?: Maybe<ReadonlyArray<QuestionType>>;
  /** The paper's published figures for the preset's split (COARSE* → coarse, FINE → fine), else empty. */
  readonly reference: ReadonlyArray<ReferenceResult>;
  /** One slice per model and combination of values, full grouping first, then marginals, then overall. */
  readonly slices: ReadonlyArray<ResultSlice>;
  /** Where the counts came from. */
  readonly source: ResultSource;
};

/** Status of a benchmark revision's import. */
export type RevisionStatus =
  /** Every row was read; counts are final. */
  | 'complete'
  /** Rows are still being imported (or the import was interrupted and can be resumed). */
  | 'importing';

/** A model run over a benchmark revision. */
export type Run = {
  readonly __typename?: 'Run';
  /** The benchmark revision it ran on. */
  readonly benchmarkRevision: BenchmarkRevision;
  /** When the run was created. */
  readonly createdAt: Scalars['DateTime']['output'];
  /** Predictions produced so far. */
  readonly done: Scalars['Int']['output'];
  /** Predictions that failed. */
  readonly failed: Scalars['Int']['output'];
  /** The run's failed calls (at most `first`, by question id). */
  readonly failedCalls: ReadonlyArray<FailedCall>;
  /** When the run finished. */
  readonly finishedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Stable numeric id. */
  readonly id: Scalars['ID']['output'];
  /** The model. */
  readonly model: Model;
  /** The model version, when known. */
  readonly modelVersion?: Maybe<ModelVersion>;
  /** Run parameters as given. */
  readonly parameters: Scalars['JSON']['output'];
  /** Predictions in question id order, `first` (1–500, default 50) after `after`. */
  readonly predictions: PredictionConnection;
  /** Prompt template of generative runs. */
  readonly promptTemplate?: Maybe<Scalars['String']['output']>;
  /** How predictions were produced and scored. */
  readonly protocol: RunProtocol;
  /** Protocol version string, e.g. `ubench-evllm-2024`. */
  readonly protocolVersion: Scalars['String']['output'];
  /** Where the run came from. */
  readonly source: RunSource;
  /** Run state. */
  readonly status: RunStatus;
  /** Caption template k for contrastive runs. */
  readonly template?: Maybe<Scalars['Int']['output']>;
  /** Questions in the run. */
  readonly total: Scalars['Int']['output'];
  /** Sums of the run's token usage and call latency. */
  readonly usage: RunUsage;
};


/** A model run over a benchmark revision. */
export type RunFailedCallsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** A model run over a benchmark revision. */
export type RunPredictionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  correct?: InputMaybe<Scalars['Boolean']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** How a run's predictions were produced and scored. */
export type RunProtocol =
  /** A chosen option index given directly. */
  | 'choice'
  /** Zero-shot caption argmax of image–text similarity. */
  | 'contrastive'
  /** Generative output scored by the letter rule. */
  | 'generative'
  /** Per-option scores; the argmax is chosen. */
  | 'scores';

/** Where a run came from. */
export type RunSource =
  /** Evaluated on this server. */
  | 'evaluate'
  /** Imported from a predictions file. */
  | 'import';

/** State of a run. */
export type RunStatus =
  /** Every prediction was produced (some may have failed). */
  | 'complete'
  /** The run stopped with an error. */
  | 'failed'
  /** Created, not started. */
  | 'pending'
  /** Predictions are being produced. */
  | 'running';

/** What a run's calls cost (generative runs): sums over its predictions. */
export type RunUsage = {
  readonly __typename?: 'RunUsage';
  readonly cached: Scalars['Int']['output'];
  /** Answers that needed a call (not served from the cache). */
  readonly calls: Scalars['Int']['output'];
  readonly completionTokens: Scalars['Int']['output'];
  readonly failed: Scalars['Int']['output'];
  /** Sum of the calls' wall times (calls overlap under concurrency: work, not elapsed time). */
  readonly latencyMs: Scalars['Int']['output'];
  readonly predictions: Scalars['Int']['output'];
  readonly promptTokens: Scalars['Int']['output'];
};

/** One cell of a stratified sample. */
export type SampleCell = {
  readonly __typename?: 'SampleCell';
  readonly cell: Scalars['String']['output'];
  readonly correct: Scalars['Int']['output'];
  readonly n: Scalars['Int']['output'];
  readonly population: Scalars['Int']['output'];
};

/** The stratified estimate of a sample: accuracy weighted by cell population, with a 95 % interval for the sample. */
export type SampleEstimate = {
  readonly __typename?: 'SampleEstimate';
  /** Sampled questions answered and scored so far. */
  readonly answered: Scalars['Int']['output'];
  readonly axes: ReadonlyArray<ResultAxis>;
  /** Per cell: its values joined by |, population, answered sample and correct answers (where more are needed). */
  readonly cells: ReadonlyArray<SampleCell>;
  /** Population of the cells with at least one answered sampled question (what the estimate covers). */
  readonly coveredPopulation: Scalars['Int']['output'];
  /** Stratified accuracy over the cells answered so far; null before any answer. */
  readonly estimate?: Maybe<Scalars['Float']['output']>;
  readonly high?: Maybe<Scalars['Float']['output']>;
  readonly low?: Maybe<Scalars['Float']['output']>;
  readonly perCell: Scalars['Int']['output'];
  /** Questions in the scope, every cell. */
  readonly population: Scalars['Int']['output'];
  readonly seed: Scalars['Int']['output'];
};

/**
 * A stratified sample (`results(sample:)`, generative endpoint models): `perCell` questions per cell of `axes`
 * (question or image columns: not TASK, TAXONOMY_GROUP, IMAGE_SET or BENCHMARK), chosen by seeded rank: repeatable,
 * and a larger `perCell` only adds questions.
 */
export type SampleInput = {
  readonly axes?: InputMaybe<ReadonlyArray<ResultAxis>>;
  readonly perCell: Scalars['Int']['input'];
  readonly seed?: InputMaybe<Scalars['Int']['input']>;
};

/**
 * Physical scale of what an image shows (derived, not released): subcellular, cellular, tissue (perception);
 * nano, micro, macro (cognition).
 */
export type Scale = TaxonomyValue & {
  readonly __typename?: 'Scale';
  /** Stable numeric id. */
  readonly id: Scalars['ID']['output'];
  /** Images at this scale that match `filter`. */
  readonly imageCount: Scalars['Int']['output'];
  /** Display name. */
  readonly name: Scalars['String']['output'];
  /** Sort order from small (0) to large. */
  readonly rank: Scalars['Int']['output'];
  /** Stable URL-safe key. */
  readonly slug: Scalars['String']['output'];
};


/**
 * Physical scale of what an image shows (derived, not released): subcellular, cellular, tissue (perception);
 * nano, micro, macro (cognition).
 */
export type ScaleImageCountArgs = {
  filter?: InputMaybe<ImageFilter>;
};

/** How a similarity search was answered. */
export type SearchMethod =
  /** Cosine over every vector of the filtered set: the true top k. */
  | 'EXACT'
  /** The model version's HNSW index (only for large unfiltered searches). */
  | 'HNSW';

/** One neighbour with its similarity. */
export type SimilarImage = {
  readonly __typename?: 'SimilarImage';
  /** The image. */
  readonly image: Image;
  /** Cosine similarity with the target, in [-1, 1] (1 − cosine distance). */
  readonly score: Scalars['Float']['output'];
};

/** Result of `similarImages`. */
export type SimilarImagesResult = {
  readonly __typename?: 'SimilarImagesResult';
  /** Images the filter selects (before leaving out the target). */
  readonly candidates: Scalars['Int']['output'];
  /** Image embeddings computed for this search (missing ones of the filtered set). */
  readonly embeddedNow: Scalars['Int']['output'];
  /** The neighbours, most similar first (ties by image id). */
  readonly hits: ReadonlyArray<SimilarImage>;
  /** How it was answered. */
  readonly method: SearchMethod;
  /** Images of the set that could not be embedded (unreadable) and were not searched. */
  readonly unembeddable: Scalars['Int']['output'];
};

/** What to search near: exactly one of a stored image, a text, or uploaded image bytes. */
export type SimilarityTarget =
  /** A stored image (it is left out of its own results). */
  { readonly imageId: Scalars['ID']['input']; readonly text?: never; readonly upload?: never; }
  |  /** A text, embedded with the model's text tower. */
  { readonly imageId?: never; readonly text: Scalars['String']['input']; readonly upload?: never; }
  |  /** Image bytes, base64-encoded (PNG, JPEG, TIFF …; at most 700 KB after decoding). Not stored. */
  { readonly imageId?: never; readonly text?: never; readonly upload: Scalars['String']['input']; };

/** A page of the predictions behind a slice (Relay connection). */
export type SlicePredictionConnection = {
  readonly __typename?: 'SlicePredictionConnection';
  /** Correct predictions among them (all pages). */
  readonly correct: Scalars['Int']['output'];
  /** The predictions of this page. */
  readonly edges: ReadonlyArray<PredictionEdge>;
  /** The predictions of this page (same as `edges.node`). */
  readonly nodes: ReadonlyArray<Prediction>;
  /** Pagination state. */
  readonly pageInfo: PageInfo;
  /** Predictions with the outcome asked for (all pages). */
  readonly totalCount: Scalars['Int']['output'];
};

/** A public dataset the corpus draws images from (`kather_et_al_2018`, …), with its attribution. */
export type SourceDataset = TaxonomyValue & {
  readonly __typename?: 'SourceDataset';
  /** Stable numeric id. */
  readonly id: Scalars['ID']['output'];
  /** Images of this dataset that match `filter`. */
  readonly imageCount: Scalars['Int']['output'];
  /** Institutions that produced the dataset. */
  readonly institutions: ReadonlyArray<Scalars['String']['output']>;
  /** License of the dataset's images (SPDX-like, e.g. `CC-BY-4.0`). */
  readonly license?: Maybe<Scalars['String']['output']>;
  /** Display name. */
  readonly name: Scalars['String']['output'];
  /** PubMed id of the dataset's paper. */
  readonly pmid?: Maybe<Scalars['String']['output']>;
  /** The physical scale of its images. */
  readonly scale?: Maybe<Scale>;
  /** Stable URL-safe key (the released `dataset` value). */
  readonly slug: Scalars['String']['output'];
  /** The task this dataset belongs to. */
  readonly task?: Maybe<Task>;
};


/** A public dataset the corpus draws images from (`kather_et_al_2018`, …), with its attribution. */
export type SourceDatasetImageCountArgs = {
  filter?: InputMaybe<ImageFilter>;
};

/** Staining technique or fluorescent label: `H&E`, `Giemsa`, `DAPI`, … */
export type Stain = TaxonomyValue & {
  readonly __typename?: 'Stain';
  /** Stable numeric id. */
  readonly id: Scalars['ID']['output'];
  /** Images with this stain that match `filter`. */
  readonly imageCount: Scalars['Int']['output'];
  /** The released value verbatim. */
  readonly name: Scalars['String']['output'];
  /** Stable URL-safe key. */
  readonly slug: Scalars['String']['output'];
};


/** Staining technique or fluorescent label: `H&E`, `Giemsa`, `DAPI`, … */
export type StainImageCountArgs = {
  filter?: InputMaybe<ImageFilter>;
};

/** Selects plain string values (license, PMID, institution, label name). Matching is exact and case-sensitive. */
export type StringValueFilter = {
  /** Any of these values. */
  readonly in?: InputMaybe<ReadonlyArray<Scalars['String']['input']>>;
  /** true: only images without a value; false: only images with one. */
  readonly isNull?: InputMaybe<Scalars['Boolean']['input']>;
  /** None of these values (images without a value are kept). */
  readonly notIn?: InputMaybe<ReadonlyArray<Scalars['String']['input']>>;
};

/** Narrower field within a domain: `hematopathology`, `cell biology`, … */
export type Subdomain = TaxonomyValue & {
  readonly __typename?: 'Subdomain';
  /** The domain this subdomain belongs to. */
  readonly domain: Domain;
  /** Stable numeric id. */
  readonly id: Scalars['ID']['output'];
  /** Images of this subdomain that match `filter`. */
  readonly imageCount: Scalars['Int']['output'];
  /** The released value verbatim. */
  readonly name: Scalars['String']['output'];
  /** Stable URL-safe key. */
  readonly slug: Scalars['String']['output'];
};


/** Narrower field within a domain: `hematopathology`, `cell biology`, … */
export type SubdomainImageCountArgs = {
  filter?: InputMaybe<ImageFilter>;
};

/** Imaging technique within a modality: `brightfield microscopy`, `confocal microscopy`, … */
export type Submodality = TaxonomyValue & {
  readonly __typename?: 'Submodality';
  /** Stable numeric id. */
  readonly id: Scalars['ID']['output'];
  /** Images of this submodality that match `filter`. */
  readonly imageCount: Scalars['Int']['output'];
  /** The modality this submodality belongs to. */
  readonly modality: Modality;
  /** The released value verbatim. */
  readonly name: Scalars['String']['output'];
  /** Stable URL-safe key. */
  readonly slug: Scalars['String']['output'];
};


/** Imaging technique within a modality: `brightfield microscopy`, `confocal microscopy`, … */
export type SubmodalityImageCountArgs = {
  filter?: InputMaybe<ImageFilter>;
};

/** A benchmark task (`white-blood-cell`, `colorectal-tissue`, …); one task can span several source datasets. */
export type Task = TaxonomyValue & {
  readonly __typename?: 'Task';
  /** Class names of a classification task (its label vocabulary), in stored order. */
  readonly classes: ReadonlyArray<Scalars['String']['output']>;
  /** Stable numeric id. */
  readonly id: Scalars['ID']['output'];
  /** Images of this task's source datasets that match `filter`. */
  readonly imageCount: Scalars['Int']['output'];
  /** Kind of task. */
  readonly kind: TaskKind;
  /** Task name (eVLLM `task_name`). */
  readonly name: Scalars['String']['output'];
  /** Stable URL-safe key. */
  readonly slug: Scalars['String']['output'];
  /** The source datasets that make up this task, by slug. */
  readonly sourceDatasets: ReadonlyArray<SourceDataset>;
  /** The taxonomy group the task belongs to, if any. */
  readonly taxonomyGroup?: Maybe<TaxonomyGroup>;
};


/** A benchmark task (`white-blood-cell`, `colorectal-tissue`, …); one task can span several source datasets. */
export type TaskImageCountArgs = {
  filter?: InputMaybe<ImageFilter>;
};

/** Kind of a benchmark task. */
export type TaskKind =
  /** Coarse-grained perception (domain, modality, stain …). */
  | 'coarse'
  /** Cognition (reasoning) questions. */
  | 'cognition'
  /** Object detection or segmentation. */
  | 'detection'
  /** Fine-grained classification within one source dataset. */
  | 'fine_classification';

/** One of the 7 taxonomy groups of the eVLLM `tasks_metadata` table (`normal-vs-abnormal`, …). */
export type TaxonomyGroup = TaxonomyValue & {
  readonly __typename?: 'TaxonomyGroup';
  /** Stable numeric id. */
  readonly id: Scalars['ID']['output'];
  /** Images of this group's tasks that match `filter`. */
  readonly imageCount: Scalars['Int']['output'];
  /** Group name. */
  readonly name: Scalars['String']['output'];
  /** Stable URL-safe key. */
  readonly slug: Scalars['String']['output'];
  /** The tasks in this group, by slug. */
  readonly tasks: ReadonlyArray<Task>;
};


/** One of the 7 taxonomy groups of the eVLLM `tasks_metadata` table (`normal-vs-abnormal`, …). */
export type TaxonomyGroupImageCountArgs = {
  filter?: InputMaybe<ImageFilter>;
};

/** A value on one of the corpus's taxonomy axes (domain, modality, stain, organism, …). */
export type TaxonomyValue = {
  /** Stable numeric id (as a string). */
  readonly id: Scalars['ID']['output'];
  /**
   * Number of images with this value (a parent value counts the images of all its children) that also match
   * `filter`; all images when `filter` is omitted.
   */
  readonly imageCount: Scalars['Int']['output'];
  /** The released value verbatim (Unicode kept: `GalT–EGFP` has an en dash). */
  readonly name: Scalars['String']['output'];
  /** Stable, URL-safe, lower-case key derived from the released value, e.g. `fluorescence-microscopy`. */
  readonly slug: Scalars['String']['output'];
};


/** A value on one of the corpus's taxonomy axes (domain, modality, stain, organism, …). */
export type TaxonomyValueImageCountArgs = {
  filter?: InputMaybe<ImageFilter>;
};

/**
 * Selects taxonomy values by id or by slug. `in` and `slugIn` together mean "any of these"; `notIn` and
 * `slugNotIn` exclude (images without a value are kept by an exclusion). All given lists must hold.
 */
export type TaxonomyValueFilter = {
  /** Any of these ids. */
  readonly in?: InputMaybe<ReadonlyArray<Scalars['ID']['input']>>;
  /** true: only images without a value on this axis; false: only images with one. */
  readonly isNull?: InputMaybe<Scalars['Boolean']['input']>;
  /** None of these ids. */
  readonly notIn?: InputMaybe<ReadonlyArray<Scalars['ID']['input']>>;
  /** Any of these slugs. */
  readonly slugIn?: InputMaybe<ReadonlyArray<Scalars['String']['input']>>;
  /** None of these slugs. */
  readonly slugNotIn?: InputMaybe<ReadonlyArray<Scalars['String']['input']>>;
};

/** A text's embedding under one model version; texts are cached by sha256, so a repeated caption is embedded once. */
export type TextEmbedding = {
  readonly __typename?: 'TextEmbedding';
  /** Width of the vector. */
  readonly dimensions: Scalars['Int']['output'];
  /** The model version that produced it. */
  readonly modelVersion: ModelVersion;
  /** The text embedded. */
  readonly text: Scalars['String']['output'];
  /** The L2-normalised vector. */
  readonly vector: ReadonlyArray<Scalars['Float']['output']>;
};



export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;




/** Mapping of interface types */
export type ResolversInterfaceTypes<_RefType extends Record<string, unknown>> = {
  TaxonomyValue:
    | ( BenchmarkParent )
    | ( DomainParent )
    | ( ImageSetParent )
    | ( ModalityParent )
    | ( OrganismParent )
    | ( ScaleParent )
    | ( SourceDatasetParent )
    | ( StainParent )
    | ( SubdomainParent )
    | ( SubmodalityParent )
    | ( TaskParent )
    | ( TaxonomyGroupParent )
  ;
};

/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  ApiKey: ResolverTypeWrapper<ApiKeyParent>;
  Axis: Axis;
  AxisValue: ResolverTypeWrapper<AxisValue>;
  Benchmark: ResolverTypeWrapper<BenchmarkParent>;
  BenchmarkRevision: ResolverTypeWrapper<BenchmarkRevisionParent>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Comparison: ResolverTypeWrapper<ComparisonParentParent>;
  ComparisonSlice: ResolverTypeWrapper<ComparisonSliceParentParent>;
  CreateImageSetInput: CreateImageSetInput;
  CreateImageSetPayload: ResolverTypeWrapper<Omit<CreateImageSetPayload, 'imageSet'> & { imageSet?: Maybe<ResolversTypes['ImageSet']> }>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Domain: ResolverTypeWrapper<DomainParent>;
  EvaluatePayload: ResolverTypeWrapper<Omit<EvaluatePayload, 'run'> & { run?: Maybe<ResolversTypes['Run']> }>;
  EvaluationCoverage: ResolverTypeWrapper<EvaluationCoverageParentParent>;
  EvaluationMode: EvaluationMode;
  Facet: ResolverTypeWrapper<FacetParent>;
  FacetValue: ResolverTypeWrapper<FacetValueParent>;
  FailedCall: ResolverTypeWrapper<Omit<FailedCall, 'question'> & { question: ResolversTypes['Question'] }>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  FloatRange: FloatRange;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Image: ResolverTypeWrapper<ImageParent>;
  ImageConnection: ResolverTypeWrapper<ImageConnectionParent>;
  ImageEdge: ResolverTypeWrapper<Omit<ImageEdge, 'node'> & { node: ResolversTypes['Image'] }>;
  ImageEmbedding: ResolverTypeWrapper<Omit<ImageEmbedding, 'modelVersion'> & { modelVersion: ResolversTypes['ModelVersion'] }>;
  ImageFilter: ImageFilter;
  ImageOrderBy: ImageOrderBy;
  ImageSet: ResolverTypeWrapper<ImageSetParent>;
  ImportIssue: ResolverTypeWrapper<ImportIssueParent>;
  ImportIssueSeverity: null;
  ImportPredictionsInput: ImportPredictionsInput;
  ImportPredictionsPayload: ResolverTypeWrapper<Omit<ImportPredictionsPayload, 'run'> & { run?: Maybe<ResolversTypes['Run']> }>;
  ImportProtocol: null;
  InputError: ResolverTypeWrapper<InputError>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  IntRange: IntRange;
  Interval: ResolverTypeWrapper<Interval>;
  IntervalMethod: IntervalMethod;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  LeaderboardEntry: ResolverTypeWrapper<LeaderboardEntryParentParent>;
  LeaderboardSlice: ResolverTypeWrapper<LeaderboardSliceParentParent>;
  LetterRule: LetterRule;
  Modality: ResolverTypeWrapper<ModalityParent>;
  Model: ResolverTypeWrapper<ModelParent>;
  ModelKind: null;
  ModelVersion: ResolverTypeWrapper<ModelVersionParent>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  MutationError: ResolverTypeWrapper<MutationError>;
  NormalAbnormal: null;
  Organism: ResolverTypeWrapper<OrganismParent>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Prediction: ResolverTypeWrapper<PredictionParent>;
  PredictionConnection: ResolverTypeWrapper<PredictionConnectionParent>;
  PredictionEdge: ResolverTypeWrapper<Omit<PredictionEdge, 'node'> & { node: ResolversTypes['Prediction'] }>;
  PredictionFileFormat: null;
  PredictionImportIssue: ResolverTypeWrapper<PredictionImportIssue>;
  PredictionOutcome: null;
  PredictionStatus: null;
  Provenance: ResolverTypeWrapper<ImageParent>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Question: ResolverTypeWrapper<QuestionParent>;
  QuestionConnection: ResolverTypeWrapper<QuestionConnectionParent>;
  QuestionEdge: ResolverTypeWrapper<Omit<QuestionEdge, 'node'> & { node: ResolversTypes['Question'] }>;
  QuestionProtocol: null;
  QuestionType: null;
  ReferenceResult: ResolverTypeWrapper<ReferenceResultParentParent>;
  ReferenceSplit: null;
  RegisterEndpointModelInput: RegisterEndpointModelInput;
  RegisterEndpointModelPayload: ResolverTypeWrapper<Omit<RegisterEndpointModelPayload, 'modelVersion'> & { modelVersion?: Maybe<ResolversTypes['ModelVersion']> }>;
  RegisterModelInput: RegisterModelInput;
  RegisterModelPayload: ResolverTypeWrapper<Omit<RegisterModelPayload, 'modelVersion'> & { modelVersion?: Maybe<ResolversTypes['ModelVersion']> }>;
  ResultAxis: ResultAxis;
  ResultPreset: ResultPreset;
  ResultPresetInfo: ResolverTypeWrapper<ResultPresetInfo>;
  ResultSlice: ResolverTypeWrapper<ResultSliceParentParent>;
  ResultSource: ResultSource;
  Results: ResolverTypeWrapper<ResultsParentParent>;
  RevisionStatus: null;
  Run: ResolverTypeWrapper<RunParent>;
  RunProtocol: null;
  RunSource: null;
  RunStatus: null;
  RunUsage: ResolverTypeWrapper<RunUsage>;
  SampleCell: ResolverTypeWrapper<SampleCell>;
  SampleEstimate: ResolverTypeWrapper<SampleEstimate>;
  SampleInput: SampleInput;
  Scale: ResolverTypeWrapper<ScaleParent>;
  SearchMethod: SearchMethod;
  SimilarImage: ResolverTypeWrapper<Omit<SimilarImage, 'image'> & { image: ResolversTypes['Image'] }>;
  SimilarImagesResult: ResolverTypeWrapper<Omit<SimilarImagesResult, 'hits'> & { hits: ReadonlyArray<ResolversTypes['SimilarImage']> }>;
  SimilarityTarget: SimilarityTarget;
  SlicePredictionConnection: ResolverTypeWrapper<SlicePredictionConnectionParentParent>;
  SourceDataset: ResolverTypeWrapper<SourceDatasetParent>;
  Stain: ResolverTypeWrapper<StainParent>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  StringValueFilter: StringValueFilter;
  Subdomain: ResolverTypeWrapper<SubdomainParent>;
  Submodality: ResolverTypeWrapper<SubmodalityParent>;
  Task: ResolverTypeWrapper<TaskParent>;
  TaskKind: null;
  TaxonomyGroup: ResolverTypeWrapper<TaxonomyGroupParent>;
  TaxonomyValue: ResolverTypeWrapper<ResolversInterfaceTypes<ResolversTypes>['TaxonomyValue']>;
  TaxonomyValueFilter: TaxonomyValueFilter;
  TextEmbedding: ResolverTypeWrapper<Omit<TextEmbedding, 'modelVersion'> & { modelVersion: ResolversTypes['ModelVersion'] }>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  ApiKey: ApiKeyParent;
  AxisValue: AxisValue;
  Benchmark: BenchmarkParent;
  BenchmarkRevision: BenchmarkRevisionParent;
  Boolean: Scalars['Boolean']['output'];
  Comparison: ComparisonParentParent;
  ComparisonSlice: ComparisonSliceParentParent;
  CreateImageSetInput: CreateImageSetInput;
  CreateImageSetPayload: Omit<CreateImageSetPayload, 'imageSet'> & { imageSet?: Maybe<ResolversParentTypes['ImageSet']> };
  DateTime: Scalars['DateTime']['output'];
  Domain: DomainParent;
  EvaluatePayload: Omit<EvaluatePayload, 'run'> & { run?: Maybe<ResolversParentTypes['Run']> };
  EvaluationCoverage: EvaluationCoverageParentParent;
  Facet: FacetParent;
  FacetValue: FacetValueParent;
  FailedCall: Omit<FailedCall, 'question'> & { question: ResolversParentTypes['Question'] };
  Float: Scalars['Float']['output'];
  FloatRange: FloatRange;
  ID: Scalars['ID']['output'];
  Image: ImageParent;
  ImageConnection: ImageConnectionParent;
  ImageEdge: Omit<ImageEdge, 'node'> & { node: ResolversParentTypes['Image'] };
  ImageEmbedding: Omit<ImageEmbedding, 'modelVersion'> & { modelVersion: ResolversParentTypes['ModelVersion'] };
  ImageFilter: ImageFilter;
  ImageSet: ImageSetParent;
  ImportIssue: ImportIssueParent;
  ImportPredictionsInput: ImportPredictionsInput;
  ImportPredictionsPayload: Omit<ImportPredictionsPayload, 'run'> & { run?: Maybe<ResolversParentTypes['Run']> };
  InputError: InputError;
  Int: Scalars['Int']['output'];
  IntRange: IntRange;
  Interval: Interval;
  JSON: Scalars['JSON']['output'];
  LeaderboardEntry: LeaderboardEntryParentParent;
  LeaderboardSlice: LeaderboardSliceParentParent;
  Modality: ModalityParent;
  Model: ModelParent;
  ModelVersion: ModelVersionParent;
  Mutation: Record<PropertyKey, never>;
  MutationError: MutationError;
  Organism: OrganismParent;
  PageInfo: PageInfo;
  Prediction: PredictionParent;
  PredictionConnection: PredictionConnectionParent;
  PredictionEdge: Omit<PredictionEdge, 'node'> & { node: ResolversParentTypes['Prediction'] };
  PredictionImportIssue: PredictionImportIssue;
  Provenance: ImageParent;
  Query: Record<PropertyKey, never>;
  Question: QuestionParent;
  QuestionConnection: QuestionConnectionParent;
  QuestionEdge: Omit<QuestionEdge, 'node'> & { node: ResolversParentTypes['Question'] };
  ReferenceResult: ReferenceResultParentParent;
  RegisterEndpointModelInput: RegisterEndpointModelInput;
  RegisterEndpointModelPayload: Omit<RegisterEndpointModelPayload, 'modelVersion'> & { modelVersion?: Maybe<ResolversParentTypes['ModelVersion']> };
  RegisterModelInput: RegisterModelInput;
  RegisterModelPayload: Omit<RegisterModelPayload, 'modelVersion'> & { modelVersion?: Maybe<ResolversParentTypes['ModelVersion']> };
  ResultPresetInfo: ResultPresetInfo;
  ResultSlice: ResultSliceParentParent;
  Results: ResultsParentParent;
  Run: RunParent;
  RunUsage: RunUsage;
  SampleCell: SampleCell;
  SampleEstimate: SampleEstimate;
  SampleInput: SampleInput;
  Scale: ScaleParent;
  SimilarImage: Omit<SimilarImage, 'image'> & { image: ResolversParentTypes['Image'] };
  SimilarImagesResult: Omit<SimilarImagesResult, 'hits'> & { hits: ReadonlyArray<ResolversParentTypes['SimilarImage']> };
  SimilarityTarget: SimilarityTarget;
  SlicePredictionConnection: SlicePredictionConnectionParentParent;
  SourceDataset: SourceDatasetParent;
  Stain: StainParent;
  String: Scalars['String']['output'];
  StringValueFilter: StringValueFilter;
  Subdomain: SubdomainParent;
  Submodality: SubmodalityParent;
  Task: TaskParent;
  TaxonomyGroup: TaxonomyGroupParent;
  TaxonomyValue: ResolversInterfaceTypes<ResolversParentTypes>['TaxonomyValue'];
  TaxonomyValueFilter: TaxonomyValueFilter;
  TextEmbedding: Omit<TextEmbedding, 'modelVersion'> & { modelVersion: ResolversParentTypes['ModelVersion'] };
};

export type ApiKeyResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ApiKey'] = ResolversParentTypes['ApiKey']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  prefix?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type AxisValueResolvers<ContextType = Context, ParentType extends ResolversParentTypes['AxisValue'] = ResolversParentTypes['AxisValue']> = {
  axis?: Resolver<ResolversTypes['ResultAxis'], ParentType, ContextType>;
  label?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  value?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type BenchmarkResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Benchmark'] = ResolversParentTypes['Benchmark']> = {
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  imageCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType, Partial<BenchmarkImageCountArgs>>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  revisions?: Resolver<ReadonlyArray<ResolversTypes['BenchmarkRevision']>, ParentType, ContextType>;
  slug?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type BenchmarkRevisionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['BenchmarkRevision'] = ResolversParentTypes['BenchmarkRevision']> = {
  benchmark?: Resolver<ResolversTypes['Benchmark'], ParentType, ContextType>;
  config?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  corrections?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  importedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  issueCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  issues?: Resolver<ReadonlyArray<ResolversTypes['ImportIssue']>, ParentType, ContextType, RequireFields<BenchmarkRevisionIssuesArgs, 'first'>>;
  location?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  revision?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  rowsImported?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  rowsRead?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  rowsSkipped?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['RevisionStatus'], ParentType, ContextType>;
};

export type ComparisonResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Comparison'] = ResolversParentTypes['Comparison']> = {
  groupBy?: Resolver<ReadonlyArray<ResolversTypes['ResultAxis']>, ParentType, ContextType>;
  modelA?: Resolver<ResolversTypes['Model'], ParentType, ContextType>;
  modelB?: Resolver<ResolversTypes['Model'], ParentType, ContextType>;
  slices?: Resolver<ReadonlyArray<ResolversTypes['ComparisonSlice']>, ParentType, ContextType>;
};

export type ComparisonSliceResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ComparisonSlice'] = ResolversParentTypes['ComparisonSlice']> = {
  accuracyA?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  accuracyB?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  adjustedPValue?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  benchmarkRevisions?: Resolver<ReadonlyArray<ResolversTypes['String']>, ParentType, ContextType>;
  bothCorrect?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  bothWrong?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  difference?: Resolver<ResolversTypes['Interval'], ParentType, ContextType>;
  group?: Resolver<ReadonlyArray<ResolversTypes['AxisValue']>, ParentType, ContextType>;
  grouping?: Resolver<ReadonlyArray<ResolversTypes['ResultAxis']>, ParentType, ContextType>;
  lowSupport?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  n?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  onlyACorrect?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  onlyBCorrect?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  pValue?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  runIdsA?: Resolver<ReadonlyArray<ResolversTypes['ID']>, ParentType, ContextType>;
  runIdsB?: Resolver<ReadonlyArray<ResolversTypes['ID']>, ParentType, ContextType>;
};

export type CreateImageSetPayloadResolvers<ContextType = Context, ParentType extends ResolversParentTypes['CreateImageSetPayload'] = ResolversParentTypes['CreateImageSetPayload']> = {
  error?: Resolver<Maybe<ResolversTypes['MutationError']>, ParentType, ContextType>;
  imageSet?: Resolver<Maybe<ResolversTypes['ImageSet']>, ParentType, ContextType>;
  ok?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type DomainResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Domain'] = ResolversParentTypes['Domain']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  imageCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType, Partial<DomainImageCountArgs>>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  slug?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  subdomains?: Resolver<ReadonlyArray<ResolversTypes['Subdomain']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type EvaluatePayloadResolvers<ContextType = Context, ParentType extends ResolversParentTypes['EvaluatePayload'] = ResolversParentTypes['EvaluatePayload']> = {
  error?: Resolver<Maybe<ResolversTypes['MutationError']>, ParentType, ContextType>;
  mode?: Resolver<Maybe<ResolversTypes['EvaluationMode']>, ParentType, ContextType>;
  ok?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  run?: Resolver<Maybe<ResolversTypes['Run']>, ParentType, ContextType>;
};

export type EvaluationCoverageResolvers<ContextType = Context, ParentType extends ResolversParentTypes['EvaluationCoverage'] = ResolversParentTypes['EvaluationCoverage']> = {
  done?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  failed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  mode?: Resolver<Maybe<ResolversTypes['EvaluationMode']>, ParentType, ContextType>;
  model?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  run?: Resolver<Maybe<ResolversTypes['Run']>, ParentType, ContextType>;
  sample?: Resolver<Maybe<ResolversTypes['SampleEstimate']>, ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type FacetResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Facet'] = ResolversParentTypes['Facet']> = {
  axis?: Resolver<ResolversTypes['Axis'], ParentType, ContextType>;
  values?: Resolver<ReadonlyArray<ResolversTypes['FacetValue']>, ParentType, ContextType>;
};

export type FacetValueResolvers<ContextType = Context, ParentType extends ResolversParentTypes['FacetValue'] = ResolversParentTypes['FacetValue']> = {
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  key?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  slug?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  value?: Resolver<Maybe<ResolversTypes['TaxonomyValue']>, ParentType, ContextType>;
};

export type FailedCallResolvers<ContextType = Context, ParentType extends ResolversParentTypes['FailedCall'] = ResolversParentTypes['FailedCall']> = {
  error?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  question?: Resolver<ResolversTypes['Question'], ParentType, ContextType>;
  retryable?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type ImageResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Image'] = ResolversParentTypes['Image']> = {
  bbox?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  benchmark?: Resolver<ResolversTypes['Benchmark'], ParentType, ContextType>;
  bitDepth?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  byteSize?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  channels?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  contentHash?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  domain?: Resolver<Maybe<ResolversTypes['Domain']>, ParentType, ContextType>;
  embedding?: Resolver<Maybe<ResolversTypes['ImageEmbedding']>, ParentType, ContextType, RequireFields<ImageEmbeddingArgs, 'model'>>;
  height?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  imageSets?: Resolver<ReadonlyArray<ResolversTypes['ImageSet']>, ParentType, ContextType>;
  institutions?: Resolver<ReadonlyArray<ResolversTypes['String']>, ParentType, ContextType>;
  labelIndex?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  labelNames?: Resolver<ReadonlyArray<ResolversTypes['String']>, ParentType, ContextType>;
  license?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  micronsPerPixel?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  mimeType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  modality?: Resolver<Maybe<ResolversTypes['Modality']>, ParentType, ContextType>;
  normalAbnormal?: Resolver<Maybe<ResolversTypes['NormalAbnormal']>, ParentType, ContextType>;
  organism?: Resolver<Maybe<ResolversTypes['Organism']>, ParentType, ContextType>;
  pmid?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  polygon?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  provenance?: Resolver<ResolversTypes['Provenance'], ParentType, ContextType>;
  questions?: Resolver<ReadonlyArray<ResolversTypes['Question']>, ParentType, ContextType, Partial<ImageQuestionsArgs>>;
  scale?: Resolver<Maybe<ResolversTypes['Scale']>, ParentType, ContextType>;
  sourceDataset?: Resolver<Maybe<ResolversTypes['SourceDataset']>, ParentType, ContextType>;
  sourceImageId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  split?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  stain?: Resolver<Maybe<ResolversTypes['Stain']>, ParentType, ContextType>;
  subdomain?: Resolver<Maybe<ResolversTypes['Subdomain']>, ParentType, ContextType>;
  submodality?: Resolver<Maybe<ResolversTypes['Submodality']>, ParentType, ContextType>;
  synthetic?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  task?: Resolver<Maybe<ResolversTypes['Task']>, ParentType, ContextType>;
  taxonomyGroup?: Resolver<Maybe<ResolversTypes['TaxonomyGroup']>, ParentType, ContextType>;
  thumbnailUrl?: Resolver<ResolversTypes['String'], ParentType, ContextType, RequireFields<ImageThumbnailUrlArgs, 'size'>>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  width?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ImageConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ImageConnection'] = ResolversParentTypes['ImageConnection']> = {
  edges?: Resolver<ReadonlyArray<ResolversTypes['ImageEdge']>, ParentType, ContextType>;
  facets?: Resolver<ReadonlyArray<ResolversTypes['Facet']>, ParentType, ContextType, RequireFields<ImageConnectionFacetsArgs, 'axes'>>;
  nodes?: Resolver<ReadonlyArray<ResolversTypes['Image']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ImageEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ImageEdge'] = ResolversParentTypes['ImageEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Image'], ParentType, ContextType>;
};

export type ImageEmbeddingResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ImageEmbedding'] = ResolversParentTypes['ImageEmbedding']> = {
  dimensions?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  modelVersion?: Resolver<ResolversTypes['ModelVersion'], ParentType, ContextType>;
  vector?: Resolver<ReadonlyArray<ResolversTypes['Float']>, ParentType, ContextType>;
};

export type ImageSetResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ImageSet'] = ResolversParentTypes['ImageSet']> = {
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  imageCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType, Partial<ImageSetImageCountArgs>>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  slug?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sourceDatasets?: Resolver<ReadonlyArray<ResolversTypes['SourceDataset']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ImportIssueResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ImportIssue'] = ResolversParentTypes['ImportIssue']> = {
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  field?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  file?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  row?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  severity?: Resolver<ResolversTypes['ImportIssueSeverity'], ParentType, ContextType>;
  sourceImageId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type ImportIssueSeverityResolvers = { CORRECTED: 'corrected', SKIPPED: 'skipped' };

export type ImportPredictionsPayloadResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ImportPredictionsPayload'] = ResolversParentTypes['ImportPredictionsPayload']> = {
  correct?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['MutationError']>, ParentType, ContextType>;
  imported?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  issues?: Resolver<ReadonlyArray<ResolversTypes['PredictionImportIssue']>, ParentType, ContextType>;
  ok?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  rowsRead?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  run?: Resolver<Maybe<ResolversTypes['Run']>, ParentType, ContextType>;
  skipped?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ImportProtocolResolvers = { CHOICE: 'choice', GENERATIVE: 'generative', SCORES: 'scores' };

export type InputErrorResolvers<ContextType = Context, ParentType extends ResolversParentTypes['InputError'] = ResolversParentTypes['InputError']> = {
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  path?: Resolver<ReadonlyArray<ResolversTypes['JSON']>, ParentType, ContextType>;
};

export type IntervalResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Interval'] = ResolversParentTypes['Interval']> = {
  clipped?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  clusters?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  estimate?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  fewClusters?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  high?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  level?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  low?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  method?: Resolver<Maybe<ResolversTypes['IntervalMethod']>, ParentType, ContextType>;
  plusMinus?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  unavailable?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type LeaderboardEntryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['LeaderboardEntry'] = ResolversParentTypes['LeaderboardEntry']> = {
  model?: Resolver<ResolversTypes['Model'], ParentType, ContextType>;
  rank?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  result?: Resolver<ResolversTypes['ResultSlice'], ParentType, ContextType>;
  tieGroup?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  tiedWithLeader?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type LeaderboardSliceResolvers<ContextType = Context, ParentType extends ResolversParentTypes['LeaderboardSlice'] = ResolversParentTypes['LeaderboardSlice']> = {
  entries?: Resolver<ReadonlyArray<ResolversTypes['LeaderboardEntry']>, ParentType, ContextType>;
  group?: Resolver<ReadonlyArray<ResolversTypes['AxisValue']>, ParentType, ContextType>;
  grouping?: Resolver<ReadonlyArray<ResolversTypes['ResultAxis']>, ParentType, ContextType>;
};

export type ModalityResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Modality'] = ResolversParentTypes['Modality']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  imageCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType, Partial<ModalityImageCountArgs>>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  slug?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  submodalities?: Resolver<ReadonlyArray<ResolversTypes['Submodality']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ModelResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Model'] = ResolversParentTypes['Model']> = {
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['ModelKind'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  runs?: Resolver<ReadonlyArray<ResolversTypes['Run']>, ParentType, ContextType>;
  slug?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  versions?: Resolver<ReadonlyArray<ResolversTypes['ModelVersion']>, ParentType, ContextType>;
};

export type ModelKindResolvers = { BASELINE: 'baseline', CONTRASTIVE: 'contrastive', GENERATIVE: 'generative' };

export type ModelVersionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ModelVersion'] = ResolversParentTypes['ModelVersion']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  dimensions?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  embeddedImageCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  model?: Resolver<ResolversTypes['Model'], ParentType, ContextType>;
  path?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  preprocessing?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  preprocessingHash?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  weightsHash?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  createImageSet?: Resolver<ResolversTypes['CreateImageSetPayload'], ParentType, ContextType, RequireFields<MutationCreateImageSetArgs, 'input'>>;
  evaluate?: Resolver<ResolversTypes['EvaluatePayload'], ParentType, ContextType, RequireFields<MutationEvaluateArgs, 'model'>>;
  importPredictions?: Resolver<ResolversTypes['ImportPredictionsPayload'], ParentType, ContextType, RequireFields<MutationImportPredictionsArgs, 'input'>>;
  registerEndpointModel?: Resolver<ResolversTypes['RegisterEndpointModelPayload'], ParentType, ContextType, RequireFields<MutationRegisterEndpointModelArgs, 'input'>>;
  registerModel?: Resolver<ResolversTypes['RegisterModelPayload'], ParentType, ContextType, RequireFields<MutationRegisterModelArgs, 'input'>>;
  whoami?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type MutationErrorResolvers<ContextType = Context, ParentType extends ResolversParentTypes['MutationError'] = ResolversParentTypes['MutationError']> = {
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  inputErrors?: Resolver<ReadonlyArray<ResolversTypes['InputError']>, ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type NormalAbnormalResolvers = { ABNORMAL: 'abnormal', NORMAL: 'normal' };

export type OrganismResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Organism'] = ResolversParentTypes['Organism']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  imageCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType, Partial<OrganismImageCountArgs>>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  ncbitaxonId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  slug?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type PageInfoResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  hasPreviousPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  startCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type PredictionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Prediction'] = ResolversParentTypes['Prediction']> = {
  cached?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  chosenIndex?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  chosenOption?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  completionTokens?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  isCorrect?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  latencyMs?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  promptTokens?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  protocolConfig?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  question?: Resolver<ResolversTypes['Question'], ParentType, ContextType>;
  rawOutput?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  requestId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  retryable?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  run?: Resolver<ResolversTypes['Run'], ParentType, ContextType>;
  scores?: Resolver<Maybe<ReadonlyArray<ResolversTypes['Float']>>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['PredictionStatus'], ParentType, ContextType>;
};

export type PredictionConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PredictionConnection'] = ResolversParentTypes['PredictionConnection']> = {
  edges?: Resolver<ReadonlyArray<ResolversTypes['PredictionEdge']>, ParentType, ContextType>;
  nodes?: Resolver<ReadonlyArray<ResolversTypes['Prediction']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type PredictionEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PredictionEdge'] = ResolversParentTypes['PredictionEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Prediction'], ParentType, ContextType>;
};

export type PredictionFileFormatResolvers = { CSV: 'csv', JSONL: 'jsonl' };

export type PredictionImportIssueResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PredictionImportIssue'] = ResolversParentTypes['PredictionImportIssue']> = {
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  line?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type PredictionOutcomeResolvers = { ALL: 'all', CORRECT: 'correct', INCORRECT: 'incorrect', SCORED: 'scored', UNSCORED: 'unscored' };

export type PredictionStatusResolvers = { FAILED: 'failed', OK: 'ok' };

export type ProvenanceResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Provenance'] = ResolversParentTypes['Provenance']> = {
  contentHash?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  file?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  revision?: Resolver<ResolversTypes['BenchmarkRevision'], ParentType, ContextType>;
  row?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  apiVersion?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  benchmark?: Resolver<Maybe<ResolversTypes['Benchmark']>, ParentType, ContextType, Partial<QueryBenchmarkArgs>>;
  benchmarks?: Resolver<ReadonlyArray<ResolversTypes['Benchmark']>, ParentType, ContextType>;
  compare?: Resolver<ResolversTypes['Comparison'], ParentType, ContextType, RequireFields<QueryCompareArgs, 'marginals' | 'minSupport' | 'modelA' | 'modelB' | 'overall' | 'resamples' | 'seed'>>;
  domains?: Resolver<ReadonlyArray<ResolversTypes['Domain']>, ParentType, ContextType>;
  image?: Resolver<Maybe<ResolversTypes['Image']>, ParentType, ContextType, Partial<QueryImageArgs>>;
  imageSets?: Resolver<ReadonlyArray<ResolversTypes['ImageSet']>, ParentType, ContextType>;
  images?: Resolver<ResolversTypes['ImageConnection'], ParentType, ContextType, RequireFields<QueryImagesArgs, 'first' | 'orderBy'>>;
  leaderboard?: Resolver<ReadonlyArray<ResolversTypes['LeaderboardSlice']>, ParentType, ContextType, RequireFields<QueryLeaderboardArgs, 'interval' | 'minSupport' | 'resamples' | 'seed'>>;
  modalities?: Resolver<ReadonlyArray<ResolversTypes['Modality']>, ParentType, ContextType>;
  model?: Resolver<Maybe<ResolversTypes['Model']>, ParentType, ContextType, Partial<QueryModelArgs>>;
  models?: Resolver<ReadonlyArray<ResolversTypes['Model']>, ParentType, ContextType>;
  organisms?: Resolver<ReadonlyArray<ResolversTypes['Organism']>, ParentType, ContextType>;
  question?: Resolver<Maybe<ResolversTypes['Question']>, ParentType, ContextType, RequireFields<QueryQuestionArgs, 'id'>>;
  questions?: Resolver<ResolversTypes['QuestionConnection'], ParentType, ContextType, RequireFields<QueryQuestionsArgs, 'first'>>;
  referenceResults?: Resolver<ReadonlyArray<ResolversTypes['ReferenceResult']>, ParentType, ContextType, Partial<QueryReferenceResultsArgs>>;
  resultPresets?: Resolver<ReadonlyArray<ResolversTypes['ResultPresetInfo']>, ParentType, ContextType>;
  results?: Resolver<ResolversTypes['Results'], ParentType, ContextType, RequireFields<QueryResultsArgs, 'evaluate' | 'interval' | 'marginals' | 'minSupport' | 'overall' | 'resamples' | 'seed' | 'source'>>;
  run?: Resolver<Maybe<ResolversTypes['Run']>, ParentType, ContextType, RequireFields<QueryRunArgs, 'id'>>;
  runs?: Resolver<ReadonlyArray<ResolversTypes['Run']>, ParentType, ContextType, Partial<QueryRunsArgs>>;
  scales?: Resolver<ReadonlyArray<ResolversTypes['Scale']>, ParentType, ContextType>;
  similarImages?: Resolver<ResolversTypes['SimilarImagesResult'], ParentType, ContextType, RequireFields<QuerySimilarImagesArgs, 'excludeSameSource' | 'k' | 'model' | 'to'>>;
  sourceDatasets?: Resolver<ReadonlyArray<ResolversTypes['SourceDataset']>, ParentType, ContextType>;
  stains?: Resolver<ReadonlyArray<ResolversTypes['Stain']>, ParentType, ContextType>;
  subdomains?: Resolver<ReadonlyArray<ResolversTypes['Subdomain']>, ParentType, ContextType>;
  submodalities?: Resolver<ReadonlyArray<ResolversTypes['Submodality']>, ParentType, ContextType>;
  tasks?: Resolver<ReadonlyArray<ResolversTypes['Task']>, ParentType, ContextType>;
  taxonomyGroups?: Resolver<ReadonlyArray<ResolversTypes['TaxonomyGroup']>, ParentType, ContextType>;
  textEmbedding?: Resolver<ResolversTypes['TextEmbedding'], ParentType, ContextType, RequireFields<QueryTextEmbeddingArgs, 'model' | 'text'>>;
  viewer?: Resolver<Maybe<ResolversTypes['ApiKey']>, ParentType, ContextType>;
};

export type QuestionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Question'] = ResolversParentTypes['Question']> = {
  answer?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  answerIndex?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  image?: Resolver<ResolversTypes['Image'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  options?: Resolver<ReadonlyArray<ResolversTypes['String']>, ParentType, ContextType>;
  predictions?: Resolver<ReadonlyArray<ResolversTypes['Prediction']>, ParentType, ContextType, Partial<QuestionPredictionsArgs>>;
  protocol?: Resolver<ResolversTypes['QuestionProtocol'], ParentType, ContextType>;
  sourceQuestionId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  template?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  text?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['QuestionType'], ParentType, ContextType>;
};

export type QuestionConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['QuestionConnection'] = ResolversParentTypes['QuestionConnection']> = {
  chance?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  edges?: Resolver<ReadonlyArray<ResolversTypes['QuestionEdge']>, ParentType, ContextType>;
  nodes?: Resolver<ReadonlyArray<ResolversTypes['Question']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type QuestionEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['QuestionEdge'] = ResolversParentTypes['QuestionEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Question'], ParentType, ContextType>;
};

export type QuestionProtocolResolvers = { CAPTION: 'caption', VQA: 'vqa' };

export type QuestionTypeResolvers = { CLASSIFICATION: 'classification', COGNITION: 'cognition', DOMAIN: 'domain', MODALITY: 'modality', STAIN: 'stain', SUBDOMAIN: 'subdomain', SUBMODALITY: 'submodality' };

export type ReferenceResultResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ReferenceResult'] = ResolversParentTypes['ReferenceResult']> = {
  accuracy?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  model?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  plusMinus?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  rank?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  split?: Resolver<ResolversTypes['ReferenceSplit'], ParentType, ContextType>;
};

export type ReferenceSplitResolvers = { COARSE: 'coarse', COGNITION: 'cognition', FINE: 'fine' };

export type RegisterEndpointModelPayloadResolvers<ContextType = Context, ParentType extends ResolversParentTypes['RegisterEndpointModelPayload'] = ResolversParentTypes['RegisterEndpointModelPayload']> = {
  created?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['MutationError']>, ParentType, ContextType>;
  modelVersion?: Resolver<Maybe<ResolversTypes['ModelVersion']>, ParentType, ContextType>;
  ok?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type RegisterModelPayloadResolvers<ContextType = Context, ParentType extends ResolversParentTypes['RegisterModelPayload'] = ResolversParentTypes['RegisterModelPayload']> = {
  created?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['MutationError']>, ParentType, ContextType>;
  modelVersion?: Resolver<Maybe<ResolversTypes['ModelVersion']>, ParentType, ContextType>;
  ok?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type ResultPresetInfoResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ResultPresetInfo'] = ResolversParentTypes['ResultPresetInfo']> = {
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  groupBy?: Resolver<ReadonlyArray<ResolversTypes['ResultAxis']>, ParentType, ContextType>;
  preset?: Resolver<ResolversTypes['ResultPreset'], ParentType, ContextType>;
  questionTypes?: Resolver<ReadonlyArray<ResolversTypes['QuestionType']>, ParentType, ContextType>;
  template?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
};

export type ResultSliceResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ResultSlice'] = ResolversParentTypes['ResultSlice']> = {
  accuracy?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  benchmarkRevisions?: Resolver<ReadonlyArray<ResolversTypes['String']>, ParentType, ContextType>;
  chanceAccuracy?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  correct?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  group?: Resolver<ReadonlyArray<ResolversTypes['AxisValue']>, ParentType, ContextType>;
  grouping?: Resolver<ReadonlyArray<ResolversTypes['ResultAxis']>, ParentType, ContextType>;
  interval?: Resolver<ResolversTypes['Interval'], ParentType, ContextType>;
  lowSupport?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  macroAccuracy?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  model?: Resolver<ResolversTypes['Model'], ParentType, ContextType>;
  n?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  predictions?: Resolver<ResolversTypes['SlicePredictionConnection'], ParentType, ContextType, RequireFields<ResultSlicePredictionsArgs, 'first' | 'outcome'>>;
  runIds?: Resolver<ReadonlyArray<ResolversTypes['ID']>, ParentType, ContextType>;
  runs?: Resolver<ReadonlyArray<ResolversTypes['Run']>, ParentType, ContextType>;
  templates?: Resolver<ReadonlyArray<ResolversTypes['Int']>, ParentType, ContextType>;
};

export type ResultsResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Results'] = ResolversParentTypes['Results']> = {
  coverage?: Resolver<ReadonlyArray<ResolversTypes['EvaluationCoverage']>, ParentType, ContextType>;
  groupBy?: Resolver<ReadonlyArray<ResolversTypes['ResultAxis']>, ParentType, ContextType>;
  questionTypes?: Resolver<Maybe<ReadonlyArray<ResolversTypes['QuestionType']>>, ParentType, ContextType>;
  reference?: Resolver<ReadonlyArray<ResolversTypes['ReferenceResult']>, ParentType, ContextType>;
  slices?: Resolver<ReadonlyArray<ResolversTypes['ResultSlice']>, ParentType, ContextType>;
  source?: Resolver<ResolversTypes['ResultSource'], ParentType, ContextType>;
};

export type RevisionStatusResolvers = { COMPLETE: 'complete', IMPORTING: 'importing' };

export type RunResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Run'] = ResolversParentTypes['Run']> = {
  benchmarkRevision?: Resolver<ResolversTypes['BenchmarkRevision'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  done?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  failed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  failedCalls?: Resolver<ReadonlyArray<ResolversTypes['FailedCall']>, ParentType, ContextType, RequireFields<RunFailedCallsArgs, 'first'>>;
  finishedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  model?: Resolver<ResolversTypes['Model'], ParentType, ContextType>;
  modelVersion?: Resolver<Maybe<ResolversTypes['ModelVersion']>, ParentType, ContextType>;
  parameters?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  predictions?: Resolver<ResolversTypes['PredictionConnection'], ParentType, ContextType, RequireFields<RunPredictionsArgs, 'first'>>;
  promptTemplate?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  protocol?: Resolver<ResolversTypes['RunProtocol'], ParentType, ContextType>;
  protocolVersion?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['RunSource'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['RunStatus'], ParentType, ContextType>;
  template?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  usage?: Resolver<ResolversTypes['RunUsage'], ParentType, ContextType>;
};

export type RunProtocolResolvers = { CHOICE: 'choice', CONTRASTIVE: 'contrastive', GENERATIVE: 'generative', SCORES: 'scores' };

export type RunSourceResolvers = { EVALUATE: 'evaluate', IMPORT: 'import' };

export type RunStatusResolvers = { COMPLETE: 'complete', FAILED: 'failed', PENDING: 'pending', RUNNING: 'running' };

export type RunUsageResolvers<ContextType = Context, ParentType extends ResolversParentTypes['RunUsage'] = ResolversParentTypes['RunUsage']> = {
  cached?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  calls?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  completionTokens?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  failed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  latencyMs?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  predictions?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  promptTokens?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type SampleCellResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SampleCell'] = ResolversParentTypes['SampleCell']> = {
  cell?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  correct?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  n?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  population?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type SampleEstimateResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SampleEstimate'] = ResolversParentTypes['SampleEstimate']> = {
  answered?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  axes?: Resolver<ReadonlyArray<ResolversTypes['ResultAxis']>, ParentType, ContextType>;
  cells?: Resolver<ReadonlyArray<ResolversTypes['SampleCell']>, ParentType, ContextType>;
  coveredPopulation?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  estimate?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  high?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  low?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  perCell?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  population?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  seed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ScaleResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Scale'] = ResolversParentTypes['Scale']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  imageCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType, Partial<ScaleImageCountArgs>>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  rank?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  slug?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type SimilarImageResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SimilarImage'] = ResolversParentTypes['SimilarImage']> = {
  image?: Resolver<ResolversTypes['Image'], ParentType, ContextType>;
  score?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type SimilarImagesResultResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SimilarImagesResult'] = ResolversParentTypes['SimilarImagesResult']> = {
  candidates?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  embeddedNow?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  hits?: Resolver<ReadonlyArray<ResolversTypes['SimilarImage']>, ParentType, ContextType>;
  method?: Resolver<ResolversTypes['SearchMethod'], ParentType, ContextType>;
  unembeddable?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type SlicePredictionConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SlicePredictionConnection'] = ResolversParentTypes['SlicePredictionConnection']> = {
  correct?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  edges?: Resolver<ReadonlyArray<ResolversTypes['PredictionEdge']>, ParentType, ContextType>;
  nodes?: Resolver<ReadonlyArray<ResolversTypes['Prediction']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type SourceDatasetResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SourceDataset'] = ResolversParentTypes['SourceDataset']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  imageCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType, Partial<SourceDatasetImageCountArgs>>;
  institutions?: Resolver<ReadonlyArray<ResolversTypes['String']>, ParentType, ContextType>;
  license?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  pmid?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  scale?: Resolver<Maybe<ResolversTypes['Scale']>, ParentType, ContextType>;
  slug?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  task?: Resolver<Maybe<ResolversTypes['Task']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type StainResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Stain'] = ResolversParentTypes['Stain']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  imageCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType, Partial<StainImageCountArgs>>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  slug?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type SubdomainResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Subdomain'] = ResolversParentTypes['Subdomain']> = {
  domain?: Resolver<ResolversTypes['Domain'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  imageCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType, Partial<SubdomainImageCountArgs>>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  slug?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type SubmodalityResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Submodality'] = ResolversParentTypes['Submodality']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  imageCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType, Partial<SubmodalityImageCountArgs>>;
  modality?: Resolver<ResolversTypes['Modality'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  slug?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type TaskResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Task'] = ResolversParentTypes['Task']> = {
  classes?: Resolver<ReadonlyArray<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  imageCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType, Partial<TaskImageCountArgs>>;
  kind?: Resolver<ResolversTypes['TaskKind'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  slug?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sourceDatasets?: Resolver<ReadonlyArray<ResolversTypes['SourceDataset']>, ParentType, ContextType>;
  taxonomyGroup?: Resolver<Maybe<ResolversTypes['TaxonomyGroup']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type TaskKindResolvers = { COARSE: 'coarse', COGNITION: 'cognition', DETECTION: 'detection', FINE_CLASSIFICATION: 'fine_classification' };

export type TaxonomyGroupResolvers<ContextType = Context, ParentType extends ResolversParentTypes['TaxonomyGroup'] = ResolversParentTypes['TaxonomyGroup']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  imageCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType, Partial<TaxonomyGroupImageCountArgs>>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  slug?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  tasks?: Resolver<ReadonlyArray<ResolversTypes['Task']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type TaxonomyValueResolvers<ContextType = Context, ParentType extends ResolversParentTypes['TaxonomyValue'] = ResolversParentTypes['TaxonomyValue']> = {
  __resolveType: TypeResolveFn<'Benchmark' | 'Domain' | 'ImageSet' | 'Modality' | 'Organism' | 'Scale' | 'SourceDataset' | 'Stain' | 'Subdomain' | 'Submodality' | 'Task' | 'TaxonomyGroup', ParentType, ContextType>;
};

export type TextEmbeddingResolvers<ContextType = Context, ParentType extends ResolversParentTypes['TextEmbedding'] = ResolversParentTypes['TextEmbedding']> = {
  dimensions?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  modelVersion?: Resolver<ResolversTypes['ModelVersion'], ParentType, ContextType>;
  text?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  vector?: Resolver<ReadonlyArray<ResolversTypes['Float']>, ParentType, ContextType>;
};

export type Resolvers<ContextType = Context> = {
  ApiKey?: ApiKeyResolvers<ContextType>;
  AxisValue?: AxisValueResolvers<ContextType>;
  Benchmark?: BenchmarkResolvers<ContextType>;
  BenchmarkRevision?: BenchmarkRevisionResolvers<ContextType>;
  Comparison?: ComparisonResolvers<ContextType>;
  ComparisonSlice?: ComparisonSliceResolvers<ContextType>;
  CreateImageSetPayload?: CreateImageSetPayloadResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  Domain?: DomainResolvers<ContextType>;
  EvaluatePayload?: EvaluatePayloadResolvers<ContextType>;
  EvaluationCoverage?: EvaluationCoverageResolvers<ContextType>;
  Facet?: FacetResolvers<ContextType>;
  FacetValue?: FacetValueResolvers<ContextType>;
  FailedCall?: FailedCallResolvers<ContextType>;
  Image?: ImageResolvers<ContextType>;
  ImageConnection?: ImageConnectionResolvers<ContextType>;
  ImageEdge?: ImageEdgeResolvers<ContextType>;
  ImageEmbedding?: ImageEmbeddingResolvers<ContextType>;
  ImageSet?: ImageSetResolvers<ContextType>;
  ImportIssue?: ImportIssueResolvers<ContextType>;
  ImportIssueSeverity?: ImportIssueSeverityResolvers;
  ImportPredictionsPayload?: ImportPredictionsPayloadResolvers<ContextType>;
  ImportProtocol?: ImportProtocolResolvers;
  InputError?: InputErrorResolvers<ContextType>;
  Interval?: IntervalResolvers<ContextType>;
  JSON?: GraphQLScalarType;
  LeaderboardEntry?: LeaderboardEntryResolvers<ContextType>;
  LeaderboardSlice?: LeaderboardSliceResolvers<ContextType>;
  Modality?: ModalityResolvers<ContextType>;
  Model?: ModelResolvers<ContextType>;
  ModelKind?: ModelKindResolvers;
  ModelVersion?: ModelVersionResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  MutationError?: MutationErrorResolvers<ContextType>;
  NormalAbnormal?: NormalAbnormalResolvers;
  Organism?: OrganismResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Prediction?: PredictionResolvers<ContextType>;
  PredictionConnection?: PredictionConnectionResolvers<ContextType>;
  PredictionEdge?: PredictionEdgeResolvers<ContextType>;
  PredictionFileFormat?: PredictionFileFormatResolvers;
  PredictionImportIssue?: PredictionImportIssueResolvers<ContextType>;
  PredictionOutcome?: PredictionOutcomeResolvers;
  PredictionStatus?: PredictionStatusResolvers;
  Provenance?: ProvenanceResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Question?: QuestionResolvers<ContextType>;
  QuestionConnection?: QuestionConnectionResolvers<ContextType>;
  QuestionEdge?: QuestionEdgeResolvers<ContextType>;
  QuestionProtocol?: QuestionProtocolResolvers;
  QuestionType?: QuestionTypeResolvers;
  ReferenceResult?: ReferenceResultResolvers<ContextType>;
  ReferenceSplit?: ReferenceSplitResolvers;
  RegisterEndpointModelPayload?: RegisterEndpointModelPayloadResolvers<ContextType>;
  RegisterModelPayload?: RegisterModelPayloadResolvers<ContextType>;
  ResultPresetInfo?: ResultPresetInfoResolvers<ContextType>;
  ResultSlice?: ResultSliceResolvers<ContextType>;
  Results?: ResultsResolvers<ContextType>;
  RevisionStatus?: RevisionStatusResolvers;
  Run?: RunResolvers<ContextType>;
  RunProtocol?: RunProtocolResolvers;
  RunSource?: RunSourceResolvers;
  RunStatus?: RunStatusResolvers;
  RunUsage?: RunUsageResolvers<ContextType>;
  SampleCell?: SampleCellResolvers<ContextType>;
  SampleEstimate?: SampleEstimateResolvers<ContextType>;
  Scale?: ScaleResolvers<ContextType>;
  SimilarImage?: SimilarImageResolvers<ContextType>;
  SimilarImagesResult?: SimilarImagesResultResolvers<ContextType>;
  SlicePredictionConnection?: SlicePredictionConnectionResolvers<ContextType>;
  SourceDataset?: SourceDatasetResolvers<ContextType>;
  Stain?: StainResolvers<ContextType>;
  Subdomain?: SubdomainResolvers<ContextType>;
  Submodality?: SubmodalityResolvers<ContextType>;
  Task?: TaskResolvers<ContextType>;
  TaskKind?: TaskKindResolvers;
  TaxonomyGroup?: TaxonomyGroupResolvers<ContextType>;
  TaxonomyValue?: TaxonomyValueResolvers<ContextType>;
  TextEmbedding?: TextEmbeddingResolvers<ContextType>;
};

