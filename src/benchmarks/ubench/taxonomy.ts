/**
 * Curated μ-Bench mapping: what the release does not carry as columns (task, taxonomy group, scale,
 * normal/abnormal) derived from the eVLLM `tasks_metadata` table (`ubench-corpus.md` §2.3) and the paper's
 * task figure (§2.2). Scale is INFERRED from what each dataset images (whole cells, organelles or tissue);
 * no source states it. Edit here, not in code: the μ-Bench adapter reads only this file.
 */
import type { CuratedTaxonomy } from '../types.js';
import { ubenchQuestions } from './questions.js';

export type TaxonomyGroupSlug =
  | 'cell-type-identification'
  | 'cell-texture-morphology'
  | 'cell-cycle-stage'
  | 'normal-vs-abnormal'
  | 'single-molecule'
  | 'neoplastic-histopathology'
  | 'non-neoplastic-histopathology';

export const taxonomyGroups: Record<TaxonomyGroupSlug, string> = {
  'cell-type-identification': 'Cell/organism/structure type identification',
  'cell-texture-morphology': 'cell texture and morphology profiling',
  'cell-cycle-stage': 'Cell cycle and stage identification',
  'normal-vs-abnormal': 'Distinguish normal vs. abnormal',
  'single-molecule': 'Single molecule imaging',
  'neoplastic-histopathology': 'Interpretation of neoplastic histopathology',
  'non-neoplastic-histopathology': 'Interpretation of non-neoplastic histopathology',
};

export type ScaleSlug = 'subcellular' | 'cellular' | 'tissue' | 'nano' | 'micro' | 'macro';

/** Scales from small to large; perception uses the first three, cognition the last three. */
export const scales: { slug: ScaleSlug; name: string; rank: number }[] = [
  { slug: 'nano', name: 'nano', rank: 0 },
  { slug: 'subcellular', name: 'subcellular', rank: 1 },
  { slug: 'cellular', name: 'cellular', rank: 2 },
  { slug: 'micro', name: 'micro', rank: 2 },
  { slug: 'tissue', name: 'tissue', rank: 3 },
  { slug: 'macro', name: 'macro', rank: 4 },
];

export type DatasetMapping = {
  /** Task slug (one task may span several datasets, e.g. the three Kather colorectal sets). */
  task: string;
  /** eVLLM task_name. */
  taskName: string;
  group: TaxonomyGroupSlug;
  scale: ScaleSlug;
  synthetic: boolean;
  numClasses: number;
  /** eVLLM submodality abbreviation (BF, S, SBSEM, DF, EF, TIRF, CET). */
  submodality: string;
  /** Label names (lower-case) that mean abnormal / normal in this dataset, beyond the generic rule. */
  abnormalLabels?: string[];
  normalLabels?: string[];
  /** Not in the official task tables (present in the HF release only). */
  unofficial?: boolean;
};

/** Source dataset slug → task mapping (eVLLM `tasks_metadata`, 23 entries, plus two unofficial ones). */
export const datasets: Record<string, DatasetMapping> = {
  acevedo_et_al_2020: {
    task: 'white-blood-cell',
    taskName: 'White blood cell',
    group: 'cell-type-identification',
    scale: 'cellular',
    synthetic: false,
    numClasses: 8,
    submodality: 'BF',
  },
  burgess_et_al_2024_contour: {
    task: 'cell-contour',
    taskName: 'Cell contour',
    group: 'cell-texture-morphology',
    scale: 'cellular',
    synthetic: true,
    numClasses: 3,
    submodality: 'S',
  },
  burgess_et_al_2024_eccentricity: {
    task: 'cell-eccentricity',
    taskName: 'Cell eccentricity',
    group: 'cell-texture-morphology',
    scale: 'cellular',
    synthetic: true,
    numClasses: 3,
    submodality: 'S',
  },
  burgess_et_al_2024_texture: {
    task: 'cell-texture',
    taskName: 'Cell texture',
    group: 'cell-texture-morphology',
    scale: 'cellular',
    synthetic: true,
    numClasses: 3,
    submodality: 'S',
  },
  empiar_sbfsem: {
    task: 'em-organisms-structures',
    taskName: 'Organisms and structures in EM',
    group: 'normal-vs-abnormal',
    scale: 'subcellular',
    synthetic: false,
    numClasses: 5,
    submodality: 'SBSEM',
  },
  colocalization_benchmark: {
    task: 'molecule-colocalization',
    taskName: 'Molecule colocalization',
    group: 'single-molecule',
    scale: 'subcellular',
    synthetic: true,
    numClasses: 4,
    submodality: 'S',
  },
  eulenberg_et_al_2017_brightfield: {
    task: 'cell-cycle-phase',
    taskName: 'Cell cycle phase',
    group: 'cell-cycle-stage',
    scale: 'cellular',
    synthetic: false,
    numClasses: 7,
    submodality: 'BF',
  },
  eulenberg_et_al_2017_darkfield: {
    task: 'cell-cycle-phase',
    taskName: 'Cell cycle phase',
    group: 'cell-cycle-stage',
    scale: 'cellular',
    synthetic: false,
    numClasses: 7,
    submodality: 'DF',
  },
  eulenberg_et_al_2017_epifluorescence: {
    task: 'cell-cycle-phase',
    taskName: 'Cell cycle phase',
    group: 'cell-cycle-stage',
    scale: 'cellular',
    synthetic: false,
    numClasses: 5,
    submodality: 'EF',
  },
  held_et_al_2010_galt: {
    task: 'golgi-morphology',
    taskName: 'Golgi morphology',
    group: 'cell-cycle-stage',
    scale: 'subcellular',
    synthetic: false,
    numClasses: 8,
    submodality: 'EF',
  },
  held_et_al_2010_h2b: {
    task: 'cell-cycle-chromatin',
    taskName: 'Cell cycle (Chromatin)',
    group: 'cell-cycle-stage',
    scale: 'cellular',
    synthetic: false,
    numClasses: 9,
    submodality: 'EF',
  },
  held_et_al_2010_mt: {
    task: 'microtubule-morphology',
    taskName: 'Microtubule morphology',
    group: 'cell-cycle-stage',
    scale: 'subcellular',
    synthetic: false,
    numClasses: 6,
    submodality: 'EF',
  },
  hussain_et_al_2019: {
    task: 'pap-smear-grading',
    taskName: 'Pap smear grading',
    group: 'neoplastic-histopathology',
    scale: 'cellular',
    synthetic: false,
    numClasses: 4,
    submodality: 'BF',
    normalLabels: ['negative for intraepithelial lesion or malignancy', 'nilm'],
  },
  icpr2020_pollen: {
    task: 'pollen-structures',
    taskName: 'Pollen structures',
    group: 'normal-vs-abnormal',
    scale: 'cellular',
    synthetic: false,
    numClasses: 4,
    submodality: 'BF',
  },
  jung_et_al_2022: {
    task: 'white-blood-cell',
    taskName: 'White blood cell',
    group: 'cell-type-identification',
    scale: 'cellular',
    synthetic: true,
    numClasses: 5,
    submodality: 'S',
  },
  kather_et_al_2016: {
    task: 'colorectal-tissue',
    taskName: 'Colorectal tissue',
    group: 'neoplastic-histopathology',
    scale: 'tissue',
    synthetic: false,
    numClasses: 8,
    submodality: 'BF',
    abnormalLabels: ['tumor', 'tumour'],
    normalLabels: ['normal', 'normal mucosa'],
  },
  kather_et_al_2018: {
    task: 'colorectal-tissue',
    taskName: 'Colorectal tissue',
    group: 'neoplastic-histopathology',
    scale: 'tissue',
    synthetic: false,
    numClasses: 8,
    submodality: 'BF',
    abnormalLabels: ['tumor', 'tumour', 'colorectal adenocarcinoma epithelium'],
    normalLabels: ['normal', 'normal colon mucosa'],
  },
  kather_et_al_2018_val7k: {
    task: 'colorectal-tissue',
    taskName: 'Colorectal tissue',
    group: 'neoplastic-histopathology',
    scale: 'tissue',
    synthetic: false,
    numClasses: 8,
    submodality: 'BF',
    abnormalLabels: ['tumor', 'tumour', 'colorectal adenocarcinoma epithelium'],
    normalLabels: ['normal', 'normal colon mucosa'],
  },
  nirschl_et_al_2018: {
    task: 'heart-failure',
    taskName: 'Clinical chronic heart failure',
    group: 'non-neoplastic-histopathology',
    scale: 'tissue',
    synthetic: false,
    numClasses: 2,
    submodality: 'BF',
    abnormalLabels: ['heart failure', 'failing'],
    normalLabels: ['non-failing', 'nonfailing'],
  },
  nirschl_unpub_fluorescence: {
    task: 'fluorescent-organisms-structures',
    taskName: 'Fluorescent Organisms/Structures',
    group: 'cell-type-identification',
    scale: 'cellular',
    synthetic: false,
    numClasses: 13,
    submodality: 'TIRF',
  },
  tang_et_al_2019: {
    task: 'amyloid-morphology',
    taskName: 'Amyloid morphology',
    group: 'non-neoplastic-histopathology',
    scale: 'tissue',
    synthetic: false,
    numClasses: 4,
    submodality: 'BF',
  },
  wong_et_al_2022: {
    task: 'amyloid-morphology',
    taskName: 'Amyloid morphology',
    group: 'non-neoplastic-histopathology',
    scale: 'tissue',
    synthetic: false,
    numClasses: 4,
    submodality: 'BF',
  },
  wu_et_al_2023: {
    task: 'mitochondrial-morphology',
    taskName: 'Mitochondrial morphology',
    group: 'normal-vs-abnormal',
    scale: 'subcellular',
    synthetic: false,
    numClasses: 2,
    submodality: 'CET',
  },
  // In the HF release but not in the official task tables (ubench-corpus.md §0, §2.3).
  sirinukunwattana_et_al_2016: {
    task: 'colon-gland',
    taskName: 'Colon gland (unofficial)',
    group: 'neoplastic-histopathology',
    scale: 'tissue',
    synthetic: false,
    numClasses: 2,
    submodality: 'BF',
    unofficial: true,
    abnormalLabels: ['malignant'],
    normalLabels: ['benign'],
  },
  opencell: {
    task: 'opencell-localization',
    taskName: 'Protein localization (unofficial)',
    group: 'cell-type-identification',
    scale: 'subcellular',
    synthetic: false,
    numClasses: 0,
    submodality: 'EF',
    unofficial: true,
  },
};

/**
 * Held et al. 2010 rows are released with a null `dataset`; the sub-dataset is recovered from the stain
 * (`ubench-corpus.md` §5). Keys are compared after Unicode NFC normalisation.
 */
export const heldDatasetByStain: Record<string, string> = {
  'H2B-mCherry': 'held_et_al_2010_h2b',
  'GalT–EGFP': 'held_et_al_2010_galt',
  'GalT-EGFP': 'held_et_al_2010_galt',
};

/** The paper's named slices (eVLLM): the pathology set and its H&E-only subset. */
export const imageSets: { slug: string; name: string; description: string; datasets: string[] }[] = [
  {
    slug: 'pathology',
    name: 'Pathology',
    description: "The paper's pathology slice (eVLLM): hussain_2019, acevedo_2020, jung_2022, kather ×3, nirschl_2018.",
    datasets: [
      'hussain_et_al_2019',
      'acevedo_et_al_2020',
      'jung_et_al_2022',
      'kather_et_al_2016',
      'kather_et_al_2018',
      'kather_et_al_2018_val7k',
      'nirschl_et_al_2018',
    ],
  },
  {
    slug: 'pathology-he',
    name: 'Pathology (H&E only)',
    description: 'The H&E-only pathology slice (eVLLM): kather ×3 and nirschl_2018.',
    datasets: ['kather_et_al_2016', 'kather_et_al_2018', 'kather_et_al_2018_val7k', 'nirschl_et_al_2018'],
  },
];

/** Datasets the published fine-grained total leaves out (`ubench-corpus.md` §3.4). */
export const fineGrainedExclusions = ['eulenberg_et_al_2017_darkfield', 'eulenberg_et_al_2017_epifluorescence'];

/** Generic normal/abnormal rule on a label name, used where a dataset has no explicit list. */
export function normalAbnormalOf(dataset: string | null, labelNames: string[]): 'normal' | 'abnormal' | null {
  const mapping = dataset ? datasets[dataset] : undefined;
  const lower = labelNames.map((l) => l.toLowerCase());
  if (mapping?.abnormalLabels && lower.some((l) => mapping.abnormalLabels!.includes(l))) return 'abnormal';
  if (mapping?.normalLabels && lower.some((l) => mapping.normalLabels!.includes(l))) return 'normal';
  if (lower.some((l) => /(^|[_\s-])abnormal($|[_\s-])/.test(l))) return 'abnormal';
  if (lower.some((l) => /(^|[_\s-])normal($|[_\s-])/.test(l))) return 'normal';
  return null;
}

/** The curated taxonomy in the adapter's terms: groups, scales, tasks (coarse ones first), datasets, image sets. */
export const ubenchTaxonomy: CuratedTaxonomy = {
  taxonomyGroups,
  scales,
  tasks: [
    ...ubenchQuestions.coarseTypes.map((type) => ({
      slug: `coarse-${type}`,
      name: `Coarse: ${type}`,
      kind: 'coarse' as const,
      group: null,
    })),
    // one task per distinct task slug, named by its first dataset
    ...Object.values(datasets)
      .filter((d, i, all) => all.findIndex((e) => e.task === d.task) === i)
      .map((d) => ({ slug: d.task, name: d.taskName, kind: 'fine_classification' as const, group: d.group })),
  ],
  datasets: Object.fromEntries(Object.entries(datasets).map(([slug, d]) => [slug, { task: d.task, scale: d.scale }])),
  imageSets,
};
