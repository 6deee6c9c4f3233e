import DataLoader from 'dataloader';
import type { Db } from '../db/client.js';
import { findByIds, tablesById, type RowOf, type TableById } from '../db/queries/taxonomy.js';
import { byKey } from './keys.js';
import type { ValueTable } from '../axes/registry.js';

function rowById<K extends TableById>(db: Db, table: K) {
  return new DataLoader<number, RowOf<K> | null>(async (ids) =>
    byKey(ids, await findByIds(db, table, ids), (row) => (row as { id: number }).id),
  );
}

/** `<table>ById` loaders for the benchmark and taxonomy tables (one batched `id in (…)` query each). */
export function taxonomyByIdLoaders(db: Db) {
  const all = Object.fromEntries(Object.keys(tablesById).map((t) => [t, rowById(db, t as TableById)])) as {
    [K in TableById]: DataLoader<number, RowOf<K> | null>;
  };
  const valueRowByTable = {
    benchmarks: all.benchmarks,
    domains: all.domains,
    subdomains: all.subdomains,
    modalities: all.modalities,
    submodalities: all.submodalities,
    stains: all.stains,
    organisms: all.organisms,
    scales: all.scales,
    sourceDatasets: all.sourceDatasets,
    tasks: all.tasks,
    taxonomyGroups: all.taxonomyGroups,
    imageSets: all.imageSets,
  } satisfies Record<ValueTable, DataLoader<number, { id: number; slug: string; name: string } | null>>;
  return {
    /** The value tables of the axis registry (facet values are named through these). */
    valueRowByTable: valueRowByTable as Record<
      ValueTable,
      DataLoader<number, { id: number; slug: string; name: string } | null>
    >,
    benchmarkById: all.benchmarks,
    benchmarkRevisionById: all.benchmarkRevisions,
    domainById: all.domains,
    subdomainById: all.subdomains,
    modalityById: all.modalities,
    submodalityById: all.submodalities,
    stainById: all.stains,
    organismById: all.organisms,
    scaleById: all.scales,
    taskById: all.tasks,
    taxonomyGroupById: all.taxonomyGroups,
    sourceDatasetById: all.sourceDatasets,
    imageSetById: all.imageSets,
  };
}
