import { ApolloClient, HttpLink, InMemoryCache, gql as apolloGql } from '@apollo/client';
import { GraphQLClient, gql as requestGql } from 'graphql-request';
import { auditServer } from 'graphql-http';
import { Client, cacheExchange, fetchExchange, gql as urqlGql } from 'urql';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { memoryLogger } from '../graphql/testing.js';
import { createServer, type StratumServer } from '../server.js';
import { createTestDb, type TestDb } from '../test-utils/db.js';
import { factories, testRuntime } from '../test-utils/factories.js';

/**
 * Off-the-shelf GraphQL clients with their default settings against the real server (express + Apollo over
 * HTTP on a real port). Each client's requests are recorded by a fetch that only delegates to the global one,
 * so the test also sees which HTTP method the client chose.
 */
let db: TestDb;
let server: StratumServer;
let strict: StratumServer;
let base: string;
let strictBase: string;
let secret: string;
const sent: { method: string; url: string }[] = [];

const recordingFetch: typeof fetch = (input, init) => {
  const request = new Request(input, init);
  sent.push({ method: request.method, url: request.url });
  return fetch(input, init);
};

const imagesQuery = `query Images($first: Int) { images(first: $first) { totalCount nodes { id } } }`;

beforeAll(async () => {
  db = await createTestDb();
  const f = factories(db.db);
  for (let i = 0; i < 3; i++) await f.newImage();
  secret = (await f.newApiKey('clients-test')).secret;
  server = await createServer(testRuntime(db), { log: memoryLogger() });
  base = (await server.listen(0, '127.0.0.1')).url;
  strict = await createServer(testRuntime(db, { REQUIRE_KEY_FOR_READS: 'true' }), { log: memoryLogger() });
  strictBase = (await strict.listen(0, '127.0.0.1')).url;
});

afterAll(async () => {
  await server?.close();
  await strict?.close();
  await db?.destroy();
});

describe('clients with their default settings', () => {
  test('urql: queries go as GET and work; a mutation goes as POST and needs the key', async () => {
    sent.length = 0;
    const client = new Client({
      url: `${base}/graphql`,
      exchanges: [cacheExchange, fetchExchange],
      fetch: recordingFetch,
    });
    const read = await client.query(urqlGql(imagesQuery), { first: 2 }).toPromise();
    expect(read.error).toBeUndefined();
    expect(read.data).toEqual({
      images: {
        __typename: 'ImageConnection',
        totalCount: 3,
        nodes: [expect.objectContaining({ __typename: 'Image' }), expect.anything()],
      },
    });
    expect(sent.map((s) => s.method)).toEqual(['GET']);

    const anonymous = await client.mutation(urqlGql`mutation { whoami }`, {}).toPromise();
    expect(anonymous.error?.graphQLErrors.map((e) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
    const keyed = new Client({
      url: `${base}/graphql`,
      exchanges: [fetchExchange],
      fetch: recordingFetch,
      fetchOptions: { headers: { authorization: `Bearer ${secret}` } },
    });
    expect((await keyed.mutation(urqlGql`mutation { whoami }`, {}).toPromise()).data).toEqual({
      whoami: 'clients-test',
    });
    expect(sent.map((s) => s.method)).toEqual(['GET', 'POST', 'POST']);
  });

  test('Apollo Client: query and, with the key, a mutation', async () => {
    const client = new ApolloClient({ link: new HttpLink({ uri: `${base}/graphql` }), cache: new InMemoryCache() });
    const read = await client.query({ query: apolloGql(imagesQuery), variables: { first: 1 } });
    expect(read.data).toEqual({
      images: {
        __typename: 'ImageConnection',
        totalCount: 3,
        nodes: [expect.objectContaining({ __typename: 'Image' })],
      },
    });
    await expect(client.mutate({ mutation: apolloGql`mutation { whoami }` })).rejects.toThrow(/API key/);
    const keyed = new ApolloClient({
      link: new HttpLink({ uri: `${base}/graphql`, headers: { authorization: `Bearer ${secret}` } }),
      cache: new InMemoryCache(),
    });
    expect((await keyed.mutate({ mutation: apolloGql`mutation { whoami }` })).data).toEqual({ whoami: 'clients-test' });
  });

  test('graphql-request: query and, with the key, a mutation', async () => {
    const client = new GraphQLClient(`${base}/graphql`);
    expect(await client.request(requestGql`${imagesQuery}`, { first: 1 })).toEqual({
      images: { totalCount: 3, nodes: [{ id: expect.any(String) }] },
    });
    await expect(client.request(requestGql`mutation { whoami }`)).rejects.toThrow(/API key/);
    const keyed = new GraphQLClient(`${base}/graphql`, { headers: { authorization: `Bearer ${secret}` } });
    expect(await keyed.request(requestGql`mutation { whoami }`)).toEqual({ whoami: 'clients-test' });
  });

  test('plain fetch POST, and GET with variables', async () => {
    const post = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: imagesQuery, variables: { first: 1 } }),
    });
    expect(post.status).toBe(200);
    expect(((await post.json()) as { data: { images: { totalCount: number } } }).data.images.totalCount).toBe(3);
    const get = await fetch(
      `${base}/graphql?query=${encodeURIComponent(imagesQuery)}&variables=${encodeURIComponent('{"first":1}')}`,
    );
    expect(get.status).toBe(200);
    expect(((await get.json()) as { data: { images: { totalCount: number } } }).data.images.totalCount).toBe(3);
  });
});

describe('GraphQL over HTTP conformance', () => {
  test('graphql-http auditServer: every audit ok, no warning, no notice', async () => {
    const results = await auditServer({ url: `${base}/graphql` });
    const notOk = results.filter((r) => r.status !== 'ok').map((r) => `${r.status}: ${r.name}`);
    expect(notOk).toEqual([]);
    expect(results.length).toBeGreaterThan(40);
  });

  test('parse, validation and variable errors: 200 under application/json, 400 under graphql-response+json', async () => {
    const cases = [
      ['{ images {', 'GRAPHQL_PARSE_FAILED'],
      ['{ nope }', 'GRAPHQL_VALIDATION_FAILED'],
      ['query ($first: Int) { images(first: $first) { totalCount } }&variables={"first":"x"}', 'BAD_USER_INPUT'],
    ] as const;
    for (const [query, code] of cases) {
      const [q, extra = ''] = query.split('&');
      const url = `${base}/graphql?query=${encodeURIComponent(q!)}${extra ? `&${extra.replace(/=(.*)/, (_, v: string) => `=${encodeURIComponent(v)}`)}` : ''}`;
      for (const [accept, status, type] of [
        ['application/json', 200, 'application/json'],
        ['application/graphql-response+json', 400, 'application/graphql-response+json'],
        ['application/graphql-response+json, application/json', 400, 'application/graphql-response+json'],
        ['application/json, application/graphql-response+json;q=0.9', 200, 'application/json'],
      ] as const) {
        const res = await fetch(url, { headers: { accept } });
        expect([query, accept, res.status, res.headers.get('content-type')]).toEqual([
          query,
          accept,
          status,
          `${type}; charset=utf-8`,
        ]);
        expect(res.headers.get('cache-control')).toBe('no-store');
        const body = (await res.json()) as { data?: unknown; errors: { extensions: { code: string } }[] };
        expect(body.data).toBeUndefined();
        expect(body.errors.map((e) => e.extensions.code)).toEqual([code]);
      }
    }
  });
});

describe('no cross-site hole', () => {
  test('mutations are never run over GET (405), even with a key', async () => {
    const res = await fetch(`${base}/graphql?query=${encodeURIComponent('mutation { whoami }')}`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  test('bodies a cross-site form can send are not GraphQL requests', async () => {
    const bodies: [string, string][] = [
      ['text/plain', JSON.stringify({ query: 'mutation { whoami }' })],
      ['application/x-www-form-urlencoded', `query=${encodeURIComponent('mutation { whoami }')}`],
      [
        'multipart/form-data; boundary=x',
        `--x\r\nContent-Disposition: form-data; name="query"\r\n\r\nmutation { whoami }\r\n--x--\r\n`,
      ],
    ];
    for (const [type, body] of bodies) {
      const res = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': type }, body });
      expect([type, res.status]).toEqual([type, 400]);
      expect(JSON.stringify(await res.json())).not.toContain('clients-test');
    }
  });

  test('a mutation without a key is refused whatever the method', async () => {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { whoami }' }),
    });
    expect(res.status).toBe(401);
  });

  test('REQUIRE_KEY_FOR_READS: an anonymous GET is 401 and a keyed one works, privately cached', async () => {
    const url = `${strictBase}/graphql?query=${encodeURIComponent('{ apiVersion }')}`;
    const anonymous = await fetch(url);
    expect(anonymous.status).toBe(401);
    const keyed = await fetch(url, { headers: { authorization: `Bearer ${secret}` } });
    expect(await keyed.json()).toEqual({ data: { apiVersion: '0.1.0' } });
    expect(keyed.headers.get('cache-control')).toBe('private, max-age=0, must-revalidate');
    const urql = new Client({
      url: `${strictBase}/graphql`,
      exchanges: [fetchExchange],
      fetchOptions: { headers: { authorization: `Bearer ${secret}` } },
    });
    expect((await urql.query(urqlGql`{ apiVersion }`, {}).toPromise()).data).toEqual({ apiVersion: '0.1.0' });
    const anonymousUrql = new Client({ url: `${strictBase}/graphql`, exchanges: [fetchExchange] });
    const refused = await anonymousUrql.query(urqlGql`{ apiVersion }`, {}).toPromise();
    expect(refused.error?.graphQLErrors.map((e) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
  });
});

describe('cache headers on GET queries', () => {
  test('public, revalidated with an ETag; If-None-Match gives 304; POST carries none', async () => {
    const url = `${base}/graphql?query=${encodeURIComponent('{ images(first: 1) { totalCount } }')}`;
    const first = await fetch(url);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
    expect(first.headers.get('vary')).toBe('Accept, Authorization');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^W\/".+"$/);
    // (fetch itself adds `Cache-Control: no-cache` to a conditional request unless the caller sets one.)
    const again = await fetch(url, { headers: { 'if-none-match': etag!, 'cache-control': 'max-age=0' } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const keyed = await fetch(url, { headers: { authorization: `Bearer ${secret}` } });
    expect(keyed.headers.get('cache-control')).toBe('private, max-age=0, must-revalidate');
    const post = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ apiVersion }' }),
    });
    expect(post.headers.get('cache-control')).toBeNull();
  });
});
