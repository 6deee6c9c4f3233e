import { axisDef, axisIds } from '../axes/registry.js';
import type { DbHandle } from '../db/client.js';
import { countImagesByValueName, type AxisName } from '../db/queries/facets.js';
import {
  countQuestionsByTypeAndProtocol,
  countRows,
  listRevisionStatus,
  listTableNames,
} from '../db/queries/status.js';

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
  const db = handle.db;
  const tables: DbStatus['tables'] = [];
  for (const table of await listTableNames(db)) tables.push({ table, rows: await countRows(db, table) });
  const revisions = await listRevisionStatus(db);
  const axes: DbStatus['axes'] = Object.fromEntries(statusAxes.map((a) => [axisDef(a).filter!, []]));
  for (const row of await countImagesByValueName(db, statusAxes))
    axes[axisDef(row.axis).filter!]!.push({ value: row.value, n: row.n });
  axes.questionType = await countQuestionsByTypeAndProtocol(db);
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
