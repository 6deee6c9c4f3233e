import { PutObjectCommand } from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../config.js';
import { createTestDb, testDriver, type TestDb } from '../test-utils/db.js';
import { S3RVER_CREDENTIALS, startS3Server, type TestS3 } from '../test-utils/s3.js';
import { contentHash, FallbackImageStore, ImageStore, type ImageBlobStore } from './image-store.js';
import { createImageStore } from './index.js';
import { PostgresImageStore } from './postgres-store.js';
import { createS3Client, S3ImageStore } from './s3-store.js';

/**
 * One contract, every image store: the directory store, PostgreSQL's `image_blobs` (PGlite, or PostgreSQL with
 * TEST_DATABASE_URL), and S3 against a real S3-compatible server (s3rver over HTTP on 127.0.0.1). Each store is
 * also checked behind `FallbackImageStore`, the way `createImageStore` deploys the shared ones.
 */
let db: TestDb;
let s3: TestS3;
let dir: string;
let buckets = 0;

beforeAll(async () => {
  db = await createTestDb();
  s3 = await startS3Server(Array.from({ length: 40 }, (_, i) => `bucket-${i}`));
  dir = mkdtempSync(join(tmpdir(), 'stratum-store-contract-'));
});
afterAll(async () => {
  await s3?.stop();
  await db?.destroy();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const s3Store = (bucket = `bucket-${buckets++}`) =>
  new S3ImageStore(createS3Client(s3.config(bucket), { credentials: S3RVER_CREDENTIALS }), bucket);

type Kind = 'directory' | 'postgres' | 's3';
/** A fresh, empty store of each kind (each directory and bucket used once; PostgreSQL hashes are unique). */
const stores: Record<Kind, () => ImageBlobStore> = {
  directory: () => new ImageStore(mkdtempSync(join(dir, 'images-'))),
  postgres: () => new PostgresImageStore(db.db),
  s3: () => s3Store(),
};

let serial = 0;
/** Bytes no other case stores (the PostgreSQL store is one table for every case). */
const unique = (size = 256) => {
  const bytes = Buffer.alloc(size);
  bytes.writeUInt32BE(++serial, 0);
  bytes.write(`stratum-${process.pid}-${Date.now()}`, 4);
  for (let i = 48; i < size; i++) bytes[i] = (i * 31 + serial) % 251;
  return bytes;
};

describe.each(Object.keys(stores) as Kind[])(`the image store contract: %s (${testDriver})`, (kind) => {
  const fresh = stores[kind];

  it('put answers the sha256 of the bytes; get, open and has find them by it', async () => {
    const store = fresh();
    const bytes = unique();
    const hash = await store.put(bytes);
    expect(hash).toBe(contentHash(bytes));
    expect(await store.has(hash)).toBe(true);
    expect(await store.get(hash)).toEqual(bytes);
    const blob = await store.open(hash);
    expect(blob?.size).toBe(bytes.length);
    expect(await buffer(blob!.stream)).toEqual(bytes);
  });

  it('stores under the hash the caller already computed (the importer hashes once)', async () => {
    const store = fresh();
    const bytes = unique();
    expect(await store.put(bytes, contentHash(bytes))).toBe(contentHash(bytes));
    expect(await store.get(contentHash(bytes))).toEqual(bytes);
  });

  it('a missing object is null (the caller raises the retryable IMAGE_MISSING), never an error or other bytes', async () => {
    const store = fresh();
    await store.put(unique());
    const absent = contentHash(unique());
    expect(await store.get(absent)).toBeNull();
    expect(await store.open(absent)).toBeNull();
    expect(await store.has(absent)).toBe(false);
  });

  it('puts are idempotent: the same bytes twice are one object, unchanged', async () => {
    const store = fresh();
    const bytes = unique();
    const first = await store.put(bytes);
    expect(await store.put(Buffer.from(bytes))).toBe(first);
    expect(await store.put(bytes, first)).toBe(first);
    expect(await store.get(first)).toEqual(bytes);
  });

  it('concurrent puts, of one object and of many, all land intact', async () => {
    const store = fresh();
    const same = unique(64 * 1024);
    const many = Array.from({ length: 24 }, () => unique(4096));
    const hashes = await Promise.all([
      ...Array.from({ length: 8 }, () => store.put(same)),
      ...many.map((bytes) => store.put(bytes)),
    ]);
    expect(hashes).toEqual([...Array(8).fill(contentHash(same)), ...many.map(contentHash)]);
    const read = await Promise.all([same, ...many].map((bytes) => store.get(contentHash(bytes))));
    expect(read).toEqual([same, ...many]);
  });

  it('streams a large object whole through open', async () => {
    const store = fresh();
    const bytes = unique(2 * 1024 * 1024);
    const hash = await store.put(bytes);
    const blob = await store.open(hash);
    expect(blob!.size).toBe(bytes.length);
    expect((await buffer(blob!.stream)).equals(bytes)).toBe(true);
  });

  it('refuses an address that is not a sha256 digest (never a path or key from outside)', async () => {
    const store = fresh();
    for (const bad of ['../../etc/passwd', 'A'.repeat(64), `${'a'.repeat(63)}/`, '']) {
      await expect(store.get(bad)).rejects.toThrow('not a sha256 hex digest');
      await expect(store.open(bad)).rejects.toThrow('not a sha256 hex digest');
      await expect(store.has(bad)).rejects.toThrow('not a sha256 hex digest');
      await expect(store.put(unique(), bad)).rejects.toThrow('not a sha256 hex digest');
    }
  });

  if (kind !== 'directory') {
    it('behind the fallback: bytes only in the legacy directory are served and copied into the shared store', async () => {
      const shared = fresh();
      const legacy = new ImageStore(mkdtempSync(join(dir, 'legacy-')));
      const store = new FallbackImageStore(shared, legacy);
      const [a, b] = [unique(), unique()];
      const [ha, hb] = [await legacy.put(a), await legacy.put(b)];
      expect(await shared.has(ha)).toBe(false);
      expect(await store.has(ha)).toBe(true);
      expect(await store.get(ha)).toEqual(a);
      expect(await shared.get(ha)).toEqual(a);
      expect(await buffer((await store.open(hb))!.stream)).toEqual(b);
      expect(await shared.has(hb)).toBe(true);
      const c = unique();
      await store.put(c);
      expect([await shared.has(contentHash(c)), await legacy.has(contentHash(c))]).toEqual([true, false]);
    });
  }
});

describe('the S3 store', () => {
  it('uploads an object once: a stored hash is not sent again, concurrent puts of one hash share one upload', async () => {
    const store = s3Store();
    const sent: string[] = [];
    store.client.middlewareStack.add(
      (next, context) => (args) => {
        sent.push(context.commandName!);
        return next(args);
      },
      { step: 'initialize', name: 'countCommands' },
    );
    const bytes = unique();
    await Promise.all(Array.from({ length: 5 }, () => store.put(bytes)));
    await store.put(bytes);
    await store.put(bytes, contentHash(bytes));
    expect(sent.filter((c) => c === 'PutObjectCommand')).toEqual(['PutObjectCommand']);
    expect(sent.filter((c) => c === 'HeadObjectCommand')).toHaveLength(3);
  });

  it('keys objects <prefix><sha256> and refuses bytes that do not match their address', async () => {
    const store = s3Store();
    const good = unique();
    const hash = await store.put(good);
    expect(store.keyOf(hash)).toBe(`images/${hash}`);
    // Another writer (or a torn write on a server without atomic puts) left other bytes under a hash's key.
    const other = contentHash(unique());
    await store.client.send(new PutObjectCommand({ Bucket: store.bucket, Key: store.keyOf(other), Body: good }));
    await expect(store.get(other)).rejects.toThrow(`holds bytes hashing to ${hash}: refused`);
  });

  it('from the configuration: IMAGE_STORE=s3 over S3_*, credentials from the AWS environment, never in the config', async () => {
    const env: Record<string, string> = { ...s3.env('bucket-39'), DATA_DIR: dir, LOG_LEVEL: 'silent' };
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AN-UNKNOWN-KEY-ID');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'a-secret');
    try {
      const config = loadConfig(env);
      expect(config.s3).toEqual({
        bucket: 'bucket-39',
        endpoint: s3.endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        prefix: 'images/',
      });
      expect(JSON.stringify(config)).not.toMatch(/S3RVER|AN-UNKNOWN|a-secret/);
      // The SDK signs with the environment's credentials: an unknown key is refused at start, and the error
      // names the bucket but not the key (s3rver checks key ids, not v4 signatures).
      const refused = await createImageStore(config, db).then(
        () => null,
        (error: Error) => error,
      );
      expect(refused?.message).toBe(
        'Invalid configuration: IMAGE_STORE=s3: S3 HeadBucket s3://bucket-39/ failed: Unknown (HTTP 403): UnknownError',
      );
      expect(JSON.stringify(refused, Object.getOwnPropertyNames(refused))).not.toContain('AN-UNKNOWN');
      expect(refused?.cause).toBeUndefined();
      vi.stubEnv('AWS_ACCESS_KEY_ID', env.AWS_ACCESS_KEY_ID!);
      vi.stubEnv('AWS_SECRET_ACCESS_KEY', env.AWS_SECRET_ACCESS_KEY!);
      const store = await createImageStore(config, db);
      const bytes = unique();
      const hash = await store.put(bytes);
      expect(await s3Store('bucket-39').get(hash)).toEqual(bytes);
      store.close?.();
      // A bucket that does not exist is refused at start too.
      await expect(createImageStore(loadConfig({ ...env, S3_BUCKET: 'no-such-bucket' }), db)).rejects.toThrow(
        'Invalid configuration: IMAGE_STORE=s3: S3 HeadBucket s3://no-such-bucket/ failed: NotFound (HTTP 404)',
      );
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('configuration: S3_BUCKET selects the S3 store; IMAGE_STORE=s3 without it is refused', () => {
    expect(loadConfig({ S3_BUCKET: 'b' }).imageStore).toBe('s3');
    expect(loadConfig({ S3_BUCKET: 'b', IMAGE_STORE: 'directory' })).toMatchObject({
      imageStore: 'directory',
      s3: null,
    });
    expect(() => loadConfig({ IMAGE_STORE: 's3' })).toThrow('S3_BUCKET: required with IMAGE_STORE=s3');
    expect(() => loadConfig({ S3_BUCKET: 'b', S3_PREFIX: '../x' })).toThrow('S3_PREFIX');
  });
});
