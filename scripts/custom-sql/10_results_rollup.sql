-- Results rollup (src/db/schema/results.ts, docs/results.md): result_counts holds prediction counts per
-- (run, stratum cell) and is kept equal to a recount over predictions by the statement-level triggers below,
-- in the writer's transaction, whoever writes (importer, zero-shot evaluate, psql).

-- The cell key: md5 over every stratification attribute of a question and its image.
CREATE OR REPLACE FUNCTION stratum_result_cell_key(
  question_type text, gold text, domain_id integer, subdomain_id integer, modality_id integer,
  submodality_id integer, stain_id integer, organism_id integer, scale_id integer, source_dataset_id integer,
  label_names text[], normal_abnormal text, synthetic boolean, license text
) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT md5(json_build_array($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)::text)
$$;
--> statement-breakpoint

-- Applies a delta to the rollup. delta_sql selects (run_id, is_correct, question_type, gold, domain_id,
-- subdomain_id, modality_id, submodality_id, stain_id, organism_id, scale_id, source_dataset_id, label_names,
-- normal_abnormal, synthetic, license), one row per prediction; sign is +1 (add) or -1 (remove). Returns the
-- SQL to EXECUTE inside the trigger function (transition tables are only visible there).
CREATE OR REPLACE FUNCTION stratum_rollup_sql(delta_sql text, sign integer) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT format($f$
    WITH d AS (%s),
    g AS (
      SELECT run_id,
        stratum_result_cell_key(question_type, gold, domain_id, subdomain_id, modality_id, submodality_id,
          stain_id, organism_id, scale_id, source_dataset_id, label_names, normal_abnormal, synthetic, license)
          AS cell_key,
        question_type, gold, domain_id, subdomain_id, modality_id, submodality_id, stain_id, organism_id,
        scale_id, source_dataset_id, label_names, normal_abnormal, synthetic, license,
        count(*) FILTER (WHERE is_correct IS NOT NULL)::int AS n,
        count(*) FILTER (WHERE is_correct)::int AS correct,
        count(*) FILTER (WHERE is_correct IS NULL)::int AS failed
      FROM d
      GROUP BY run_id, question_type, gold, domain_id, subdomain_id, modality_id, submodality_id, stain_id,
        organism_id, scale_id, source_dataset_id, label_names, normal_abnormal, synthetic, license
    )
    %s
  $f$, delta_sql,
  CASE WHEN sign > 0 THEN $i$
    INSERT INTO result_counts AS rc (run_id, cell_key, question_type, gold, domain_id, subdomain_id, modality_id,
      submodality_id, stain_id, organism_id, scale_id, source_dataset_id, label_names, normal_abnormal, synthetic,
      license, n, correct, failed)
    SELECT run_id, cell_key, question_type, gold, domain_id, subdomain_id, modality_id, submodality_id, stain_id,
      organism_id, scale_id, source_dataset_id, label_names, normal_abnormal, synthetic, license, n, correct, failed
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

-- Per-prediction cell attributes, read from the current question and image rows.
CREATE OR REPLACE FUNCTION stratum_prediction_delta_sql(rel text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT format($f$
    SELECT p.run_id, p.is_correct, q.type AS question_type,
      coalesce(q.answer, q.options[q.answer_index + 1]) AS gold,
      i.domain_id, i.subdomain_id, i.modality_id, i.submodality_id, i.stain_id, i.organism_id, i.scale_id,
      i.source_dataset_id, i.label_names, i.normal_abnormal, i.synthetic, i.license
    FROM %I p JOIN questions q ON q.id = p.question_id JOIN images i ON i.id = q.image_id
  $f$, rel)
$$;
--> statement-breakpoint

CREATE OR REPLACE FUNCTION stratum_rollup_predictions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    EXECUTE stratum_rollup_sql(stratum_prediction_delta_sql('old_rows'), -1);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    EXECUTE stratum_rollup_sql(stratum_prediction_delta_sql('new_rows'), 1);
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    DELETE FROM result_counts WHERE n = 0 AND failed = 0;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint

CREATE TRIGGER predictions_rollup_insert AFTER INSERT ON predictions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stratum_rollup_predictions();
--> statement-breakpoint
CREATE TRIGGER predictions_rollup_update AFTER UPDATE ON predictions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stratum_rollup_predictions();
--> statement-breakpoint
CREATE TRIGGER predictions_rollup_delete AFTER DELETE ON predictions
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION stratum_rollup_predictions();
--> statement-breakpoint

CREATE OR REPLACE FUNCTION stratum_rollup_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM result_counts;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER predictions_rollup_truncate AFTER TRUNCATE ON predictions
  FOR EACH STATEMENT EXECUTE FUNCTION stratum_rollup_truncate();
--> statement-breakpoint

-- Image metadata edits (a label fix, a re-derived stain): move the image's predictions from the old cell to
-- the new one. Only rows whose cell attributes changed are touched.
CREATE OR REPLACE FUNCTION stratum_rollup_images() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  delta text := $d$
    SELECT p.run_id, p.is_correct, q.type AS question_type,
      coalesce(q.answer, q.options[q.answer_index + 1]) AS gold,
      x.domain_id, x.subdomain_id, x.modality_id, x.submodality_id, x.stain_id, x.organism_id, x.scale_id,
      x.source_dataset_id, x.label_names, x.normal_abnormal, x.synthetic, x.license
    FROM %1$I x JOIN %2$I y ON y.id = x.id
    JOIN questions q ON q.image_id = x.id JOIN predictions p ON p.question_id = q.id
    WHERE (x.domain_id, x.subdomain_id, x.modality_id, x.submodality_id, x.stain_id, x.organism_id, x.scale_id,
      x.source_dataset_id, x.label_names, x.normal_abnormal, x.synthetic, x.license)
      IS DISTINCT FROM (y.domain_id, y.subdomain_id, y.modality_id, y.submodality_id, y.stain_id, y.organism_id,
      y.scale_id, y.source_dataset_id, y.label_names, y.normal_abnormal, y.synthetic, y.license)
  $d$;
BEGIN
  EXECUTE stratum_rollup_sql(format(delta, 'old_rows', 'new_rows'), -1);
  EXECUTE stratum_rollup_sql(format(delta, 'new_rows', 'old_rows'), 1);
  DELETE FROM result_counts WHERE n = 0 AND failed = 0;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER images_rollup_update AFTER UPDATE ON images
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stratum_rollup_images();
--> statement-breakpoint

-- Question edits (type, gold answer, or moving to another image).
CREATE OR REPLACE FUNCTION stratum_rollup_questions() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  delta text := $d$
    SELECT p.run_id, p.is_correct, x.type AS question_type,
      coalesce(x.answer, x.options[x.answer_index + 1]) AS gold,
      i.domain_id, i.subdomain_id, i.modality_id, i.submodality_id, i.stain_id, i.organism_id, i.scale_id,
      i.source_dataset_id, i.label_names, i.normal_abnormal, i.synthetic, i.license
    FROM %1$I x JOIN %2$I y ON y.id = x.id
    JOIN images i ON i.id = x.image_id JOIN predictions p ON p.question_id = x.id
    WHERE (x.type, coalesce(x.answer, x.options[x.answer_index + 1]), x.image_id)
      IS DISTINCT FROM (y.type, coalesce(y.answer, y.options[y.answer_index + 1]), y.image_id)
  $d$;
BEGIN
  EXECUTE stratum_rollup_sql(format(delta, 'old_rows', 'new_rows'), -1);
  EXECUTE stratum_rollup_sql(format(delta, 'new_rows', 'old_rows'), 1);
  DELETE FROM result_counts WHERE n = 0 AND failed = 0;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER questions_rollup_update AFTER UPDATE ON questions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stratum_rollup_questions();
