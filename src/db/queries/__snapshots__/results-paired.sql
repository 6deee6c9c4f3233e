select * from (select p.gid,
        array["r0".slug, "r1".slug]::text[] as "values",
        array["r0".name, "r1".name]::text[] as "labels",
        p.n11, p.n10, p.n01, p.n00, p.types
      from (select grouping((select "source_datasets"."task_id" from "source_datasets" where "source_datasets"."id" = "images"."source_dataset_id"), ax_image_set.v) as gid, (select "source_datasets"."task_id" from "source_datasets" where "source_datasets"."id" = "images"."source_dataset_id") as k0, ax_image_set.v as k1, 
        (case when (grouping((select "source_datasets"."task_id" from "source_datasets" where "source_datasets"."id" = "images"."source_dataset_id"), ax_image_set.v) & 1) = 0 then count(*) filter (where images.ca and images.cb) else count(*) filter (where images.ca and images.cb and coalesce(ax_image_set.ord, 1) = 1) end)::int as n11, (case when (grouping((select "source_datasets"."task_id" from "source_datasets" where "source_datasets"."id" = "images"."source_dataset_id"), ax_image_set.v) & 1) = 0 then count(*) filter (where images.ca and not images.cb) else count(*) filter (where images.ca and not images.cb and coalesce(ax_image_set.ord, 1) = 1) end)::int as n10,
        (case when (grouping((select "source_datasets"."task_id" from "source_datasets" where "source_datasets"."id" = "images"."source_dataset_id"), ax_image_set.v) & 1) = 0 then count(*) filter (where not images.ca and images.cb) else count(*) filter (where not images.ca and images.cb and coalesce(ax_image_set.ord, 1) = 1) end)::int as n01, (case when (grouping((select "source_datasets"."task_id" from "source_datasets" where "source_datasets"."id" = "images"."source_dataset_id"), ax_image_set.v) & 1) = 0 then count(*) filter (where not images.ca and not images.cb) else count(*) filter (where not images.ca and not images.cb and coalesce(ax_image_set.ord, 1) = 1) end)::int as n00,
        bit_or((case images.question_type when 'domain' then 1 when 'subdomain' then 2 when 'modality' then 4 when 'submodality' then 8 when 'stain' then 16 when 'classification' then 32 when 'cognition' then 64 else 0 end)) as types
      from (select q.type as question_type, q.template as template, coalesce(q.answer, q.options[q.answer_index + 1]) as gold, a.is_correct as ca, b.is_correct as cb, i.*
        from predictions a
        join predictions b on b.question_id = a.question_id and b.run_id = any($1::int[])
        join questions q on q.id = a.question_id
        join images i on i.id = q.image_id
        where a.run_id = $2 and a.is_correct is not null and b.is_correct is not null
          and (a.run_id, q.type) in (select * from unnest($3::int[], $4::text[])) and (b.run_id, q.type) in (select * from unnest($5::int[], $6::text[]))) as images left join lateral (select "image_sets"."id" as v, row_number() over (order by "image_sets"."slug") as ord
      from "image_set_source_datasets" join "image_sets" on "image_sets"."id" = "image_set_source_datasets"."image_set_id"
      where "image_set_source_datasets"."source_dataset_id" = "images"."source_dataset_id") as ax_image_set on true
      where "images"."pmid" in ($7) and (images.template is null or images.template = $8)
      group by grouping sets (((select "source_datasets"."task_id" from "source_datasets" where "source_datasets"."id" = "images"."source_dataset_id"), ax_image_set.v), ())) p left join "tasks" "r0" on "r0".id = p.k0 left join "image_sets" "r1" on "r1".id = p.k1) s
      order by 1, s."values"[1] nulls last, s."values"[2] nulls last;
-- params: [[2,3],1,[1],["classification"],[2,3],["classification","classification"],"1",1]
