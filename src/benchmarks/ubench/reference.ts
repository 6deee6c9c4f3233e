import type { ReferenceTable } from '../types.js';

/**
 * The paper's Table 1 (μ-Bench, arXiv 2407.01791; read from the project website's `images/table.png`,
 * `ubench-corpus.md` §4.2): accuracy in percent with the printed ± (95% basic bootstrap, |CI_high − mean|).
 * Rows are in the table's order (by coarse accuracy). Edit here only: `reference_results` is synchronised from
 * this table whenever its content changes (`src/benchmarks/reference.ts`).
 */
export const ubenchTable1: ReferenceTable = {
  source: 'ubench-paper-table1',
  rows: [
    { model: 'GPT-4o', figures: { coarse: [62.68, 0.35], fine: [51.73, 0.82], cognition: [62.0, 9.0] } },
    { model: 'CogVLM', figures: { coarse: [52.05, 0.35], fine: [28.18, 0.7], cognition: [41.0, 10.0] } },
    { model: 'QwenVLM', figures: { coarse: [49.85, 0.35], fine: [27.81, 0.7], cognition: [41.0, 10.0] } },
    { model: 'BiomedCLIP', figures: { coarse: [47.57, 0.34], fine: [34.65, 0.75], cognition: [25.0, 8.0] } },
    { model: 'ALIGN', figures: { coarse: [40.7, 0.34], fine: [31.9, 0.72], cognition: [31.0, 9.0] } },
    { model: 'OpenCLIP', figures: { coarse: [36.34, 0.33], fine: [29.36, 0.69], cognition: [38.33, 8.33] } },
    { model: 'PaliGemma', figures: { coarse: [36.29, 0.33], fine: [21.29, 0.64], cognition: [25.0, 8.0] } },
    { model: 'CLIP', figures: { coarse: [35.41, 0.34], fine: [30.09, 0.71], cognition: [28.0, 9.0] } },
    { model: 'PLIP', figures: { coarse: [31.11, 0.32], fine: [25.49, 0.68], cognition: [17.0, 7.0] } },
    { model: 'CONCH', figures: { coarse: [27.84, 0.31], fine: [33.64, 0.72], cognition: [18.0, 7.0] } },
    { model: 'QuiltNet', figures: { coarse: [26.58, 0.31], fine: [27.85, 0.69], cognition: [13.0, 6.0] } },
    { model: 'Random', figures: { coarse: [18.34, 0.27], fine: [19.13, 0.6], cognition: [17.0, 7.0] } },
  ],
};
