// Parent values of the results types (codegen `mappers`): what the results services return.
import type {
  CompareSlice,
  LeaderboardEntry,
  LeaderboardSlice,
  ReferenceResult,
  ResultSlice,
  ResultsOutput,
} from '../../../results/service.js';
import type { ResultPreset } from '../../../results/presets.js';

import type { EvaluationCoverage } from '../../../predictions/ensure.js';
import type { SlicePredictionRow } from '../../../db/queries/slice-predictions.js';

export type ResultsParent = ResultsOutput & { preset: ResultPreset | null; coverage: EvaluationCoverage[] };
export type EvaluationCoverageParent = EvaluationCoverage;
export type ResultSliceParent = ResultSlice;
export type ComparisonSliceParent = CompareSlice;
export type ComparisonParent = {
  modelA: ResultSlice['model'];
  modelB: ResultSlice['model'];
  groupBy: ResultSlice['grouping'];
  slices: CompareSlice[];
};
export type LeaderboardSliceParent = LeaderboardSlice;
export type LeaderboardEntryParent = LeaderboardEntry;
export type ReferenceResultParent = ReferenceResult;
export type SlicePredictionConnectionParent = {
  rows: SlicePredictionRow[];
  /** Count and correct over all pages: one statement, run on first call. */
  counts: () => Promise<{ count: number; correct: number }>;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
};
