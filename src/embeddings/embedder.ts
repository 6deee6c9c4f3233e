import type { EmbeddingError } from '../errors.js';

/** Counters an embedder keeps for tests (batching) and benchmarks (time shares). */
export type EmbedderStats = {
  imageInferenceCalls: number;
  textInferenceCalls: number;
  imagesEmbedded: number;
  textsEmbedded: number;
  /** Wall milliseconds spent decoding + preprocessing images, per batch (overlaps inference of the previous batch). */
  preprocessMs: number;
  /** Wall milliseconds inside `InferenceSession.run` (both towers) plus tokenization. */
  inferenceMs: number;
};

export const emptyStats = (): EmbedderStats => ({
  imageInferenceCalls: 0,
  textInferenceCalls: 0,
  imagesEmbedded: 0,
  textsEmbedded: 0,
  preprocessMs: 0,
  inferenceMs: 0,
});

/**
 * The model runtime behind a narrow interface. Every vector it returns is L2-normalised
 * (‖v‖₂ = 1, so cosine similarity is a dot product) and `dimensions` long.
 */
export interface Embedder {
  readonly dimensions: number;
  /** Largest number of inputs one inference call receives; larger inputs are split into ⌈n / batchSize⌉ calls. */
  readonly batchSize: number;
  /** Multiplier of the cosine in the zero-shot softmax (CLIP's exp(logit_scale)). */
  readonly logitScale: number;
  readonly stats: EmbedderStats;
  /** One result per input, in input order: a vector, or the coded reason this image could not be embedded. */
  embedImages(images: Uint8Array[]): Promise<Array<Float32Array | EmbeddingError>>;
  /** One vector per text, in input order. */
  embedTexts(texts: string[]): Promise<Float32Array[]>;
  close(): Promise<void>;
}

/**
 * Why `v` cannot be scored, or null when it can: a vector with a NaN or infinite component, or the zero vector
 * (its cosine with anything is undefined; a zero-shot argmax over it would tie every option and pick the first).
 */
export function vectorProblem(v: Float32Array): string | null {
  let sum = 0;
  for (const x of v) {
    if (Number.isNaN(x)) return 'contains NaN';
    if (!Number.isFinite(x)) return 'contains an infinite value';
    sum += x * x;
  }
  return sum > 0 ? null : 'is the zero vector';
}

/** Scales `v` in place to unit L2 norm (a zero vector stays zero). */
export function l2normalize(v: Float32Array): Float32Array {
  let sum = 0;
  for (const x of v) sum += x * x;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i]! /= norm;
  return v;
}
