import { createDb, type DbHandle } from './db/client.js';
import { migrate } from './db/migrate.js';
import type { ImageBlobStore } from './store/image-store.js';
import { createImageStore } from './store/index.js';
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
  let store: ImageBlobStore;
  try {
    store = await createImageStore(config, handle);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return {
    config,
    handle,
    store,
    close: () => {
      store.close?.();
      return handle.close();
    },
  };
}
