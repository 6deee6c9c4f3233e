with candidates as materialized (
  select array(select "images"."id" from "images" where ("images"."width" >= $1 and "images"."id" <> $2 and "images"."source_dataset_id" is distinct from (select t."source_dataset_id" from "images" as t where t.id = $3) and "images"."content_hash" is distinct from (select t."content_hash" from "images" as t where t.id = $4))) as ids,
    set_config('stratum.search', 'exact', true) as serial
), scored as materialized (
  select e.image_id as id, 1 - (e.embedding <=> $5::vector(4)) as score from "image_embeddings" e
  where e.model_version_id = 3 and e.image_id = any((select ids from candidates)::int[]) and cardinality((select ids from candidates)) <= 0.2 * greatest((select reltuples from pg_class where oid = 'image_embeddings'::regclass), 0)
  union all
  select e.image_id, 1 - (e.embedding <=> $6::vector(4)) from "images" join "image_embeddings" e on e.image_id = "images"."id"
  where e.model_version_id = 3 and ("images"."width" >= $7 and "images"."id" <> $8 and "images"."source_dataset_id" is distinct from (select t."source_dataset_id" from "images" as t where t.id = $9) and "images"."content_hash" is distinct from (select t."content_hash" from "images" as t where t.id = $10)) and not cardinality((select ids from candidates)) <= 0.2 * greatest((select reltuples from pg_class where oid = 'image_embeddings'::regclass), 0)
)
select cov.total, cov.total - cov.stored as missing, false as indexed, hits.id as image_id, hits.score
from (select cardinality((select ids from candidates)) as total, (select count(*) from scored)::int as stored) cov
left join (
  select id, score from scored where true and score >= $11 order by score desc, id limit 20
) hits on true
order by hits.score desc, hits.id;
-- params: [224,7,7,7,"[0.5,-0.5,0.25,0]","[0.5,-0.5,0.25,0]",224,7,7,7,0.2]
