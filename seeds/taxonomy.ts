import { eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../src/db/client.js';
import {
  imageSetSourceDatasets,
  imageSets as imageSetsTable,
  scales as scalesTable,
  sourceDatasets,
  taxonomyGroups as taxonomyGroupsTable,
  tasks,
} from '../src/db/schema/index.js';
import { datasets, imageSets, scales, taxonomyGroups } from './ubench-taxonomy.js';

/** The five coarse question types, seeded as `coarse` tasks so results can be sliced by task uniformly. */
export const coarseTasks = ['domain', 'subdomain', 'modality', 'submodality', 'stain'] as const;

/**
 * Upserts the curated taxonomy of seeds/ubench-taxonomy.ts: the 7 taxonomy groups, the scales, one task per
 * distinct task slug (plus the coarse tasks), the mapped source datasets (linked to task and scale) and the
 * `pathology` / `pathology-he` image sets. Idempotent: running it again changes nothing.
 */
export async function seedTaxonomy(db: Db): Promise<void> {
  await db
    .insert(taxonomyGroupsTable)
    .values(Object.entries(taxonomyGroups).map(([slug, name]) => ({ slug, name })))
    .onConflictDoUpdate({ target: taxonomyGroupsTable.slug, set: { name: sql`excluded.name` } });
  await db
    .insert(scalesTable)
    .values(scales.map((s) => ({ slug: s.slug, name: s.name, rank: s.rank })))
    .onConflictDoUpdate({ target: scalesTable.slug, set: { name: sql`excluded.name`, rank: sql`excluded.rank` } });

  const groupIds = new Map(
    (await db.select({ id: taxonomyGroupsTable.id, slug: taxonomyGroupsTable.slug }).from(taxonomyGroupsTable)).map(
      (r) => [r.slug, r.id],
    ),
  );
  const scaleIds = new Map(
    (await db.select({ id: scalesTable.id, slug: scalesTable.slug }).from(scalesTable)).map((r) => [r.slug, r.id]),
  );

  const taskRows = new Map<
    string,
    { slug: string; name: string; kind: 'coarse' | 'fine_classification'; taxonomyGroupId: number | null }
  >();
  for (const type of coarseTasks) {
    taskRows.set(`coarse-${type}`, {
      slug: `coarse-${type}`,
      name: `Coarse: ${type}`,
      kind: 'coarse',
      taxonomyGroupId: null,
    });
  }
  for (const mapping of Object.values(datasets)) {
    if (taskRows.has(mapping.task)) continue;
    taskRows.set(mapping.task, {
      slug: mapping.task,
      name: mapping.taskName,
      kind: 'fine_classification',
      taxonomyGroupId: groupIds.get(mapping.group) ?? null,
    });
  }
  await db
    .insert(tasks)
    .values([...taskRows.values()])
    .onConflictDoUpdate({
      target: tasks.slug,
      set: { name: sql`excluded.name`, kind: sql`excluded.kind`, taxonomyGroupId: sql`excluded.taxonomy_group_id` },
    });
  const taskIds = new Map((await db.select({ id: tasks.id, slug: tasks.slug }).from(tasks)).map((r) => [r.slug, r.id]));

  await db
    .insert(sourceDatasets)
    .values(
      Object.entries(datasets).map(([slug, m]) => ({
        slug,
        name: slug,
        taskId: taskIds.get(m.task) ?? null,
        scaleId: scaleIds.get(m.scale) ?? null,
      })),
    )
    .onConflictDoUpdate({
      target: sourceDatasets.slug,
      set: { taskId: sql`excluded.task_id`, scaleId: sql`excluded.scale_id` },
    });

  await db
    .insert(imageSetsTable)
    .values(imageSets.map((s) => ({ slug: s.slug, name: s.name, description: s.description })))
    .onConflictDoUpdate({
      target: imageSetsTable.slug,
      set: { name: sql`excluded.name`, description: sql`excluded.description` },
    });
  for (const set of imageSets) {
    const [row] = await db
      .select({ id: imageSetsTable.id })
      .from(imageSetsTable)
      .where(eq(imageSetsTable.slug, set.slug));
    const members = await db
      .select({ id: sourceDatasets.id })
      .from(sourceDatasets)
      .where(inArray(sourceDatasets.slug, set.datasets));
    if (!row || members.length === 0) continue;
    await db
      .insert(imageSetSourceDatasets)
      .values(members.map((m) => ({ imageSetId: row.id, sourceDatasetId: m.id })))
      .onConflictDoNothing();
  }
}
