import type { QuestionCatalogue } from '../types.js';

/**
 * μ-Bench's question types (`ubench-corpus.md` §1.3–§1.4): five coarse types (one per taxonomy axis), the
 * fine-grained `classification`, and `cognition` (`cognition_<n>` keys; not in the public release). Caption sets
 * come in two templates, `<type>_0` and `<type>_1`; the published coarse and fine totals use `_1` (§3.2).
 */
export const ubenchQuestions = {
  types: ['domain', 'subdomain', 'modality', 'submodality', 'stain', 'classification', 'cognition'],
  coarseTypes: ['domain', 'subdomain', 'modality', 'submodality', 'stain'],
  officialTemplate: 1,
} as const satisfies QuestionCatalogue;
