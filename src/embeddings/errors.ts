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
] as const;
export type EmbeddingErrorCode = (typeof embeddingErrorCodes)[number];

/**
 * A coded failure of the embeddings domain. It knows nothing about GraphQL: the resolver layer maps
 * `code` onto `extensions.code`.
 */
export class EmbeddingError extends Error {
  constructor(
    readonly code: EmbeddingErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'EmbeddingError';
  }
}
