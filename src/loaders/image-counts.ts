import DataLoader from 'dataloader';
import type { Db } from '../db/client.js';
import { countImages, countImagesByAxes, type AxisName } from '../db/queries/facets.js';
import type { ImageFilterSpec } from '../db/queries/image-filter.js';
import { stableStringify } from './keys.js';

export type AxisCountsKey = { axis: AxisName; filter: ImageFilterSpec | undefined };

/**
 * Image counts per value of an axis under a filter (`Map<key, count>`). All axes asked for under one filter in a
 * tick share one statement; a list of 40 stains with `imageCount(filter)` costs one query, not 40.
 */
export function imageCountsByAxis(db: Db) {
  return new DataLoader<AxisCountsKey, Map<string | null, number>, string>(
    async (keys) => {
      const byFilter = new Map<string, { filter: ImageFilterSpec | undefined; axes: AxisName[] }>();
      for (const key of keys) {
        const f = stableStringify(key.filter ?? null);
        const entry = byFilter.get(f) ?? { filter: key.filter, axes: [] };
        entry.axes.push(key.axis);
        byFilter.set(f, entry);
      }
      const results = new Map<string, Map<string | null, number>>();
      for (const [f, { filter, axes }] of byFilter) {
        for (const axis of axes) results.set(`${axis}|${f}`, new Map());
        for (const row of await countImagesByAxes(db, axes, filter)) {
          results.get(`${row.axis}|${f}`)!.set(row.key, row.count);
        }
      }
      return keys.map((key) => results.get(`${key.axis}|${stableStringify(key.filter ?? null)}`)!);
    },
    { cacheKeyFn: (key) => `${key.axis}|${stableStringify(key.filter ?? null)}` },
  );
}

/** Number of images matching a filter. */
export function imageTotalByFilter(db: Db) {
  return new DataLoader<{ filter: ImageFilterSpec | undefined }, number, string>(
    (keys) => Promise.all(keys.map((key) => countImages(db, key.filter))),
    { cacheKeyFn: (key) => stableStringify(key.filter ?? null) },
  );
}
