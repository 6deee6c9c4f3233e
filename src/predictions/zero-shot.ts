import { vectorProblem } from '../embeddings/embedder.js';
import { EmbeddingError } from '../errors.js';

/** Cosine similarity of two L2-normalised vectors (their dot product), in [-1, 1]. */
export function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`vector widths differ: ${a.length} vs ${b.length}`);
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
}

export type ZeroShotResult = {
  /** Softmax probabilities per option, in the question's released option order; they sum to 1. */
  scores: number[];
  /** argmax of `scores` (the first index on exact ties). */
  chosenIndex: number;
};

/**
 * The μ-Bench contrastive protocol (ubench-corpus.md §3.2) for one image and one caption set:
 *
 *   z_j = s · cos(image, option_j),   p_j = exp(z_j − max z) / Σ_k exp(z_k − max z),   choice = argmax_j p_j
 *
 * where `s` is the model's logit scale (CLIP's exp(logit_scale), 100 for the released OpenAI weights) and both
 * vectors are L2-normalised. Subtracting max z changes nothing mathematically and keeps exp() finite.
 * The choice is correct iff it equals the question's answer index.
 * A vector with a NaN or infinite component, or the zero vector, has no cosine: such an input is refused
 * (EmbeddingError EMBEDDING_INVALID), never scored (see `checkedZeroShot`).
 * @throws EmbeddingError EMBEDDING_INVALID
 */
export function zeroShot(image: Float32Array, options: readonly Float32Array[], logitScale: number): ZeroShotResult {
  if (!options.length) throw new Error('a caption set needs at least one option');
  const imageProblem = vectorProblem(image);
  if (imageProblem) throw new EmbeddingError('EMBEDDING_INVALID', `the image embedding ${imageProblem}`);
  options.forEach((o, j) => {
    const problem = vectorProblem(o);
    if (problem) throw new EmbeddingError('EMBEDDING_INVALID', `the embedding of option ${j} ${problem}`);
  });
  if (!Number.isFinite(logitScale) || logitScale <= 0)
    throw new Error(`logit scale must be positive, got ${logitScale}`);
  const logits = options.map((o) => logitScale * cosine(image, o));
  const max = Math.max(...logits);
  const exps = logits.map((z) => Math.exp(z - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  const scores = exps.map((e) => e / sum);
  let chosenIndex = 0;
  for (let j = 1; j < scores.length; j++) if (scores[j]! > scores[chosenIndex]!) chosenIndex = j;
  return { scores, chosenIndex };
}

/**
 * `zeroShot`, with an unusable input returned as the EmbeddingError (its prediction is stored as failed with the
 * reason) instead of thrown.
 */
export function checkedZeroShot(
  image: Float32Array,
  options: readonly Float32Array[],
  logitScale: number,
): ZeroShotResult | EmbeddingError {
  try {
    return zeroShot(image, options, logitScale);
  } catch (error) {
    if (error instanceof EmbeddingError) return error;
    throw error;
  }
}

/**
 * The texts a contrastive model compares an image with, per question: the released captions for caption sets
 * (`options` are fully rendered captions), and `question + " " + option` for cognition questions (§3.2).
 */
export function optionTexts(question: { type: string; protocol: string; text: string; options: string[] }): string[] {
  if (question.protocol === 'caption') return question.options;
  return question.options.map((o) => `${question.text} ${o}`);
}
