import type { ImageFilterSpec } from '../db/queries/image-filter.js';
import type { NormalAbnormal, QuestionProtocol, QuestionType, ReferenceSplit, TaskKind } from '../db/schema/index.js';
import type { Issue } from './issues.js';

/**
 * The seam between the core (importer, results, scoring) and one benchmark. Everything a benchmark's release
 * format, curation and paper define lives behind this interface, in `src/benchmarks/<key>/`; the core reads it
 * only through `src/benchmarks/registry.ts`. A second benchmark is a new folder plus one line in the registry.
 */
export interface BenchmarkAdapter {
  /** Stable key, stored on every benchmark imported with this adapter (`ubench`, `toy`, …). */
  readonly key: string;
  /** Display name used when an import does not name the benchmark. */
  readonly name: string;
  /** Where releases come from by default (a Hub dataset id, or a description). */
  readonly source: string;
  readonly release: ReleaseLayout;
  readonly taxonomy: CuratedTaxonomy;
  readonly questions: QuestionCatalogue;
  /** Named result presets (the paper's totals and slices); names are unique across adapters. */
  readonly presets: Readonly<Record<string, PresetSpec>>;
  /** The published reference table shown beside a user's runs, if the benchmark has one. */
  readonly reference: ReferenceTable | null;
}

/** A released row as plain JS values: strings, numbers (int64 narrowed), booleans, Uint8Array, arrays, objects. */
export type RawRow = Record<string, unknown>;

/** How a release file's columns become the core's rows. */
export type ReleaseLayout = {
  /** Columns every file must have; a file without one is rejected whole (MISSING_COLUMN). */
  readonly requiredColumns: readonly string[];
  /** Release config folder on the Hub (`perception/0.1.0`), where the benchmark is published there. */
  readonly hubConfig: string | null;
  /** Correction codes this adapter records beyond the generic ones (`issues.ts`), with what each means. */
  readonly correctionCodes: Readonly<Record<string, string>>;
  /**
   * Normalises one released row: every quirk of the release, the curated fields (scale, normal/abnormal),
   * the corrections made, or the reason the row is skipped. Pure: no database, no image decoding.
   */
  normalizeRow(raw: RawRow, ctx: RowContext): RowOutcome;
};

export type RowContext = {
  file: string;
  /** 0-based row index within the file. */
  row: number;
  /** ClassLabel names of `label` from the file's Hugging Face features metadata, when present. */
  labelNames: string[] | null;
};

export type RowOutcome =
  { kind: 'ok'; row: NormalizedRow; corrections: Issue[] } | { kind: 'skip'; issue: Issue; corrections: Issue[] };

export type NormalizedQuestion = {
  /** Unique per image: the release's dict key (`modality`, `modality_1`, `classification_0`, …). */
  key: string;
  sourceQuestionId: string | null;
  type: QuestionType;
  protocol: QuestionProtocol;
  /** Caption template k; null for VQA questions. */
  template: number | null;
  name: string | null;
  /** The question text (VQA) or the caption template (caption sets). */
  text: string;
  /** Options in released order. */
  options: string[];
  answerIndex: number;
  answer: string | null;
};

/** One row in the core's terms: what the importer stores, whichever layout it came from. */
export type NormalizedRow = {
  sourceImageId: string;
  imageBytes: Uint8Array;
  labelNames: string[];
  labelIndex: number | null;
  /** Source dataset slug after recovery; null when unknown. */
  dataset: string | null;
  /** Curated scale slug of the dataset (a key of the adapter's `taxonomy.scales`); null when not curated. */
  scale: string | null;
  normalAbnormal: NormalAbnormal | null;
  domain: string;
  subdomain: string | null;
  modality: string;
  submodality: string | null;
  stain: string | null;
  organism: { ncbitaxonId: string; name: string } | null;
  institutions: string[];
  license: string | null;
  pmid: string | null;
  micronsPerPixel: number | null;
  split: string;
  synthetic: boolean;
  bbox: number[][] | null;
  polygon: unknown[] | null;
  questions: NormalizedQuestion[];
};

/** What a benchmark curates beyond its columns: task, taxonomy group and scale per source dataset, image sets. */
export type CuratedTaxonomy = {
  /** Taxonomy group slug → display name. */
  readonly taxonomyGroups: Readonly<Record<string, string>>;
  readonly scales: readonly { slug: string; name: string; rank: number }[];
  /** Every task, each at most once (coarse question-type tasks included). */
  readonly tasks: readonly { slug: string; name: string; kind: TaskKind; group: string | null }[];
  /** Source dataset slug → its task and scale. */
  readonly datasets: Readonly<Record<string, { task: string; scale: string }>>;
  readonly imageSets: readonly { slug: string; name: string; description: string; datasets: readonly string[] }[];
};

/**
 * The question types a benchmark releases and which caption template its published totals use. Caption
 * templates themselves travel with the release (each caption set's `question`), so they are stored per question.
 */
export type QuestionCatalogue = {
  readonly types: readonly QuestionType[];
  /** The coarse (per-taxonomy-axis) question types, seeded as `coarse-<type>` tasks. */
  readonly coarseTypes: readonly QuestionType[];
  /** Caption template k (`<type>_<k>`) of the published totals (μ-Bench: 1); null when there is none. */
  readonly officialTemplate: number | null;
};

/** A named results preset: question types, a filter ANDed with the request's, and a default grouping. */
export type PresetSpec = {
  description: string;
  questionTypes: QuestionType[];
  filter: ImageFilterSpec;
  /** Result axes (checked against the results axis list by the registry's test). */
  groupBy: string[];
};

/** A published table of accuracies, e.g. a paper's Table 1 (stored versioned: see `reference.ts`). */
export type ReferenceTable = {
  /** Stored as `reference_results.source`, e.g. `ubench-paper-table1`. */
  readonly source: string;
  /** Accuracy in percent and the printed ± per split, in the table's row order. */
  readonly rows: readonly { model: string; figures: Readonly<Record<ReferenceSplit, readonly [number, number]>> }[];
};
