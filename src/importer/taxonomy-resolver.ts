import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import {
  domains,
  modalities,
  organisms,
  scales,
  sourceDatasets,
  stains,
  subdomains,
  submodalities,
} from '../db/schema/index.js';
import { datasets as datasetMapping } from '../../seeds/ubench-taxonomy.js';
import type { NormalizedRow } from './normalize.js';

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

export type Resolution = { kind: 'ok'; ids: AxisIds } | { kind: 'conflict'; field: string; message: string };

type Child = { id: number; parentId: number; name: string };

/**
 * Maps taxonomy values to row ids, creating missing ones. Holds every taxonomy table in memory (they are tiny)
 * and must be used inside the batch transaction so new rows commit with the batch that introduced them.
 * A child value (subdomain, submodality) already recorded under another parent is a conflict, never re-parented:
 * the data model gives each child exactly one parent.
 */
export class TaxonomyResolver {
  private domains = new Map<string, number>();
  private modalities = new Map<string, number>();
  private subdomains = new Map<string, Child>();
  private submodalities = new Map<string, Child>();
  private stains = new Map<string, number>();
  private organisms = new Map<string, number>();
  private scales = new Map<string, number>();
  private datasets = new Map<string, { id: number; scaleId: number | null }>();
  private attributed = new Set<number>();
  private parentNames = new Map<string, string>();

  static async load(db: Db): Promise<TaxonomyResolver> {
    const r = new TaxonomyResolver();
    for (const d of await db.select({ id: domains.id, slug: domains.slug, name: domains.name }).from(domains)) {
      r.domains.set(d.slug, d.id);
      r.parentNames.set(`d${d.id}`, d.name);
    }
    for (const m of await db
      .select({ id: modalities.id, slug: modalities.slug, name: modalities.name })
      .from(modalities)) {
      r.modalities.set(m.slug, m.id);
      r.parentNames.set(`m${m.id}`, m.name);
    }
    for (const s of await db
      .select({ id: subdomains.id, slug: subdomains.slug, parentId: subdomains.domainId, name: subdomains.name })
      .from(subdomains)) {
      r.subdomains.set(s.slug, s);
    }
    for (const s of await db
      .select({
        id: submodalities.id,
        slug: submodalities.slug,
        parentId: submodalities.modalityId,
        name: submodalities.name,
      })
      .from(submodalities)) {
      r.submodalities.set(s.slug, s);
    }
    for (const s of await db.select({ id: stains.id, slug: stains.slug }).from(stains)) r.stains.set(s.slug, s.id);
    for (const o of await db.select({ id: organisms.id, key: organisms.ncbitaxonId }).from(organisms))
      r.organisms.set(o.key, o.id);
    for (const s of await db.select({ id: scales.id, slug: scales.slug }).from(scales)) r.scales.set(s.slug, s.id);
    for (const d of await db
      .select({ id: sourceDatasets.id, slug: sourceDatasets.slug, scaleId: sourceDatasets.scaleId })
      .from(sourceDatasets)) {
      r.datasets.set(d.slug, { id: d.id, scaleId: d.scaleId });
    }
    return r;
  }

  async resolve(tx: Db, row: NormalizedRow): Promise<Resolution> {
    const domainId = await this.top(tx, this.domains, domains, row.domain, 'd');
    const modalityId = await this.top(tx, this.modalities, modalities, row.modality, 'm');
    let subdomainId: number | null = null;
    if (row.subdomain) {
      const child = await this.child(tx, this.subdomains, 'subdomain', row.subdomain, domainId, 'd');
      if (typeof child === 'string') return { kind: 'conflict', field: 'subdomain', message: child };
      subdomainId = child;
    }
    let submodalityId: number | null = null;
    if (row.submodality) {
      const child = await this.child(tx, this.submodalities, 'submodality', row.submodality, modalityId, 'm');
      if (typeof child === 'string') return { kind: 'conflict', field: 'submodality', message: child };
      submodalityId = child;
    }
    const stainId = row.stain ? await this.top(tx, this.stains, stains, row.stain, 's') : null;
    const organismId = row.organism ? await this.organism(tx, row.organism.ncbitaxonId, row.organism.name) : null;
    let sourceDatasetId: number | null = null;
    let scaleId: number | null = null;
    if (row.dataset) {
      const ds = await this.dataset(tx, row.dataset);
      sourceDatasetId = ds.id;
      const mappedScale = datasetMapping[row.dataset]?.scale;
      scaleId = ds.scaleId ?? (mappedScale ? (this.scales.get(mappedScale) ?? null) : null);
      if (!this.attributed.has(ds.id)) {
        this.attributed.add(ds.id);
        await this.attribute(tx, ds.id, row);
      }
    }
    return {
      kind: 'ok',
      ids: { domainId, subdomainId, modalityId, submodalityId, stainId, organismId, scaleId, sourceDatasetId },
    };
  }

  private async top(
    tx: Db,
    cache: Map<string, number>,
    table: typeof domains | typeof modalities | typeof stains,
    name: string,
    kind: string,
  ): Promise<number> {
    const slug = slugify(name);
    const hit = cache.get(slug);
    if (hit !== undefined) return hit;
    const [inserted] = await tx.insert(table).values({ slug, name }).onConflictDoNothing().returning({ id: table.id });
    const id = inserted?.id ?? (await tx.select({ id: table.id }).from(table).where(eq(table.slug, slug)))[0]!.id;
    cache.set(slug, id);
    this.parentNames.set(`${kind}${id}`, name);
    return id;
  }

  private async child(
    tx: Db,
    cache: Map<string, Child>,
    axis: 'subdomain' | 'submodality',
    name: string,
    parentId: number,
    parentKind: string,
  ): Promise<number | string> {
    const slug = slugify(name);
    let hit = cache.get(slug);
    if (!hit) {
      const table = axis === 'subdomain' ? subdomains : submodalities;
      const values = axis === 'subdomain' ? { slug, name, domainId: parentId } : { slug, name, modalityId: parentId };
      const [inserted] = await tx
        .insert(table)
        .values(values as never)
        .onConflictDoNothing()
        .returning({ id: table.id });
      if (inserted) {
        hit = { id: inserted.id, parentId, name };
      } else {
        const parentCol = axis === 'subdomain' ? subdomains.domainId : submodalities.modalityId;
        const [existing] = await tx
          .select({ id: table.id, parentId: parentCol, name: table.name })
          .from(table)
          .where(eq(table.slug, slug));
        hit = existing!;
      }
      cache.set(slug, hit);
    }
    if (hit.parentId !== parentId) {
      const parentAxis = axis === 'subdomain' ? 'domain' : 'modality';
      const known = this.parentNames.get(`${parentKind}${hit.parentId}`) ?? `#${hit.parentId}`;
      const given = this.parentNames.get(`${parentKind}${parentId}`) ?? `#${parentId}`;
      return `${axis} "${name}" is recorded under ${parentAxis} "${known}" but this row puts it under "${given}"`;
    }
    return hit.id;
  }

  private async organism(tx: Db, ncbitaxonId: string, name: string): Promise<number> {
    const hit = this.organisms.get(ncbitaxonId);
    if (hit !== undefined) return hit;
    let slug = slugify(name);
    const [taken] = await tx.select({ id: organisms.id }).from(organisms).where(eq(organisms.slug, slug));
    if (taken) slug = slugify(`${name} ${ncbitaxonId}`);
    const [inserted] = await tx
      .insert(organisms)
      .values({ ncbitaxonId, slug, name })
      .onConflictDoNothing()
      .returning({ id: organisms.id });
    const id =
      inserted?.id ??
      (await tx.select({ id: organisms.id }).from(organisms).where(eq(organisms.ncbitaxonId, ncbitaxonId)))[0]!.id;
    this.organisms.set(ncbitaxonId, id);
    return id;
  }

  private async dataset(tx: Db, slug: string): Promise<{ id: number; scaleId: number | null }> {
    const hit = this.datasets.get(slug);
    if (hit) return hit;
    const [inserted] = await tx
      .insert(sourceDatasets)
      .values({ slug, name: slug })
      .onConflictDoNothing()
      .returning({ id: sourceDatasets.id, scaleId: sourceDatasets.scaleId });
    const row =
      inserted ??
      (
        await tx
          .select({ id: sourceDatasets.id, scaleId: sourceDatasets.scaleId })
          .from(sourceDatasets)
          .where(eq(sourceDatasets.slug, slug))
      )[0]!;
    this.datasets.set(slug, row);
    return row;
  }

  /** Fills a source dataset's PMID, license and institutions from its first imported row where still empty. */
  private async attribute(tx: Db, id: number, row: NormalizedRow): Promise<void> {
    const [current] = await tx
      .select({ pmid: sourceDatasets.pmid, license: sourceDatasets.license, institutions: sourceDatasets.institutions })
      .from(sourceDatasets)
      .where(eq(sourceDatasets.id, id));
    if (!current) return;
    const patch: Partial<{ pmid: string; license: string; institutions: string[] }> = {};
    if (!current.pmid && row.pmid) patch.pmid = row.pmid;
    if (!current.license && row.license) patch.license = row.license;
    if (current.institutions.length === 0 && row.institutions.length) patch.institutions = row.institutions;
    if (Object.keys(patch).length) {
      await tx
        .update(sourceDatasets)
        .set(patch)
        .where(and(eq(sourceDatasets.id, id)));
    }
  }
}
