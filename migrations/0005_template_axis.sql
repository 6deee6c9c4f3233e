ALTER TABLE "result_counts" ADD COLUMN "template" integer;
--> statement-breakpoint
-- Generated from the axis registry (src/axes/registry.ts) by src/db/queries/rollup.ts: do not edit.
-- The rollup's cell columns: domain_id, subdomain_id, modality_id, submodality_id, stain_id, organism_id, scale_id, source_dataset_id, question_type, template, license, synthetic, normal_abnormal, label_names, gold.
-- Redefines the cell key and the trigger functions of migrations/0002 over these columns, then rebuilds
-- result_counts from predictions (cell keys change with the column list).

DROP FUNCTION IF EXISTS stratum_result_cell_key;
--> statement-breakpoint
CREATE FUNCTION stratum_result_cell_key(domain_id integer, subdomain_id integer, modality_id integer, submodality_id integer, stain_id integer, organism_id integer, scale_id integer, source_dataset_id integer, question_type text, template integer, license text, synthetic boolean, normal_abnormal text, label_names text[], gold text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT md5(json_build_array($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)::text)
$$;
--> statement-breakpoint

-- delta_sql selects (run_id, is_correct, <cell columns>), one row per prediction; sign +1 adds, -1 removes.
CREATE OR REPLACE FUNCTION stratum_rollup_sql(delta_sql text, sign integer) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT format($f$
    WITH d AS (%s),
    g AS (
      SELECT run_id, stratum_result_cell_key(domain_id, subdomain_id, modality_id, submodality_id, stain_id, organism_id, scale_id, source_dataset_id, question_type, template, license, synthetic, normal_abnormal, label_names, gold) AS cell_key, domain_id, subdomain_id, modality_id, submodality_id, stain_id, organism_id, scale_id, source_dataset_id, question_type, template, license, synthetic, normal_abnormal, label_names, gold,
        count(*) FILTER (WHERE is_correct IS NOT NULL)::int AS n,
        count(*) FILTER (WHERE is_correct)::int AS correct,
        count(*) FILTER (WHERE is_correct IS NULL)::int AS failed
      FROM d
      GROUP BY run_id, domain_id, subdomain_id, modality_id, submodality_id, stain_id, organism_id, scale_id, source_dataset_id, question_type, template, license, synthetic, normal_abnormal, label_names, gold
    )
    %s
  $f$, delta_sql,
  CASE WHEN sign > 0 THEN $i$
    INSERT INTO result_counts AS rc (run_id, cell_key, domain_id, subdomain_id, modality_id, submodality_id, stain_id, organism_id, scale_id, source_dataset_id, question_type, template, license, synthetic, normal_abnormal, label_names, gold, n, correct, failed)
    SELECT run_id, cell_key, domain_id, subdomain_id, modality_id, submodality_id, stain_id, organism_id, scale_id, source_dataset_id, question_type, template, license, synthetic, normal_abnormal, label_names, gold, n, correct, failed
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
    SELECT p.run_id, p.is_correct, q.type AS question_type, q.template AS template, coalesce(q.answer, q.options[q.answer_index + 1]) AS gold, i.domain_id, i.subdomain_id, i.modality_id, i.submodality_id, i.stain_id, i.organism_id, i.scale_id, i.source_dataset_id, i.license, i.synthetic, i.normal_abnormal, i.label_names
    FROM %I p JOIN questions q ON q.id = p.question_id JOIN images i ON i.id = q.image_id
  $f$, rel)
$$;
--> statement-breakpoint

CREATE OR REPLACE FUNCTION stratum_rollup_images() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  delta text := $d$
    SELECT p.run_id, p.is_correct, q.type AS question_type, q.template AS template, coalesce(q.answer, q.options[q.answer_index + 1]) AS gold, x.domain_id, x.subdomain_id, x.modality_id, x.submodality_id, x.stain_id, x.organism_id, x.scale_id, x.source_dataset_id, x.license, x.synthetic, x.normal_abnormal, x.label_names
    FROM %1$I x JOIN %2$I y ON y.id = x.id
    JOIN questions q ON q.image_id = x.id JOIN predictions p ON p.question_id = q.id
    WHERE (x.domain_id, x.subdomain_id, x.modality_id, x.submodality_id, x.stain_id, x.organism_id, x.scale_id, x.source_dataset_id, x.license, x.synthetic, x.normal_abnormal, x.label_names) IS DISTINCT FROM (y.domain_id, y.subdomain_id, y.modality_id, y.submodality_id, y.stain_id, y.organism_id, y.scale_id, y.source_dataset_id, y.license, y.synthetic, y.normal_abnormal, y.label_names)
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
    SELECT p.run_id, p.is_correct, x.type AS question_type, x.template AS template, coalesce(x.answer, x.options[x.answer_index + 1]) AS gold, i.domain_id, i.subdomain_id, i.modality_id, i.submodality_id, i.stain_id, i.organism_id, i.scale_id, i.source_dataset_id, i.license, i.synthetic, i.normal_abnormal, i.label_names
    FROM %1$I x JOIN %2$I y ON y.id = x.id
    JOIN images i ON i.id = x.image_id JOIN predictions p ON p.question_id = x.id
    WHERE (x.type, x.template, coalesce(x.answer, x.options[x.answer_index + 1]), x.image_id) IS DISTINCT FROM (y.type, y.template, coalesce(y.answer, y.options[y.answer_index + 1]), y.image_id)
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
INSERT INTO result_counts (run_id, cell_key, domain_id, subdomain_id, modality_id, submodality_id, stain_id, organism_id, scale_id, source_dataset_id, question_type, template, license, synthetic, normal_abnormal, label_names, gold, n, correct, failed)
SELECT p.run_id, stratum_result_cell_key(i.domain_id, i.subdomain_id, i.modality_id, i.submodality_id, i.stain_id, i.organism_id, i.scale_id, i.source_dataset_id, q.type, q.template, i.license, i.synthetic, i.normal_abnormal, i.label_names, coalesce(q.answer, q.options[q.answer_index + 1])), i.domain_id, i.subdomain_id, i.modality_id, i.submodality_id, i.stain_id, i.organism_id, i.scale_id, i.source_dataset_id, q.type, q.template, i.license, i.synthetic, i.normal_abnormal, i.label_names, coalesce(q.answer, q.options[q.answer_index + 1]),
  (count(*) FILTER (WHERE p.is_correct IS NOT NULL))::int,
  (count(*) FILTER (WHERE p.is_correct))::int,
  (count(*) FILTER (WHERE p.is_correct IS NULL))::int
FROM predictions p JOIN questions q ON q.id = p.question_id JOIN images i ON i.id = q.image_id
GROUP BY p.run_id, i.domain_id, i.subdomain_id, i.modality_id, i.submodality_id, i.stain_id, i.organism_id, i.scale_id, i.source_dataset_id, q.type, q.template, i.license, i.synthetic, i.normal_abnormal, i.label_names, coalesce(q.answer, q.options[q.answer_index + 1]);
