import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDb, testDriver, type TestDb } from '../test-utils/db.js';
import { models, modelVersions, predictions, runs } from '../db/schema/index.js';
import { listResultCounts, recountResultCounts } from '../db/queries/results.js';
import { createResultsCorpus, type ResultsCorpus } from '../test-utils/results-fixtures.js';
import { computeResults } from '../results/service.js';
import { GENERATIVE_PROMPT_TEMPLATE, importPredictions, type ImportProgress } from './import.js';

describe(`importPredictions (${testDriver})`, () => {
  let t: TestDb;
  let c: ResultsCorpus;
  beforeAll(async () => {
    t = await createTestDb();
    c = await createResultsCorpus(t.db);
  });
  afterAll(async () => t?.destroy());

  it('imports GPT-4o-style generative text with the letter rule, reporting bad rows by line', async () => {
    // fixture question 0: modality of image 0, options light/fluorescence/electron/none, gold A ("A) light microscopy")
    // question 1: classification of image 0 (tumor), options tumor/other/none, gold A
    const q = c.questions;
    const lines = [
      JSON.stringify({ question_id: q[0]!.id, output: 'A' }),
      JSON.stringify({ question_id: q[1]!.id, output: 'The answer is A) tumor.' }),
      JSON.stringify({ question_id: q[2]!.id, output: 'a' }), // lower case: wrong
      '{"question_id": 999999, "output": "A"}', // unknown
      '{not json', // malformed
      '',
      JSON.stringify({ question_id: q[0]!.id, output: 'B' }), // duplicate of line 1
      JSON.stringify({ question_uuid: '10000000-0000-4000-8000-000000000002', key: 'modality', output: '' }), // empty: wrong
      JSON.stringify({ question_uuid: '20000000-0000-4000-8000-000000000002', output: 'A' }), // uuid without key
      JSON.stringify({ question_id: q[3]!.id }), // no output
      JSON.stringify({
        question_uuid: '20000000-0000-4000-8000-000000000002',
        key: 'classification',
        output: 'B) other',
      }),
    ].join('\n');
    const res = await importPredictions(t.db, lines, {
      model: 'gpt-4o',
      modelName: 'GPT-4o',
      modelVersion: 'gpt-4o-2024-05-13',
      protocol: 'generative',
      parameters: { temperature: 1 },
      fileName: 'gpt4o.jsonl',
    });
    expect(res).toEqual({
      runId: expect.any(Number),
      modelId: expect.any(Number),
      benchmarkRevision: 'rev-1',
      format: 'jsonl',
      rowsRead: 10,
      imported: 5,
      correct: 2,
      skipped: 5,
      issues: [
        { line: 4, code: 'UNKNOWN_QUESTION', message: 'question id 999999 not found' },
        { line: 5, code: 'MALFORMED', message: expect.stringMatching(/^invalid JSON: /) },
        { line: 7, code: 'DUPLICATE', message: `question ${q[0]!.id} already predicted on line 1` },
        { line: 9, code: 'MALFORMED', message: 'question_uuid needs the question key (`key`, e.g. "modality")' },
        { line: 10, code: 'MALFORMED', message: 'no output (generative rows need `output`)' },
      ].sort((a, b) => a.line - b.line),
    });
    const [run] = await t.db.select().from(runs).where(eq(runs.id, res.runId!));
    expect(run).toMatchObject({
      protocol: 'generative',
      protocolVersion: 'ubench-evllm-2024',
      promptTemplate: GENERATIVE_PROMPT_TEMPLATE,
      parameters: { temperature: 1, file: 'gpt4o.jsonl' },
      status: 'complete',
      source: 'import',
      total: 5,
      done: 5,
    });
    const [model] = await t.db.select().from(models).where(eq(models.slug, 'gpt-4o'));
    expect([model!.name, model!.kind]).toEqual(['GPT-4o', 'generative']);
    const [version] = await t.db.select().from(modelVersions).where(eq(modelVersions.id, run!.modelVersionId!));
    expect(version!.weightsHash).toBe('gpt-4o-2024-05-13');
    const preds = await t.db
      .select({
        q: predictions.questionId,
        raw: predictions.rawOutput,
        ok: predictions.isCorrect,
        chosen: predictions.chosenIndex,
      })
      .from(predictions)
      .where(eq(predictions.runId, res.runId!))
      .orderBy(predictions.questionId);
    expect(preds).toEqual([
      { q: q[0]!.id, raw: 'A', ok: true, chosen: 0 },
      { q: q[1]!.id, raw: 'The answer is A) tumor.', ok: true, chosen: 0 },
      { q: q[2]!.id, raw: 'a', ok: false, chosen: null },
      { q: q[4]!.id, raw: '', ok: false, chosen: null },
      { q: q[5]!.id, raw: 'B) other', ok: false, chosen: 1 },
    ]);
    expect(await listResultCounts(t.db)).toEqual(await recountResultCounts(t.db));
    const out = await computeResults(t.db, { models: ['gpt-4o'] });
    expect([out.slices[0]!.n, out.slices[0]!.correct, out.slices[0]!.runIds]).toEqual([5, 2, [res.runId]]);
  });

  it('imports CSV of chosen indexes (quoted fields, CRLF) into a new run of the same model', async () => {
    const q = c.questions;
    const csv =
      'question_id,chosen_index,note\r\n' +
      `${q[0]!.id},0,"plain"\r\n` +
      `${q[1]!.id},1,"with ""quotes"", a comma\nand a newline"\r\n` +
      `${q[2]!.id},7,x\r\n` + // outside the options
      `${q[3]!.id},one,x\r\n` + // not an integer
      `${q[4]!.id},0\r\n`; // wrong field count
    const res = await importPredictions(t.db, csv, { model: 'gpt-4o', protocol: 'choice', fileName: 'x.csv' });
    expect({ ...res, runId: undefined, modelId: undefined }).toEqual({
      runId: undefined,
      modelId: undefined,
      benchmarkRevision: 'rev-1',
      format: 'csv',
      rowsRead: 5,
      imported: 2,
      correct: 1,
      skipped: 3,
      issues: [
        { line: 5, code: 'INVALID_OUTPUT', message: 'chosen_index 7 outside the 4 options' },
        { line: 6, code: 'MALFORMED', message: 'chosen_index must be an integer, got "one"' },
        { line: 7, code: 'MALFORMED', message: 'expected 3 fields (as in the header), got 2' },
      ],
    });
    // the newest complete run now stands for the model's modality and classification questions
    const out = await computeResults(t.db, { models: ['gpt-4o'] });
    expect([out.slices[0]!.n, out.slices[0]!.runIds]).toEqual([2, [res.runId]]);
  });

  it('imports per-option scores (argmax) from JSONL and CSV', async () => {
    const q = c.questions;
    const jsonl = [
      JSON.stringify({ question_id: q[0]!.id, scores: [0.7, 0.1, 0.1, 0.1] }), // argmax 0 = gold
      JSON.stringify({ question_id: q[1]!.id, scores: [0.1, 0.8, 0.1] }), // wrong
      JSON.stringify({ question_id: q[2]!.id, scores: [0.5, 0.5] }), // wrong length
      JSON.stringify({ question_id: q[3]!.id, scores: ['x'] }),
    ].join('\n');
    const a = await importPredictions(t.db, jsonl, { model: 'clip', protocol: 'scores' });
    expect([a.imported, a.correct, a.issues.map((i) => [i.line, i.code])]).toEqual([
      2,
      1,
      [
        [3, 'INVALID_OUTPUT'],
        [4, 'MALFORMED'],
      ],
    ]);
    const csv = `question_id,scores\n${q[0]!.id},0.1;0.2;0.6;0.1\n${q[1]!.id},"[0.9,0.05,0.05]"\n`;
    const b = await importPredictions(t.db, csv, { model: 'clip', protocol: 'scores' });
    expect([b.imported, b.correct, b.issues]).toEqual([2, 1, []]);
    const [m] = await t.db.select().from(models).where(eq(models.slug, 'clip'));
    expect(m!.kind).toBe('contrastive');
  });

  it('creates nothing when no row lands, and validates options', async () => {
    const res = await importPredictions(t.db, '{"question_id": 123456, "output": "A"}\n', {
      model: 'nobody',
      protocol: 'generative',
    });
    expect(res).toEqual({
      runId: null,
      modelId: null,
      benchmarkRevision: null,
      format: 'jsonl',
      rowsRead: 1,
      imported: 0,
      correct: 0,
      skipped: 1,
      issues: [{ line: 1, code: 'UNKNOWN_QUESTION', message: 'question id 123456 not found' }],
    });
    expect(await t.db.select().from(models).where(eq(models.slug, 'nobody'))).toEqual([]);
    await expect(importPredictions(t.db, '', { model: 'Bad Slug', protocol: 'generative' })).rejects.toThrow();
  });

  it('streams a large file: questions are looked up and checked group by group, long before the file is read', async () => {
    // 10,000 lines produced lazily, one at a time; the first group of rows is checked (and then written) while
    // the source is still near its start, and the import reports what it did as it goes.
    const total = 10_000;
    let produced = 0;
    const ids = c.questions.map((q) => q.id);
    const lines = function* () {
      for (let i = 0; i < total; i++) {
        produced++;
        yield JSON.stringify({ question_id: ids[i % ids.length], output: 'A' }) + '\n';
      }
    };
    const progress: (ImportProgress & { produced: number })[] = [];
    const res = await importPredictions(
      t.db,
      Readable.from(lines()),
      { model: 'streamed', protocol: 'generative' },
      (p) => progress.push({ ...p, produced }),
    );
    expect([res.rowsRead, res.imported, res.skipped]).toEqual([total, ids.length, total - ids.length]);
    expect(progress.length).toBeGreaterThanOrEqual(5);
    // The parser reads ahead of the group being checked (stream buffers: about 1,000 lines on PostgreSQL's slower
    // round trips), but nowhere near the whole file.
    expect(progress[0]!.produced).toBeLessThan(total / 2);
    expect(progress.at(-1)).toEqual({
      rowsRead: total,
      imported: ids.length,
      skipped: total - ids.length,
      produced: total,
    });
    const [run] = await t.db.select().from(runs).where(eq(runs.id, res.runId!));
    expect([run!.total, run!.done, run!.status]).toEqual([ids.length, ids.length, 'complete']);
    expect(await t.db.select().from(predictions).where(eq(predictions.runId, res.runId!))).toHaveLength(ids.length);
  });
});
