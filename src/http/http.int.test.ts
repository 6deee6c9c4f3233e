import { existsSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { revokeApiKeys } from '../db/queries/api-keys.js';
import { createServer, type StratumServer } from '../server.js';
import { ImageStore } from '../store/image-store.js';
import { createTestDb, type TestDb } from '../test-utils/db.js';
import { factories, testRuntime } from '../test-utils/factories.js';
import { memoryLogger } from '../graphql/testing.js';

let db: TestDb;
let server: StratumServer;
let base: string;
let dataDir: string;
let store: ImageStore;
const img: Record<string, { id: number; hash: string; bytes: Buffer }> = {};
let secret: string;
let revokedSecret: string;

beforeAll(async () => {
  db = await createTestDb();
  const runtime = testRuntime(db);
  dataDir = runtime.config.dataDir;
  store = runtime.store as ImageStore;
  server = await createServer(runtime, { log: memoryLogger() });
  base = (await server.listen(0, '127.0.0.1')).url;
  const f = factories(db.db);
  const add = async (name: string, bytes: Buffer, mimeType: string, stored = true) => {
    const hash = ImageStore.hash(bytes);
    if (stored) await store.put(bytes);
    const row = await f.newImage({ contentHash: hash, byteSize: bytes.length, mimeType });
    img[name] = { id: row.id, hash, bytes };
  };
  // 8-bit RGB PNG 64×48, a 16-bit grey PNG 40×30 using only the low 12 bits (as microscopy cameras do), a JPEG.
  const rgb = Buffer.alloc(64 * 48 * 3, 0).map((_, i) => (i * 7) % 256);
  await add(
    'png',
    await sharp(rgb, { raw: { width: 64, height: 48, channels: 3 } })
      .png()
      .toBuffer(),
    'image/png',
  );
  const grey16 = new Uint16Array(40 * 30).map((_, i) => (i * 37) % 4096);
  await add(
    'png16',
    await sharp(Buffer.from(grey16.buffer), { raw: { width: 40, height: 30, channels: 1, premultiplied: false } })
      .toColourspace('grey16')
      .png()
      .toBuffer(),
    'image/png',
  );
  await add(
    'jpeg',
    await sharp(rgb, { raw: { width: 64, height: 48, channels: 3 } })
      .jpeg()
      .toBuffer(),
    'image/jpeg',
  );
  await add('missing', Buffer.from('never stored'), 'image/png', false);
  secret = (await f.newApiKey('http-test')).secret;
  const revoked = await f.newApiKey('old');
  revokedSecret = revoked.secret;
  await revokeApiKeys(db.db, String(revoked.key.id));
});
afterAll(async () => {
  await server?.close();
  await db?.destroy();
});

const gql = (query: string, headers: Record<string, string> = {}) =>
  fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });

describe('GET /images/:id', () => {
  test('original bytes with content type, ETag = content hash and immutable caching', async () => {
    for (const name of ['png', 'jpeg']) {
      const { id, hash, bytes } = img[name]!;
      const res = await fetch(`${base}/images/${id}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(name === 'png' ? 'image/png' : 'image/jpeg');
      expect(res.headers.get('etag')).toBe(`"${hash}"`);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    }
  });

  test('304 when If-None-Match names the ETag (also in a list, weak or *)', async () => {
    const { id, hash } = img.png!;
    for (const header of [`"${hash}"`, `"other", W/"${hash}"`, '*']) {
      const res = await fetch(`${base}/images/${id}`, { headers: { 'if-none-match': header } });
      expect(res.status).toBe(304);
      expect(res.headers.get('etag')).toBe(`"${hash}"`);
      expect((await res.arrayBuffer()).byteLength).toBe(0);
    }
    expect((await fetch(`${base}/images/${id}`, { headers: { 'if-none-match': '"other"' } })).status).toBe(200);
  });

  test('thumbnails: 8-bit PNG, longer side N, cached on disk by content hash', async () => {
    const { id, hash } = img.png!;
    const res = await fetch(`${base}/images/${id}?size=32`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('etag')).toBe(`"${hash}-32"`);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
    expect({ format: meta.format, width: meta.width, height: meta.height, depth: meta.depth }).toEqual({
      format: 'png',
      width: 32,
      height: 24,
      depth: 'uchar',
    });
    expect(existsSync(join(dataDir, 'thumbnails', hash.slice(0, 2), `${hash}-32.png`))).toBe(true);
    const again = await fetch(`${base}/images/${id}?size=32`, { headers: { 'if-none-match': `"${hash}-32"` } });
    expect(again.status).toBe(304);
  });

  test('thumbnails are never enlarged', async () => {
    const res = await fetch(`${base}/images/${img.jpeg!.id}?size=1024`);
    const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
    expect([meta.width, meta.height]).toEqual([64, 48]);
  });

  test('16-bit sources become visible 8-bit thumbnails (contrast stretched, not black)', async () => {
    const res = await fetch(`${base}/images/${img.png16!.id}?size=20`);
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    const meta = await sharp(bytes).metadata();
    expect({ width: meta.width, height: meta.height, depth: meta.depth }).toEqual({
      width: 20,
      height: 15,
      depth: 'uchar',
    });
    const stats = await sharp(bytes).stats();
    expect(stats.channels[0]!.max).toBeGreaterThan(200);
  });

  test('bad ids and sizes are 400 BAD_USER_INPUT; unknown images and missing bytes are 404 NOT_FOUND', async () => {
    const cases: [string, number, unknown][] = [
      [
        `/images/abc`,
        400,
        {
          message: 'id: expected a numeric image id, got "abc"',
          extensions: { code: 'BAD_USER_INPUT', argumentPath: ['id'] },
        },
      ],
      [
        `/images/${img.png!.id}?size=8`,
        400,
        {
          message: 'size: must be an integer between 16 and 1024, got "8"',
          extensions: { code: 'BAD_USER_INPUT', argumentPath: ['size'] },
        },
      ],
      [
        `/images/${img.png!.id}?size=2e3`,
        400,
        {
          message: 'size: must be an integer between 16 and 1024, got "2e3"',
          extensions: { code: 'BAD_USER_INPUT', argumentPath: ['size'] },
        },
      ],
      [`/images/999999`, 404, { message: 'image 999999 not found', extensions: { code: 'NOT_FOUND' } }],
      [
        `/images/${img.missing!.id}`,
        404,
        {
          message: `the bytes of image ${img.missing!.id} are not in the image store`,
          extensions: { code: 'NOT_FOUND' },
        },
      ],
    ];
    for (const [path, status, error] of cases) {
      const res = await fetch(`${base}${path}`);
      expect([path, res.status, res.headers.get('cache-control')]).toEqual([path, status, null]);
      expect(await res.json()).toEqual({ errors: [error] });
    }
  });
});

describe('POST /graphql over HTTP', () => {
  test('reads are open; Image.url serves the bytes', async () => {
    const res = await gql(`{ image(id: "${img.png!.id}") { url thumbnailUrl(size: 16) contentHash mimeType } }`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { image: { url: string; thumbnailUrl: string } } };
    expect(body).toEqual({
      data: {
        image: {
          url: `/images/${img.png!.id}`,
          thumbnailUrl: `/images/${img.png!.id}?size=16`,
          contentHash: img.png!.hash,
          mimeType: 'image/png',
        },
      },
    });
    expect((await fetch(`${base}${body.data.image.thumbnailUrl}`)).status).toBe(200);
  });

  test('mutations need a valid key: anonymous, malformed, unknown and revoked keys are refused', async () => {
    expect(await (await gql(`mutation { whoami }`, { authorization: `Bearer ${secret}` })).json()).toEqual({
      data: { whoami: 'http-test' },
    });
    const anonymous = await gql(`mutation { whoami }`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({
      data: null,
      errors: [
        {
          message: 'This operation writes data: send an API key as `Authorization: Bearer <key>`',
          locations: [{ line: 1, column: 12 }],
          path: ['whoami'],
          extensions: { code: 'UNAUTHENTICATED' },
        },
      ],
    });
    const refused = [
      ['Token abc', 'Malformed Authorization header: expected `Bearer <key>`'],
      ['Bearer strat_not-a-real-key', 'Unknown or revoked API key'],
      [`Bearer ${revokedSecret}`, 'Unknown or revoked API key'],
    ];
    for (const [authorization, message] of refused) {
      const res = await gql(`{ apiVersion }`, { authorization: authorization! });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] });
    }
  });

  test("GET queries work without a preflight header (the clients' defaults, see src/http/clients.int.test.ts)", async () => {
    const url = `${base}/graphql?query=${encodeURIComponent('{ apiVersion }')}`;
    const res = await fetch(url, { headers: { accept: 'application/json' } });
    expect(await res.json()).toEqual({ data: { apiVersion: '0.1.0' } });
  });
});

describe('REQUIRE_KEY_FOR_READS', () => {
  test('reads need a key too (GraphQL, image bytes, SDL)', async () => {
    const strict = await createServer(testRuntime(db, { REQUIRE_KEY_FOR_READS: 'true', IMAGE_STORE_DIR: store.root }), {
      log: memoryLogger(),
    });
    const url = (await strict.listen(0, '127.0.0.1')).url;
    try {
      const anonymous = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ apiVersion }' }),
      });
      expect(anonymous.status).toBe(401);
      expect(await anonymous.json()).toEqual({
        errors: [
          {
            message: 'This server requires an API key: send `Authorization: Bearer <key>`',
            extensions: { code: 'UNAUTHENTICATED' },
          },
        ],
      });
      const keyed = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
        body: JSON.stringify({ query: '{ apiVersion }' }),
      });
      expect(await keyed.json()).toEqual({ data: { apiVersion: '0.1.0' } });
      expect((await fetch(`${url}/images/${img.png!.id}`)).status).toBe(401);
      expect(
        (await fetch(`${url}/images/${img.png!.id}`, { headers: { authorization: `Bearer ${secret}` } })).status,
      ).toBe(200);
      expect((await fetch(`${url}/schema.graphql`)).status).toBe(401);
    } finally {
      await strict.close();
    }
  });
});

describe('GraphiQL and the SDL', () => {
  test('browsers get GraphiQL at GET /graphql, with every asset served locally', async () => {
    const res = await fetch(`${base}/graphql`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(assets).toEqual([
      '/graphiql/assets/graphiql.min.css',
      '/graphiql/assets/react.production.min.js',
      '/graphiql/assets/react-dom.production.min.js',
      '/graphiql/assets/graphiql.min.js',
    ]);
    expect(html).not.toMatch(/https?:\/\//);
    for (const asset of assets) {
      const a = await fetch(`${base}${asset}`);
      expect([asset, a.status]).toEqual([asset, 200]);
      expect(a.headers.get('content-type')).toMatch(asset!.endsWith('.css') ? /^text\/css/ : /javascript/);
      expect((await a.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    }
    expect((await fetch(`${base}/graphiql/assets/nope.js`)).status).toBe(404);
  });

  test('GET /schema.graphql is the SDL with descriptions', async () => {
    const res = await fetch(`${base}/schema.graphql`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const sdl = await res.text();
    expect(sdl).toContain('type Query {');
    expect(sdl).toContain('input ImageFilter {');
    expect(sdl).toContain(
      'images(filter: ImageFilter, first: Int = 50, after: String, orderBy: ImageOrderBy = ID_ASC): ImageConnection!',
    );
    expect(sdl).toContain('"""\nA set of images.');
  });
});
