import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { importIssues } from '../db/schema/index.js';
import { createTestDb, type TestDb } from '../test-utils/db.js';
import { factories } from '../test-utils/factories.js';
import { createTestServer } from './testing.js';

let db: TestDb;
let t: Awaited<ReturnType<typeof createTestServer>>;
const id: Record<string, number> = {};

beforeAll(async () => {
  db = await createTestDb();
  t = await createTestServer(db);
  const f = factories(db.db);
  const fluo = await f.newModality({ slug: 'fluorescence', name: 'fluorescence microscopy' });
  const light = await f.newModality({ slug: 'light', name: 'light microscopy' });
  const a = await f.newImage({ modalityId: fluo.id, sourceImageId: 'a' });
  const b = await f.newImage({ modalityId: light.id, sourceImageId: 'b' });
  const q = async (imageId: number, key: string, o: Record<string, unknown> = {}) =>
    (await f.newQuestion({ imageId, key, ...o })).id;
  id.aModality = await q(a.id, 'modality', {
    type: 'modality',
    protocol: 'vqa',
    text: 'Which modality?',
    options: ['electron microscopy', 'fluorescence microscopy', 'light microscopy'],
    answerIndex: 1,
    answer: 'fluorescence microscopy',
  });
  id.aCaption = await q(a.id, 'modality_0', {
    type: 'modality',
    protocol: 'caption',
    template: 0,
    text: 'an image of {class}',
    options: ['light', 'fluorescence', 'electron'],
    answerIndex: 1,
  });
  id.aStain = await q(a.id, 'stain', { type: 'stain', protocol: 'vqa', options: ['DAPI', 'H&E'], answerIndex: 0 });
  id.bModality = await q(b.id, 'modality', {
    type: 'modality',
    protocol: 'vqa',
    options: ['light microscopy', 'electron microscopy'],
    answerIndex: 0,
  });
  Object.assign(id, { a: a.id, b: b.id });
  const model = await f.newModel({ slug: 'clip-b32', name: 'CLIP ViT-B/32', kind: 'contrastive' });
  const version = await f.newModelVersion({ modelId: model.id, weightsHash: 'abc123', dimensions: 512 });
  const other = await f.newModel({ slug: 'gpt-4o', name: 'GPT-4o', kind: 'generative' });
  const run = await f.newRun({ modelId: model.id, modelVersionId: version.id, protocol: 'contrastive', template: 0 });
  await f.newRun({ modelId: other.id, protocol: 'generative', status: 'failed' });
  Object.assign(id, { model: model.id, version: version.id, run: run.id, other: other.id });
  const p = (questionId: number, chosenIndex: number | null, isCorrect: boolean | null, extra = {}) =>
    f.newPrediction({ runId: run.id, questionId, chosenIndex, isCorrect, ...extra });
  await p(id.aModality, 1, true, { scores: [0.1, 0.7, 0.2] });
  await p(id.aStain, 1, false);
  await p(id.bModality, null, null, { status: 'failed', error: 'timeout' });
  const revision = await f.defaultRevision();
  await db.db.insert(importIssues).values([
    { revisionId: revision.id, file: 'b.arrow', row: 3, severity: 'skipped', code: 'NO_IMAGE', message: 'no bytes' },
    {
      revisionId: revision.id,
      file: 'a.arrow',
      row: 7,
      sourceImageId: 'x',
      severity: 'corrected',
      code: 'LABEL_NAME_WINS',
      field: 'label',
      message: 'label 3 ≠ name',
    },
    {
      revisionId: revision.id,
      file: 'a.arrow',
      row: 2,
      severity: 'corrected',
      code: 'HELD_STAIN',
      field: 'dataset',
      message: 'dataset from stain',
    },
  ]);
});

test('benchmarks with revisions, counts and import issues', async () => {
  expect(
    await t.exec(`{
      benchmarks {
        imageCount
        revisions {
          status rowsImported issueCount
          issues { file row sourceImageId severity code field message }
          skipped: issues(severity: SKIPPED) { code }
          firstTwo: issues(first: 2) { row }
        }
      }
    }`),
  ).toEqual({
    data: {
      benchmarks: [
        {
          imageCount: 2,
          revisions: [
            {
              status: 'COMPLETE',
              rowsImported: 0,
              issueCount: 3,
              issues: [
                {
                  file: 'a.arrow',
                  row: 2,
                  sourceImageId: null,
                  severity: 'CORRECTED',
                  code: 'HELD_STAIN',
                  field: 'dataset',
                  message: 'dataset from stain',
                },
                {
                  file: 'a.arrow',
                  row: 7,
                  sourceImageId: 'x',
                  severity: 'CORRECTED',
                  code: 'LABEL_NAME_WINS',
                  field: 'label',
                  message: 'label 3 ≠ name',
                },
                {
                  file: 'b.arrow',
                  row: 3,
                  sourceImageId: null,
                  severity: 'SKIPPED',
                  code: 'NO_IMAGE',
                  field: null,
                  message: 'no bytes',
                },
              ],
              skipped: [{ code: 'NO_IMAGE' }],
              firstTwo: [{ row: 2 }, { row: 7 }],
            },
          ],
        },
      ],
    },
  });
});
afterAll(async () => {
  await t?.close();
  await db?.destroy();
});

describe('questions', () => {
  test('options in released order, gold index, protocol and template; filtered by image filter, type, protocol', async () => {
    const query = `query ($filter: ImageFilter, $type: QuestionType, $protocol: QuestionProtocol) {
      questions(filter: $filter, type: $type, protocol: $protocol) {
        totalCount
        nodes { key type protocol template text options answerIndex answer image { sourceImageId } }
      }
    }`;
    expect(await t.exec(query, { filter: { modality: { slugIn: ['fluorescence'] } }, type: 'MODALITY' })).toEqual({
      data: {
        questions: {
          totalCount: 2,
          nodes: [
            {
              key: 'modality',
              type: 'MODALITY',
              protocol: 'VQA',
              template: null,
              text: 'Which modality?',
              options: ['electron microscopy', 'fluorescence microscopy', 'light microscopy'],
              answerIndex: 1,
              answer: 'fluorescence microscopy',
              image: { sourceImageId: 'a' },
            },
            {
              key: 'modality_0',
              type: 'MODALITY',
              protocol: 'CAPTION',
              template: 0,
              text: 'an image of {class}',
              options: ['light', 'fluorescence', 'electron'],
              answerIndex: 1,
              answer: null,
              image: { sourceImageId: 'a' },
            },
          ],
        },
      },
    });
    const vqa = (await t.exec(query, { protocol: 'VQA' })) as { data: { questions: { totalCount: number } } };
    expect(vqa.data.questions.totalCount).toBe(3);
  });

  test('paginate by cursor', async () => {
    const page = `query ($after: String) { questions(first: 3, after: $after) { nodes { id } pageInfo { hasNextPage hasPreviousPage endCursor } } }`;
    const first = (await t.exec(page)) as {
      data: { questions: { nodes: { id: string }[]; pageInfo: { endCursor: string } } };
    };
    expect(first.data.questions.nodes.map((n) => Number(n.id))).toEqual([id.aModality, id.aCaption, id.aStain]);
    expect(await t.exec(page, { after: first.data.questions.pageInfo.endCursor })).toEqual({
      data: {
        questions: {
          nodes: [{ id: String(id.bModality) }],
          pageInfo: { hasNextPage: false, hasPreviousPage: true, endCursor: expect.any(String) },
        },
      },
    });
  });

  test('an image lists its questions by key, optionally of one type or protocol', async () => {
    expect(
      await t.exec(
        `{ image(sourceImageId: "a") { all: questions { key } captions: questions(protocol: CAPTION) { key } stain: questions(type: STAIN) { key } } }`,
      ),
    ).toEqual({
      data: {
        image: {
          all: [{ key: 'modality' }, { key: 'modality_0' }, { key: 'stain' }],
          captions: [{ key: 'modality_0' }],
          stain: [{ key: 'stain' }],
        },
      },
    });
  });
});

describe('models, runs and predictions', () => {
  test('models with versions and runs; runs by model and status', async () => {
    expect(
      await t.exec(`{
        models { slug name kind versions { weightsHash dimensions model { slug } } runs { protocol status } }
        failed: runs(status: FAILED) { model { slug } }
        clip: runs(model: "clip-b32") { id }
        none: runs(model: "nope") { id }
        bySlug: model(slug: "gpt-4o") { name }
      }`),
    ).toEqual({
      data: {
        models: [
          {
            slug: 'clip-b32',
            name: 'CLIP ViT-B/32',
            kind: 'CONTRASTIVE',
            versions: [{ weightsHash: 'abc123', dimensions: 512, model: { slug: 'clip-b32' } }],
            runs: [{ protocol: 'CONTRASTIVE', status: 'COMPLETE' }],
          },
          {
            slug: 'gpt-4o',
            name: 'GPT-4o',
            kind: 'GENERATIVE',
            versions: [],
            runs: [{ protocol: 'GENERATIVE', status: 'FAILED' }],
          },
        ],
        failed: [{ model: { slug: 'gpt-4o' } }],
        clip: [{ id: String(id.run) }],
        none: [],
        bySlug: { name: 'GPT-4o' },
      },
    });
  });

  test('run(id) with its predictions connection', async () => {
    const query = `query ($id: ID!, $correct: Boolean) {
      run(id: $id) {
        protocol template modelVersion { weightsHash } benchmarkRevision { status }
        predictions(correct: $correct) {
          totalCount
          nodes { chosenIndex chosenOption scores isCorrect status error question { key } }
        }
      }
    }`;
    expect(await t.exec(query, { id: String(id.run) })).toEqual({
      data: {
        run: {
          protocol: 'CONTRASTIVE',
          template: 0,
          modelVersion: { weightsHash: 'abc123' },
          benchmarkRevision: { status: 'COMPLETE' },
          predictions: {
            totalCount: 3,
            nodes: [
              {
                chosenIndex: 1,
                chosenOption: 'fluorescence microscopy',
                scores: [expect.closeTo(0.1, 5), expect.closeTo(0.7, 5), expect.closeTo(0.2, 5)],
                isCorrect: true,
                status: 'OK',
                error: null,
                question: { key: 'modality' },
              },
              {
                chosenIndex: 1,
                chosenOption: 'H&E',
                scores: null,
                isCorrect: false,
                status: 'OK',
                error: null,
                question: { key: 'stain' },
              },
              {
                chosenIndex: null,
                chosenOption: null,
                scores: null,
                isCorrect: null,
                status: 'FAILED',
                error: 'timeout',
                question: { key: 'modality' },
              },
            ],
          },
        },
      },
    });
    const correct = (await t.exec(query, { id: String(id.run), correct: true })) as {
      data: { run: { predictions: { totalCount: number } } };
    };
    expect(correct.data.run.predictions.totalCount).toBe(1);
    expect(await t.exec(`{ run(id: "424242") { id } }`)).toEqual({ data: { run: null } });
  });
});
