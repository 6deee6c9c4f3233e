import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDb, testDriver, type TestDb } from '../test-utils/db.js';
import { questions, runs } from '../db/schema/index.js';
import { createResultsCorpus, defaultImageSpecs, type ResultsCorpus } from '../test-utils/results-fixtures.js';
import { importPredictions } from './import.js';

describe(`importPredictions with a letter rule (${testDriver})`, () => {
  let t: TestDb;
  let c: ResultsCorpus;
  beforeAll(async () => {
    t = await createTestDb();
    // image 0's classification question: options malignant / other / none of the above, gold A ("A) malignant")
    c = await createResultsCorpus(t.db, [{ ...defaultImageSpecs[0]!, label: 'malignant' }]);
  });
  afterAll(async () => t?.destroy());

  const file = (output: string) => JSON.stringify({ question_id: c.questions[1]!.id, output });
  const run = async (letterRule?: 'STANDARD' | 'EVLLM_EXACT') => {
    const res = await importPredictions(t.db, file('The answer is A) malignant'), {
      model: `gpt-${letterRule ?? 'default'}`.toLowerCase(),
      protocol: 'generative',
      letterRule,
    });
    const [r] = await t.db.select({ parameters: runs.parameters }).from(runs).where(eq(runs.id, res.runId!));
    return { correct: res.correct, imported: res.imported, parameters: r!.parameters };
  };

  it('scores with the standard rule by default and records it on the run', async () => {
    expect(await run()).toEqual({ correct: 1, imported: 1, parameters: { letterRule: 'STANDARD' } });
  });

  it('EVLLM_EXACT reproduces the authors\' "nan" rewrite: "A) malignant" becomes "A) malignp.nant", scored wrong', async () => {
    expect(await run('EVLLM_EXACT')).toEqual({ correct: 0, imported: 1, parameters: { letterRule: 'EVLLM_EXACT' } });
  });

  it('EVLLM_EXACT reports a question whose gold option is the 8th (H) as INVALID_OUTPUT: eVLLM scores A–G only', async () => {
    const options = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const [q] = await t.db
      .insert(questions)
      .values({
        imageId: c.imageIds[0]!,
        key: 'cognition',
        sourceQuestionId: '30000000-0000-4000-8000-000000000000',
        type: 'cognition',
        protocol: 'vqa',
        text: 'Which one?',
        options,
        answerIndex: 7,
        answer: 'h',
      })
      .returning({ id: questions.id });
    const line = JSON.stringify({ question_id: q!.id, output: 'H) h' });
    const standard = await importPredictions(t.db, line, { model: 'gpt-h-standard', protocol: 'generative' });
    expect(standard).toMatchObject({ imported: 1, correct: 1, issues: [] });
    const exact = await importPredictions(t.db, line, {
      model: 'gpt-h-exact',
      protocol: 'generative',
      letterRule: 'EVLLM_EXACT',
    });
    expect(exact).toMatchObject({
      imported: 0,
      skipped: 1,
      issues: [{ line: 1, code: 'INVALID_OUTPUT', message: expect.stringMatching(/A–G only/) }],
    });
  });
});
