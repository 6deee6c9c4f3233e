import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import type { S3StoreConfig } from '../config.js';

/** s3rver's fixed credentials (it checks signatures against them). */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export type TestS3 = {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  /** The store configuration for `bucket` on this server (path style, as self-hosted servers want). */
  config(bucket?: string, prefix?: string): S3StoreConfig;
  /** The environment a process needs to use this server (`IMAGE_STORE=s3`, `S3_*`, `AWS_*`). */
  env(bucket?: string): Record<string, string>;
  stop(): Promise<void>;
};

/**
 * A real S3-compatible server (s3rver: the S3 REST API over HTTP, objects on disk) on 127.0.0.1 at a free port,
 * with its objects in a temporary directory and the buckets `buckets` created.
 */
export async function startS3Server(buckets: string[] = ['stratum-images']): Promise<TestS3> {
  const directory = mkdtempSync(join(tmpdir(), 'stratum-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const [first] = buckets;
  return {
    endpoint,
    config: (bucket = first!, prefix = 'images/') => ({
      bucket,
      endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      prefix,
    }),
    env: (bucket = first!) => ({
      IMAGE_STORE: 's3',
      S3_BUCKET: bucket,
      S3_ENDPOINT: endpoint,
      S3_REGION: 'us-east-1',
      S3_FORCE_PATH_STYLE: 'true',
      AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    }),
    async stop() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
