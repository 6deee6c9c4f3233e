import type { Resolvers } from '../__generated__/resolvers-types.js';
import { baseResolvers } from './base.js';
import { enumResolvers } from './enums.js';
import { imageResolvers } from './images.js';
import { withDomainErrors } from '../errors.js';
import { mergeResolvers } from './merge.js';
import { modelResolvers } from './models.js';
import { taxonomyResolvers } from './taxonomy.js';
import { resultResolvers } from './results/index.js';
import { embeddingResolvers } from './embeddings/index.js';

/**
 * Every resolver module (each a partial `Resolvers`), merged type by type. To add yours: import it and
 * append it to this list (one line); a field defined twice throws at start-up. Every resolver rethrows
 * DomainErrors as coded GraphQL errors (`withDomainErrors`): the one place the domain meets GraphQL.
 */
const modules: Resolvers[] = [baseResolvers, enumResolvers, taxonomyResolvers, imageResolvers, modelResolvers];
modules.push(resultResolvers);
modules.push(embeddingResolvers);

export const resolvers: Resolvers = withDomainErrors(mergeResolvers(modules));
