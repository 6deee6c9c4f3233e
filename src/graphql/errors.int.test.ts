import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ApiKeyInfo } from '../db/queries/api-keys.js';
import { createTestDb, type TestDb } from '../test-utils/db.js';
import { factories } from '../test-utils/factories.js';
import { MAX_COST, MAX_DEPTH } from './limits.js';
import { createTestServer } from './testing.js';

let db: TestDb;
let t: Awaited<ReturnType<typeof createTestServer>>;
let key: ApiKeyInfo;
let imageId: number;

beforeAll(async () => {
  db = await createTestDb();
  t = await createTestServer(db);
  const f = factories(db.db);
  imageId = (await f.newImage()).id;
  await f.newSourceDataset({ slug: 'kather_et_al_2018', name: 'Kather 2018' });
  await f.newSourceDataset({ slug: 'acevedo_et_al_2020', name: 'Acevedo 2020' });
  key = (await f.newApiKey('ci-bot')).key;
});
afterAll(async () => {
  await t?.close();
  await db?.destroy();
});

const badInput = (message: string, argumentPath: (string | number)[], path: (string | number)[], column: number) => ({
  message,
  locations: [{ line: 1, column }],
  path,
  extensions: { code: 'BAD_USER_INPUT', argumentPath },
});

describe('bad input names the argument path', () => {
  test('first above 500', async () => {
    expect(await t.exec(`{ images(first: 501) { totalCount } }`)).toEqual({
      data: null,
      errors: [badInput('first: must be between 1 and 500 (got 501)', ['first'], ['images'], 3)],
    });
  });
  test('first below 1', async () => {
    expect(await t.exec(`{ images(first: 0) { totalCount } }`)).toEqual({
      data: null,
      errors: [badInput('first: must be between 1 and 500 (got 0)', ['first'], ['images'], 3)],
    });
  });
  test('a non-numeric id inside a filter', async () => {
    expect(await t.exec(`{ images(filter: { modality: { in: ["fluorescence"] } }) { totalCount } }`)).toEqual({
      data: null,
      errors: [
        badInput('filter.modality.in[0]: expected a numeric id', ['filter', 'modality', 'in', 0], ['images'], 3),
      ],
    });
  });
  test('inside nested groups, through variables', async () => {
    const result = await t.exec(`query ($f: ImageFilter) { images(filter: $f) { totalCount } }`, {
      f: { or: [{ synthetic: true }, { and: [{}, { stain: { notIn: ['7', '0'] } }] }] },
    });
    expect(result).toEqual({
      data: null,
      errors: [
        badInput(
          'filter.or[1].and[1].stain.notIn[1]: expected a numeric id',
          ['filter', 'or', 1, 'and', 1, 'stain', 'notIn', 1],
          ['images'],
          27,
        ),
      ],
    });
  });
  test('filters nested too deeply', async () => {
    let f: Record<string, unknown> = { synthetic: true };
    for (let i = 0; i < 9; i++) f = { not: f };
    // Refused with the cost check, before execution (no `data`, no field path).
    expect(await t.exec(`query ($f: ImageFilter) { images(filter: $f) { totalCount } }`, { f })).toEqual({
      errors: [
        {
          message: 'filter: and/or/not may nest at most 8 levels deep',
          extensions: { code: 'BAD_USER_INPUT', argumentPath: ['filter'] },
        },
      ],
    });
  });
  test('a cursor that is not ours', async () => {
    expect(await t.exec(`{ images(after: "bm90IGEgY3Vyc29y") { totalCount } }`)).toEqual({
      data: null,
      errors: [badInput('after: not a cursor from this API', ['after'], ['images'], 3)],
    });
  });
  test('a cursor of another ordering', async () => {
    const first = (await t.exec(`{ images(first: 1) { pageInfo { endCursor } } }`)) as {
      data: { images: { pageInfo: { endCursor: string } } };
    };
    const after = first.data.images.pageInfo.endCursor;
    expect(
      await t.exec(`query ($after: String) { images(after: $after, orderBy: WIDTH_DESC) { totalCount } }`, { after }),
    ).toEqual({
      data: null,
      errors: [badInput('after: cursor is for orderBy ID_ASC, not WIDTH_DESC', ['after'], ['images'], 26)],
    });
  });
  test('a well-formed cursor with a wrong value is a coded 4xx, never an internal error', async () => {
    const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const cases: [string, unknown][] = [
      // An order-key value of another column type would reach SQL as a bad cast.
      ['HEIGHT_DESC', { o: 'HEIGHT_DESC', v: 'tall', id: 1 }],
      ['WIDTH_ASC', { o: 'WIDTH_ASC', v: 1.5, id: 1 }],
      ['MICRONS_PER_PIXEL_ASC', { o: 'MICRONS_PER_PIXEL_ASC', v: 'x', id: 1 }],
      ['SOURCE_IMAGE_ID_ASC', { o: 'SOURCE_IMAGE_ID_ASC', v: 7, id: 1 }],
      ['ID_ASC', { o: 'ID_ASC', v: 'x', id: 1 }],
      ['ID_ASC', { o: 'ID_ASC', v: null, id: 2 ** 31 }],
      ['ID_ASC', { o: 'ID_ASC', v: null, id: -1 }],
      ['ID_ASC', { id: 1 }],
    ];
    for (const [orderBy, value] of cases) {
      const result = await t.exec(
        `query ($after: String) { images(after: $after, orderBy: ${orderBy}) { nodes { id } } }`,
        { after: cursor(value) },
      );
      expect([value, result]).toEqual([
        value,
        { data: null, errors: [badInput('after: not a cursor from this API', ['after'], ['images'], 26)] },
      ]);
    }
    // Another connection's cursor.
    expect(
      await t.exec(`query ($after: String) { questions(after: $after) { nodes { id } } }`, {
        after: cursor({ q: 3 }),
      }),
    ).toEqual({
      data: null,
      errors: [badInput('after: not a cursor from this API', ['after'], ['questions'], 26)],
    });
  });
  test('image needs exactly one of id and sourceImageId', async () => {
    expect(await t.exec(`{ image(id: "1", sourceImageId: "x") { id } }`)).toEqual({
      data: { image: null },
      errors: [badInput('id: give exactly one of `id`, `sourceImageId`', ['id'], ['image'], 3)],
    });
    expect(await t.exec(`{ image(id: "one") { id } }`)).toEqual({
      data: { image: null },
      errors: [badInput('id: expected a numeric id', ['id'], ['image'], 3)],
    });
  });
  test('thumbnail size out of range', async () => {
    const query = `{ image(id: "${imageId}") { id thumbnailUrl(size: 4096) } }`;
    expect(await t.exec(query)).toEqual({
      data: { image: null },
      errors: [
        badInput(
          'size: must be between 16 and 1024 (got 4096)',
          ['size'],
          ['image', 'thumbnailUrl'],
          query.indexOf('thumbnailUrl') + 1,
        ),
      ],
    });
  });
  test('GraphQL-level input errors keep their own code', async () => {
    expect(await t.exec(`{ images(first: "ten") { totalCount } }`)).toEqual({
      errors: [
        {
          message: 'Int cannot represent non-integer value: "ten"',
          locations: [{ line: 1, column: 17 }],
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
        },
      ],
    });
    expect(await t.exec(`{ images { nope } }`)).toEqual({
      errors: [
        {
          message: 'Cannot query field "nope" on type "ImageConnection". Did you mean "nodes"?',
          locations: [{ line: 1, column: 12 }],
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
        },
      ],
    });
  });
});

describe('depth and cost limits', () => {
  test(`queries nested deeper than ${MAX_DEPTH} levels are rejected before running`, async () => {
    const deep = `{ images { nodes { sourceDataset { task { taxonomyGroup { tasks { sourceDatasets { task { taxonomyGroup { tasks { sourceDatasets { task { slug } } } } } } } } } } } } }`;
    expect(await t.exec(deep)).toEqual({
      errors: [
        {
          message: `Query is nested 13 levels deep; the limit is ${MAX_DEPTH}.`,
          extensions: { code: 'QUERY_TOO_DEEP', limit: MAX_DEPTH, found: 13 },
        },
      ],
    });
  });
  test('queries whose estimated cost is too high are rejected before running', async () => {
    const query = `query ($n: Int) { images(first: $n) { nodes { id questions { id image { questions { id image { id } } } } } } }`;
    const cost = 1 + 500 * (1 + 1 + (1 + 10 * (1 + 1 + (1 + 10 * (1 + (1 + 1))))));
    expect(cost).toBeGreaterThan(MAX_COST);
    expect(await t.exec(query, { n: 500 })).toEqual({
      errors: [
        {
          message:
            `Query cost ${cost} exceeds the limit of ${MAX_COST}; ask for fewer items (\`first\`), fewer fields, ` +
            'fewer resamples, groupBy axes or models, or a smaller filter.',
          extensions: { code: 'QUERY_TOO_COMPLEX', cost, limit: MAX_COST },
        },
      ],
    });
    // The same query with a small page is fine.
    expect((await t.exec(query, { n: 5 })).errors).toBeUndefined();
  });
});

describe('writes need an API key', () => {
  const CREATE = `mutation ($input: CreateImageSetInput!) {
    createImageSet(input: $input) {
      ok
      imageSet { slug name description sourceDatasets { slug } imageCount }
      error { code message inputErrors { path message } }
    }
  }`;
  const input = { slug: 'my-set', name: 'My set', sourceDatasets: ['kather_et_al_2018', 'acevedo_et_al_2020'] };

  test('anonymous mutations are UNAUTHENTICATED and change nothing', async () => {
    const unauthenticated = {
      message: 'This operation writes data: send an API key as `Authorization: Bearer <key>`',
      locations: [{ line: 1, column: 3 }],
      extensions: { code: 'UNAUTHENTICATED' },
    };
    expect(await t.exec(`{ viewer { name } }`)).toEqual({ data: { viewer: null } });
    expect(await t.exec(`mutation { whoami }`)).toEqual({
      data: null,
      errors: [{ ...unauthenticated, locations: [{ line: 1, column: 12 }], path: ['whoami'] }],
    });
    expect(await t.exec(CREATE, { input })).toEqual({
      data: null,
      errors: [{ ...unauthenticated, locations: [{ line: 2, column: 5 }], path: ['createImageSet'] }],
    });
    expect(await t.exec(`{ imageSets { slug } }`)).toEqual({ data: { imageSets: [] } });
  });

  test('with a key: created, then a conflict; bad input and unknown datasets come back as payload errors', async () => {
    expect(await t.exec(`mutation { whoami }`, {}, key)).toEqual({ data: { whoami: 'ci-bot' } });
    expect(await t.exec(`{ viewer { id name prefix } }`, {}, key)).toEqual({
      data: { viewer: { id: String(key.id), name: 'ci-bot', prefix: key.prefix } },
    });
    expect(await t.exec(CREATE, { input: { ...input, description: 'two datasets' } }, key)).toEqual({
      data: {
        createImageSet: {
          ok: true,
          imageSet: {
            slug: 'my-set',
            name: 'My set',
            description: 'two datasets',
            sourceDatasets: [{ slug: 'acevedo_et_al_2020' }, { slug: 'kather_et_al_2018' }],
            imageCount: 0,
          },
          error: null,
        },
      },
    });
    expect(await t.exec(CREATE, { input }, key)).toEqual({
      data: {
        createImageSet: {
          ok: false,
          imageSet: null,
          error: {
            code: 'CONFLICT',
            message: 'an image set with slug "my-set" exists',
            inputErrors: [{ path: ['input', 'slug'], message: 'an image set with slug "my-set" exists' }],
          },
        },
      },
    });
    expect(
      await t.exec(
        CREATE,
        { input: { slug: 'other', name: 'Other', sourceDatasets: ['kather_et_al_2018', 'nope'] } },
        key,
      ),
    ).toEqual({
      data: {
        createImageSet: {
          ok: false,
          imageSet: null,
          error: {
            code: 'NOT_FOUND',
            message: 'unknown source datasets: nope',
            inputErrors: [{ path: ['input', 'sourceDatasets', 1], message: 'unknown source dataset "nope"' }],
          },
        },
      },
    });
    expect(await t.exec(CREATE, { input: { slug: 'Bad Slug!', name: ' ', sourceDatasets: [] } }, key)).toEqual({
      data: {
        createImageSet: {
          ok: false,
          imageSet: null,
          error: {
            code: 'BAD_USER_INPUT',
            message: 'invalid input',
            inputErrors: [
              {
                path: ['input', 'slug'],
                message: 'use 2–64 lower-case letters, digits and dashes, starting with a letter or digit',
              },
              { path: ['input', 'name'], message: 'must not be empty' },
              { path: ['input', 'sourceDatasets'], message: 'give at least one source dataset' },
            ],
          },
        },
      },
    });
    expect(await t.exec(`{ imageSets { slug } }`)).toEqual({ data: { imageSets: [{ slug: 'my-set' }] } });
  });
});
