import { axisDef, axisIds } from '../axes/registry.js';
import type { DbHandle } from '../db/client.js';
import { countImagesByValueName, type AxisName } from '../db/queries/facets.js';

/** Questions by type and protocol (the axes themselves come from the axis registry). */
const questionTypeCounts = `select q.type || ' / ' || q.protocol as value, count(*)::int as n from questions q group by 1 order by 1`;

/** The axes `db status` lists (the registry's `status` flag), keyed by their filter field's name. */
const statusAxes = axisIds.filter((a) => axisDef(a).status && axisDef(a).facet) as AxisName[];

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
  axes: Record<string, { value: string; n: number }[]>;
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
  const axes: DbStatus['axes'] = Object.fromEntries(statusAxes.map((a) => [axisDef(a).filter!, []]));
  for (const row of await countImagesByValueName(handle.db, statusAxes))
    axes[axisDef(row.axis).filter!]!.push({ value: row.value, n: row.n });
  axes.questionType = (await handle.query<{ value: string; n: number }>(questionTypeCounts)).map((r) => ({
    value: r.value,
    n: Number(r.n),
  }));
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
