with counts as materialized (
  select (select count(*) from "images")::int as total,
    (select count(*) from "image_embeddings" where model_version_id = 3)::int as stored,
    set_config('hnsw.ef_search', $1, true) as ef_search,
    set_config('hnsw.iterative_scan', 'relaxed_order', true) as iterative_scan
)
select counts.total, counts.total - counts.stored as missing, counts.stored >= $2 as indexed,
  hits.image_id, hits.score
from counts left join lateral (
  (select e.image_id, 1 - (e.embedding::vector(4) <=> $3::vector(4)) as score from "image_embeddings" e
    where e.model_version_id = 3 and e.image_id <> $4 and counts.stored >= $5
      and counts.ef_search is not null and counts.iterative_scan is not null
    order by (e.embedding::vector(4) <=> $6::vector(4)) limit 20)
  union all
  (select e.image_id, 1 - (e.embedding::vector(4) <=> $7::vector(4)) as score from "image_embeddings" e
    where e.model_version_id = 3 and e.image_id <> $8 and counts.stored < $9
    order by score desc, e.image_id limit 20)
) hits on true
order by hits.score desc, hits.image_id;
-- params: ["100",50000,"[0.5,-0.5,0.25,0]",7,50000,"[0.5,-0.5,0.25,0]","[0.5,-0.5,0.25,0]",7,50000]
