import { DomainError, type ErrorCode } from '../errors.js';

/** Codes of expected, user-fixable failures in the model registry and the embedding pipeline. */
export const embeddingErrorCodes = [
  'MODEL_FILE_MISSING',
  'MODEL_NOT_ONNX',
  'MODEL_SHAPE_MISMATCH',
  'MODEL_CONFIG_INVALID',
  'MODEL_NOT_FOUND',
  'MODEL_NOT_CONTRASTIVE',
  'IMAGE_UNREADABLE',
  'IMAGE_MISSING',
  'EMBEDDING_UNAVAILABLE',
  'EMBEDDING_INVALID',
] as const satisfies readonly ErrorCode[];
export type EmbeddingErrorCode = (typeof embeddingErrorCodes)[number];

/**
 * A coded failure of the embeddings domain: a DomainError whose `details` travel to clients as error
 * extensions. It knows nothing about GraphQL: the edges map `code` onto `extensions.code`.
 */
export class EmbeddingError extends DomainError {
  declare readonly code: EmbeddingErrorCode;

  constructor(code: EmbeddingErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, { details });
    this.name = 'EmbeddingError';
  }
}
