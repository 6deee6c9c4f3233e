import type { QuestionType } from '../../db/schema/index.js';
import { rowIssues } from '../issues.js';
import type { NormalizedQuestion, NormalizedRow, RawRow, ReleaseLayout, RowContext, RowOutcome } from '../types.js';
import { parseIndex, stringList, textReader } from '../values.js';
import { ubenchQuestions } from './questions.js';
import { datasets, heldDatasetByStain, normalAbnormalOf } from './taxonomy.js';

/**
 * Columns a release file must have; `label`, `bbox` and `polygon` are optional (`label` is checked against
 * `label_name` when present; older revisions had `instances` instead of `bbox`/`polygon`).
 */
export const requiredColumns = [
  'image_id',
  'image',
  'label_name',
  'dataset',
  'domain',
  'institution',
  'license',
  'microns_per_pixel',
  'modality',
  'ncbitaxon_id',
  'ncbitaxon_name',
  'pmid',
  'split',
  'stain',
  'subdomain',
  'submodality',
  'synthetic',
  'captions',
  'questions',
] as const;

/**
 * The closed modality vocabulary: the three values of the release, which are also the three options of every
 * modality caption (`ubench-corpus.md` §1.2). Any other `modality` is an unknown taxonomy value.
 */
export const knownModalities = ['light microscopy', 'fluorescence microscopy', 'electron microscopy'] as const;

const NCBITAXON_ID = /^NCBITaxon_(\d+|synthetic)$/;

/** Corrections only μ-Bench's release needs (the generic ones are in `../issues.ts`). */
export const ubenchCorrectionCodes = {
  DATASET_FROM_STAIN: 'null `dataset` (Held et al. 2010 rows) recovered from the stain',
  INSTITUTION_LIST_PARSED: '`institution` was a stringified Python list; parsed into a list',
  INSTITUTION_LIST_UNPARSED: '`institution` looked like a list but did not parse; kept as one string',
} as const;

/** Parses a stringified Python list of strings (`['a', "b's"]`); null when it is not one. */
export function parsePythonStringList(text: string): string[] | null {
  const s = text.trim();
  if (!s.startsWith('[') || !s.endsWith(']')) return null;
  const out: string[] = [];
  let i = 1;
  const skipSpace = () => {
    while (i < s.length && /\s/.test(s[i]!)) i++;
  };
  skipSpace();
  if (s[i] === ']') return i === s.length - 1 ? [] : null;
  for (;;) {
    skipSpace();
    const quote = s[i];
    if (quote !== "'" && quote !== '"') return null;
    i++;
    let value = '';
    while (i < s.length && s[i] !== quote) {
      if (s[i] === '\\' && i + 1 < s.length) {
        const next = s[i + 1]!;
        value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
        i += 2;
      } else {
        value += s[i];
        i++;
      }
    }
    if (i >= s.length) return null;
    i++;
    out.push(value);
    skipSpace();
    if (s[i] === ',') {
      i++;
      skipSpace();
      if (s[i] === ']') break; // trailing comma
      continue;
    }
    if (s[i] === ']') break;
    return null;
  }
  return i === s.length - 1 ? out : null;
}

/**
 * Normalises one released row: applies every quirk of `ubench-corpus.md` §5 and returns the corrections made,
 * or the reason the row must be skipped. Pure: no database, no image decoding (see `image-info.ts`).
 */
export function normalizeRow(raw: RawRow, ctx: RowContext): RowOutcome {
  const rawId = typeof raw.image_id === 'string' ? raw.image_id.trim() : null;
  const { corrections, issue, correct } = rowIssues(ctx, rawId || null);
  const skip = (code: string, field: string | null, message: string): RowOutcome => ({
    kind: 'skip',
    issue: issue(code, field, message),
    corrections: [],
  });
  const { text, finish } = textReader(raw);

  if (!rawId) return skip('MISSING_VALUE', 'image_id', '`image_id` is null or empty');
  const image = raw.image as { bytes?: unknown } | null;
  const bytes = image && image.bytes instanceof Uint8Array ? image.bytes : null;
  if (!bytes || bytes.length === 0) return skip('MISSING_VALUE', 'image', '`image.bytes` is null or empty');

  const labelName = text('label_name');
  if (!labelName) return skip('MISSING_VALUE', 'label_name', '`label_name` is null or empty');
  const domain = text('domain');
  if (!domain) return skip('MISSING_VALUE', 'domain', '`domain` is null or empty');
  const modality = text('modality');
  if (!modality) return skip('MISSING_VALUE', 'modality', '`modality` is null or empty');
  if (!(knownModalities as readonly string[]).includes(modality.toLowerCase())) {
    return skip(
      'UNKNOWN_TAXONOMY_VALUE',
      'modality',
      `unknown modality "${modality}" (known: ${knownModalities.join(', ')})`,
    );
  }
  const ncbitaxonId = text('ncbitaxon_id');
  const ncbitaxonName = text('ncbitaxon_name');
  if (ncbitaxonId && !NCBITAXON_ID.test(ncbitaxonId)) {
    return skip(
      'UNKNOWN_TAXONOMY_VALUE',
      'ncbitaxon_id',
      `unknown organism id "${ncbitaxonId}" (expected NCBITaxon_<number> or NCBITaxon_synthetic)`,
    );
  }

  const stain = text('stain');
  let dataset = text('dataset');
  if (!dataset) {
    const recovered = stain ? heldDatasetByStain[stain] : undefined;
    if (recovered) {
      dataset = recovered;
      correct('DATASET_FROM_STAIN', 'dataset', `null dataset recovered as "${recovered}" from stain "${stain}"`);
    } else {
      correct('DATASET_MISSING', 'dataset', `null dataset, and stain "${stain ?? ''}" does not identify one`);
    }
  }
  const mapped = dataset !== null && dataset in datasets;
  if (dataset && !mapped) {
    correct(
      'DATASET_NOT_IN_MAPPING',
      'dataset',
      `dataset "${dataset}" is not in the μ-Bench mapping (src/benchmarks/ubench/taxonomy.ts): no task, taxonomy group or scale`,
    );
  }

  let institutions: string[] = [];
  const institution = text('institution');
  if (institution) {
    if (institution.startsWith('[')) {
      const parsed = parsePythonStringList(institution);
      if (parsed) {
        institutions = parsed.map((s) => s.normalize('NFC').trim()).filter((s) => s !== '');
        correct(
          'INSTITUTION_LIST_PARSED',
          'institution',
          `stringified list parsed into ${institutions.length} institutions`,
        );
      } else {
        institutions = [institution];
        correct('INSTITUTION_LIST_UNPARSED', 'institution', 'looks like a list but does not parse; kept as one string');
      }
    } else {
      institutions = [institution];
    }
  }

  let labelIndex: number | null = null;
  if (typeof raw.label === 'number' && Number.isInteger(raw.label)) {
    labelIndex = raw.label;
    const names = ctx.labelNames;
    if (names) {
      const named = names[labelIndex];
      if (named === undefined || named.normalize('NFC') !== labelName) {
        correct(
          'LABEL_NAME_WINS',
          'label',
          `label ${labelIndex} is "${named ?? 'out of range'}" but label_name is "${labelName}"; label_name wins`,
        );
      }
    }
  }

  const mpp = raw.microns_per_pixel;
  const micronsPerPixel = typeof mpp === 'number' && Number.isFinite(mpp) ? mpp : null;

  const questions: NormalizedQuestion[] = [];
  let answerIdxString = false;
  const dropped: string[] = [];
  const captions = raw.captions && typeof raw.captions === 'object' ? (raw.captions as Record<string, unknown>) : {};
  for (const [key, value] of Object.entries(captions)) {
    if (value === null || typeof value !== 'object') continue; // null caption sets are not errors
    const m = /^(.+)_(\d+)$/.exec(key);
    const type = m?.[1] as QuestionType | undefined;
    if (!m || !type || !(ubenchQuestions.types as readonly string[]).includes(type)) {
      dropped.push(`captions.${key} (unknown type)`);
      continue;
    }
    const v = value as Record<string, unknown>;
    const options = stringList(v.options);
    const { index, wasString } = parseIndex(v.answer_idx);
    if (wasString) answerIdxString = true;
    const template = text(`captions.${key}.question`, v.question);
    if (!options || index === null || index < 0 || index >= options.length || !template) {
      dropped.push(`captions.${key} (answer_idx ${String(v.answer_idx)} of ${options?.length ?? 0} options)`);
      continue;
    }
    const opts = options.map((o) => o.normalize('NFC'));
    questions.push({
      key,
      sourceQuestionId: text(`captions.${key}.id`, v.id),
      type,
      protocol: 'caption',
      template: Number(m[2]),
      name: text(`captions.${key}.name`, v.name),
      text: template,
      options: opts,
      answerIndex: index,
      answer: opts[index] ?? null,
    });
  }
  const vqa = raw.questions && typeof raw.questions === 'object' ? (raw.questions as Record<string, unknown>) : {};
  for (const [key, value] of Object.entries(vqa)) {
    if (value === null || typeof value !== 'object') continue; // e.g. `stain` of electron micrographs
    const type = (/^cognition_\d+$/.test(key) ? 'cognition' : key) as QuestionType;
    if (!(ubenchQuestions.types as readonly string[]).includes(type)) {
      dropped.push(`questions.${key} (unknown type)`);
      continue;
    }
    const v = value as Record<string, unknown>;
    const options = stringList(v.options)?.map((o) => o.normalize('NFC')) ?? null;
    const parsed = parseIndex(v.answer_idx);
    if (parsed.wasString) answerIdxString = true;
    let index = parsed.index;
    const answer = text(`questions.${key}.answer`, v.answer);
    const question = text(`questions.${key}.question`, v.question);
    if (options && answer !== null) {
      const byAnswer = options.indexOf(answer);
      if (byAnswer >= 0 && byAnswer !== index) {
        correct(
          'ANSWER_IDX_FROM_ANSWER',
          `questions.${key}.answer_idx`,
          `answer_idx ${String(v.answer_idx)} but "${answer}" is option ${byAnswer}; using ${byAnswer}`,
        );
        index = byAnswer;
      }
    }
    if (!options || index === null || index < 0 || index >= options.length || !question) {
      dropped.push(`questions.${key} (answer_idx ${String(v.answer_idx)} of ${options?.length ?? 0} options)`);
      continue;
    }
    questions.push({
      key,
      sourceQuestionId: text(`questions.${key}.id`, v.id),
      type,
      protocol: 'vqa',
      template: null,
      name: text(`questions.${key}.name`, v.name),
      text: question,
      options,
      answerIndex: index,
      answer: answer ?? options[index] ?? null,
    });
  }
  if (answerIdxString) correct('ANSWER_IDX_STRING', 'answer_idx', 'string answer_idx parsed as integer');
  if (dropped.length) correct('QUESTION_DROPPED', 'questions', `left out: ${dropped.join('; ')}`);

  const row: NormalizedRow = {
    sourceImageId: rawId,
    imageBytes: bytes,
    labelNames: [labelName],
    labelIndex,
    dataset,
    scale: dataset && mapped ? datasets[dataset]!.scale : null,
    normalAbnormal: normalAbnormalOf(dataset, [labelName]),
    domain,
    subdomain: text('subdomain'),
    modality: modality.toLowerCase(),
    submodality: text('submodality'),
    stain,
    organism: ncbitaxonId ? { ncbitaxonId, name: ncbitaxonName ?? ncbitaxonId } : null,
    institutions,
    license: text('license'),
    pmid: text('pmid'),
    micronsPerPixel,
    split: text('split') ?? 'test',
    synthetic: raw.synthetic === true,
    bbox: Array.isArray(raw.bbox) ? (raw.bbox as number[][]) : null,
    polygon: Array.isArray(raw.polygon) ? (raw.polygon as unknown[]) : null,
    questions,
  };
  finish(correct);
  return { kind: 'ok', row, corrections };
}

/** μ-Bench's release layout (Hub `jnirschl/uBench`, `perception/0.1.0`). */
export const ubenchRelease: ReleaseLayout = {
  requiredColumns,
  hubConfig: 'perception/0.1.0',
  correctionCodes: ubenchCorrectionCodes,
  normalizeRow,
};
