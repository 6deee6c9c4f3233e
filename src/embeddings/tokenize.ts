import { readFile } from 'node:fs/promises';
import { AutoTokenizer, PreTrainedTokenizer } from '@huggingface/transformers';
import type { ModelSpec } from '../models/layout.js';
import { EmbeddingError } from './errors.js';
import { useLocalModelsOnly } from './transformers-env.js';

/** Token ids and attention mask of a batch, padded to its longest member: int64, row-major [n, length]. */
export type TokenBatch = { inputIds: BigInt64Array; attentionMask: BigInt64Array; n: number; length: number };
export type TextTokenizer = (texts: string[]) => TokenBatch;

/**
 * Loads the model's tokenizer with transformers.js: `AutoTokenizer.from_pretrained(dir)` (tokenizer.json +
 * tokenizer_config.json) for the Hub layout, or the manifest's tokenizer file through `PreTrainedTokenizer`.
 * Texts are padded to the longest in the batch and truncated to the model's max length.
 */
export async function createTokenizer(spec: ModelSpec): Promise<TextTokenizer> {
  useLocalModelsOnly();
  let tokenizer: PreTrainedTokenizer;
  try {
    if (spec.layout === 'hub') {
      tokenizer = await AutoTokenizer.from_pretrained(spec.dir);
    } else {
      const json = JSON.parse(await readFile(spec.tokenizer.file, 'utf8')) as object;
      const config = spec.tokenizer.configFile
        ? (JSON.parse(await readFile(spec.tokenizer.configFile, 'utf8')) as object)
        : {};
      const padding = spec.tokenizer.padToken ? { pad_token: spec.tokenizer.padToken } : {};
      tokenizer = new PreTrainedTokenizer(json, { model_max_length: spec.tokenizer.maxLength, ...padding, ...config });
    }
  } catch (error) {
    throw new EmbeddingError('MODEL_CONFIG_INVALID', `cannot load the tokenizer: ${(error as Error).message}`);
  }
  const maxLength = spec.tokenizer.maxLength ?? undefined;
  return (texts) => {
    let encoded: {
      input_ids: { data: BigInt64Array; dims: number[] };
      attention_mask: { data: BigInt64Array; dims: number[] };
    };
    try {
      encoded = tokenizer(texts, {
        padding: true,
        truncation: true,
        max_length: maxLength,
      }) as unknown as typeof encoded;
    } catch (error) {
      throw new EmbeddingError('MODEL_CONFIG_INVALID', `the tokenizer failed: ${(error as Error).message}`);
    }
    const [n = 0, length = 0] = encoded.input_ids.dims;
    return { inputIds: encoded.input_ids.data, attentionMask: encoded.attention_mask.data, n, length };
  };
}
