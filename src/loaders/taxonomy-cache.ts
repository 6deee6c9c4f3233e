import type { DbHandle, ListenEvent } from '../db/client.js';
import {
  cachedTaxonomyTables,
  loadTaxonomyTables,
  TAXONOMY_CHANNEL,
  type CachedTaxonomyTable,
  type RowOf,
  type TaxonomyTables,
} from '../db/queries/taxonomy.js';

/** The cached tables by id, and the image set ↔ source dataset links both ways (rows sorted by slug). */
export type TaxonomySnapshot = { readonly [K in CachedTaxonomyTable]: ReadonlyMap<number, RowOf<K>> } & {
  readonly imageSetsBySourceDatasetId: ReadonlyMap<number, readonly RowOf<'imageSets'>[]>;
  readonly sourceDatasetsByImageSetId: ReadonlyMap<number, readonly RowOf<'sourceDatasets'>[]>;
};

const bySlug = (a: { slug: string }, b: { slug: string }) => a.slug.localeCompare(b.slug);

function buildSnapshot(tables: TaxonomyTables): TaxonomySnapshot {
  const maps = Object.fromEntries(
    cachedTaxonomyTables.map((name) => [name, new Map(tables[name].map((row) => [row.id, row]))]),
  ) as { [K in CachedTaxonomyTable]: Map<number, RowOf<K>> };
  const setsByDataset = new Map<number, RowOf<'imageSets'>[]>();
  const datasetsBySet = new Map<number, RowOf<'sourceDatasets'>[]>();
  for (const { imageSetId, sourceDatasetId } of tables.imageSetLinks) {
    const set = maps.imageSets.get(imageSetId);
    const dataset = maps.sourceDatasets.get(sourceDatasetId);
    if (set) setsByDataset.set(sourceDatasetId, [...(setsByDataset.get(sourceDatasetId) ?? []), set]);
    if (dataset) datasetsBySet.set(imageSetId, [...(datasetsBySet.get(imageSetId) ?? []), dataset]);
  }
  for (const list of setsByDataset.values()) list.sort(bySlug);
  for (const list of datasetsBySet.values()) list.sort(bySlug);
  return { ...maps, imageSetsBySourceDatasetId: setsByDataset, sourceDatasetsByImageSetId: datasetsBySet };
}

/** How long a snapshot is kept at most, even when no write was announced (a bound on any missed notification). */
export const TAXONOMY_MAX_AGE_MS = 60_000;

/**
 * A per-process cache of the taxonomy tables (`cachedTaxonomyTables`: a few hundred rows at most), so the taxonomy
 * relations of a page cost no statement. One snapshot, loaded in one statement, shared by every request until a
 * write is announced:
 * - every write to the tables, from any process or replica, NOTIFYs `stratum_taxonomy` (statement triggers in the
 *   database), and each process LISTENs (`DbHandle.listen`: a dedicated connection on PostgreSQL, PGlite's
 *   in-process notifications); a notification drops the snapshot, the next request loads a fresh one;
 * - while the listening connection is not live (starting, lost, reconnecting) nothing is kept: each request loads
 *   its own snapshot (still one statement), since a notification could be missed;
 * - a load that a notification overtook is used by the requests that asked for it, but not kept;
 * - `invalidate()` drops it at once (a write in this process that must be read back by the next request).
 * A request reads one snapshot throughout (`requestTaxonomy`), so its answer is consistent.
 */
export class TaxonomyCache {
  private snapshot: TaxonomySnapshot | null = null;
  private loadedAt = 0;
  private loading: Promise<TaxonomySnapshot> | null = null;
  private generation = 0;
  private live = false;
  private liveWaiters: (() => void)[] = [];
  /** Statements run to load snapshots (tests assert on it). */
  loads = 0;
  readonly stop: () => Promise<void>;

  constructor(
    private readonly handle: Pick<DbHandle, 'db' | 'listen'>,
    private readonly maxAgeMs = TAXONOMY_MAX_AGE_MS,
  ) {
    this.stop = handle.listen(TAXONOMY_CHANNEL, (event) => this.onEvent(event));
  }

  private onEvent(event: ListenEvent): void {
    if (event !== 'notify') this.live = event === 'ready';
    this.invalidate();
    if (this.live) for (const resolve of this.liveWaiters.splice(0)) resolve();
  }

  /** Whether announced writes reach this cache now (the listening connection is live): only then is a snapshot kept. */
  get isLive(): boolean {
    return this.live;
  }

  /** Resolves once the cache is live. */
  whenLive(): Promise<void> {
    return this.live ? Promise.resolve() : new Promise((resolve) => this.liveWaiters.push(resolve));
  }

  /** Drops the snapshot: the next request loads a fresh one. */
  invalidate(): void {
    this.generation++;
    this.snapshot = null;
    this.loading = null;
  }

  /** The current snapshot, synchronously when one is held, else a promise of a fresh one. */
  current(): TaxonomySnapshot | Promise<TaxonomySnapshot> {
    if (this.snapshot && performance.now() - this.loadedAt < this.maxAgeMs) return this.snapshot;
    if (this.loading) return this.loading;
    const generation = this.generation;
    const keep = this.live;
    const startedAt = performance.now();
    this.loads++;
    const loading = loadTaxonomyTables(this.handle.db).then(buildSnapshot);
    if (!keep) return loading;
    this.loading = loading;
    loading.then(
      (snapshot) => {
        if (this.generation !== generation) return;
        this.snapshot = snapshot;
        this.loadedAt = startedAt;
        this.loading = null;
      },
      () => {
        if (this.loading === loading) this.loading = null;
      },
    );
    return loading;
  }
}

const caches = new WeakMap<object, TaxonomyCache>();

/** The one taxonomy cache of a database handle (created on first use; it stops listening when the handle closes). */
export function taxonomyCacheFor(handle: Pick<DbHandle, 'db' | 'listen'>): TaxonomyCache {
  let cache = caches.get(handle.db);
  if (!cache) {
    cache = new TaxonomyCache(handle);
    caches.set(handle.db, cache);
  }
  return cache;
}

/** One request's view: the first snapshot it asks for, reused for the rest of the request. */
export type RequestTaxonomy = {
  /** The snapshot (synchronously once loaded). */
  snapshot(): TaxonomySnapshot | Promise<TaxonomySnapshot>;
  /** The row of `table` with this id (null for a null id or a missing row), synchronously when loaded. */
  row<K extends CachedTaxonomyTable>(table: K, id: number | null): RowOf<K> | null | Promise<RowOf<K> | null>;
  /** `fn` of the snapshot, synchronously when loaded. */
  read<T>(fn: (snapshot: TaxonomySnapshot) => T): T | Promise<T>;
};

export function requestTaxonomy(cache: TaxonomyCache): RequestTaxonomy {
  let held: TaxonomySnapshot | Promise<TaxonomySnapshot> | undefined;
  const snapshot = () => {
    if (held === undefined) {
      const got = cache.current();
      held = got;
      if (got instanceof Promise) {
        got.then(
          (s) => void (held = s),
          () => void (held = undefined),
        );
      }
    }
    return held;
  };
  return {
    snapshot,
    row(table, id) {
      if (id === null) return null;
      const s = snapshot();
      if (s instanceof Promise) return s.then((loaded) => loaded[table].get(id) ?? null);
      return s[table].get(id) ?? null;
    },
    read(fn) {
      const s = snapshot();
      return s instanceof Promise ? s.then(fn) : fn(s);
    },
  };
}
