import type { Db } from '../db/client.js';
import {
  ensureChildValue,
  ensureOrganism,
  ensureSourceDataset,
  ensureTopValue,
  fillSourceDatasetAttribution,
  loadTaxonomyForImport,
  type ChildAxis,
  type TopAxis,
} from '../db/queries/import-taxonomy.js';
import type { AliasedAxis } from '../db/schema/index.js';
import type { NormalizedRow } from '../benchmarks/types.js';

/** Lower-case, URL-safe slug of a released value: `GalT–EGFP` → `galt-egfp`, `H&E` → `h-e`. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'x';
}

/**
 * The canonical key of a taxonomy value: its slug without separators, so spellings that differ only in case,
 * spaces, hyphens or Unicode dashes (`serial blockface …`, `Serial block-face …`, `GalT–EGFP`, `GalT-EGFP`) are
 * one value. The first spelling stored stays the value's name; the others are recorded as aliases.
 */
export function canonicalKey(name: string): string {
  return slugify(name).replace(/-/g, '');
}

export type AxisIds = {
  domainId: number;
  subdomainId: number | null;
  modalityId: number;
  submodalityId: number | null;
  stainId: number | null;
  organismId: number | null;
  scaleId: number | null;
  sourceDatasetId: number | null;
};

/** A released spelling merged into an existing value with another name. */
export type AliasUse = { axis: AliasedAxis; alias: string; valueId: number };

export type Resolution =
  { kind: 'ok'; ids: AxisIds; aliases: AliasUse[] } | { kind: 'conflict'; field: string; message: string };

type Value = { id: number; name: string };
type Child = Value & { parentId: number };

/**
 * Maps taxonomy values to row ids by canonical key, creating missing ones. Holds every taxonomy table in memory
 * (they are tiny) and must be used inside the batch transaction so new rows commit with the batch that introduced
 * them. A child value (subdomain, submodality) already recorded under another parent is a conflict, never
 * re-parented: the data model gives each child exactly one parent.
 */
export class TaxonomyResolver {
  private top: Record<TopAxis, Map<string, Value>> = { domain: new Map(), modality: new Map(), stain: new Map() };
  private children: Record<ChildAxis, Map<string, Child>> = { subdomain: new Map(), submodality: new Map() };
  private organisms = new Map<string, number>();
  private scales = new Map<string, number>();
  private datasets = new Map<string, { id: number; scaleId: number | null }>();
  private attributed = new Set<number>();
  private parentNames = { domain: new Map<number, string>(), modality: new Map<number, string>() };

  static async load(db: Db): Promise<TaxonomyResolver> {
    const r = new TaxonomyResolver();
    const t = await loadTaxonomyForImport(db);
    for (const axis of ['domain', 'modality', 'stain'] as const) {
      for (const v of t[axis]) r.top[axis].set(canonicalKey(v.slug), { id: v.id, name: v.name });
    }
    for (const v of t.domain) r.parentNames.domain.set(v.id, v.name);
    for (const v of t.modality) r.parentNames.modality.set(v.id, v.name);
    for (const axis of ['subdomain', 'submodality'] as const) {
      for (const v of t[axis]) r.children[axis].set(canonicalKey(v.slug), v);
    }
    for (const o of t.organisms) r.organisms.set(o.ncbitaxonId, o.id);
    for (const s of t.scales) r.scales.set(s.slug, s.id);
    for (const d of t.datasets) r.datasets.set(d.slug, { id: d.id, scaleId: d.scaleId });
    return r;
  }

  async resolve(tx: Db, row: NormalizedRow): Promise<Resolution> {
    const aliases: AliasUse[] = [];
    const note = (axis: AliasedAxis, given: string, value: Value) => {
      if (given !== value.name) aliases.push({ axis, alias: given, valueId: value.id });
      return value.id;
    };
    const domainId = note('domain', row.domain, await this.topValue(tx, 'domain', row.domain));
    const modalityId = note('modality', row.modality, await this.topValue(tx, 'modality', row.modality));
    let subdomainId: number | null = null;
    if (row.subdomain) {
      const child = await this.child(tx, 'subdomain', row.subdomain, domainId);
      if (typeof child === 'string') return { kind: 'conflict', field: 'subdomain', message: child };
      subdomainId = note('subdomain', row.subdomain, child);
    }
    let submodalityId: number | null = null;
    if (row.submodality) {
      const child = await this.child(tx, 'submodality', row.submodality, modalityId);
      if (typeof child === 'string') return { kind: 'conflict', field: 'submodality', message: child };
      submodalityId = note('submodality', row.submodality, child);
    }
    const stainId = row.stain ? note('stain', row.stain, await this.topValue(tx, 'stain', row.stain)) : null;
    const organismId = row.organism ? await this.organism(tx, row.organism.ncbitaxonId, row.organism.name) : null;
    let sourceDatasetId: number | null = null;
    let scaleId: number | null = null;
    if (row.dataset) {
      const ds = await this.dataset(tx, row.dataset);
      sourceDatasetId = ds.id;
      scaleId = ds.scaleId ?? (row.scale ? (this.scales.get(row.scale) ?? null) : null);
      if (!this.attributed.has(ds.id)) {
        this.attributed.add(ds.id);
        await fillSourceDatasetAttribution(tx, ds.id, row);
      }
    }
    return {
      kind: 'ok',
      ids: { domainId, subdomainId, modalityId, submodalityId, stainId, organismId, scaleId, sourceDatasetId },
      aliases,
    };
  }

  private async topValue(tx: Db, axis: TopAxis, name: string): Promise<Value> {
    const key = canonicalKey(name);
    const cache = this.top[axis];
    let hit = cache.get(key);
    if (!hit) {
      const id = await ensureTopValue(tx, axis, slugify(name), name);
      hit = { id, name };
      cache.set(key, hit);
      if (axis !== 'stain') this.parentNames[axis].set(id, name);
    }
    return hit;
  }

  private async child(tx: Db, axis: ChildAxis, name: string, parentId: number): Promise<Child | string> {
    const key = canonicalKey(name);
    const cache = this.children[axis];
    let hit = cache.get(key);
    if (!hit) {
      hit = await ensureChildValue(tx, axis, slugify(name), name, parentId);
      cache.set(key, hit);
    }
    if (hit.parentId !== parentId) {
      const parentAxis = axis === 'subdomain' ? 'domain' : 'modality';
      const known = this.parentNames[parentAxis].get(hit.parentId) ?? `#${hit.parentId}`;
      const given = this.parentNames[parentAxis].get(parentId) ?? `#${parentId}`;
      return `${axis} "${name}" is recorded under ${parentAxis} "${known}" but this row puts it under "${given}"`;
    }
    return hit;
  }

  private async organism(tx: Db, ncbitaxonId: string, name: string): Promise<number> {
    const hit = this.organisms.get(ncbitaxonId);
    if (hit !== undefined) return hit;
    const id = await ensureOrganism(tx, ncbitaxonId, name, {
      plain: slugify(name),
      qualified: slugify(`${name} ${ncbitaxonId}`),
    });
    this.organisms.set(ncbitaxonId, id);
    return id;
  }

  private async dataset(tx: Db, slug: string): Promise<{ id: number; scaleId: number | null }> {
    const hit = this.datasets.get(slug);
    if (hit) return hit;
    const row = await ensureSourceDataset(tx, slug);
    this.datasets.set(slug, row);
    return row;
  }
}
