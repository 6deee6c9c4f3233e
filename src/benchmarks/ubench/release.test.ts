import { describe, expect, it } from 'vitest';
import { canonicalKey, slugify } from '../../importer/taxonomy-resolver.js';
import { makeReleaseRow, type ReleaseRow } from '../../test-utils/release-writer.js';
import type { RowOutcome } from '../types.js';
import { normalizeRow, parsePythonStringList } from './release.js';

const bytes = new Uint8Array([1, 2, 3]);
const ctx = { file: 'f.arrow', row: 7, labelNames: ['basophil', 'lymphocyte', 'neutrophil'] };
const norm = (row: ReleaseRow): RowOutcome => normalizeRow(row as unknown as Record<string, unknown>, ctx);
const ok = (o: RowOutcome) => {
  if (o.kind !== 'ok') throw new Error(`expected ok, got ${o.issue.message}`);
  return o;
};

describe('parsePythonStringList', () => {
  it('parses single- and double-quoted items, escapes and trailing commas', () => {
    expect(parsePythonStringList(`['a, b', 'c']`)).toEqual(['a, b', 'c']);
    expect(parsePythonStringList(`["B's lab", 'x\\'y']`)).toEqual(["B's lab", "x'y"]);
    expect(parsePythonStringList(`['a',]`)).toEqual(['a']);
    expect(parsePythonStringList(`[]`)).toEqual([]);
  });
  it('returns null for anything else', () => {
    expect(parsePythonStringList('hosp_barcelona')).toBeNull();
    expect(parsePythonStringList(`['a' 'b']`)).toBeNull();
    expect(parsePythonStringList(`['a'`)).toBeNull();
    expect(parsePythonStringList(`[1, 2]`)).toBeNull();
  });
});

describe('slugify', () => {
  it('gives URL-safe slugs that fold dash variants together', () => {
    expect(slugify('GalT–EGFP')).toBe('galt-egfp');
    expect(slugify('GalT-EGFP')).toBe('galt-egfp');
    expect(slugify('H&E')).toBe('h-e');
    expect(slugify('Mayer’s hématoxylin')).toBe('mayer-s-hematoxylin');
    expect(slugify('***')).toBe('x');
  });
});

describe('canonicalKey', () => {
  it('folds case, spaces, hyphens and Unicode dashes into one key', () => {
    const key = canonicalKey('serial blockface scanning electron microscopy');
    expect(canonicalKey('Serial block-face scanning electron microscopy')).toBe(key);
    expect(canonicalKey('serial  block\u2010face scanning electron microscopy')).toBe(key);
    expect(canonicalKey('GalT\u2013EGFP')).toBe(canonicalKey('galt egfp'));
    expect(canonicalKey('H&E')).not.toBe(canonicalKey('H2B'));
  });
});

describe('normalizeRow', () => {
  it('maps a clean row with no corrections beyond string caption indices', () => {
    const o = ok(norm(makeReleaseRow(0, bytes)));
    expect(o.corrections.map((c) => c.code)).toEqual(['ANSWER_IDX_STRING']);
    expect(o.row).toMatchObject({
      sourceImageId: makeReleaseRow(0, bytes).image_id,
      labelNames: ['basophil'],
      labelIndex: 0,
      dataset: 'acevedo_et_al_2020',
      scale: 'cellular',
      normalAbnormal: null,
      modality: 'light microscopy',
      organism: { ncbitaxonId: 'NCBITaxon_9606', name: 'Homo sapiens' },
      institutions: ['hosp_barcelona'],
    });
    expect(o.row.questions).toHaveLength(18);
    expect(o.row.questions.find((q) => q.key === 'modality_1')).toEqual({
      key: 'modality_1',
      sourceQuestionId: expect.any(String),
      type: 'modality',
      protocol: 'caption',
      template: 1,
      name: 'modality',
      text: 'An image showing {class}.',
      options: [
        'An image showing light microscopy.',
        'An image showing fluorescence microscopy.',
        'An image showing electron microscopy.',
        'none of the above',
      ],
      answerIndex: 0,
      answer: 'An image showing light microscopy.',
    });
  });

  it('reports the correction message with file, row and image id', () => {
    const row = makeReleaseRow(1, bytes, { label: 2 });
    const o = ok(norm(row));
    expect(o.corrections.find((c) => c.code === 'LABEL_NAME_WINS')).toEqual({
      file: 'f.arrow',
      row: 7,
      sourceImageId: row.image_id,
      code: 'LABEL_NAME_WINS',
      field: 'label',
      message: `f.arrow row 7 (image_id ${row.image_id}): label 2 is "neutrophil" but label_name is "lymphocyte"; label_name wins`,
    });
    expect(o.row.labelNames).toEqual(['lymphocyte']);
  });

  it('prefers the answer text over a disagreeing VQA answer_idx, and drops questions with no usable gold', () => {
    const row = makeReleaseRow(0, bytes);
    row.questions.domain = { ...row.questions.domain!, answer_idx: 1 };
    row.questions.stain = { ...row.questions.stain!, answer: 'nope', answer_idx: 9 };
    row.captions.domain_0 = { ...row.captions.domain_0!, answer_idx: 'x' };
    const o = ok(norm(row));
    expect(o.row.questions.find((q) => q.key === 'domain')).toMatchObject({ answerIndex: 0, answer: 'pathology' });
    expect(o.row.questions.map((q) => q.key)).not.toContain('stain');
    expect(o.row.questions.map((q) => q.key)).not.toContain('domain_0');
    expect(o.corrections.map((c) => [c.code, c.message.replace(/^.*?\): /, '')])).toEqual([
      ['ANSWER_IDX_FROM_ANSWER', 'answer_idx 1 but "pathology" is option 0; using 0'],
      ['ANSWER_IDX_STRING', 'string answer_idx parsed as integer'],
      [
        'QUESTION_DROPPED',
        'left out: captions.domain_0 (answer_idx x of 3 options); questions.stain (answer_idx 9 of 3 options)',
      ],
    ]);
  });

  it('skips null questions and caption sets silently', () => {
    const row = makeReleaseRow(0, bytes);
    row.questions.stain = null;
    row.captions.stain_0 = null;
    row.captions.stain_1 = null;
    const o = ok(norm(row));
    expect(o.row.questions).toHaveLength(15);
    expect(o.corrections.map((c) => c.code)).toEqual(['ANSWER_IDX_STRING']);
  });

  it('recovers Held datasets from the stain (en dash or hyphen) and reports unmapped or missing datasets', () => {
    const held = ok(norm(makeReleaseRow(0, bytes, { dataset: null, stain: 'GalT–EGFP' })));
    expect(held.row).toMatchObject({ dataset: 'held_et_al_2010_galt', stain: 'GalT–EGFP', scale: 'subcellular' });
    expect(held.corrections.map((c) => c.code)).toContain('DATASET_FROM_STAIN');
    const missing = ok(norm(makeReleaseRow(0, bytes, { dataset: null, stain: 'Giemsa' })));
    expect(missing.row.dataset).toBeNull();
    expect(missing.corrections.map((c) => c.code)).toContain('DATASET_MISSING');
    const unmapped = ok(norm(makeReleaseRow(0, bytes, { dataset: 'someone_2030' })));
    expect(unmapped.row).toMatchObject({ dataset: 'someone_2030', scale: null });
    expect(unmapped.corrections.map((c) => c.code)).toContain('DATASET_NOT_IN_MAPPING');
  });

  it('normalises text to NFC, empty strings to null, and parses institution lists', () => {
    const o = ok(norm(makeReleaseRow(0, bytes, { stain: 'he\u0301matoxylin', pmid: '', institution: `['A', 'B']` })));
    expect(o.row).toMatchObject({ stain: 'h\u00e9matoxylin', pmid: null, institutions: ['A', 'B'] });
    expect(o.corrections.map((c) => [c.code, c.field])).toEqual([
      ['INSTITUTION_LIST_PARSED', 'institution'],
      ['ANSWER_IDX_STRING', 'answer_idx'],
      ['UNICODE_NORMALISED', 'stain'],
      ['EMPTY_STRING_AS_NULL', 'pmid'],
    ]);
  });

  it('skips rows with unknown taxonomy values or missing required values', () => {
    const reason = (o: RowOutcome) =>
      o.kind === 'skip' ? [o.issue.code, o.issue.field, o.issue.message.replace(/^.*?\): /, '')] : null;
    expect(reason(norm(makeReleaseRow(0, bytes, { modality: 'sound microscopy' })))).toEqual([
      'UNKNOWN_TAXONOMY_VALUE',
      'modality',
      'unknown modality "sound microscopy" (known: light microscopy, fluorescence microscopy, electron microscopy)',
    ]);
    expect(reason(norm(makeReleaseRow(0, bytes, { ncbitaxon_id: 'human' })))).toEqual([
      'UNKNOWN_TAXONOMY_VALUE',
      'ncbitaxon_id',
      'unknown organism id "human" (expected NCBITaxon_<number> or NCBITaxon_synthetic)',
    ]);
    expect(reason(norm(makeReleaseRow(0, bytes, { label_name: '  ' })))).toEqual([
      'MISSING_VALUE',
      'label_name',
      '`label_name` is null or empty',
    ]);
    expect(reason(norm(makeReleaseRow(0, new Uint8Array(0))))).toEqual([
      'MISSING_VALUE',
      'image',
      '`image.bytes` is null or empty',
    ]);
  });
});
