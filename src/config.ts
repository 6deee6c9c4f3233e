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
  /** Where image bytes live: `postgres` (shared by every replica; default with DATABASE_URL) or `directory`. */
  IMAGE_STORE: z.enum(['postgres', 'directory']).optional(),
  /** Whether reads (`results`, exports) may start missing evaluations. Default: on for PGlite, off with DATABASE_URL. */
  EVALUATE_ON_READ: z.enum(['true', 'false', '1', '0']).optional(),
  /** Evaluations a client's reads may start per minute (EVALUATE_ON_READ); further ones are refused (429). */
  EVALUATE_ON_READ_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(30),
  /** A job worker silent for this many seconds is presumed dead; its jobs go to other workers. */
  WORKER_LEASE_SECONDS: z.coerce.number().int().min(2).max(3600).default(20),
});

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
  imageStore: 'postgres' | 'directory';
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
    imageStore: e.IMAGE_STORE ?? (e.DATABASE_URL ? 'postgres' : 'directory'),
    evaluateOnRead: e.EVALUATE_ON_READ ? e.EVALUATE_ON_READ === 'true' || e.EVALUATE_ON_READ === '1' : !e.DATABASE_URL,
    evaluateOnReadPerMinute: e.EVALUATE_ON_READ_PER_MINUTE,
    workerLeaseSeconds: e.WORKER_LEASE_SECONDS,
  };
}
