import { DomainError, embeddingErrorCodes } from '../errors.js';

/** Codes of expected, user-fixable failures in the model registry and the embedding pipeline. */
export { embeddingErrorCodes };
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
