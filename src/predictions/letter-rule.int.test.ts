import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDb, testDriver, type TestDb } from '../test-utils/db.js';
import { runs } from '../db/schema/index.js';
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
});
