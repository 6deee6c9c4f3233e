import type { BenchmarkAdapter } from '../types.js';
import { ubenchPresets } from './presets.js';
import { ubenchQuestions } from './questions.js';
import { ubenchTable1 } from './reference.js';
import { ubenchRelease } from './release.js';
import { ubenchTaxonomy } from './taxonomy.js';

/**
 * μ-Bench (arXiv 2407.01791; Hub `jnirschl/uBench`): its release layout and quirks, curated taxonomy, question
 * types, the paper's presets and Table 1. The generated demo corpus is written in the same layout and uses it too.
 */
export const ubench = {
  key: 'ubench',
  name: 'μ-Bench',
  source: 'jnirschl/uBench',
  release: ubenchRelease,
  taxonomy: ubenchTaxonomy,
  questions: ubenchQuestions,
  presets: ubenchPresets,
  reference: ubenchTable1,
} as const satisfies BenchmarkAdapter;
