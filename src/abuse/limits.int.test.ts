import { gzipSync } from 'node:zlib';
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseError, MAX_BOUND_PARAMETERS } from '../db/errors.js';
import { images } from '../db/schema/index.js';
import { MAX_COST } from '../graphql/limits.js';
import { memoryLogger } from '../graphql/testing.js';
import { FILTER_MAX_NODES, FILTER_MAX_VALUES } from '../catalog/filter.js';
import { createServer, type StratumServer } from '../server.js';
import { MAX_INPUT_PIXELS } from '../store/image-limits.js';
import { createTestDb, type TestDb } from '../test-utils/db.js';
import { factories, testRuntime } from '../test-utils/factories.js';
import { pngDeclaring } from '../test-utils/png.js';

// Items 4, 9 and 10 of the abuse suite: requests built to exhaust the server, and plain client mistakes. Each is
// answered with a coded 4xx, in JSON, before any SQL runs where the request can be judged up front.

let db: TestDb;
let server: StratumServer;
let base: string;
const log = memoryLogger();

beforeAll(async () => {
  db = await createTestDb();
  const f = factories(db.db);
  for (let i = 0; i < 3; i++) await f.newImage({ micronsPerPixel: 0.5 + i });
  server = await createServer(testRuntime(db), { log });
  base = (await server.listen(0, '127.0.0.1')).url;
});
afterAll(async () => {
  await server?.close();
  await db?.destroy();
});

type Body = { data?: unknown; errors?: { message: string; extensions: Record<string, unknown> }[] };

async function post(body: string | Buffer, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body,
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type'), text, body: JSON.parse(text) as Body };
}
const gql = (query: string, variables?: unknown) => post(JSON.stringify({ query, variables }));

/** Runs `fn` and returns how many SQL statements drizzle issued meanwhile. */
async function statementsDuring<T>(fn: () => Promise<T>): Promise<[T, number]> {
  db.counter.reset();
  const out = await fn();
  return [out, db.counter.count];
}

describe('resource limits: refused up front, coded, without running SQL', () => {
  it(`an \`or\` of 9,000 sub-filters (more than ${FILTER_MAX_NODES}) is BAD_USER_INPUT on filter`, async () => {
    const or = Array.from({ length: 9000 }, (_, i) => ({ ids: [i + 1] }));
    const [res, statements] = await statementsDuring(() =>
      gql('query ($f: ImageFilter) { images(filter: $f) { totalCount } }', { f: { or } }),
    );
    expect(statements).toBe(0);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      errors: [
        {
          message: `filter: more than ${FILTER_MAX_NODES} sub-filters (and/or/not); combine values into lists instead`,
          extensions: { code: 'BAD_USER_INPUT', argumentPath: ['filter'] },
        },
      ],
    });
    // The same written inline in the document, and under `results` and `similarImages`.
    const inline =
      `{ ${['images(filter: F) { totalCount }', 'results(filter: F) { slices { n } }'].join(' ')} }`.replace(
        /F/g,
        `{ or: [${Array.from({ length: 300 }, (_, i) => `{ ids: [${i + 1}] }`).join(',')}] }`,
      );
    const [res2, statements2] = await statementsDuring(() => gql(inline));
    expect(statements2).toBe(0);
    expect(res2.body.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
  });

  it(`7 lists of 10,000 ids (more than ${FILTER_MAX_VALUES} values) are BAD_USER_INPUT, not the driver's limit`, async () => {
    const ids = (k: number) => Array.from({ length: 10_000 }, (_, i) => k * 10_000 + i + 1);
    const f = { ids: ids(0), and: Array.from({ length: 6 }, (_, k) => ({ ids: ids(k + 1) })) };
    const [res, statements] = await statementsDuring(() =>
      gql('query ($f: ImageFilter) { images(filter: $f) { totalCount } }', { f }),
    );
    expect(statements).toBe(0);
    expect([res.status, res.body.errors?.[0]?.message]).toEqual([
      400,
      `filter: more than ${FILTER_MAX_VALUES} values in all its lists together; narrow the filter`,
    ]);
  });

  it('more bound parameters than the protocol holds is TOO_MANY_PARAMETERS before anything is sent', async () => {
    const ids = Array.from({ length: MAX_BOUND_PARAMETERS + 1 }, (_, i) => i + 1);
    const error = await db.db
      .select({ id: images.id })
      .from(images)
      .where(inArray(images.id, ids))
      .then(
        () => undefined,
        (e: unknown) => e as { cause?: unknown },
      );
    const coded = error instanceof DatabaseError ? error : error?.cause;
    expect(coded).toBeInstanceOf(DatabaseError);
    expect(coded).toMatchObject({ code: 'TOO_MANY_PARAMETERS', status: 400 });
    expect(await db.query('select 1 as one')).toEqual([{ one: 1 }]);
  });

  it('1,000 aliases of `results` with 100,000 resamples each are QUERY_TOO_COMPLEX; one modest call is fine', async () => {
    const aliases = Array.from(
      { length: 1000 },
      (_, i) => `r${i}: results(interval: BOOTSTRAP, resamples: 100000) { slices { n } }`,
    ).join(' ');
    const [res, statements] = await statementsDuring(() => gql(`{ ${aliases} }`));
    expect(statements).toBe(0);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: MAX_COST });
    expect(res.body.errors?.[0]?.extensions.cost).toBeGreaterThan(MAX_COST);
    // One alias with the paper's default resamples, two axes and three models stays within the budget.
    const one = await gql(
      '{ results(models: ["a", "b", "c"], groupBy: [MODALITY, STAIN], interval: BOOTSTRAP, evaluate: false) { slices { n } } }',
    );
    expect(one.body.errors?.map((e) => e.extensions.code) ?? []).not.toContain('QUERY_TOO_COMPLEX');
    // The same budget for compare: each pairs two models and always resamples.
    const compares = Array.from(
      { length: 50 },
      (_, i) =>
        `c${i}: compare(modelA: "a", modelB: "b", groupBy: [STAIN, ORGANISM], resamples: 100000) { slices { n } }`,
    ).join(' ');
    expect((await gql(`{ ${compares} }`)).body.errors?.[0]?.extensions.code).toBe('QUERY_TOO_COMPLEX');
  });

  it(`a 14000×14000 PNG upload to similarImages is IMAGE_TOO_LARGE from its header, before decoding`, async () => {
    const png = pngDeclaring(14_000, 14_000);
    expect(png.length).toBeLessThan(100_000);
    const res = await gql(
      'query ($u: String!) { similarImages(to: { upload: $u }, model: "any", k: 3) { hits { score } } }',
      { u: png.toString('base64') },
    );
    expect(res.body.errors).toEqual([
      {
        message: `to.upload: the image is 14000×14000 (196000000 pixels); at most ${MAX_INPUT_PIXELS} pixels are accepted`,
        locations: [{ line: 1, column: 23 }],
        path: ['similarImages'],
        extensions: {
          code: 'IMAGE_TOO_LARGE',
          argumentPath: ['to', 'upload'],
          width: 14000,
          height: 14000,
          limit: MAX_INPUT_PIXELS,
        },
      },
    ]);
  });
});

describe('malformed HTTP requests: JSON errors, no HTML, no stack traces or paths', () => {
  const noLeaks = (text: string) => {
    expect(text).not.toMatch(/<html|<pre|\bat [\w.]+ \(|node_modules|\/work\/|\/home\//i);
  };
  const cases: [string, () => Promise<Awaited<ReturnType<typeof post>>>, number, string][] = [
    [
      'oversized body',
      () => post(JSON.stringify({ query: `{ __typename } #${'x'.repeat(5 * 1024 * 1024)}` })),
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    ['bad JSON', () => post('{"query": "{ __typename }"'), 400, 'BAD_REQUEST'],
    [
      'bad charset',
      () => post('{}', { 'content-type': 'application/json; charset=klingon' }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    ['bad gzip', () => post(Buffer.from('definitely not gzip'), { 'content-encoding': 'gzip' }), 400, 'BAD_REQUEST'],
    ['unknown encoding', () => post('{}', { 'content-encoding': 'zstd-from-mars' }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
  ];
  for (const [name, send, status, code] of cases) {
    it(`${name}: ${status} ${code}`, async () => {
      const res = await send();
      expect([res.status, res.type]).toEqual([status, 'application/json; charset=utf-8']);
      expect(res.body.errors?.[0]?.extensions.code).toBe(code);
      noLeaks(res.text);
    });
  }
  it('a good gzip body works; unknown paths are a JSON 404', async () => {
    const ok = await post(gzipSync(JSON.stringify({ query: '{ __typename }' })), { 'content-encoding': 'gzip' });
    expect(ok.body).toEqual({ data: { __typename: 'Query' } });
    const res = await fetch(`${base}/no/such/page`);
    const text = await res.text();
    expect([res.status, JSON.parse(text)]).toEqual([
      404,
      { errors: [{ message: 'No route for GET /no/such/page', extensions: { code: 'NOT_FOUND' } }] },
    ]);
    noLeaks(text);
  });
});

describe('client mistakes are coded 4xx, never INTERNAL_SERVER_ERROR', () => {
  const q = 'query ($f: ImageFilter, $n: Int!) { images(filter: $f, first: $n) { totalCount } }';
  const cases: [string, string][] = [
    [
      '1e999 for Float',
      `{"query": ${JSON.stringify(q)}, "variables": {"n": 5, "f": {"micronsPerPixel": {"gte": 1e999}}}}`,
    ],
    ['"NaN" for Float', JSON.stringify({ query: q, variables: { n: 5, f: { micronsPerPixel: { gte: 'NaN' } } } })],
    ['null for Int!', JSON.stringify({ query: q, variables: { n: null } })],
    ['1e999 for Int!', `{"query": ${JSON.stringify(q)}, "variables": {"n": 1e999}}`],
    ['a float beyond float4', JSON.stringify({ query: q, variables: { n: 5, f: { micronsPerPixel: { lte: 1e39 } } } })],
    ['a float below float4', JSON.stringify({ query: q, variables: { n: 5, f: { micronsPerPixel: { gt: 1e-50 } } } })],
    [
      'a NUL byte in a variable',
      JSON.stringify({ query: q, variables: { n: 5, f: { license: { in: ['cc\u0000by'] } } } }),
    ],
    [
      'a NUL byte in a literal',
      JSON.stringify({ query: '{ images(filter: { license: { in: ["a\\u0000b"] } }) { totalCount } }' }),
    ],
    ['a tampered cursor', JSON.stringify({ query: '{ images(after: "eyJpZCI6Inh4In0") { totalCount } }' })],
    ['a cursor that is not base64 JSON', JSON.stringify({ query: '{ images(after: "%%%") { totalCount } }' })],
    ['an id out of range', JSON.stringify({ query: '{ images(filter: { ids: ["99999999999"] }) { totalCount } }' })],
  ];
  for (const [name, body] of cases) {
    it(name, async () => {
      const [res, statements] = await statementsDuring(() => post(body));
      // Refused before execution: 400. Refused by a resolver: a field error (GraphQL over HTTP: 200, `data: null`).
      expect(res.status === 400 || (res.status === 200 && res.body.data === null)).toBe(true);
      expect(res.body.errors?.length).toBeGreaterThan(0);
      for (const e of res.body.errors!)
        expect(e.extensions.code).toMatch(/^(BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED)$/);
      expect(statements).toBe(0);
    });
  }
  it('NUL bytes are named where they are', async () => {
    const res = await post(
      JSON.stringify({ query: q, variables: { n: 5, f: { license: { in: ['ok', 'cc\u0000by'] } } } }),
    );
    expect(res.body.errors).toEqual([
      {
        message: '$f.license.in[1]: text may not contain NUL (\\u0000) characters',
        extensions: { code: 'BAD_USER_INPUT', variablePath: ['f', 'license', 'in', 1] },
      },
    ]);
  });
  it('nothing above was logged as an internal error', () => {
    expect(log.lines.filter((l) => l.level === 'error')).toEqual([]);
  });
});
