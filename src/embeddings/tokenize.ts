import { readFile } from 'node:fs/promises';
import { AutoTokenizer, PreTrainedTokenizer } from '@huggingface/transformers';
import type { ModelSpec } from '../models/layout.js';
import { EmbeddingError } from '../errors.js';
import { useLocalModelsOnly } from './transformers-env.js';

/** Token ids and attention mask of a batch, padded to its longest member: int64, row-major [n, length]. */
export type TokenBatch = { inputIds: BigInt64Array; attentionMask: BigInt64Array; n: number; length: number };
export type TextTokenizer = (texts: string[]) => TokenBatch;

/**
 * Loads the model's tokenizer with transformers.js: `AutoTokenizer.from_pretrained(dir)` (tokenizer.json +
 * tokenizer_config.json) for the Hub layout, or the manifest's tokenizer file through `PreTrainedTokenizer`.
 * Texts are truncated to the model's max length keeping the special tokens (`truncateKeepingSpecials`) and
 * padded to the longest in the batch with the tokenizer's pad token.
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
  const maxLength = spec.tokenizer.maxLength ?? Infinity;
  const padId = tokenizer.pad_token_id ?? 0;
  const padLeft = (tokenizer as unknown as { padding_side?: string }).padding_side === 'left';
  return (texts) => {
    let rows: number[][];
    try {
      rows = texts.map((text) =>
        truncateKeepingSpecials(
          tokenizer.encode(text),
          tokenizer.encode(text, { add_special_tokens: false }),
          maxLength,
        ),
      );
    } catch (error) {
      throw new EmbeddingError('MODEL_CONFIG_INVALID', `the tokenizer failed: ${(error as Error).message}`);
    }
    return padBatch(rows, padId, padLeft);
  };
}

/**
 * Truncates one encoded text to `maxLength` tokens the way Hugging Face `tokenizers` does for a single sequence
 * (`truncation=True`): the content is cut, the special tokens the post-processor added around it are kept.
 * With `full` = prefix + content + suffix (e.g. CLIP's `<|startoftext|>` … `<|endoftext|>`):
 *
 *   truncated = prefix + content[0 : maxLength − |prefix| − |suffix|] + suffix
 *
 * Invariants: |truncated| = min(|full|, maxLength); the last token of a truncated row is the last token of
 * `full` (CLIP pools at the end-of-text token, so losing it would pool every long text at the start token).
 * When `content` cannot be located inside `full` (a post-processor that rewrites tokens), the row keeps its
 * first maxLength − 1 tokens and its last token.
 */
export function truncateKeepingSpecials(full: number[], content: number[], maxLength: number): number[] {
  if (full.length <= maxLength) return full;
  const extra = full.length - content.length;
  let prefix = -1;
  for (let p = 0; p <= extra && prefix < 0; p++) {
    let same = true;
    for (let i = 0; i < content.length && same; i++) same = full[p + i] === content[i];
    if (same) prefix = p;
  }
  if (prefix < 0 || maxLength <= extra) return [...full.slice(0, Math.max(0, maxLength - 1)), full[full.length - 1]!];
  const suffix = extra - prefix;
  return [...full.slice(0, prefix), ...content.slice(0, maxLength - extra), ...full.slice(full.length - suffix)];
}

/** Pads rows to the longest with `padId` (attention mask 0 on padding), right or left, into int64 tensors. */
export function padBatch(rows: number[][], padId: number, left = false): TokenBatch {
  const n = rows.length;
  const length = rows.reduce((m, r) => Math.max(m, r.length), 0);
  const inputIds = new BigInt64Array(n * length).fill(BigInt(padId));
  const attentionMask = new BigInt64Array(n * length);
  rows.forEach((row, i) => {
    const offset = i * length + (left ? length - row.length : 0);
    row.forEach((id, j) => {
      inputIds[offset + j] = BigInt(id);
      attentionMask[offset + j] = 1n;
    });
  });
  return { inputIds, attentionMask, n, length };
}
