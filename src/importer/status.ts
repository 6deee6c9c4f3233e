import type { DbHandle } from '../db/client.js';

/**
 * Axes counted by `stratum db status`: a fixed table of reviewed SQL fragments (never built from user input).
 * Each yields `value` and `n` per value, images with no value included as `(none)`.
 */
export const statusAxes = {
  domain: `select coalesce(d.name, '(none)') as value, count(*)::int as n from images i left join domains d on d.id = i.domain_id group by 1 order by 2 desc, 1`,
  subdomain: `select coalesce(s.name, '(none)') as value, count(*)::int as n from images i left join subdomains s on s.id = i.subdomain_id group by 1 order by 2 desc, 1`,
  modality: `select coalesce(m.name, '(none)') as value, count(*)::int as n from images i left join modalities m on m.id = i.modality_id group by 1 order by 2 desc, 1`,
  submodality: `select coalesce(s.name, '(none)') as value, count(*)::int as n from images i left join submodalities s on s.id = i.submodality_id group by 1 order by 2 desc, 1`,
  stain: `select coalesce(s.name, '(none)') as value, count(*)::int as n from images i left join stains s on s.id = i.stain_id group by 1 order by 2 desc, 1`,
  organism: `select coalesce(o.name || ' (' || o.ncbitaxon_id || ')', '(none)') as value, count(*)::int as n from images i left join organisms o on o.id = i.organism_id group by 1 order by 2 desc, 1`,
  scale: `select coalesce(s.name, '(none)') as value, count(*)::int as n from images i left join scales s on s.id = i.scale_id group by 1 order by 2 desc, 1`,
  sourceDataset: `select coalesce(s.slug, '(none)') as value, count(*)::int as n from images i left join source_datasets s on s.id = i.source_dataset_id group by 1 order by 2 desc, 1`,
  task: `select coalesce(t.slug, '(none)') as value, count(*)::int as n from images i left join source_datasets s on s.id = i.source_dataset_id left join tasks t on t.id = s.task_id group by 1 order by 2 desc, 1`,
  taxonomyGroup: `select coalesce(g.name, '(none)') as value, count(*)::int as n from images i left join source_datasets s on s.id = i.source_dataset_id left join tasks t on t.id = s.task_id left join taxonomy_groups g on g.id = t.taxonomy_group_id group by 1 order by 2 desc, 1`,
  normalAbnormal: `select coalesce(i.normal_abnormal, '(none)') as value, count(*)::int as n from images i group by 1 order by 2 desc, 1`,
  synthetic: `select i.synthetic::text as value, count(*)::int as n from images i group by 1 order by 2 desc, 1`,
  license: `select coalesce(i.license, '(none)') as value, count(*)::int as n from images i group by 1 order by 2 desc, 1`,
  questionType: `select q.type || ' / ' || q.protocol as value, count(*)::int as n from questions q group by 1 order by 1`,
} as const;

export type DbStatus = {
  driver: string;
  tables: { table: string; rows: number }[];
  revisions: {
    benchmark: string;
    revision: string;
    status: string;
    rowsRead: number;
    rowsImported: number;
    rowsSkipped: number;
    corrections: Record<string, number>;
  }[];
  axes: Record<keyof typeof statusAxes, { value: string; n: number }[]>;
};

/** Row counts of every table, the imported revisions, and image counts per value of every taxonomy axis. */
export async function dbStatus(handle: DbHandle): Promise<DbStatus> {
  // Table names come from the catalog, not from the user; quoting keeps odd names safe anyway.
  const names = await handle.query<{ name: string }>(
    `select table_name as name from information_schema.tables
     where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like '\\_\\_%' order by 1`,
  );
  const tables: DbStatus['tables'] = [];
  for (const { name } of names) {
    const [row] = await handle.query<{ n: number }>(`select count(*)::int as n from "${name.replace(/"/g, '""')}"`);
    tables.push({ table: name, rows: Number(row?.n ?? 0) });
  }
  const revisions = (
    await handle.query<{
      benchmark: string;
      revision: string;
      status: string;
      rows_read: number;
      rows_imported: number;
      rows_skipped: number;
      corrections: Record<string, number>;
    }>(
      `select b.slug as benchmark, r.revision, r.status, r.rows_read, r.rows_imported, r.rows_skipped, r.corrections
       from benchmark_revisions r join benchmarks b on b.id = r.benchmark_id order by b.slug, r.id`,
    )
  ).map((r) => ({
    benchmark: r.benchmark,
    revision: r.revision,
    status: r.status,
    rowsRead: r.rows_read,
    rowsImported: r.rows_imported,
    rowsSkipped: r.rows_skipped,
    corrections: r.corrections,
  }));
  const axes = {} as DbStatus['axes'];
  for (const [axis, query] of Object.entries(statusAxes) as [keyof typeof statusAxes, string][]) {
    axes[axis] = (await handle.query<{ value: string; n: number }>(query)).map((r) => ({
      value: r.value,
      n: Number(r.n),
    }));
  }
  return { driver: handle.driver, tables, revisions, axes };
}

export function formatDbStatus(status: DbStatus): string {
  const lines = [`database: ${status.driver}`, '', 'tables:'];
  for (const t of status.tables) lines.push(`  ${t.table.padEnd(28)} ${String(t.rows).padStart(9)}`);
  lines.push('', 'revisions:');
  if (status.revisions.length === 0) lines.push('  (none)');
  for (const r of status.revisions) {
    lines.push(
      `  ${r.benchmark}@${r.revision} ${r.status}: ${r.rowsRead} read, ${r.rowsImported} imported, ${r.rowsSkipped} skipped`,
    );
  }
  for (const [axis, values] of Object.entries(status.axes)) {
    lines.push('', axis === 'questionType' ? 'questions by type / protocol:' : `images by ${axis}:`);
    if (values.length === 0) lines.push('  (no images)');
    for (const v of values) lines.push(`  ${v.value.padEnd(40)} ${String(v.n).padStart(9)}`);
  }
  return lines.join('\n');
}
