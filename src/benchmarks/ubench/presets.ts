import type { ImageFilterSpec } from '../../db/queries/image-filter.js';
import type { QuestionType } from '../../db/schema/index.js';
import type { PresetSpec } from '../types.js';
import { ubenchQuestions } from './questions.js';
import { datasets, fineGrainedExclusions } from './taxonomy.js';

/** Datasets in the HF release but not in the official task tables (opencell, sirinukunwattana_et_al_2016). */
export const unofficialDatasets = Object.entries(datasets)
  .filter(([, d]) => d.unofficial)
  .map(([slug]) => slug);

const coarseQuestionTypes: QuestionType[] = [...ubenchQuestions.coarseTypes];

const official: ImageFilterSpec = { sourceDataset: { slugNotIn: unofficialDatasets } };
const fine: ImageFilterSpec = { sourceDataset: { slugNotIn: [...unofficialDatasets, ...fineGrainedExclusions] } };

/**
 * The paper's official totals and slices as named presets (ubench-corpus.md §2–§4). A preset sets question
 * types, a filter and a default grouping; a request's own filter is ANDed with it, its question types are
 * intersected with the preset's, and a non-empty `groupBy` replaces the preset's.
 */
export const ubenchPresets = {
  COARSE: {
    description: 'Coarse-grained perception: the 5 coarse question types over the official datasets (§1.4, §3.4).',
    questionTypes: coarseQuestionTypes,
    filter: official,
    groupBy: [],
  },
  COARSE_BY_QUESTION_TYPE: {
    description: 'Coarse-grained perception per question type (domain, subdomain, modality, submodality, stain).',
    questionTypes: coarseQuestionTypes,
    filter: official,
    groupBy: ['QUESTION_TYPE'],
  },
  COARSE_REBUTTAL: {
    description:
      'Coarse-grained perception as eVLLM eval_posthoc_rebutall.py computes it: also without the Eulenberg ' +
      'dark-field and epifluorescence datasets (which script produced the published number is uncertain, §3.4).',
    questionTypes: coarseQuestionTypes,
    filter: fine,
    groupBy: [],
  },
  FINE: {
    description: 'Fine-grained perception: classification questions without the published exclusions (§3.4).',
    questionTypes: ['classification'],
    filter: fine,
    groupBy: [],
  },
  FINE_BY_TASK: {
    description: 'Fine-grained perception per task.',
    questionTypes: ['classification'],
    filter: fine,
    groupBy: ['TASK'],
  },
  FINE_BY_TAXONOMY_GROUP: {
    description: 'Fine-grained perception per taxonomy group (the 7 groups of eVLLM tasks_metadata).',
    questionTypes: ['classification'],
    filter: fine,
    groupBy: ['TAXONOMY_GROUP'],
  },
  PATHOLOGY: {
    description: "Fine-grained perception on the paper's pathology slice (image set `pathology`).",
    questionTypes: ['classification'],
    filter: { imageSet: { slugIn: ['pathology'] } },
    groupBy: [],
  },
  PATHOLOGY_HE: {
    description: 'Fine-grained perception on the H&E-only pathology slice (image set `pathology-he`).',
    questionTypes: ['classification'],
    filter: { imageSet: { slugIn: ['pathology-he'] } },
    groupBy: [],
  },
} satisfies Record<string, PresetSpec>;
