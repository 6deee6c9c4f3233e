import { EmbeddingError } from '../../../embeddings/errors.js';
import { AppError } from '../../errors.js';

/** An EmbeddingError as the coded GraphQL error clients see (same code and message); anything else unchanged. */
export function toAppError(error: unknown): unknown {
  if (error instanceof EmbeddingError) return new AppError(error.code, error.message, error.details);
  return error;
}

/** Runs `fn`, rethrowing EmbeddingErrors as AppErrors. */
export async function coded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toAppError(error);
  }
}
