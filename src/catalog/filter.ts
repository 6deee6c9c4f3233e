import { FILTER_MAX_DEPTH, filterDepth, imageFilterSchema, type ImageFilterSpec } from '../db/queries/image-filter.js';
import { badInput, parseInput, type FieldPath } from '../errors.js';

/**
 * The rules of an `ImageFilter` as a request gives it: its size limits (checked before parsing, so a hostile
 * filter costs little to refuse), its shape (the zod schema next to the compiler in `src/db/queries/image-filter`)
 * and its nesting depth. Every edge that accepts a filter (GraphQL arguments, the export route) parses it here.
 */
export type { ImageFilterSpec };

/** Most sub-filters (`and`/`or`/`not` entries, the filter itself included) one filter may have. */
export const FILTER_MAX_NODES = 256;
/** Most list entries (ids, slugs, values) one filter may hold in all its lists together. */
export const FILTER_MAX_VALUES = 20_000;

export type FilterSize = { nodes: number; values: number; depth: number };

/**
 * Size of a raw `ImageFilter` input (before validation): sub-filters, list entries in all its lists, and nesting
 * depth. Counting stops once a limit is passed, so a hostile filter costs no more to measure than to refuse.
 */
export function measureFilter(input: unknown): FilterSize {
  const size: FilterSize = { nodes: 0, values: 0, depth: 0 };
  const over = () => size.nodes > FILTER_MAX_NODES || size.values > FILTER_MAX_VALUES || size.depth > FILTER_MAX_DEPTH;
  const walk = (node: unknown, depth: number): void => {
    if (!node || typeof node !== 'object' || Array.isArray(node) || over()) return;
    size.nodes++;
    size.depth = Math.max(size.depth, depth);
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      if (key === 'and' || key === 'or') {
        if (Array.isArray(value)) for (const child of value) walk(child, depth + 1);
      } else if (key === 'not') walk(value, depth + 1);
      else if (Array.isArray(value)) size.values += value.length;
      else if (value && typeof value === 'object') {
        // An axis (`{ in, notIn, slugIn, slugNotIn }`) or a string-value selection.
        for (const list of Object.values(value as Record<string, unknown>)) {
          if (Array.isArray(list)) size.values += list.length;
        }
      }
    }
  };
  walk(input, 0);
  return size;
}

/** Refuses a filter beyond FILTER_MAX_NODES / FILTER_MAX_VALUES / FILTER_MAX_DEPTH with BAD_USER_INPUT on `path`. */
export function assertFilterSize(input: unknown, path: FieldPath = ['filter']): FilterSize {
  const size = measureFilter(input);
  if (size.depth > FILTER_MAX_DEPTH) {
    throw badInput(path, `and/or/not may nest at most ${FILTER_MAX_DEPTH} levels deep`);
  }
  if (size.nodes > FILTER_MAX_NODES) {
    throw badInput(path, `more than ${FILTER_MAX_NODES} sub-filters (and/or/not); combine values into lists instead`);
  }
  if (size.values > FILTER_MAX_VALUES) {
    throw badInput(path, `more than ${FILTER_MAX_VALUES} values in all its lists together; narrow the filter`);
  }
  return size;
}

/**
 * The `ImageFilter` argument, validated (zod) and normalised; BAD_USER_INPUT names the offending path, e.g.
 * `filter.and[1].modality.in[0]: expected a numeric id`. Reuse this wherever an `ImageFilter` is accepted.
 * Its size is checked first (`assertFilterSize`), so an oversized filter is refused before it is parsed.
 */
export function parseImageFilter(input: unknown, path: FieldPath = ['filter']): ImageFilterSpec | undefined {
  if (input === null || input === undefined) return undefined;
  assertFilterSize(input, path);
  const filter = parseInput(imageFilterSchema, input, path);
  if (filterDepth(filter) > FILTER_MAX_DEPTH) {
    throw badInput(path, `and/or/not may nest at most ${FILTER_MAX_DEPTH} levels deep`);
  }
  return filter;
}
