import DataLoader from 'dataloader';
import type { Db } from '../db/client.js';
import { findByColumn } from '../db/queries/taxonomy.js';
import { sourceDatasets, subdomains, submodalities, tasks } from '../db/schema/index.js';
import { groupByKey } from './keys.js';

/** Child taxonomy rows per parent id, by name or slug: subdomains, submodalities, tasks, source datasets. */
export function taxonomyChildrenLoaders(db: Db) {
  return {
    subdomainsByDomainId: new DataLoader<number, (typeof subdomains.$inferSelect)[]>(async (ids) =>
      groupByKey(
        ids,
        await findByColumn(db, 'subdomains', subdomains.domainId, ids, subdomains.name),
        (r) => r.domainId,
      ),
    ),
    submodalitiesByModalityId: new DataLoader<number, (typeof submodalities.$inferSelect)[]>(async (ids) =>
      groupByKey(
        ids,
        await findByColumn(db, 'submodalities', submodalities.modalityId, ids, submodalities.name),
        (r) => r.modalityId,
      ),
    ),
    tasksByTaxonomyGroupId: new DataLoader<number, (typeof tasks.$inferSelect)[]>(async (ids) =>
      groupByKey(
        ids,
        await findByColumn(db, 'tasks', tasks.taxonomyGroupId, ids, tasks.slug),
        (r) => r.taxonomyGroupId!,
      ),
    ),
    sourceDatasetsByTaskId: new DataLoader<number, (typeof sourceDatasets.$inferSelect)[]>(async (ids) =>
      groupByKey(
        ids,
        await findByColumn(db, 'sourceDatasets', sourceDatasets.taskId, ids, sourceDatasets.slug),
        (r) => r.taskId!,
      ),
    ),
  };
}
