import { demoDatasets, demoLabelNames, organismOf, type DemoDataset } from './catalogue.js';
import type { DrawnImage } from './draw/types.js';
import { Rng } from './rng.js';
import { questionTypes, type QuestionType } from './schema.js';

export const NONE_OF_THE_ABOVE = 'none of the above';
/** The eval code letters options A–H, so a question has at most 8 options (the last is "none of the above"). */
export const MAX_OPTIONS = 8;

export type Caption = {
  id: string;
  name: string;
  question: string;
  answer_idx: string;
  options: string[];
  tags: null;
};

export type Question = {
  question: string;
  options: string[];
  answer: string;
  answer_idx: bigint;
  id: string;
  name: string;
  tags: null;
};

/** One row of the release, column for column (`image.bytes` filled in after encoding). */
export type ReleaseRow = {
  image_id: string;
  image: { bytes: Uint8Array; path: string };
  label: bigint;
  label_name: string;
  dataset: string | null;
  domain: string;
  institution: string;
  license: string;
  microns_per_pixel: number;
  modality: string;
  ncbitaxon_id: string;
  ncbitaxon_name: string;
  pmid: string;
  split: string;
  stain: string;
  subdomain: string;
  submodality: string;
  synthetic: boolean;
  captions: Record<string, Caption | null>;
  questions: Record<QuestionType, Question | null>;
  bbox: number[][] | null;
  polygon: number[][] | null;
};

/** Question texts (VQA protocol) per type; `classification` is per dataset. */
const coarseQuestions: Record<Exclude<QuestionType, 'classification'>, string> = {
  domain: 'Which scientific domain does this image belong to?',
  modality: 'Which imaging modality was used to acquire this image?',
  stain: 'Which stain or marker is shown?',
  subdomain: 'Which subdomain does this image belong to?',
  submodality: 'Which specific microscopy technique was used?',
};

/** The two caption templates (contrastive protocol) per type; `{class}` is replaced by each option. */
export const captionTemplates: Record<QuestionType, [string, string]> = {
  classification: ['A micrograph showing {class}.', 'A microscopy image of {class}.'],
  domain: ['A micrograph from the field of {class}.', 'An image used in {class}.'],
  modality: ['A micrograph acquired through {class}.', 'A microscopy image obtained using {class}.'],
  stain: ['A micrograph stained with {class}.', 'A microscopy image showing {class} staining.'],
  subdomain: ['A micrograph relevant to {class}.', 'An image from the subfield of {class}.'],
  submodality: ['A micrograph acquired through {class}.', 'An image captured with {class}.'],
};

type Axis = Exclude<QuestionType, 'classification'>;
const axisValue: Record<Axis, (d: DemoDataset) => string> = {
  domain: (d) => d.domain,
  modality: (d) => d.modality,
  stain: (d) => d.stain,
  subdomain: (d) => d.subdomain,
  submodality: (d) => d.submodality,
};

/** Every value of each coarse axis in the demo corpus: the answer pool for coarse questions. */
const axisPools: Record<Axis, string[]> = Object.fromEntries(
  (Object.keys(axisValue) as Axis[]).map((axis) => [axis, [...new Set(demoDatasets.map(axisValue[axis]))].sort()]),
) as Record<Axis, string[]>;

const labelIndex = new Map(demoLabelNames.map((name, i) => [name, i]));

/** Which dataset and class row `index` holds: datasets round-robin, classes round-robin within each (balanced). */
export function rowPlan(index: number): { dataset: DemoDataset; label: string } {
  const dataset = demoDatasets[index % demoDatasets.length]!;
  const label = dataset.labels[Math.floor(index / demoDatasets.length) % dataset.labels.length]!;
  return { dataset, label };
}

/** Gold plus up to MAX_OPTIONS − 2 distractors from `pool`, shuffled, then "none of the above". */
function optionsFor(rng: Rng, gold: string, pool: readonly string[]): string[] {
  const distractors = rng.shuffle(pool.filter((v) => v !== gold)).slice(0, MAX_OPTIONS - 2);
  return [...rng.shuffle([gold, ...distractors]), NONE_OF_THE_ABOVE];
}

function captionText(type: QuestionType, template: string, option: string): string {
  if (option === NONE_OF_THE_ABOVE) return option;
  // Class names are written as words in captions (`normal_mucosa` → "normal mucosa").
  const text = type === 'classification' ? option.replace(/_/g, ' ') : option;
  return template.replace('{class}', text);
}

/**
 * Builds row `index` of corpus `seed`: metadata, questions and caption sets (ids and option orders from the
 * row's own random stream) and the drawn image. Deterministic in (seed, index, imageSize) only.
 */
export function buildRow(seed: number, index: number, imageSize: number): { row: ReleaseRow; drawn: DrawnImage } {
  const { dataset: d, label } = rowPlan(index);
  const meta = new Rng(seed, index, 'meta');
  const drawn = d.draw(label, new Rng(seed, index, 'image'), imageSize);
  const imageId = meta.uuid();
  const organism = organismOf(d, label);
  const questions = {} as Record<QuestionType, Question | null>;
  const captions: Record<string, Caption | null> = {};
  for (const type of questionTypes) {
    const gold = type === 'classification' ? label : axisValue[type](d);
    const pool = type === 'classification' ? d.labels : axisPools[type];
    const options = optionsFor(meta, gold, pool);
    const answerIdx = options.indexOf(gold);
    const questionId = meta.uuid();
    const captionId = meta.uuid();
    questions[type] =
      type === 'stain' && !d.stainQuestion
        ? null
        : {
            question: type === 'classification' ? d.classificationQuestion : coarseQuestions[type],
            options,
            answer: gold,
            answer_idx: BigInt(answerIdx),
            id: questionId,
            name: type,
            tags: null,
          };
    captionTemplates[type].forEach((template, k) => {
      captions[`${type}_${k}`] = {
        id: captionId,
        name: type,
        question: template,
        answer_idx: String(answerIdx),
        options: options.map((o) => captionText(type, template, o)),
        tags: null,
      };
    });
  }
  const row: ReleaseRow = {
    image_id: imageId,
    image: { bytes: new Uint8Array(0), path: `${imageId}.${drawn.format === 'jpeg' ? 'jpg' : 'png'}` },
    label: BigInt(labelIndex.get(label)!),
    label_name: label,
    dataset: d.datasetColumn,
    domain: d.domain,
    institution: d.institution,
    license: d.license,
    microns_per_pixel: d.micronsPerPixel,
    modality: d.modality,
    ncbitaxon_id: organism.id,
    ncbitaxon_name: organism.name,
    pmid: d.pmid,
    split: 'test',
    stain: d.stain,
    subdomain: d.subdomain,
    submodality: d.submodality,
    synthetic: d.synthetic,
    captions,
    questions,
    bbox: drawn.bbox ?? null,
    polygon: drawn.polygon ?? null,
  };
  return { row, drawn };
}
