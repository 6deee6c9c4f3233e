import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.js';

/** One rollup row: counts of one run in one stratum cell. */
export type ResultCountRow = {
  runId: number;
  cellKey: string;
  n: number;
  correct: number;
  failed: number;
};

const cellColumns = sql.raw(`q.type, coalesce(q.answer, q.options[q.answer_index + 1]),
  i.domain_id, i.subdomain_id, i.modality_id, i.submodality_id, i.stain_id, i.organism_id, i.scale_id,
  i.source_dataset_id, i.label_names, i.normal_abnormal, i.synthetic, i.license`);

/** The rollup as stored, ordered by (run, cell). */
export async function listResultCounts(db: Db, runIds?: number[]): Promise<ResultCountRow[]> {
  const where = runIds ? sql`where run_id = any(${sql.param(runIds)}::int[])` : sql``;
  const res = await db.execute<ResultCountRow>(sql`
    select run_id as "runId", cell_key as "cellKey", n, correct, failed
    from result_counts ${where} order by run_id, cell_key`);
  return rowsOf(res);
}

/** The rollup recomputed from scratch over predictions ⋈ questions ⋈ images (the invariant's other side). */
export async function recountResultCounts(db: Db, runIds?: number[]): Promise<ResultCountRow[]> {
  const where = runIds ? sql`where p.run_id = any(${sql.param(runIds)}::int[])` : sql``;
  const res = await db.execute<ResultCountRow>(sql`
    select p.run_id as "runId", stratum_result_cell_key(${cellColumns}) as "cellKey",
      (count(*) filter (where p.is_correct is not null))::int as n,
      (count(*) filter (where p.is_correct))::int as correct,
      (count(*) filter (where p.is_correct is null))::int as failed
    from predictions p join questions q on q.id = p.question_id join images i on i.id = q.image_id
    ${where}
    group by 1, 2 order by 1, 2`);
  return rowsOf(res);
}

/**
 * Rebuilds the rollup of the given runs (all when omitted) from predictions: a repair tool. The triggers keep
 * it consistent on their own; this exists for data loaded with triggers disabled.
 */
export async function rebuildResultCounts(db: Db, runIds?: number[]): Promise<void> {
  const runFilter = runIds ? sql`where p.run_id = any(${sql.param(runIds)}::int[])` : sql``;
  const delFilter = runIds ? sql`where run_id = any(${sql.param(runIds)}::int[])` : sql``;
  await db.transaction(async (tx) => {
    await tx.execute(sql`delete from result_counts ${delFilter}`);
    await tx.execute(sql`
      insert into result_counts (run_id, cell_key, question_type, gold, domain_id, subdomain_id, modality_id,
        submodality_id, stain_id, organism_id, scale_id, source_dataset_id, label_names, normal_abnormal,
        synthetic, license, n, correct, failed)
      select p.run_id, stratum_result_cell_key(${cellColumns}), ${cellColumns},
        (count(*) filter (where p.is_correct is not null))::int,
        (count(*) filter (where p.is_correct))::int,
        (count(*) filter (where p.is_correct is null))::int
      from predictions p join questions q on q.id = p.question_id join images i on i.id = q.image_id
      ${runFilter}
      group by p.run_id, ${cellColumns}`);
  });
}

/** node-postgres returns `{ rows }`, PGlite returns `{ rows }` too; drizzle's execute typing differs per driver. */
export function rowsOf<T>(res: unknown): T[] {
  const r = res as { rows?: T[] } | T[];
  return Array.isArray(r) ? r : (r.rows ?? []);
}

export type { SQL };
