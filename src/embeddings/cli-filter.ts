import type { Command } from 'commander';
import { imageFilterSchema, type ImageFilterSpec } from '../db/queries/image-filter.js';

/** Filter options shared by `stratum embed` and `stratum eval`. */
export type FilterOptions = {
  benchmark?: string[];
  sourceDataset?: string[];
  modality?: string[];
  stain?: string[];
  organism?: string[];
  ids?: string[];
  filter?: string;
};

const list = (value: string, previous: string[] = []) => [...previous, ...value.split(',').filter(Boolean)];

/** Adds `--benchmark`, `--source-dataset`, `--modality`, `--stain`, `--organism` (slugs), `--ids`, `--filter <json>`. */
export function addFilterOptions(command: Command): Command {
  return command
    .option('--benchmark <slugs>', 'benchmark slug(s), comma-separated', list)
    .option('--source-dataset <slugs>', 'source dataset slug(s)', list)
    .option('--modality <slugs>', 'modality slug(s)', list)
    .option('--stain <slugs>', 'stain slug(s)', list)
    .option('--organism <slugs>', 'organism slug(s)', list)
    .option('--ids <ids>', 'image ids', list)
    .option('--filter <json>', 'a full ImageFilter as JSON (combined with the options above by AND)');
}

/** The options as one validated `ImageFilterSpec` (null: every image). Throws a readable error on bad input. */
export function filterFromOptions(opts: FilterOptions): ImageFilterSpec | null {
  const parts: Record<string, unknown>[] = [];
  const slugs = (key: string, values?: string[]) => values?.length && parts.push({ [key]: { slugIn: values } });
  slugs('benchmark', opts.benchmark);
  slugs('sourceDataset', opts.sourceDataset);
  slugs('modality', opts.modality);
  slugs('stain', opts.stain);
  slugs('organism', opts.organism);
  if (opts.ids?.length) parts.push({ ids: opts.ids });
  if (opts.filter) {
    try {
      parts.push(JSON.parse(opts.filter) as Record<string, unknown>);
    } catch (error) {
      throw new Error(`--filter is not JSON: ${(error as Error).message}`);
    }
  }
  if (!parts.length) return null;
  const parsed = imageFilterSchema.safeParse(parts.length === 1 ? parts[0] : { and: parts });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`bad filter at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}
