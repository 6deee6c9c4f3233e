import type { QuestionType } from '../../db/schema/index.js';
import { rowIssues } from '../issues.js';
import type {
  BenchmarkAdapter,
  NormalizedQuestion,
  QuestionCatalogue,
  RawRow,
  RowContext,
  RowOutcome,
} from '../types.js';
import { parseIndex, stringList, textReader } from '../values.js';

/**
 * A small second benchmark that proves the seam: colour-identification micrographs from two source datasets, in a
 * column layout of its own (flat binary `picture`, `collection`, `technique`, `marker`, `truth`, `choices`,
 * `truth_idx`, …; no caption or question structs). Its caption sets are built here from `choices` with the two
 * templates below; the fine-grained question is the VQA `classification`. Tests import it beside μ-Bench.
 */
const requiredColumns = [
  'uid',
  'picture',
  'collection',
  'field',
  'technique',
  'marker',
  'taxon_id',
  'taxon_name',
  'truth',
  'choices',
  'truth_idx',
] as const;

/** Caption templates `classification_0` / `classification_1`; `{class}` is each choice. */
export const toyCaptionTemplates = ['A photo of {class} cells.', 'A micrograph of {class} cells.'] as const;
const QUESTION = 'Which colour are the cells in this micrograph?';
const NONE = 'none of the above';

const toyQuestions = {
  types: ['classification'],
  coarseTypes: [],
  officialTemplate: 1,
} as const satisfies QuestionCatalogue;

const datasets = {
  toy_primary: { task: 'toy-colour', scale: 'cellular' },
  toy_mixed: { task: 'toy-colour', scale: 'cellular' },
} as const;

function normalizeRow(raw: RawRow, ctx: RowContext): RowOutcome {
  const id = typeof raw.uid === 'string' ? raw.uid.trim() : null;
  const { corrections, issue, correct } = rowIssues(ctx, id || null);
  const skip = (code: string, field: string, message: string): RowOutcome => ({
    kind: 'skip',
    issue: issue(code, field, message),
    corrections: [],
  });
  const { text, finish } = textReader(raw);
  if (!id) return skip('MISSING_VALUE', 'uid', '`uid` is null or empty');
  const bytes = raw.picture instanceof Uint8Array && raw.picture.length > 0 ? raw.picture : null;
  if (!bytes) return skip('MISSING_VALUE', 'picture', '`picture` is null or empty');
  const truth = text('truth');
  if (!truth) return skip('MISSING_VALUE', 'truth', '`truth` is null or empty');
  const domain = text('field');
  if (!domain) return skip('MISSING_VALUE', 'field', '`field` is null or empty');
  const modality = text('technique');
  if (!modality) return skip('MISSING_VALUE', 'technique', '`technique` is null or empty');
  const dataset = text('collection');
  if (!dataset) correct('DATASET_MISSING', 'collection', 'null collection: landed without a source dataset');
  const curated = dataset && dataset in datasets ? datasets[dataset as keyof typeof datasets] : null;
  if (dataset && !curated) {
    correct('DATASET_NOT_IN_MAPPING', 'collection', `collection "${dataset}" is not in the toy mapping`);
  }
  const choices = stringList(raw.choices)?.map((c) => c.normalize('NFC').trim());
  const { index } = parseIndex(raw.truth_idx);
  const questions: NormalizedQuestion[] = [];
  if (choices && index !== null && index >= 0 && index < choices.length) {
    const options = [...choices, NONE];
    const base = { sourceQuestionId: null, type: 'classification' as QuestionType, name: 'classification' };
    toyCaptionTemplates.forEach((template, k) => {
      const rendered = options.map((o) => (o === NONE ? o : template.replace('{class}', o)));
      questions.push({
        ...base,
        key: `classification_${k}`,
        protocol: 'caption',
        template: k,
        text: template,
        options: rendered,
        answerIndex: index,
        answer: rendered[index]!,
      });
    });
    questions.push({
      ...base,
      key: 'classification',
      protocol: 'vqa',
      template: null,
      text: QUESTION,
      options,
      answerIndex: index,
      answer: options[index]!,
    });
  } else {
    correct('QUESTION_DROPPED', 'truth_idx', `truth_idx ${String(raw.truth_idx)} of ${choices?.length ?? 0} choices`);
  }
  const taxonId = text('taxon_id');
  const umPerPx = raw.um_per_px;
  const marker = text('marker');
  finish(correct);
  return {
    kind: 'ok',
    corrections,
    row: {
      sourceImageId: id,
      imageBytes: bytes,
      labelNames: [truth],
      labelIndex: null,
      dataset,
      scale: curated?.scale ?? null,
      normalAbnormal: null,
      domain,
      subdomain: text('area'),
      modality,
      submodality: text('method'),
      stain: marker,
      organism: taxonId ? { ncbitaxonId: taxonId, name: text('taxon_name') ?? taxonId } : null,
      institutions: [],
      license: text('licence'),
      pmid: null,
      micronsPerPixel: typeof umPerPx === 'number' && Number.isFinite(umPerPx) ? umPerPx : null,
      split: 'test',
      synthetic: true,
      bbox: null,
      polygon: null,
      questions,
    },
  };
}

/** The toy benchmark (`toy`): two datasets, one task, no presets, no published table. */
export const toy = {
  key: 'toy',
  name: 'Toy colour benchmark',
  source: 'generated (tests)',
  release: { requiredColumns, hubConfig: null, correctionCodes: {}, normalizeRow },
  taxonomy: {
    taxonomyGroups: { 'toy-colour-identification': 'Toy: colour identification' },
    scales: [{ slug: 'cellular', name: 'cellular', rank: 2 }],
    tasks: [
      { slug: 'toy-colour', name: 'Toy: cell colour', kind: 'fine_classification', group: 'toy-colour-identification' },
    ],
    datasets,
    imageSets: [
      {
        slug: 'toy-primary',
        name: 'Toy primary colours',
        description: 'The toy_primary dataset.',
        datasets: ['toy_primary'],
      },
    ],
  },
  questions: toyQuestions,
  presets: {},
  reference: null,
} as const satisfies BenchmarkAdapter;
