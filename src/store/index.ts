import type { Config } from '../config.js';
import type { DbHandle } from '../db/client.js';
import { FallbackImageStore, ImageStore, type ImageBlobStore } from './image-store.js';
import { PostgresImageStore } from './postgres-store.js';
import { createS3Client, S3ImageStore } from './s3-store.js';

/**
 * The image store `config` asks for (`IMAGE_STORE`): the directory `IMAGE_STORE_DIR`; or a shared store, PostgreSQL's
 * `image_blobs` or an S3 bucket, in front of that directory (bytes imported there before the switch are copied into
 * the shared store on first use). Refuses, with a readable error, `postgres` without PostgreSQL and an S3 bucket
 * that is missing or unreachable with the credentials at hand.
 */
export async function createImageStore(config: Config, handle: DbHandle): Promise<ImageBlobStore> {
  const directory = new ImageStore(config.imageStoreDir);
  switch (config.imageStore) {
    case 'directory':
      return directory;
    case 'postgres':
      if (handle.driver !== 'postgres')
        throw new Error('Invalid configuration: IMAGE_STORE=postgres needs DATABASE_URL');
      return new FallbackImageStore(new PostgresImageStore(handle.db), directory);
    case 's3': {
      const s3 = config.s3!;
      const store = new S3ImageStore(createS3Client(s3), s3.bucket, s3.prefix);
      try {
        await store.check();
      } catch (error) {
        store.close();
        throw new Error(`Invalid configuration: IMAGE_STORE=s3: ${(error as Error).message}`);
      }
      return new FallbackImageStore(store, directory);
    }
  }
}
