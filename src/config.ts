import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const envSchema = z.object({
  /** PostgreSQL URL. Unset: embedded PGlite under DATA_DIR. */
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('./data'),
  /** Content-addressed image store; defaults to `<DATA_DIR>/images`. */
  IMAGE_STORE_DIR: z.string().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('127.0.0.1'),
  /** Require an API key for reads too (writes always need one). */
  REQUIRE_KEY_FOR_READS: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** `production` (the default of `npm start`/`serve`) or `development`; `test` under vitest. */
  NODE_ENV: z.enum(['production', 'development', 'test']).optional(),
  /** Serve GraphQL introspection (GraphiQL's docs and autocompletion need it). The SDL is public anyway. */
  GRAPHQL_INTROSPECTION: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
  /** PostgreSQL `statement_timeout` per statement, in ms (0: none). */
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(30_000),
  /** How long start-up retries an unreachable PostgreSQL (exponential backoff), in ms. */
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(0).default(30_000),
  /** node-postgres pool size per process. */
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
  /**
   * Directories `registerModel(path)` over the API may read model directories from (`:`-separated); a path
   * elsewhere is refused like a missing one. Default: `<DATA_DIR>/models` and the repository's `models/`.
   */
  MODEL_ROOTS: z.string().optional(),
  /** Largest request body accepted (JSON), e.g. `1mb`, `10mb` (bytes package syntax). */
  MAX_BODY_SIZE: z
    .string()
    .regex(/^[0-9]+(b|kb|mb)?$/i, 'expected a size such as 512kb or 10mb')
    .default('4mb'),
  /**
   * Where image bytes live: `s3` (S3-compatible object storage; default when S3_BUCKET is set), `postgres` (the
   * `image_blobs` table; default with DATABASE_URL) or `directory` (IMAGE_STORE_DIR, one machine).
   */
  IMAGE_STORE: z.enum(['s3', 'postgres', 'directory']).optional(),
  /** IMAGE_STORE=s3: the bucket (it must exist; start-up checks that it is reachable). */
  S3_BUCKET: z.string().min(1).optional(),
  /** IMAGE_STORE=s3: an S3-compatible endpoint URL (MinIO, Ceph RGW, R2, …); unset: AWS S3. */
  S3_ENDPOINT: z.string().url().optional(),
  /** IMAGE_STORE=s3: the region (default AWS_REGION, else us-east-1). */
  S3_REGION: z.string().min(1).optional(),
  /** IMAGE_STORE=s3: path-style URLs (`endpoint/bucket/key`), which most self-hosted servers need. */
  S3_FORCE_PATH_STYLE: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  /** IMAGE_STORE=s3: key prefix; objects are `<prefix><sha256>`. */
  S3_PREFIX: z
    .string()
    .regex(/^([A-Za-z0-9._-]+\/)*$/, 'expected path segments each ending in /, e.g. images/ or stratum/images/')
    .default('images/'),
  // Credentials for S3 are read by the AWS SDK's default chain (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
  // AWS_SESSION_TOKEN, AWS_PROFILE, instance roles), never here: the configuration never holds a secret.
  /** Whether reads (`results`, exports) may start missing evaluations. Default: on for PGlite, off with DATABASE_URL. */
  EVALUATE_ON_READ: z.enum(['true', 'false', '1', '0']).optional(),
  /** Evaluations a client's reads may start per minute (EVALUATE_ON_READ); further ones are refused (429). */
  EVALUATE_ON_READ_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(30),
  /** A job worker silent for this many seconds is presumed dead; its jobs go to other workers. */
  WORKER_LEASE_SECONDS: z.coerce.number().int().min(2).max(3600).default(20),
});

/** Where the S3 image store writes (`S3_*`). Credentials are never part of it (see `createS3Client`). */
export type S3StoreConfig = {
  bucket: string;
  /** An S3-compatible endpoint (MinIO, Ceph RGW, R2, …); unset: AWS S3 of `region`. */
  endpoint: string | undefined;
  region: string;
  /** `https://host/bucket/key` instead of `https://bucket.host/key` (most self-hosted servers need it). */
  forcePathStyle: boolean;
  /** Key prefix, e.g. `images/`: objects are `<prefix><sha256>`. */
  prefix: string;
};

export type Config = {
  databaseUrl: string | undefined;
  dataDir: string;
  pgliteDir: string;
  imageStoreDir: string;
  port: number;
  host: string;
  requireKeyForReads: boolean;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  nodeEnv: 'production' | 'development' | 'test';
  introspection: boolean;
  statementTimeoutMs: number;
  connectTimeoutMs: number;
  poolSize: number;
  maxBodySize: string;
  modelRoots: string[];
  imageStore: 's3' | 'postgres' | 'directory';
  /** The S3 store's location (IMAGE_STORE=s3), else null. */
  s3: S3StoreConfig | null;
  evaluateOnRead: boolean;
  evaluateOnReadPerMinute: number;
  workerLeaseSeconds: number;
};

/** Parses configuration from the environment (zod); throws a readable error naming the bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  const imageStore = e.IMAGE_STORE ?? (e.S3_BUCKET ? 's3' : e.DATABASE_URL ? 'postgres' : 'directory');
  if (imageStore === 's3' && !e.S3_BUCKET) {
    throw new Error('Invalid configuration: S3_BUCKET: required with IMAGE_STORE=s3');
  }
  const dataDir = resolve(e.DATA_DIR);
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir,
    pgliteDir: resolve(dataDir, 'pglite'),
    imageStoreDir: resolve(e.IMAGE_STORE_DIR ?? resolve(dataDir, 'images')),
    port: e.PORT,
    host: e.HOST,
    requireKeyForReads: e.REQUIRE_KEY_FOR_READS,
    logLevel: e.LOG_LEVEL,
    nodeEnv: e.NODE_ENV ?? 'development',
    introspection: e.GRAPHQL_INTROSPECTION,
    statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
    connectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS,
    poolSize: e.DB_POOL_SIZE,
    maxBodySize: e.MAX_BODY_SIZE,
    modelRoots: e.MODEL_ROOTS
      ? e.MODEL_ROOTS.split(':')
          .filter(Boolean)
          .map((p) => resolve(p))
      : [resolve(dataDir, 'models'), fileURLToPath(new URL('../models', import.meta.url))],
    imageStore,
    s3:
      imageStore === 's3'
        ? {
            bucket: e.S3_BUCKET!,
            endpoint: e.S3_ENDPOINT,
            region: e.S3_REGION ?? env.AWS_REGION ?? 'us-east-1',
            forcePathStyle: e.S3_FORCE_PATH_STYLE,
            prefix: e.S3_PREFIX,
          }
        : null,
    evaluateOnRead: e.EVALUATE_ON_READ ? e.EVALUATE_ON_READ === 'true' || e.EVALUATE_ON_READ === '1' : !e.DATABASE_URL,
    evaluateOnReadPerMinute: e.EVALUATE_ON_READ_PER_MINUTE,
    workerLeaseSeconds: e.WORKER_LEASE_SECONDS,
  };
}
