import { resolve } from 'node:path';
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
  };
}
