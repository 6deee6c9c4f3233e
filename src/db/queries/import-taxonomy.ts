import { eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import {
  domains,
  imageSetSourceDatasets,
  imageSets,
  modalities,
  organisms,
  scales,
  sourceDatasets,
  stains,
  subdomains,
  submodalities,
  tasks,
  taxonomyGroups,
  type TaskKind,
} from '../schema/index.js';

/**
 * The importer's taxonomy writes: the taxonomy tables as loaded into memory, value creation (insert unless the
 * slug exists, then read back), source dataset attribution, and the upsert of a benchmark's curated taxonomy.
 */

export type TopAxis = 'domain' | 'modality' | 'stain';
export type ChildAxis = 'subdomain' | 'submodality';
const topTables = { domain: domains, modality: modalities, stain: stains } as const;

/** Every taxonomy row the importer resolves values against (the tables are small). */
export async function loadTaxonomyForImport(db: Db) {
  const [d, m, sd, sm, st, o, sc, ds] = await Promise.all([
    db.select({ id: domains.id, slug: domains.slug, name: domains.name }).from(domains),
    db.select({ id: modalities.id, slug: modalities.slug, name: modalities.name }).from(modalities),
    db
      .select({ id: subdomains.id, slug: subdomains.slug, parentId: subdomains.domainId, name: subdomains.name })
      .from(subdomains),
    db
      .select({
        id: submodalities.id,
        slug: submodalities.slug,
        parentId: submodalities.modalityId,
        name: submodalities.name,
      })
      .from(submodalities),
    db.select({ id: stains.id, slug: stains.slug, name: stains.name }).from(stains),
    db.select({ id: organisms.id, ncbitaxonId: organisms.ncbitaxonId }).from(organisms),
    db.select({ id: scales.id, slug: scales.slug }).from(scales),
    db
      .select({ id: sourceDatasets.id, slug: sourceDatasets.slug, scaleId: sourceDatasets.scaleId })
      .from(sourceDatasets),
  ]);
  return { domain: d, modality: m, subdomain: sd, submodality: sm, stain: st, organisms: o, scales: sc, datasets: ds };
}

/** Inserts a domain, modality or stain unless its slug exists; returns the row's id. */
export async function ensureTopValue(tx: Db, axis: TopAxis, slug: string, name: string): Promise<number> {
  const table = topTables[axis];
  const [inserted] = await tx.insert(table).values({ slug, name }).onConflictDoNothing().returning({ id: table.id });
  return inserted?.id ?? (await tx.select({ id: table.id }).from(table).where(eq(table.slug, slug)))[0]!.id;
}

/** Inserts a subdomain or submodality under `parentId` unless its slug exists; returns the stored row. */
export async function ensureChildValue(
  tx: Db,
  axis: ChildAxis,
  slug: string,
  name: string,
  parentId: number,
): Promise<{ id: number; parentId: number; name: string }> {
  if (axis === 'subdomain') {
    const [inserted] = await tx
      .insert(subdomains)
      .values({ slug, name, domainId: parentId })
      .onConflictDoNothing()
      .returning({ id: subdomains.id });
    if (inserted) return { id: inserted.id, parentId, name };
    return (
      await tx
        .select({ id: subdomains.id, parentId: subdomains.domainId, name: subdomains.name })
        .from(subdomains)
        .where(eq(subdomains.slug, slug))
    )[0]!;
  }
  const [inserted] = await tx
    .insert(submodalities)
    .values({ slug, name, modalityId: parentId })
    .onConflictDoNothing()
    .returning({ id: submodalities.id });
  if (inserted) return { id: inserted.id, parentId, name };
  return (
    await tx
      .select({ id: submodalities.id, parentId: submodalities.modalityId, name: submodalities.name })
      .from(submodalities)
      .where(eq(submodalities.slug, slug))
  )[0]!;
}

/** Inserts an organism by NCBITaxon id (its slug from the name, or name + id when the name's slug is taken). */
export async function ensureOrganism(
  tx: Db,
  ncbitaxonId: string,
  name: string,
  slugs: { plain: string; qualified: string },
): Promise<number> {
  const [taken] = await tx.select({ id: organisms.id }).from(organisms).where(eq(organisms.slug, slugs.plain));
  const [inserted] = await tx
    .insert(organisms)
    .values({ ncbitaxonId, slug: taken ? slugs.qualified : slugs.plain, name })
    .onConflictDoNothing()
    .returning({ id: organisms.id });
  return (
    inserted?.id ??
    (await tx.select({ id: organisms.id }).from(organisms).where(eq(organisms.ncbitaxonId, ncbitaxonId)))[0]!.id
  );
}

/** Inserts a source dataset by slug unless it exists; returns its id and scale. */
export async function ensureSourceDataset(tx: Db, slug: string): Promise<{ id: number; scaleId: number | null }> {
  const [inserted] = await tx
    .insert(sourceDatasets)
    .values({ slug, name: slug })
    .onConflictDoNothing()
    .returning({ id: sourceDatasets.id, scaleId: sourceDatasets.scaleId });
  return (
    inserted ??
    (
      await tx
        .select({ id: sourceDatasets.id, scaleId: sourceDatasets.scaleId })
        .from(sourceDatasets)
        .where(eq(sourceDatasets.slug, slug))
    )[0]!
  );
}

/** Fills a source dataset's PMID, license and institutions where they are still empty. */
export async function fillSourceDatasetAttribution(
  tx: Db,
  id: number,
  given: { pmid: string | null; license: string | null; institutions: string[] },
): Promise<void> {
  const [current] = await tx
    .select({ pmid: sourceDatasets.pmid, license: sourceDatasets.license, institutions: sourceDatasets.institutions })
    .from(sourceDatasets)
    .where(eq(sourceDatasets.id, id));
  if (!current) return;
  const patch: Partial<{ pmid: string; license: string; institutions: string[] }> = {};
  if (!current.pmid && given.pmid) patch.pmid = given.pmid;
  if (!current.license && given.license) patch.license = given.license;
  if (current.institutions.length === 0 && given.institutions.length) patch.institutions = given.institutions;
  if (Object.keys(patch).length) await tx.update(sourceDatasets).set(patch).where(eq(sourceDatasets.id, id));
}

export type CuratedTaxonomyRows = {
  taxonomyGroups: Readonly<Record<string, string>>;
  scales: readonly { slug: string; name: string; rank: number }[];
  tasks: readonly { slug: string; name: string; kind: TaskKind; group: string | null }[];
  datasets: Readonly<Record<string, { task: string; scale: string }>>;
  imageSets: readonly { slug: string; name: string; description: string; datasets: readonly string[] }[];
};

/**
 * Upserts a benchmark's curated taxonomy: taxonomy groups, scales, tasks (linked to their group), source
 * datasets (linked to task and scale) and image sets with their member datasets. Idempotent.
 */
export async function upsertCuratedTaxonomy(db: Db, t: CuratedTaxonomyRows): Promise<void> {
  const groups = Object.entries(t.taxonomyGroups).map(([slug, name]) => ({ slug, name }));
  if (groups.length) {
    await db
      .insert(taxonomyGroups)
      .values(groups)
      .onConflictDoUpdate({ target: taxonomyGroups.slug, set: { name: sql`excluded.name` } });
  }
  if (t.scales.length) {
    await db
      .insert(scales)
      .values(t.scales.map((s) => ({ slug: s.slug, name: s.name, rank: s.rank })))
      .onConflictDoUpdate({ target: scales.slug, set: { name: sql`excluded.name`, rank: sql`excluded.rank` } });
  }
  const groupIds = new Map(
    (await db.select({ id: taxonomyGroups.id, slug: taxonomyGroups.slug }).from(taxonomyGroups)).map((r) => [
      r.slug,
      r.id,
    ]),
  );
  const scaleIds = new Map(
    (await db.select({ id: scales.id, slug: scales.slug }).from(scales)).map((r) => [r.slug, r.id]),
  );
  if (t.tasks.length) {
    await db
      .insert(tasks)
      .values(
        t.tasks.map((k) => ({
          slug: k.slug,
          name: k.name,
          kind: k.kind,
          taxonomyGroupId: k.group ? (groupIds.get(k.group) ?? null) : null,
        })),
      )
      .onConflictDoUpdate({
        target: tasks.slug,
        set: { name: sql`excluded.name`, kind: sql`excluded.kind`, taxonomyGroupId: sql`excluded.taxonomy_group_id` },
      });
  }
  const taskIds = new Map((await db.select({ id: tasks.id, slug: tasks.slug }).from(tasks)).map((r) => [r.slug, r.id]));
  const datasetRows = Object.entries(t.datasets).map(([slug, m]) => ({
    slug,
    name: slug,
    taskId: taskIds.get(m.task) ?? null,
    scaleId: scaleIds.get(m.scale) ?? null,
  }));
  if (datasetRows.length) {
    await db
      .insert(sourceDatasets)
      .values(datasetRows)
      .onConflictDoUpdate({
        target: sourceDatasets.slug,
        set: { taskId: sql`excluded.task_id`, scaleId: sql`excluded.scale_id` },
      });
  }
  if (t.imageSets.length === 0) return;
  await db
    .insert(imageSets)
    .values(t.imageSets.map((s) => ({ slug: s.slug, name: s.name, description: s.description })))
    .onConflictDoUpdate({
      target: imageSets.slug,
      set: { name: sql`excluded.name`, description: sql`excluded.description` },
    });
  for (const set of t.imageSets) {
    const [row] = await db.select({ id: imageSets.id }).from(imageSets).where(eq(imageSets.slug, set.slug));
    const members = await db
      .select({ id: sourceDatasets.id })
      .from(sourceDatasets)
      .where(inArray(sourceDatasets.slug, [...set.datasets]));
    if (!row || members.length === 0) continue;
    await db
      .insert(imageSetSourceDatasets)
      .values(members.map((m) => ({ imageSetId: row.id, sourceDatasetId: m.id })))
      .onConflictDoNothing();
  }
}
