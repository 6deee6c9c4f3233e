import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRelease } from '../importer/index.js';
import { importPredictions } from '../predictions/import.js';
import { testDriver } from '../test-utils/db.js';
import { createTestRuntime, type TestRuntime } from '../test-utils/runtime.js';
import { compareModels, computeResults, leaderboard } from './service.js';

const fixture = fileURLToPath(new URL('../../fixtures/ubench-format/', import.meta.url));

/**
 * Caption templates are never mixed silently (issue 10, item 11): an imported contrastive run over the caption
 * templates of a real-format release, right on every template-1 question and wrong on every other. Some
 * template-0 questions are moved to a third template (k = 2), as another release could carry, so that a pool of
 * three templates must be named in full.
 */
describe(`results and caption templates (${testDriver})`, () => {
  let rt: TestRuntime;
  let perTemplate: Map<number, number>;

  beforeAll(async () => {
    rt = await createTestRuntime();
    await importRelease(rt, {
      sources: [fixture],
      benchmark: { slug: 'ubench', name: 'μ-Bench', source: 'fixture' },
      revision: 'fixture',
    });
    await rt.handle.query(
      `update questions set template = 2 where protocol = 'caption' and type = 'modality' and template = 0 and id % 2 = 0`,
    );
    const captions = await rt.handle.query<{ id: number; template: number; answer: number; options: number }>(
      `select id, template, answer_index as answer, cardinality(options) as options
       from questions where protocol = 'caption' and type = 'modality'`,
    );
    perTemplate = new Map();
    for (const q of captions) perTemplate.set(q.template, (perTemplate.get(q.template) ?? 0) + 1);
    expect([...perTemplate.keys()].sort()).toEqual([0, 1, 2]);
    // model A: right on template 1, wrong on template 0; model B: wrong everywhere
    const lines = (right: (template: number) => boolean) =>
      captions
        .map((q) =>
          JSON.stringify({
            question_id: q.id,
            chosen_index: right(q.template) ? q.answer : (q.answer + 1) % q.options,
          }),
        )
        .join('\n');
    await importPredictions(
      rt.handle.db,
      lines((k) => k === 1),
      { model: 'clip-a', protocol: 'choice' },
    );
    await importPredictions(
      rt.handle.db,
      lines(() => false),
      { model: 'clip-b', protocol: 'choice' },
    );
  }, 180_000);
  afterAll(async () => rt?.destroy());

  it('names the templates a slice pools, and separates them by TEMPLATE', async () => {
    const pooled = await computeResults(rt.handle.db, { models: ['clip-a'], questionTypes: ['modality'] });
    const all = perTemplate.get(0)! + perTemplate.get(1)! + perTemplate.get(2)!;
    expect(pooled.slices.map((s) => [s.n, s.correct, s.templates])).toEqual([[all, perTemplate.get(1)!, [0, 1, 2]]]);
    const split = await computeResults(rt.handle.db, {
      models: ['clip-a'],
      questionTypes: ['modality'],
      groupBy: ['TEMPLATE'],
      overall: true,
    });
    expect(split.slices.map((s) => [s.group[0]?.value ?? null, s.n, s.accuracy, s.templates])).toEqual([
      ['0', perTemplate.get(0)!, 0, [0]],
      ['1', perTemplate.get(1)!, 1, [1]],
      ['2', perTemplate.get(2)!, 0, [2]],
      [null, all, perTemplate.get(1)! / all, [0, 1, 2]],
    ]);
    // the question-level source says the same
    const join = await computeResults(rt.handle.db, {
      models: ['clip-a'],
      questionTypes: ['modality'],
      source: 'PREDICTIONS',
    });
    expect(join.slices.map((s) => s.templates)).toEqual([[0, 1, 2]]);
  });

  it("counts only the benchmark's official template under a preset, as the paper's totals do", async () => {
    const coarse = await computeResults(rt.handle.db, { models: ['clip-a'], preset: 'COARSE', groupBy: ['TEMPLATE'] });
    expect(coarse.slices.map((s) => [s.group[0]!.value, s.accuracy, s.templates])).toEqual([['1', 1, [1]]]);
    const [a] = (await computeResults(rt.handle.db, { models: ['clip-a'], preset: 'COARSE' })).slices;
    expect(a).toMatchObject({ n: coarse.slices[0]!.n, accuracy: 1, templates: [1] });
    // compare and leaderboard count the same questions (paired counts under the preset's template)
    const cmp = await compareModels(rt.handle.db, { modelA: 'clip-a', modelB: 'clip-b', preset: 'COARSE' });
    expect(cmp.slices.map((s) => [s.n, s.n10, s.n01])).toEqual([[a!.n, a!.n, 0]]);
    const board = await leaderboard(rt.handle.db, { models: ['clip-a', 'clip-b'], preset: 'COARSE' });
    expect(board[0]!.entries.map((e) => [e.slice.model.slug, e.slice.n, e.tieGroup])).toEqual([
      ['clip-a', a!.n, 1],
      ['clip-b', a!.n, 2],
    ]);
  });
});
