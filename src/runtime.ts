import { createDb, type DbHandle } from './db/client.js';
import { migrate } from './db/migrate.js';
import { ImageStore, type ImageBlobStore } from './store/image-store.js';
import { PostgresImageStore } from './store/postgres-store.js';
import type { Config } from './config.js';

/** What every entry point (server, CLI, worker) shares: the migrated database and the image store. */
export type Runtime = {
  config: Config;
  handle: DbHandle;
  store: ImageBlobStore;
  close(): Promise<void>;
};

/** Opens the configured database (PGlite under DATA_DIR unless DATABASE_URL is set) and applies migrations. */
export async function openRuntime(config: Config): Promise<Runtime> {
  const handle = await createDb({
    url: config.databaseUrl,
    pgliteDir: config.pgliteDir,
    statementTimeoutMs: config.statementTimeoutMs,
    connectTimeoutMs: config.connectTimeoutMs,
    poolSize: config.poolSize,
  });
  try {
    await migrate(handle);
  } catch (error) {
    await handle.close();
    throw error;
  }
  const directory = new ImageStore(config.imageStoreDir);
  if (config.imageStore === 'postgres' && handle.driver !== 'postgres') {
    await handle.close();
    throw new Error('Invalid configuration: IMAGE_STORE=postgres needs DATABASE_URL');
  }
  // With PostgreSQL the bytes are shared through the database; the directory is only read for older imports.
  const store: ImageBlobStore =
    config.imageStore === 'postgres' ? new PostgresImageStore(handle.db, directory) : directory;
  return { config, handle, store, close: () => handle.close() };
}
