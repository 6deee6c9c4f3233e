/**
 * A results request resolves its model references once, through the one resolver of `slug@hash` references
 * (`findModelsByRefs`, also behind the embeddings loader and the CLI): rows and versions in one statement.
 */
export { findModelsByRefs as resolveModelRefs, type ResolvedModel } from '../db/queries/model-versions.js';
