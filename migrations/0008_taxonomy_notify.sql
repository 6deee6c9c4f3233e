-- The per-process taxonomy cache (src/loaders/taxonomy-cache.ts) is told about every write to the tables it holds,
-- whoever makes it (the importer, a mutation, another replica, psql): one NOTIFY per statement, delivered to every
-- listening process at commit (identical notifications of one transaction are folded into one).
-- The table list is `cachedTaxonomyTables` in src/db/queries/taxonomy.ts; taxonomy-cache.int.test.ts checks both agree.
CREATE FUNCTION stratum_taxonomy_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('stratum_taxonomy', TG_TABLE_NAME);
  RETURN NULL;
END
$$;
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['benchmarks', 'domains', 'subdomains', 'modalities', 'submodalities', 'stains', 'organisms',
    'scales', 'taxonomy_groups', 'tasks', 'source_datasets', 'image_sets', 'image_set_source_datasets']
  LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I '
      'FOR EACH STATEMENT EXECUTE FUNCTION stratum_taxonomy_changed()', t || '_taxonomy_notify', t);
  END LOOP;
END
$$;
