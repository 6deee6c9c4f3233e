import { z } from 'zod';
import type { DbHandle } from '../db/client.js';
import {
  findImageSetBySlug,
  findSourceDatasetIdsBySlugs,
  insertImageSet,
  type ImageSetRow,
} from '../db/queries/image-sets.js';
import { DomainError, inputErrors, type FieldPath } from '../errors.js';
import { taxonomyCacheFor } from '../loaders/taxonomy-cache.js';

const createImageSetInput = z.object({
  slug: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9-]{1,63}$/,
      'use 2–64 lower-case letters, digits and dashes, starting with a letter or digit',
    ),
  name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  description: z.string().max(2000).nullish(),
  sourceDatasets: z.array(z.string()).min(1, 'give at least one source dataset').max(1000),
});

/**
 * Creates an image set (a named group of source datasets) from an input document at `path` (a mutation's `input`).
 * The process's taxonomy cache is dropped at once, so this process reads the set back; others hear the database's
 * notification.
 * @throws DomainError BAD_USER_INPUT listing every invalid field; CONFLICT on `slug` when a set has it; NOT_FOUND
 * listing every unknown source dataset slug (by its index in `sourceDatasets`)
 */
export async function createImageSet(
  handle: DbHandle,
  input: unknown,
  path: FieldPath = ['input'],
): Promise<ImageSetRow> {
  const parsed = createImageSetInput.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({
      path: [...path, ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
      message: i.message,
    }));
    throw inputErrors('BAD_USER_INPUT', 'invalid input', issues);
  }
  const set = parsed.data;
  if (await findImageSetBySlug(handle.db, set.slug)) {
    throw new DomainError('CONFLICT', `an image set with slug "${set.slug}" exists`, { path: [...path, 'slug'] });
  }
  const wanted = [...new Set(set.sourceDatasets)];
  const found = await findSourceDatasetIdsBySlugs(handle.db, wanted);
  const missing = wanted.filter((slug) => !found.some((f) => f.slug === slug));
  if (missing.length) {
    const issues = missing.map((slug) => ({
      path: [...path, 'sourceDatasets', set.sourceDatasets.indexOf(slug)],
      message: `unknown source dataset "${slug}"`,
    }));
    throw inputErrors('NOT_FOUND', `unknown source datasets: ${missing.join(', ')}`, issues);
  }
  const row = await insertImageSet(
    handle.db,
    { slug: set.slug, name: set.name, description: set.description ?? null },
    found.map((f) => f.id),
  );
  taxonomyCacheFor(handle).invalidate();
  return row;
}
