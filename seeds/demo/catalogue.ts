import { drawBloodSmear } from './draw/blood.js';
import { drawMitochondrion, drawSbfSem } from './draw/electron.js';
import { drawChromatin, drawColocalization, drawGolgi, drawSyntheticCells } from './draw/fluorescence.js';
import { drawAmyloidIhc, drawHe } from './draw/histology.js';
import { drawPollen } from './draw/pollen.js';
import type { Drawer } from './draw/types.js';

export type Organism = { id: string; name: string };

const HUMAN: Organism = { id: 'NCBITaxon_9606', name: 'Homo sapiens' };
const MOUSE: Organism = { id: 'NCBITaxon_10090', name: 'Mus musculus' };
const TOBACCO: Organism = { id: 'NCBITaxon_4097', name: 'Nicotiana tabacum' };
const HAZEL: Organism = { id: 'NCBITaxon_13451', name: 'Corylus avellana' };
const ALDER: Organism = { id: 'NCBITaxon_3516', name: 'Alnus' };
const SYNTHETIC: Organism = { id: 'NCBITaxon_synthetic', name: 'synthetic' };

/**
 * One source dataset of the demo corpus. `slug` is a real μ-Bench source-dataset slug (a key of
 * `seeds/ubench-taxonomy.ts`), so the curated task / group / scale mapping applies to demo rows exactly as to
 * the release. Metadata values mimic the release's spelling; where ubench-corpus.md gives no value (most
 * PMIDs, some institutions) the demo uses an empty PMID or a descriptive placeholder rather than a guess.
 */
export type DemoDataset = {
  slug: string;
  /** The value of the release's `dataset` column: null for Held et al. 2010 rows, as in the release. */
  datasetColumn: string | null;
  labels: readonly string[];
  /** Question text of the `classification` question. */
  classificationQuestion: string;
  domain: string;
  subdomain: string;
  modality: string;
  submodality: string;
  stain: string;
  /** Electron micrographs have a null `stain` question in the release (the caption sets still exist). */
  stainQuestion: boolean;
  organism: Organism | ((label: string) => Organism);
  license: string;
  /** A plain name, or a stringified Python list as the release has for some datasets. */
  institution: string;
  pmid: string;
  micronsPerPixel: number;
  synthetic: boolean;
  draw: Drawer;
};

const KATHER_2018_INSTITUTIONS =
  "['National Center for Tumor Diseases Biobank, Heidelberg, Germany', 'University Medical Center Mannheim, Mannheim, Germany']";

export const demoDatasets: readonly DemoDataset[] = [
  {
    slug: 'kather_et_al_2016',
    datasetColumn: 'kather_et_al_2016',
    labels: ['adipose', 'empty', 'lympho', 'mucosa', 'stroma', 'tumor'],
    classificationQuestion: 'Which tissue type is shown in this colorectal histology image?',
    domain: 'pathology',
    subdomain: 'gastrointestinal pathology',
    modality: 'light microscopy',
    submodality: 'brightfield microscopy',
    stain: 'H&E',
    stainQuestion: true,
    organism: HUMAN,
    license: 'CC-BY-4.0',
    institution: "['University Medical Center Mannheim, Heidelberg University, Mannheim, Germany']",
    pmid: '27306927',
    micronsPerPixel: 0.495,
    synthetic: false,
    draw: drawHe,
  },
  {
    slug: 'kather_et_al_2018',
    datasetColumn: 'kather_et_al_2018',
    labels: ['background', 'normal_mucosa', 'smooth_muscle', 'tumor'],
    classificationQuestion: 'What is shown in this image?',
    domain: 'pathology',
    subdomain: 'gastrointestinal pathology',
    modality: 'light microscopy',
    submodality: 'brightfield microscopy',
    stain: 'H&E',
    stainQuestion: true,
    organism: HUMAN,
    license: 'CC-BY-4.0',
    institution: KATHER_2018_INSTITUTIONS,
    pmid: '30677016',
    micronsPerPixel: 0.5,
    synthetic: false,
    draw: drawHe,
  },
  {
    slug: 'tang_et_al_2019',
    datasetColumn: 'tang_et_al_2019',
    labels: ['caa', 'cored_plaque', 'diffuse_plaque', 'negative'],
    classificationQuestion: 'Which amyloid-β pathology is shown?',
    domain: 'pathology',
    subdomain: 'neuropathology',
    modality: 'light microscopy',
    submodality: 'brightfield microscopy',
    stain: 'IHC (DAB)',
    stainQuestion: true,
    organism: HUMAN,
    license: 'CC-BY-4.0',
    institution: 'ucsf',
    pmid: '',
    micronsPerPixel: 0.5,
    synthetic: false,
    draw: drawAmyloidIhc,
  },
  {
    slug: 'acevedo_et_al_2020',
    datasetColumn: 'acevedo_et_al_2020',
    labels: ['basophil', 'eosinophil', 'lymphocyte', 'monocyte', 'neutrophil', 'platelet'],
    classificationQuestion: 'Which type of blood cell is shown?',
    domain: 'pathology',
    subdomain: 'hematopathology',
    modality: 'light microscopy',
    submodality: 'brightfield microscopy',
    stain: 'Giemsa',
    stainQuestion: true,
    organism: HUMAN,
    license: 'CC-BY-4.0',
    institution: 'hosp_barcelona',
    pmid: '32346559',
    micronsPerPixel: 0.1,
    synthetic: false,
    draw: (label, rng, size) => drawBloodSmear(label, rng, size, false),
  },
  {
    slug: 'jung_et_al_2022',
    datasetColumn: 'jung_et_al_2022',
    labels: ['basophil', 'eosinophil', 'lymphocyte', 'monocyte', 'neutrophil'],
    classificationQuestion: 'Which type of white blood cell is shown?',
    domain: 'pathology',
    subdomain: 'hematopathology',
    modality: 'fluorescence microscopy',
    submodality: 'synthetic',
    stain: 'Giemsa',
    stainQuestion: true,
    organism: SYNTHETIC,
    license: 'CC-BY-NC-4.0',
    institution: 'catholic_univ_korea',
    pmid: '35596153',
    micronsPerPixel: 0.16,
    synthetic: true,
    draw: (label, rng, size) => drawBloodSmear(label, rng, size, true),
  },
  {
    slug: 'held_et_al_2010_h2b',
    datasetColumn: null,
    labels: ['anaphase', 'apoptosis', 'interphase', 'metaphase', 'prophase', 'telophase'],
    classificationQuestion: 'Which cell cycle phase is shown?',
    domain: 'biology',
    subdomain: 'cell biology',
    modality: 'fluorescence microscopy',
    submodality: 'epifluorescence microscopy',
    stain: 'H2B-mCherry',
    stainQuestion: true,
    organism: HUMAN,
    license: 'CC-BY-4.0',
    institution: 'embl_heidelberg',
    pmid: '20360735',
    micronsPerPixel: 0.32,
    synthetic: false,
    draw: drawChromatin,
  },
  {
    slug: 'held_et_al_2010_galt',
    datasetColumn: null,
    labels: ['diffuse', 'golgi_twin', 'interphase', 'partly_disassembled'],
    classificationQuestion: 'What is the morphology of the Golgi apparatus?',
    domain: 'biology',
    subdomain: 'cell biology',
    modality: 'fluorescence microscopy',
    submodality: 'epifluorescence microscopy',
    stain: 'GalT–EGFP',
    stainQuestion: true,
    organism: HUMAN,
    license: 'CC-BY-4.0',
    institution: 'embl_heidelberg',
    pmid: '20360735',
    micronsPerPixel: 0.32,
    synthetic: false,
    draw: drawGolgi,
  },
  {
    slug: 'burgess_et_al_2024_contour',
    datasetColumn: 'burgess_et_al_2024_contour',
    labels: ['intermediate', 'irregular_contours', 'smooth_contours'],
    classificationQuestion: 'How would you describe the cell contours?',
    domain: 'biology',
    subdomain: 'cell biology',
    modality: 'fluorescence microscopy',
    submodality: 'synthetic',
    stain: 'none',
    stainQuestion: true,
    organism: SYNTHETIC,
    license: 'CC-BY-4.0',
    institution: 'stanford_university',
    pmid: '',
    micronsPerPixel: 0.25,
    synthetic: true,
    draw: drawSyntheticCells,
  },
  {
    slug: 'colocalization_benchmark',
    datasetColumn: 'colocalization_benchmark',
    labels: ['moderate', 'strong', 'very_weak', 'weak'],
    classificationQuestion: 'How strongly do the two channels colocalize?',
    domain: 'biology',
    subdomain: 'molecular biology',
    modality: 'fluorescence microscopy',
    submodality: 'synthetic',
    stain: 'none',
    stainQuestion: true,
    organism: SYNTHETIC,
    license: 'Unknown',
    institution: 'unknown',
    pmid: '',
    micronsPerPixel: 0.1,
    synthetic: true,
    draw: drawColocalization,
  },
  {
    slug: 'wu_et_al_2023',
    datasetColumn: 'wu_et_al_2023',
    labels: ['abnormal', 'normal'],
    classificationQuestion: 'Is the mitochondrial morphology normal or abnormal?',
    domain: 'biology',
    subdomain: 'cell biology',
    modality: 'electron microscopy',
    submodality: 'cryo-electron tomography',
    stain: 'none',
    stainQuestion: false,
    organism: HUMAN,
    license: 'CC0-1.0',
    institution: 'stanford_university',
    pmid: '',
    micronsPerPixel: 0.004,
    synthetic: false,
    draw: drawMitochondrion,
  },
  {
    slug: 'empiar_sbfsem',
    datasetColumn: 'empiar_sbfsem',
    labels: ['cardiac_muscle', 'hela_metaphase', 'tobacco_leaf_chloroplast'],
    classificationQuestion: 'Which organism or structure is shown in this electron micrograph?',
    domain: 'biology',
    subdomain: 'cell biology',
    modality: 'electron microscopy',
    submodality: 'serial block-face scanning electron microscopy',
    stain: 'none',
    stainQuestion: false,
    organism: (label) => (label === 'cardiac_muscle' ? MOUSE : label === 'tobacco_leaf_chloroplast' ? TOBACCO : HUMAN),
    license: 'CC0-1.0',
    institution: 'embl_ebi',
    pmid: '',
    micronsPerPixel: 0.05,
    synthetic: false,
    draw: drawSbfSem,
  },
  {
    slug: 'icpr2020_pollen',
    datasetColumn: 'icpr2020_pollen',
    labels: ['alnus_normal', 'corylus_avellana_abnormal', 'corylus_avellana_normal'],
    classificationQuestion: 'Which pollen grain is shown, and is it normal?',
    domain: 'biology',
    subdomain: 'botany',
    modality: 'light microscopy',
    submodality: 'brightfield microscopy',
    stain: 'none',
    stainQuestion: true,
    organism: (label) => (label.startsWith('alnus') ? ALDER : HAZEL),
    license: 'CC-BY-NC-SA-4.0',
    institution: 'univ_catania',
    pmid: '',
    micronsPerPixel: 0.25,
    synthetic: false,
    draw: drawPollen,
  },
];

/** The corpus-wide ClassLabel names: every demo label once, sorted (the release has one global list). */
export const demoLabelNames: readonly string[] = [...new Set(demoDatasets.flatMap((d) => d.labels))].sort();

export function organismOf(d: DemoDataset, label: string): Organism {
  return typeof d.organism === 'function' ? d.organism(label) : d.organism;
}
