import { getTableColumns, sql } from 'drizzle-orm';
import { rollupColumns } from '../../axes/registry.js';
import { resultCounts } from '../schema/index.js';

/**
 * The results rollup's cell columns, derived from the axis registry: every axis the rollup stores
 * (`rollup: { column, from, source }`), then the gold answer (the class for macro accuracy). The rollup trigger
 * (`renderRollupMigration`), the recount and rebuild below, and the results sources all read this one list.
 */
export function cellColumnList(): {
  column: string;
  from: 'question' | 'image';
  /** The expression over the question (image) row aliased `alias`. */
  expr(alias: string): string;
}[] {
  return [
    ...rollupColumns().map((c) => ({ column: c.column, from: c.from, expr: (a: string) => `${a}.${c.source}` })),
    {
      column: 'gold',
      from: 'question' as const,
      expr: (q: string) => `coalesce(${q}.answer, ${q}.options[${q}.answer_index + 1])`,
    },
  ];
}

const list = cellColumnList();
/** Over `predictions p ⋈ questions q ⋈ images i`. */
const exprOf = (c: (typeof list)[number]) => c.expr(c.from === 'question' ? 'q' : 'i');
const names = list.map((c) => c.column);
/** Cell column names (`result_counts`), in cell-key order. */
export const cellColumns = sql.raw(names.join(', '));
/** Cell column expressions over `predictions p ⋈ questions q ⋈ images i`, in cell-key order. */
export const cellSourceColumns = sql.raw(list.map(exprOf).join(', '));
/** The question's cell columns, named, for a question-level source that adds `i.*` (image columns). */
export const questionCellColumns = sql.raw(
  list
    .filter((c) => c.from === 'question')
    .map((c) => `${exprOf(c)} as ${c.column}`)
    .join(', '),
);

/**
 * The rollup migration for the registry as it is: (re)defines the cell key and the trigger functions of
 * migrations/0002 over the registry's cell columns, then rebuilds `result_counts` (cell keys change whenever the
 * column list does). The newest `*_rollup_*` migration must equal this text (src/db/queries/rollup.int.test.ts);
 * `npx tsx scripts/rollup-migration.ts <migration.sql>` appends it to the migration that adds the column.
 */
export function renderRollupMigration(): string {
  const imageCols = list.filter((c) => c.from === 'image').map((c) => c.column);
  const questionCols = list.filter((c) => c.from === 'question');
  const args = list.map((c) => `${c.column} ${sqlType(c.column)}`).join(', ');
  const positional = list.map((_, i) => `$${i + 1}`).join(', ');
  const cols = names.join(', ');
  const from = (alias: string, cols: string[]) => cols.map((c) => `${alias}.${c}`).join(', ');
  const qExprs = (alias: string) => questionCols.map((c) => `${c.expr(alias)} AS ${c.column}`).join(', ');
  const qKeys = (alias: string) => questionCols.map((c) => c.expr(alias)).join(', ');
  const sourceExprs = list.map(exprOf).join(', ');
  return `-- Generated from the axis registry (src/axes/registry.ts) by src/db/queries/rollup.ts: do not edit.
-- The rollup's cell columns: ${cols}.
-- Redefines the cell key and the trigger functions of migrations/0002 over these columns, then rebuilds
-- result_counts from predictions (cell keys change with the column list).

DROP FUNCTION IF EXISTS stratum_result_cell_key;
--> statement-breakpoint
CREATE FUNCTION stratum_result_cell_key(${args}) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT md5(json_build_array(${positional})::text)
$$;
--> statement-breakpoint

-- delta_sql selects (run_id, is_correct, <cell columns>), one row per prediction; sign +1 adds, -1 removes.
CREATE OR REPLACE FUNCTION stratum_rollup_sql(delta_sql text, sign integer) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT format($f$
    WITH d AS (%s),
    g AS (
      SELECT run_id, stratum_result_cell_key(${cols}) AS cell_key, ${cols},
        count(*) FILTER (WHERE is_correct IS NOT NULL)::int AS n,
        count(*) FILTER (WHERE is_correct)::int AS correct,
        count(*) FILTER (WHERE is_correct IS NULL)::int AS failed
      FROM d
      GROUP BY run_id, ${cols}
    )
    %s
  $f$, delta_sql,
  CASE WHEN sign > 0 THEN $i$
    INSERT INTO result_counts AS rc (run_id, cell_key, ${cols}, n, correct, failed)
    SELECT run_id, cell_key, ${cols}, n, correct, failed
    FROM g ORDER BY run_id, cell_key
    ON CONFLICT (run_id, cell_key) DO UPDATE
      SET n = rc.n + EXCLUDED.n, correct = rc.correct + EXCLUDED.correct, failed = rc.failed + EXCLUDED.failed
  $i$ ELSE $u$
    UPDATE result_counts AS rc
      SET n = rc.n - g.n, correct = rc.correct - g.correct, failed = rc.failed - g.failed
    FROM g WHERE rc.run_id = g.run_id AND rc.cell_key = g.cell_key
  $u$ END)
$$;
--> statement-breakpoint

CREATE OR REPLACE FUNCTION stratum_prediction_delta_sql(rel text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT format($f$
    SELECT p.run_id, p.is_correct, ${qExprs('q')}, ${from('i', imageCols)}
    FROM %I p JOIN questions q ON q.id = p.question_id JOIN images i ON i.id = q.image_id
  $f$, rel)
$$;
--> statement-breakpoint

CREATE OR REPLACE FUNCTION stratum_rollup_images() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  delta text := $d$
    SELECT p.run_id, p.is_correct, ${qExprs('q')}, ${from('x', imageCols)}
    FROM %1$I x JOIN %2$I y ON y.id = x.id
    JOIN questions q ON q.image_id = x.id JOIN predictions p ON p.question_id = q.id
    WHERE (${from('x', imageCols)}) IS DISTINCT FROM (${from('y', imageCols)})
  $d$;
BEGIN
  EXECUTE stratum_rollup_sql(format(delta, 'old_rows', 'new_rows'), -1);
  EXECUTE stratum_rollup_sql(format(delta, 'new_rows', 'old_rows'), 1);
  DELETE FROM result_counts WHERE n = 0 AND failed = 0;
  RETURN NULL;
END
$$;
--> statement-breakpoint

CREATE OR REPLACE FUNCTION stratum_rollup_questions() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  delta text := $d$
    SELECT p.run_id, p.is_correct, ${qExprs('x')}, ${from('i', imageCols)}
    FROM %1$I x JOIN %2$I y ON y.id = x.id
    JOIN images i ON i.id = x.image_id JOIN predictions p ON p.question_id = x.id
    WHERE (${qKeys('x')}, x.image_id) IS DISTINCT FROM (${qKeys('y')}, y.image_id)
  $d$;
BEGIN
  EXECUTE stratum_rollup_sql(format(delta, 'old_rows', 'new_rows'), -1);
  EXECUTE stratum_rollup_sql(format(delta, 'new_rows', 'old_rows'), 1);
  DELETE FROM result_counts WHERE n = 0 AND failed = 0;
  RETURN NULL;
END
$$;
--> statement-breakpoint

DELETE FROM result_counts;
--> statement-breakpoint
INSERT INTO result_counts (run_id, cell_key, ${cols}, n, correct, failed)
SELECT p.run_id, stratum_result_cell_key(${sourceExprs}), ${sourceExprs},
  (count(*) FILTER (WHERE p.is_correct IS NOT NULL))::int,
  (count(*) FILTER (WHERE p.is_correct))::int,
  (count(*) FILTER (WHERE p.is_correct IS NULL))::int
FROM predictions p JOIN questions q ON q.id = p.question_id JOIN images i ON i.id = q.image_id
GROUP BY p.run_id, ${sourceExprs};
`;
}

/** The SQL type of a cell column, read from the drizzle table (so a registry column missing there fails here). */
function sqlType(column: string): string {
  const col = Object.values(getTableColumns(resultCounts)).find((c) => c.name === column);
  if (!col) throw new Error(`result_counts has no column ${column} (src/db/schema/results.ts)`);
  return col.getSQLType();
}
