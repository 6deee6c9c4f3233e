import { asc, count, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { benchmarkRevisions, benchmarks, questions } from '../schema/index.js';

/** Questions per `type / protocol`, by that label (`db status`; the image axes come from the axis registry). */
export function countQuestionsByTypeAndProtocolQuery(db: Db) {
  const value = sql<string>`${questions.type} || ' / ' || ${questions.protocol}`;
  return db
    .select({ value, n: count() })
    .from(questions)
    .groupBy(sql`1`)
    .orderBy(asc(sql`1`));
}

export async function countQuestionsByTypeAndProtocol(db: Db): Promise<{ value: string; n: number }[]> {
  return (await countQuestionsByTypeAndProtocolQuery(db)).map((r) => ({ value: r.value, n: Number(r.n) }));
}

/** Names of the schema's base tables (drizzle's own bookkeeping tables, `__…`, left out), by name. */
export async function listTableNames(db: Db): Promise<string[]> {
  const rows = await db.execute<{ name: string }>(
    sql`select table_name as name from information_schema.tables
        where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like '\\_\\_%'
        order by 1`,
  );
  return rowsOf<{ name: string }>(rows).map((r) => r.name);
}

/** Row count of a table named by the catalog (`listTableNames`), quoted as an identifier. */
export async function countRows(db: Db, table: string): Promise<number> {
  const rows = await db.execute<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)}`);
  return Number(rowsOf<{ n: number }>(rows)[0]?.n ?? 0);
}

/** Every benchmark revision with its import counts, by benchmark slug then age. */
export function listRevisionStatus(db: Db) {
  return db
    .select({
      benchmark: benchmarks.slug,
      revision: benchmarkRevisions.revision,
      status: benchmarkRevisions.status,
      rowsRead: benchmarkRevisions.rowsRead,
      rowsImported: benchmarkRevisions.rowsImported,
      rowsSkipped: benchmarkRevisions.rowsSkipped,
      corrections: benchmarkRevisions.corrections,
    })
    .from(benchmarkRevisions)
    .innerJoin(benchmarks, eq(benchmarks.id, benchmarkRevisions.benchmarkId))
    .orderBy(asc(benchmarks.slug), asc(benchmarkRevisions.id));
}

/** `execute` answers `{ rows }` on both drivers (node-postgres `QueryResult`, PGlite `Results`). */
function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
