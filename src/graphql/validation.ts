import { FILTER_MAX_DEPTH, filterDepth, imageFilterSchema, type ImageFilterSpec } from '../db/queries/image-filter.js';
import { badInput, parseInput, type FieldPath } from '../errors.js';

/** Largest page any list field returns. */
export const MAX_PAGE_SIZE = 500;

/** Validates `first` (1…500) or throws BAD_USER_INPUT naming the argument. */
export function parseFirst(first: number | null | undefined, path: FieldPath = ['first']): number {
  const value = first ?? 50;
  if (!Number.isInteger(value) || value < 1 || value > MAX_PAGE_SIZE) {
    throw badInput(path, `must be between 1 and ${MAX_PAGE_SIZE} (got ${value})`);
  }
  return value;
}

/**
 * The `ImageFilter` argument, validated (zod) and normalised; BAD_USER_INPUT names the offending path, e.g.
 * `filter.and[1].modality.in[0]: expected a numeric id`. Reuse this wherever an `ImageFilter` is accepted.
 */
export function parseImageFilter(input: unknown, path: FieldPath = ['filter']): ImageFilterSpec | undefined {
  if (input === null || input === undefined) return undefined;
  const filter = parseInput(imageFilterSchema, input, path);
  if (filterDepth(filter) > FILTER_MAX_DEPTH) {
    throw badInput(path, `and/or/not may nest at most ${FILTER_MAX_DEPTH} levels deep`);
  }
  return filter;
}

/** Exactly one of the named arguments must be given. */
export function requireOne(args: Record<string, unknown>, names: string[]): void {
  const given = names.filter((n) => args[n] !== undefined && args[n] !== null);
  if (given.length !== 1) {
    throw badInput([names[0]!], `give exactly one of ${names.map((n) => `\`${n}\``).join(', ')}`);
  }
}
