/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** An axis images can be counted by (facets). Each maps to a fixed column on the server. */
export const Axis = {
  /** Benchmark. */
  Benchmark: 'BENCHMARK',
  /** Domain. */
  Domain: 'DOMAIN',
  /** Image set (an image can be in several; each set counts it). */
  ImageSet: 'IMAGE_SET',
  /** Institution (an image with several institutions counts once for each). */
  Institution: 'INSTITUTION',
  /** Label name (an image with several label names counts once for each). */
  LabelName: 'LABEL_NAME',
  /** License. */
  License: 'LICENSE',
  /** Modality. */
  Modality: 'MODALITY',
  /** Normal / abnormal (`normal`, `abnormal`). */
  NormalAbnormal: 'NORMAL_ABNORMAL',
  /** Organism. */
  Organism: 'ORGANISM',
  /** PubMed id. */
  Pmid: 'PMID',
  /** Physical scale. */
  Scale: 'SCALE',
  /** Source dataset. */
  SourceDataset: 'SOURCE_DATASET',
  /** Released split. */
  Split: 'SPLIT',
  /** Stain. */
  Stain: 'STAIN',
  /** Subdomain. */
  Subdomain: 'SUBDOMAIN',
  /** Submodality. */
  Submodality: 'SUBMODALITY',
  /** Synthetic or not (`true` / `false`). */
  Synthetic: 'SYNTHETIC',
  /** Task (through the source dataset). */
  Task: 'TASK',
  /** Taxonomy group (through the source dataset's task). */
  TaxonomyGroup: 'TAXONOMY_GROUP',
} as const;

export type Axis = (typeof Axis)[keyof typeof Axis];
/** How `evaluate` started the run. */
export const EvaluationMode = {
  /** (`results` only) Earlier runs had already predicted every question of the scope: no run was needed. */
  Covered: 'COVERED',
  /** An identical run existed: it is returned (and resumed if it was unfinished). */
  Existing: 'EXISTING',
  /** The scope was small: the run was computed inside the request and is complete. */
  Inline: 'INLINE',
  /** The run was queued as a background job; poll `run(id)` for done / total / failed. */
  Queued: 'QUEUED',
} as const;

export type EvaluationMode = (typeof EvaluationMode)[keyof typeof EvaluationMode];
/** A closed or half-open range of floats. Omitted bounds are open. */
export type FloatRange = {
  /** Strictly greater than. */
  gt?: number | null | undefined;
  /** Greater than or equal to. */
  gte?: number | null | undefined;
  /** Strictly less than. */
  lt?: number | null | undefined;
  /** Less than or equal to. */
  lte?: number | null | undefined;
};

/**
 * A set of images. Every given field must hold (AND); `and`, `or` and `not` combine nested filters.
 * The same input selects images everywhere: image lists, facets, counts, similarity search, results and exports.
 * A parent value matches its children: a domain matches all its subdomains, a modality all its submodalities,
 * a taxonomy group all its tasks, a task all its source datasets.
 */
export type ImageFilter = {
  /** All of these filters. */
  and?: Array<ImageFilter> | null | undefined;
  /** Benchmark (by id or slug). */
  benchmark?: TaxonomyValueFilter | null | undefined;
  /** Domain, including all its subdomains. */
  domain?: TaxonomyValueFilter | null | undefined;
  /** Height in pixels. */
  height?: IntRange | null | undefined;
  /** Only these image ids. */
  ids?: Array<string> | null | undefined;
  /** Image set (through the image's source dataset). */
  imageSet?: TaxonomyValueFilter | null | undefined;
  /** Institution: matches when any of the image's institutions is in the list. */
  institution?: StringValueFilter | null | undefined;
  /** Label name: matches when any of the image's label names is in the list. */
  labelName?: StringValueFilter | null | undefined;
  /** License of the image's row, e.g. `CC-BY-4.0`. */
  license?: StringValueFilter | null | undefined;
  /** Microns per pixel. */
  micronsPerPixel?: FloatRange | null | undefined;
  /** Modality, including all its submodalities. */
  modality?: TaxonomyValueFilter | null | undefined;
  /** Normal or abnormal label (images with no such status never match). */
  normalAbnormal?: Array<NormalAbnormal> | null | undefined;
  /** Not this filter. */
  not?: ImageFilter | null | undefined;
  /** Any of these filters. */
  or?: Array<ImageFilter> | null | undefined;
  /** Organism (slug, or id). */
  organism?: TaxonomyValueFilter | null | undefined;
  /** PubMed id of the source dataset's paper. */
  pmid?: StringValueFilter | null | undefined;
  /** Physical scale. */
  scale?: TaxonomyValueFilter | null | undefined;
  /** Source dataset. */
  sourceDataset?: TaxonomyValueFilter | null | undefined;
  /** Only these released `image_id`s. */
  sourceImageIds?: Array<string> | null | undefined;
  /** Released split, e.g. `test`. */
  split?: Array<string> | null | undefined;
  /** Stain. */
  stain?: TaxonomyValueFilter | null | undefined;
  /** Subdomain. */
  subdomain?: TaxonomyValueFilter | null | undefined;
  /** Submodality. */
  submodality?: TaxonomyValueFilter | null | undefined;
  /** Synthetic (generated) images only (true) or real ones only (false). */
  synthetic?: boolean | null | undefined;
  /** Task (through the image's source dataset). */
  task?: TaxonomyValueFilter | null | undefined;
  /** Taxonomy group (through the image's source dataset's task). */
  taxonomyGroup?: TaxonomyValueFilter | null | undefined;
  /** Width in pixels. */
  width?: IntRange | null | undefined;
};

/** A closed or half-open range of integers. Omitted bounds are open. */
export type IntRange = {
  /** Strictly greater than. */
  gt?: number | null | undefined;
  /** Greater than or equal to. */
  gte?: number | null | undefined;
  /** Strictly less than. */
  lt?: number | null | undefined;
  /** Less than or equal to. */
  lte?: number | null | undefined;
};

/**
 * How the 95% interval of an accuracy is computed (formulas and references: docs/statistics.md). Every bootstrap is
 * seeded by `seed` (equal seeds, equal intervals) and draws `resamples` resamples.
 */
export const IntervalMethod = {
  /**
   * The paper's interval: basic ("reverse percentile") bootstrap of pooled accuracy over questions, as
   * scipy.stats.bootstrap(method="basic"): [2p̂ − q₉₇.₅, 2p̂ − q₂.₅] of the resampled accuracies (numpy's linear
   * percentiles). The raw interval can leave [0, 1] at small n (n = 5, k = 4: high 1.2): `low`/`high` are clipped to
   * [0, 1] and `clipped` says so; `plusMinus` stays the unclipped |high − p̂|, the paper's ±. Treats questions as
   * independent.
   */
  Bootstrap: 'BOOTSTRAP',
  /**
   * Basic bootstrap resampling whole source datasets with replacement (θ* = Σk/Σn over the drawn datasets): accounts
   * for between-dataset variation. Clipped like BOOTSTRAP. No interval (null bounds, `unavailable` says why) below 2
   * datasets with scored questions; `fewClusters` below 10.
   */
  ClusterBootstrap: 'CLUSTER_BOOTSTRAP',
  /**
   * Like CLUSTER_BOOTSTRAP with the image as the cluster: accounts for questions nested in images (several coarse
   * questions per image). Needs per-image counts, so it reads the question-level join (not the rollup).
   */
  ImageClusterBootstrap: 'IMAGE_CLUSTER_BOOTSTRAP',
  /**
   * Wilson score interval without continuity correction (the default): p̂ = k/n, centre (p̂ + z²/2n)/(1 + z²/n),
   * half-width z/(1 + z²/n)·√(p̂(1 − p̂)/n + z²/4n²), z = 1.959964. Always inside [0, 1]; n = 0 gives [0, 1].
   * Treats questions as independent.
   */
  Wilson: 'WILSON',
} as const;

export type IntervalMethod = (typeof IntervalMethod)[keyof typeof IntervalMethod];
/** Kind of model. */
export const ModelKind = {
  /** A baseline (random, majority class …). */
  Baseline: 'BASELINE',
  /** Image–text model scored by caption similarity (CLIP-style). */
  Contrastive: 'CONTRASTIVE',
  /** Generative vision-language model scored by the letter rule. */
  Generative: 'GENERATIVE',
} as const;

export type ModelKind = (typeof ModelKind)[keyof typeof ModelKind];
/** Normal / abnormal status of an image, derived from its label on ingest. */
export const NormalAbnormal = {
  /** The label names an abnormal (diseased, malignant, …) class. */
  Abnormal: 'ABNORMAL',
  /** The label names a normal (healthy, control) class. */
  Normal: 'NORMAL',
} as const;

export type NormalAbnormal = (typeof NormalAbnormal)[keyof typeof NormalAbnormal];
/** What a question asks about. */
export const QuestionType = {
  /** The fine-grained class of the image within its task. */
  Classification: 'CLASSIFICATION',
  /** A cognition (reasoning) question. */
  Cognition: 'COGNITION',
  /** The image's domain. */
  Domain: 'DOMAIN',
  /** The image's modality. */
  Modality: 'MODALITY',
  /** The image's stain. */
  Stain: 'STAIN',
  /** The image's subdomain. */
  Subdomain: 'SUBDOMAIN',
  /** The image's submodality. */
  Submodality: 'SUBMODALITY',
} as const;

export type QuestionType = (typeof QuestionType)[keyof typeof QuestionType];
/** A split of the paper's Table 1. */
export const ReferenceSplit = {
  /** Coarse-grained perception. */
  Coarse: 'COARSE',
  /** Cognition. */
  Cognition: 'COGNITION',
  /** Fine-grained perception. */
  Fine: 'FINE',
} as const;

export type ReferenceSplit = (typeof ReferenceSplit)[keyof typeof ReferenceSplit];
/** An axis results can be grouped by. Each maps to a fixed expression on the server (never user text). */
export const ResultAxis = {
  /** Domain (an image with only a subdomain counts for that subdomain's domain, as in facets and filters). */
  Domain: 'DOMAIN',
  /** Image set (an image in several sets counts in each set's slice, once elsewhere). */
  ImageSet: 'IMAGE_SET',
  /** Label name (an image with several labels counts in each label's slice, once elsewhere). */
  LabelName: 'LABEL_NAME',
  /** License of the image. */
  License: 'LICENSE',
  /** Modality (an image with only a submodality counts for that submodality's modality, as in facets and filters). */
  Modality: 'MODALITY',
  /** Normal / abnormal. */
  NormalAbnormal: 'NORMAL_ABNORMAL',
  /** Organism. */
  Organism: 'ORGANISM',
  /** Question type (domain, subdomain, modality, submodality, stain, classification, cognition). */
  QuestionType: 'QUESTION_TYPE',
  /** Physical scale. */
  Scale: 'SCALE',
  /** Source dataset. */
  SourceDataset: 'SOURCE_DATASET',
  /** Stain. */
  Stain: 'STAIN',
  /** Subdomain. */
  Subdomain: 'SUBDOMAIN',
  /** Submodality. */
  Submodality: 'SUBMODALITY',
  /** Synthetic or not (`true` / `false`). */
  Synthetic: 'SYNTHETIC',
  /** Task (through the source dataset). */
  Task: 'TASK',
  /** Taxonomy group (through the source dataset's task). */
  TaxonomyGroup: 'TAXONOMY_GROUP',
  /** Caption template k of the question (`<type>_<k>`, `0` or `1` in μ-Bench; null for VQA questions): template sensitivity as a slice. */
  Template: 'TEMPLATE',
} as const;

export type ResultAxis = (typeof ResultAxis)[keyof typeof ResultAxis];
/**
 * The paper's official totals and slices (ubench-corpus.md §3–§4). A preset sets question types, a filter and a
 * default grouping; your `filter` is ANDed with it, your `questionTypes` intersected, a non-empty `groupBy` wins.
 * Caption questions count in the benchmark's official template only (μ-Bench: `*_1`), as the paper's totals.
 */
export const ResultPreset = {
  /** Coarse-grained perception: the 5 coarse question types over the official datasets. */
  Coarse: 'COARSE',
  /** Coarse-grained perception per question type. */
  CoarseByQuestionType: 'COARSE_BY_QUESTION_TYPE',
  /** Coarse-grained perception without the Eulenberg dark-field/epifluorescence datasets (eVLLM rebuttal script). */
  CoarseRebuttal: 'COARSE_REBUTTAL',
  /** Fine-grained perception: classification questions, without the published exclusions. */
  Fine: 'FINE',
  /** Fine-grained perception per task. */
  FineByTask: 'FINE_BY_TASK',
  /** Fine-grained perception per taxonomy group. */
  FineByTaxonomyGroup: 'FINE_BY_TAXONOMY_GROUP',
  /** Fine-grained perception on the paper's pathology slice. */
  Pathology: 'PATHOLOGY',
  /** Fine-grained perception on the H&E-only pathology slice. */
  PathologyHe: 'PATHOLOGY_HE',
} as const;

export type ResultPreset = (typeof ResultPreset)[keyof typeof ResultPreset];
/** Status of a benchmark revision's import. */
export const RevisionStatus = {
  /** Every row was read; counts are final. */
  Complete: 'COMPLETE',
  /** Rows are still being imported (or the import was interrupted and can be resumed). */
  Importing: 'IMPORTING',
} as const;

export type RevisionStatus = (typeof RevisionStatus)[keyof typeof RevisionStatus];
/** How a run's predictions were produced and scored. */
export const RunProtocol = {
  /** A chosen option index given directly. */
  Choice: 'CHOICE',
  /** Zero-shot caption argmax of image–text similarity. */
  Contrastive: 'CONTRASTIVE',
  /** Generative output scored by the letter rule. */
  Generative: 'GENERATIVE',
  /** Per-option scores; the argmax is chosen. */
  Scores: 'SCORES',
} as const;

export type RunProtocol = (typeof RunProtocol)[keyof typeof RunProtocol];
/** Where a run came from. */
export const RunSource = {
  /** Evaluated on this server. */
  Evaluate: 'EVALUATE',
  /** Imported from a predictions file. */
  Import: 'IMPORT',
} as const;

export type RunSource = (typeof RunSource)[keyof typeof RunSource];
/** State of a run. */
export const RunStatus = {
  /** Every prediction was produced (some may have failed). */
  Complete: 'COMPLETE',
  /** The run stopped with an error. */
  Failed: 'FAILED',
  /** Created, not started. */
  Pending: 'PENDING',
  /** Predictions are being produced. */
  Running: 'RUNNING',
} as const;

export type RunStatus = (typeof RunStatus)[keyof typeof RunStatus];
/** How a similarity search was answered. */
export const SearchMethod = {
  /** Cosine over every vector of the filtered set: the true top k. */
  Exact: 'EXACT',
  /** The model version's HNSW index (only for large unfiltered searches). */
  Hnsw: 'HNSW',
} as const;

export type SearchMethod = (typeof SearchMethod)[keyof typeof SearchMethod];
/** Selects plain string values (license, PMID, institution, label name). Matching is exact and case-sensitive. */
export type StringValueFilter = {
  /** Any of these values. */
  in?: Array<string> | null | undefined;
  /** true: only images without a value; false: only images with one. */
  isNull?: boolean | null | undefined;
  /** None of these values (images without a value are kept). */
  notIn?: Array<string> | null | undefined;
};

/**
 * Selects taxonomy values by id or by slug. `in` and `slugIn` together mean "any of these"; `notIn` and
 * `slugNotIn` exclude (images without a value are kept by an exclusion). All given lists must hold.
 */
export type TaxonomyValueFilter = {
  /** Any of these ids. */
  in?: Array<string> | null | undefined;
  /** true: only images without a value on this axis; false: only images with one. */
  isNull?: boolean | null | undefined;
  /** None of these ids. */
  notIn?: Array<string> | null | undefined;
  /** Any of these slugs. */
  slugIn?: Array<string> | null | undefined;
  /** None of these slugs. */
  slugNotIn?: Array<string> | null | undefined;
};

export type FacetsQueryVariables = Exact<{
  filter?: ImageFilter | null | undefined;
  axes: Array<Axis> | Axis;
}>;

export type FacetsQuery = {
  images: {
    totalCount: number;
    facets: Array<{ axis: Axis; values: Array<{ slug: string | null; name: string | null; count: number }> }>;
  };
};

export type CompareSetupQueryVariables = Exact<{ [key: string]: never }>;

export type CompareSetupQuery = {
  models: Array<{ slug: string }>;
  resultPresets: Array<{ preset: ResultPreset; description: string }>;
};

export type CompareQueryVariables = Exact<{
  a: string;
  b: string;
  groupBy?: Array<ResultAxis> | ResultAxis | null | undefined;
  preset?: ResultPreset | null | undefined;
  seed?: number | null | undefined;
}>;

export type CompareQuery = {
  compare: {
    slices: Array<{
      n: number;
      accuracyA: number | null;
      accuracyB: number | null;
      bothCorrect: number;
      onlyACorrect: number;
      onlyBCorrect: number;
      bothWrong: number;
      pValue: number;
      adjustedPValue: number;
      lowSupport: boolean;
      group: Array<{ axis: ResultAxis; value: string | null; label: string | null }>;
      difference: { estimate: number; low: number | null; high: number | null };
    }>;
  };
};

export type LeaderboardQueryVariables = Exact<{
  groupBy?: Array<ResultAxis> | ResultAxis | null | undefined;
  preset?: ResultPreset | null | undefined;
  split?: ReferenceSplit | null | undefined;
}>;

export type LeaderboardQuery = {
  leaderboard: Array<{
    group: Array<{ axis: ResultAxis; value: string | null; label: string | null }>;
    entries: Array<{
      rank: number;
      tieGroup: number;
      tiedWithLeader: boolean;
      model: { slug: string };
      result: {
        n: number;
        accuracy: number | null;
        lowSupport: boolean;
        interval: { low: number | null; high: number | null; plusMinus: number | null };
      };
    }>;
  }>;
  referenceResults: Array<{
    source: string;
    model: string;
    split: ReferenceSplit;
    accuracy: number;
    plusMinus: number;
    rank: number;
  }>;
};

export type ImagesPageQueryVariables = Exact<{
  filter?: ImageFilter | null | undefined;
  after?: string | null | undefined;
}>;

export type ImagesPageQuery = {
  images: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    nodes: Array<{
      id: string;
      sourceImageId: string;
      thumbnailUrl: string;
      labelNames: Array<string>;
      modality: { name: string } | null;
    }>;
  };
};

export type SearchByTextQueryVariables = Exact<{
  text: string;
  model: string;
  filter?: ImageFilter | null | undefined;
}>;

export type SearchByTextQuery = {
  similarImages: {
    method: SearchMethod;
    hits: Array<{
      score: number;
      image: { id: string; sourceImageId: string; thumbnailUrl: string; labelNames: Array<string> };
    }>;
  };
};

export type SearchByImageQueryVariables = Exact<{
  imageId: string;
  model: string;
  filter?: ImageFilter | null | undefined;
}>;

export type SearchByImageQuery = {
  similarImages: {
    method: SearchMethod;
    hits: Array<{
      score: number;
      image: { id: string; sourceImageId: string; thumbnailUrl: string; labelNames: Array<string> };
    }>;
  };
};

export type SearchModelsQueryVariables = Exact<{ [key: string]: never }>;

export type SearchModelsQuery = { models: Array<{ slug: string; kind: ModelKind }> };

export type ExplorerSetupQueryVariables = Exact<{ [key: string]: never }>;

export type ExplorerSetupQuery = {
  benchmarks: Array<{
    slug: string;
    name: string;
    revisions: Array<{ id: string; revision: string; status: RevisionStatus }>;
  }>;
  models: Array<{ slug: string; name: string; kind: ModelKind }>;
  resultPresets: Array<{
    preset: ResultPreset;
    description: string;
    questionTypes: Array<QuestionType>;
    groupBy: Array<ResultAxis>;
  }>;
};

export type ExplorerResultsQueryVariables = Exact<{
  models?: Array<string> | string | null | undefined;
  filter?: ImageFilter | null | undefined;
  groupBy?: Array<ResultAxis> | ResultAxis | null | undefined;
  preset?: ResultPreset | null | undefined;
  interval?: IntervalMethod | null | undefined;
  seed?: number | null | undefined;
  questionTypes?: Array<QuestionType> | QuestionType | null | undefined;
  revisions?: Array<string> | string | null | undefined;
}>;

export type ExplorerResultsQuery = {
  results: {
    groupBy: Array<ResultAxis>;
    questionTypes: Array<QuestionType> | null;
    coverage: Array<{
      model: string;
      mode: EvaluationMode | null;
      done: number;
      total: number;
      failed: number;
      error: string | null;
      run: { id: string; status: RunStatus } | null;
    }>;
    slices: Array<{
      n: number;
      correct: number;
      accuracy: number | null;
      macroAccuracy: number | null;
      chanceAccuracy: number | null;
      lowSupport: boolean;
      runIds: Array<string>;
      benchmarkRevisions: Array<string>;
      model: { slug: string };
      group: Array<{ axis: ResultAxis; value: string | null; label: string | null }>;
      interval: { low: number | null; high: number | null; plusMinus: number | null; method: IntervalMethod | null };
    }>;
    reference: Array<{ source: string; model: string; split: ReferenceSplit; accuracy: number; plusMinus: number }>;
  };
};

export type CellQuestionsQueryVariables = Exact<{
  filter?: ImageFilter | null | undefined;
  type?: QuestionType | null | undefined;
  models?: Array<string> | string | null | undefined;
  first?: number | null | undefined;
}>;

export type CellQuestionsQuery = {
  questions: {
    totalCount: number;
    nodes: Array<{
      id: string;
      key: string;
      type: QuestionType;
      template: number | null;
      text: string;
      options: Array<string>;
      answerIndex: number;
      image: { id: string; sourceImageId: string; thumbnailUrl: string; labelNames: Array<string> };
      predictions: Array<{
        chosenIndex: number | null;
        chosenOption: string | null;
        isCorrect: boolean | null;
        run: { id: string; model: { slug: string } };
      }>;
    }>;
  };
};

export type ImagePageQueryVariables = Exact<{
  id: string;
}>;

export type ImagePageQuery = {
  image: {
    id: string;
    sourceImageId: string;
    url: string;
    thumbnailUrl: string;
    width: number;
    height: number;
    bitDepth: number;
    micronsPerPixel: number | null;
    labelNames: Array<string>;
    license: string | null;
    split: string;
    benchmark: { slug: string };
    domain: { name: string } | null;
    modality: { name: string } | null;
    submodality: { name: string } | null;
    stain: { name: string } | null;
    organism: { name: string } | null;
    scale: { name: string } | null;
    task: { slug: string } | null;
    sourceDataset: { slug: string } | null;
    provenance: { file: string; row: number; revision: { revision: string } };
    questions: Array<{
      id: string;
      key: string;
      type: QuestionType;
      text: string;
      options: Array<string>;
      answerIndex: number;
      predictions: Array<{
        chosenOption: string | null;
        isCorrect: boolean | null;
        run: { id: string; model: { slug: string } };
      }>;
    }>;
  } | null;
  models: Array<{ slug: string; kind: ModelKind }>;
};

export type RunsPageQueryVariables = Exact<{ [key: string]: never }>;

export type RunsPageQuery = {
  models: Array<{
    slug: string;
    name: string;
    kind: ModelKind;
    versions: Array<{ id: string; weightsHash: string; dimensions: number | null }>;
  }>;
  runs: Array<{
    id: string;
    status: RunStatus;
    protocol: RunProtocol;
    template: number | null;
    done: number;
    total: number;
    failed: number;
    source: RunSource;
    createdAt: string;
    finishedAt: string | null;
    model: { slug: string };
    benchmarkRevision: { revision: string };
  }>;
};

export type EvaluateMutationVariables = Exact<{
  model: string;
  template?: number | null | undefined;
}>;

export type EvaluateMutation = {
  evaluate: {
    ok: boolean;
    mode: EvaluationMode | null;
    run: { id: string; status: RunStatus } | null;
    error: { code: string; message: string } | null;
  };
};

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const FacetsDocument = new TypedDocumentString(`
    query Facets($filter: ImageFilter, $axes: [Axis!]!) {
  images(filter: $filter, first: 1) {
    totalCount
    facets(axes: $axes) {
      axis
      values {
        slug
        name
        count
      }
    }
  }
}
    `) as unknown as TypedDocumentString<FacetsQuery, FacetsQueryVariables>;
export const CompareSetupDocument = new TypedDocumentString(`
    query CompareSetup {
  models {
    slug
  }
  resultPresets {
    preset
    description
  }
}
    `) as unknown as TypedDocumentString<CompareSetupQuery, CompareSetupQueryVariables>;
export const CompareDocument = new TypedDocumentString(`
    query Compare($a: String!, $b: String!, $groupBy: [ResultAxis!], $preset: ResultPreset, $seed: Int) {
  compare(
    modelA: $a
    modelB: $b
    groupBy: $groupBy
    preset: $preset
    seed: $seed
    overall: true
  ) {
    slices {
      group {
        axis
        value
        label
      }
      n
      accuracyA
      accuracyB
      difference {
        estimate
        low
        high
      }
      bothCorrect
      onlyACorrect
      onlyBCorrect
      bothWrong
      pValue
      adjustedPValue
      lowSupport
    }
  }
}
    `) as unknown as TypedDocumentString<CompareQuery, CompareQueryVariables>;
export const LeaderboardDocument = new TypedDocumentString(`
    query Leaderboard($groupBy: [ResultAxis!], $preset: ResultPreset, $split: ReferenceSplit) {
  leaderboard(groupBy: $groupBy, preset: $preset) {
    group {
      axis
      value
      label
    }
    entries {
      rank
      tieGroup
      tiedWithLeader
      model {
        slug
      }
      result {
        n
        accuracy
        interval {
          low
          high
          plusMinus
        }
        lowSupport
      }
    }
  }
  referenceResults(split: $split) {
    source
    model
    split
    accuracy
    plusMinus
    rank
  }
}
    `) as unknown as TypedDocumentString<LeaderboardQuery, LeaderboardQueryVariables>;
export const ImagesPageDocument = new TypedDocumentString(`
    query ImagesPage($filter: ImageFilter, $after: String) {
  images(filter: $filter, first: 48, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      id
      sourceImageId
      thumbnailUrl(size: 128)
      labelNames
      modality {
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ImagesPageQuery, ImagesPageQueryVariables>;
export const SearchByTextDocument = new TypedDocumentString(`
    query SearchByText($text: String!, $model: String!, $filter: ImageFilter) {
  similarImages(to: {text: $text}, model: $model, filter: $filter, k: 24) {
    method
    hits {
      score
      image {
        id
        sourceImageId
        thumbnailUrl(size: 128)
        labelNames
      }
    }
  }
}
    `) as unknown as TypedDocumentString<SearchByTextQuery, SearchByTextQueryVariables>;
export const SearchByImageDocument = new TypedDocumentString(`
    query SearchByImage($imageId: ID!, $model: String!, $filter: ImageFilter) {
  similarImages(
    to: {imageId: $imageId}
    model: $model
    filter: $filter
    k: 25
    excludeSameSource: false
  ) {
    method
    hits {
      score
      image {
        id
        sourceImageId
        thumbnailUrl(size: 128)
        labelNames
      }
    }
  }
}
    `) as unknown as TypedDocumentString<SearchByImageQuery, SearchByImageQueryVariables>;
export const SearchModelsDocument = new TypedDocumentString(`
    query SearchModels {
  models {
    slug
    kind
  }
}
    `) as unknown as TypedDocumentString<SearchModelsQuery, SearchModelsQueryVariables>;
export const ExplorerSetupDocument = new TypedDocumentString(`
    query ExplorerSetup {
  benchmarks {
    slug
    name
    revisions {
      id
      revision
      status
    }
  }
  models {
    slug
    name
    kind
  }
  resultPresets {
    preset
    description
    questionTypes
    groupBy
  }
}
    `) as unknown as TypedDocumentString<ExplorerSetupQuery, ExplorerSetupQueryVariables>;
export const ExplorerResultsDocument = new TypedDocumentString(`
    query ExplorerResults($models: [String!], $filter: ImageFilter, $groupBy: [ResultAxis!], $preset: ResultPreset, $interval: IntervalMethod, $seed: Int, $questionTypes: [QuestionType!], $revisions: [ID!]) {
  results(
    benchmarkRevisions: $revisions
    models: $models
    filter: $filter
    groupBy: $groupBy
    preset: $preset
    interval: $interval
    seed: $seed
    questionTypes: $questionTypes
  ) {
    groupBy
    questionTypes
    coverage {
      model
      mode
      done
      total
      failed
      error
      run {
        id
        status
      }
    }
    slices {
      model {
        slug
      }
      group {
        axis
        value
        label
      }
      n
      correct
      accuracy
      interval {
        low
        high
        plusMinus
        method
      }
      macroAccuracy
      chanceAccuracy
      lowSupport
      runIds
      benchmarkRevisions
    }
    reference {
      source
      model
      split
      accuracy
      plusMinus
    }
  }
}
    `) as unknown as TypedDocumentString<ExplorerResultsQuery, ExplorerResultsQueryVariables>;
export const CellQuestionsDocument = new TypedDocumentString(`
    query CellQuestions($filter: ImageFilter, $type: QuestionType, $models: [String!], $first: Int) {
  questions(filter: $filter, type: $type, first: $first) {
    totalCount
    nodes {
      id
      key
      type
      template
      text
      options
      answerIndex
      image {
        id
        sourceImageId
        thumbnailUrl(size: 128)
        labelNames
      }
      predictions(models: $models) {
        chosenIndex
        chosenOption
        isCorrect
        run {
          id
          model {
            slug
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CellQuestionsQuery, CellQuestionsQueryVariables>;
export const ImagePageDocument = new TypedDocumentString(`
    query ImagePage($id: ID!) {
  image(id: $id) {
    id
    sourceImageId
    url
    thumbnailUrl(size: 512)
    width
    height
    bitDepth
    micronsPerPixel
    labelNames
    license
    split
    benchmark {
      slug
    }
    domain {
      name
    }
    modality {
      name
    }
    submodality {
      name
    }
    stain {
      name
    }
    organism {
      name
    }
    scale {
      name
    }
    task {
      slug
    }
    sourceDataset {
      slug
    }
    provenance {
      file
      row
      revision {
        revision
      }
    }
    questions {
      id
      key
      type
      text
      options
      answerIndex
      predictions {
        chosenOption
        isCorrect
        run {
          id
          model {
            slug
          }
        }
      }
    }
  }
  models {
    slug
    kind
  }
}
    `) as unknown as TypedDocumentString<ImagePageQuery, ImagePageQueryVariables>;
export const RunsPageDocument = new TypedDocumentString(`
    query RunsPage {
  models {
    slug
    name
    kind
    versions {
      id
      weightsHash
      dimensions
    }
  }
  runs {
    id
    model {
      slug
    }
    status
    protocol
    template
    done
    total
    failed
    source
    createdAt
    finishedAt
    benchmarkRevision {
      revision
    }
  }
}
    `) as unknown as TypedDocumentString<RunsPageQuery, RunsPageQueryVariables>;
export const EvaluateDocument = new TypedDocumentString(`
    mutation Evaluate($model: String!, $template: Int) {
  evaluate(model: $model, template: $template) {
    ok
    mode
    run {
      id
      status
    }
    error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<EvaluateMutation, EvaluateMutationVariables>;
