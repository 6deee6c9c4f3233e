import { env } from '@huggingface/transformers';

let configured = false;

/**
 * Puts transformers.js in local-only mode once per process: no Hub downloads, model ids are absolute local
 * directories (`localModelPath` is the file-system root), and no browser cache.
 */
export function useLocalModelsOnly(): void {
  if (configured) return;
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = '/';
  env.useBrowserCache = false;
  configured = true;
}
