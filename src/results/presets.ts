import type { ImageFilterSpec } from '../db/queries/image-filter.js';
import type { QuestionType } from '../db/schema/index.js';
import { findAdapter, presetsByName, type ResultPreset } from '../benchmarks/registry.js';
import { resultAxes, type ResultAxis } from '../axes/registry.js';

export type { ResultPreset } from '../benchmarks/registry.js';

/**
 * The named presets of every benchmark adapter (`src/benchmarks/<key>/presets.ts`), as the results service uses
 * them. A preset sets question types, a filter and a default grouping; a request's own filter is ANDed with it,
 * its question types are intersected with the preset's, and a non-empty `groupBy` replaces the preset's. A preset
 * counts caption questions of its benchmark's official template only (`QuestionCatalogue.officialTemplate`,
 * μ-Bench: k = 1, as the paper's totals), never a pool of templates; VQA questions have none and always count.
 */
export type PresetSpec = {
  description: string;
  questionTypes: QuestionType[];
  filter: ImageFilterSpec;
  groupBy: ResultAxis[];
  /** The caption template k counted (null: every template). */
  template: number | null;
};

export const resultPresets = Object.keys(presetsByName) as [ResultPreset, ...ResultPreset[]];

export const presetSpecs = Object.fromEntries(
  resultPresets.map((name) => {
    const { description, questionTypes, filter, groupBy, adapter } = presetsByName[name];
    const unknown = groupBy.find((axis) => !(resultAxes as readonly string[]).includes(axis));
    if (unknown) throw new Error(`preset ${name} groups by unknown result axis ${unknown}`);
    const template = findAdapter(adapter)?.questions.officialTemplate ?? null;
    return [name, { description, questionTypes, filter, groupBy: groupBy as ResultAxis[], template }];
  }),
) as Record<ResultPreset, PresetSpec>;
