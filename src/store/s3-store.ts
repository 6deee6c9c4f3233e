import {
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import type { S3StoreConfig } from '../config.js';
import { assertContentHash, contentHash, type ImageBlobStore, type StoredBlob } from './image-store.js';

/**
 * An S3 client for `config`. Credentials come from the SDK's default chain (`AWS_ACCESS_KEY_ID` /
 * `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN`, `AWS_PROFILE`, web identity, instance roles), never from Stratum's
 * configuration, so nothing that logs the configuration can leak them. Checksums are sent and checked only where an
 * operation requires them (S3-compatible servers differ in what they support); the store sends the SHA-256 it
 * already knows with every upload, and verifies every `get`, itself.
 */
export function createS3Client(config: S3StoreConfig, overrides: Partial<S3ClientConfig> = {}): S3Client {
  return new S3Client({
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    forcePathStyle: config.forcePathStyle,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
    // A hung connection must fail (the job retries), not hold a worker forever.
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 60_000 },
    ...overrides,
  });
}

/** Whether `error` is S3's answer that the object does not exist (GET: NoSuchKey; HEAD has no body: NotFound). */
function isMissing(error: unknown): boolean {
  return (
    error instanceof S3ServiceException &&
    error.$metadata.httpStatusCode === 404 &&
    (error.name === 'NoSuchKey' || error.name === 'NotFound')
  );
}

/**
 * Content-addressed image store on S3-compatible object storage: object `<prefix><sha256>` in one bucket, shared by
 * every replica and worker that points at it. Puts are idempotent (an object already there is not uploaded again;
 * concurrent puts of one hash in a process share one upload; two processes writing the same key write the same
 * bytes). Every upload carries the SHA-256 as `x-amz-checksum-sha256`, which S3 verifies; every `get` hashes what
 * it read and refuses bytes that do not match their address. `open` streams the object (the `/images` route pipes
 * it), so an original is never held whole. A missing object is null (the caller's `IMAGE_MISSING`, retryable);
 * any other failure (unreachable endpoint, denied, missing bucket) throws.
 */
export class S3ImageStore implements ImageBlobStore {
  private readonly uploads = new Map<string, Promise<string>>();

  constructor(
    readonly client: S3Client,
    readonly bucket: string,
    readonly prefix = 'images/',
  ) {}

  keyOf(hash: string): string {
    assertContentHash(hash);
    return `${this.prefix}${hash}`;
  }

  /** Fails with a readable error unless the bucket exists and these credentials may use it (run at start). */
  async check(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      throw this.failure('HeadBucket', '', error);
    }
  }

  async put(bytes: Uint8Array, knownHash?: string): Promise<string> {
    const hash = knownHash ?? contentHash(bytes);
    const key = this.keyOf(hash);
    let upload = this.uploads.get(hash);
    if (!upload) {
      upload = (async () => {
        if (await this.has(hash)) return hash;
        try {
          await this.client.send(
            new PutObjectCommand({
              Bucket: this.bucket,
              Key: key,
              Body: bytes,
              ContentLength: bytes.byteLength,
              ContentType: 'application/octet-stream',
              ChecksumSHA256: Buffer.from(hash, 'hex').toString('base64'),
            }),
          );
        } catch (error) {
          throw this.failure('PutObject', key, error);
        }
        return hash;
      })().finally(() => this.uploads.delete(hash));
      this.uploads.set(hash, upload);
    }
    return upload;
  }

  async get(hash: string): Promise<Buffer | null> {
    const key = this.keyOf(hash);
    let bytes: Buffer;
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      bytes = Buffer.from(await object.Body!.transformToByteArray());
    } catch (error) {
      if (isMissing(error)) return null;
      throw this.failure('GetObject', key, error);
    }
    const actual = contentHash(bytes);
    if (actual !== hash) {
      throw new Error(`S3 object s3://${this.bucket}/${key} holds bytes hashing to ${actual}: refused`);
    }
    return bytes;
  }

  async open(hash: string): Promise<StoredBlob | null> {
    const key = this.keyOf(hash);
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return { size: object.ContentLength ?? 0, stream: object.Body as Readable };
    } catch (error) {
      if (isMissing(error)) return null;
      throw this.failure('GetObject', key, error);
    }
  }

  async has(hash: string): Promise<boolean> {
    const key = this.keyOf(hash);
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw this.failure('HeadObject', key, error);
    }
  }

  close(): void {
    this.client.destroy();
  }

  /**
   * The SDK's error reduced to its name and message, with the operation and object named. Deliberately without
   * `cause`: the SDK's error carries the raw HTTP exchange, signed `authorization` header (access key id) included,
   * and a logger that serialises causes would print it.
   */
  private failure(operation: string, key: string, error: unknown): Error {
    const status = error instanceof S3ServiceException ? ` (HTTP ${error.$metadata.httpStatusCode})` : '';
    const reason = error instanceof Error ? `${error.name}${status}: ${error.message}` : String(error);
    return new Error(`S3 ${operation} s3://${this.bucket}/${key} failed: ${reason}`);
  }
}
