with candidates as materialized (
  select "images"."id" as id from "images" where ("images"."width" >= $1 and "images"."id" <> $2 and "images"."source_dataset_id" is distinct from (select t."source_dataset_id" from "images" as t where t.id = $3) and "images"."content_hash" is distinct from (select t."content_hash" from "images" as t where t.id = $4))
), scored as materialized (
  select c.id, 1 - (e.embedding::vector(4) <=> $5::vector(4)) as score
  from candidates c left join "image_embeddings" e on e.image_id = c.id and e.model_version_id = 3
)
select cov.total, cov.missing, false as indexed, hits.id as image_id, hits.score
from (select count(*)::int as total, (count(*) - count(score))::int as missing from scored) cov
left join (
  select id, score from scored where score is not null and score >= $6 order by score desc, id limit 20
) hits on true
order by hits.score desc, hits.id;
-- params: [224,7,7,7,"[0.5,-0.5,0.25,0]",0.2]
