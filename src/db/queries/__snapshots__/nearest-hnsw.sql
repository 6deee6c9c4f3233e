select "image_id", 1 - ("image_embeddings"."embedding"::vector(4) <=> $1::vector(4)) from "image_embeddings" where "image_embeddings"."model_version_id" = $2 order by ("image_embeddings"."embedding"::vector(4) <=> $3::vector(4)) limit $4;
-- params: ["[0.5,-0.5,0.25,0]",3,"[0.5,-0.5,0.25,0]",20]
