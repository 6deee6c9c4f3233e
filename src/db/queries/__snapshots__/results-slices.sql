
    with l1 as (
      select ch.model_id, grouping(coalesce("images"."domain_id", (select "subdomains"."domain_id" from "subdomains" where "subdomains"."id" = "images"."subdomain_id")), ax_label_name.v) as gid, grouping(images.gold) as gc,
        coalesce("images"."domain_id", (select "subdomains"."domain_id" from "subdomains" where "subdomains"."id" = "images"."subdomain_id")) as k0, ax_label_name.v as k1, images.source_dataset_id as ds,
        sum(images.n)::int as n, sum(images.correct)::int as k,
        (sum(images.n) filter (where coalesce(ax_label_name.ord, 1) = 1))::int as n_first,
        (sum(images.correct) filter (where coalesce(ax_label_name.ord, 1) = 1))::int as k_first,
        bit_or((case images.question_type when 'domain' then 1 when 'subdomain' then 2 when 'modality' then 4 when 'submodality' then 8 when 'stain' then 16 when 'classification' then 32 when 'cognition' then 64 else 0 end)) as types,
        bit_or((case when images.template between 0 and 62 then 1::int8 << images.template else 0::int8 end)) filter (where images.n > 0) as tmask,
        min(images.template) filter (where images.n > 0) as tmin,
        max(images.template) filter (where images.n > 0) as tmax
      from (select rc.*, br.benchmark_id from result_counts rc join runs r on r.id = rc.run_id
        join benchmark_revisions br on br.id = r.benchmark_revision_id) as images
      join runs ch on ch.id = images.run_id left join lateral unnest("images"."label_names") with ordinality as ax_label_name(v, ord) on true
      where images.run_id = any($1::int[])
      and (images.run_id, images.question_type) in (select * from unnest($2::int[], $3::text[])) and ("images"."benchmark_id" in (select "benchmarks"."id" from "benchmarks" where "benchmarks"."slug" in ($4)) and ("images"."modality_id" in (select "modalities"."id" from "modalities" where "modalities"."slug" in ($5)) or ("images"."modality_id" is null and "images"."submodality_id" in (select "submodalities"."id" from "submodalities" where "submodalities"."modality_id" in (select "modalities"."id" from "modalities" where "modalities"."slug" in ($6))))))
      group by grouping sets ((ch.model_id, coalesce("images"."domain_id", (select "subdomains"."domain_id" from "subdomains" where "subdomains"."id" = "images"."subdomain_id")), ax_label_name.v, (case images.question_type when 'domain' then 1 when 'subdomain' then 2 when 'modality' then 4 when 'submodality' then 8 when 'stain' then 16 when 'classification' then 32 when 'cognition' then 64 else 0 end), images.gold), (ch.model_id, coalesce("images"."domain_id", (select "subdomains"."domain_id" from "subdomains" where "subdomains"."id" = "images"."subdomain_id")), ax_label_name.v, images.source_dataset_id), (ch.model_id, coalesce("images"."domain_id", (select "subdomains"."domain_id" from "subdomains" where "subdomains"."id" = "images"."subdomain_id")), (case images.question_type when 'domain' then 1 when 'subdomain' then 2 when 'modality' then 4 when 'submodality' then 8 when 'stain' then 16 when 'classification' then 32 when 'cognition' then 64 else 0 end), images.gold), (ch.model_id, coalesce("images"."domain_id", (select "subdomains"."domain_id" from "subdomains" where "subdomains"."id" = "images"."subdomain_id")), images.source_dataset_id), (ch.model_id, ax_label_name.v, (case images.question_type when 'domain' then 1 when 'subdomain' then 2 when 'modality' then 4 when 'submodality' then 8 when 'stain' then 16 when 'classification' then 32 when 'cognition' then 64 else 0 end), images.gold), (ch.model_id, ax_label_name.v, images.source_dataset_id), (ch.model_id, (case images.question_type when 'domain' then 1 when 'subdomain' then 2 when 'modality' then 4 when 'submodality' then 8 when 'stain' then 16 when 'classification' then 32 when 'cognition' then 64 else 0 end), images.gold), (ch.model_id, images.source_dataset_id))
    ),
    l2 as (
      select l1.model_id, l1.gid, l1.k0, l1.k1,
        coalesce(sum((case when (l1.gid & 1) = 0 then l1.n else l1.n_first end)) filter (where l1.gc = 0), 0)::int as n,
        coalesce(sum((case when (l1.gid & 1) = 0 then l1.k else l1.k_first end)) filter (where l1.gc = 0), 0)::int as correct,
        avg((case when (l1.gid & 1) = 0 then l1.k else l1.k_first end)::float8 / nullif((case when (l1.gid & 1) = 0 then l1.n else l1.n_first end), 0)) filter (where l1.gc = 0 and (case when (l1.gid & 1) = 0 then l1.n else l1.n_first end) > 0) as macro,
        bit_or(l1.types) filter (where l1.gc = 0) as types,
        bit_or(l1.tmask) filter (where l1.gc = 0) as tmask,
        min(l1.tmin) filter (where l1.gc = 0) as tmin,
        max(l1.tmax) filter (where l1.gc = 0) as tmax,
        array_agg(l1.ds order by l1.ds) filter (where l1.gc = 1) as ds_ids,
        array_agg((case when (l1.gid & 1) = 0 then l1.n else l1.n_first end) order by l1.ds) filter (where l1.gc = 1) as ds_n,
        array_agg((case when (l1.gid & 1) = 0 then l1.k else l1.k_first end) order by l1.ds) filter (where l1.gc = 1) as ds_k
      from l1
      group by l1.model_id, l1.gid, l1.k0, l1.k1
    )
    select * from (select l2.model_id as "modelId", l2.gid,
      array["r0".slug, l2.k1::text]::text[] as "values",
      array["r0".name, l2.k1::text]::text[] as "labels",
      l2.n, l2.correct, l2.macro as "macroAccuracy", l2.types,
      l2.tmask::text as "templateMask", l2.tmin as "templateMin", l2.tmax as "templateMax",
      l2.ds_ids as "dsIds", l2.ds_n as "dsN", l2.ds_k as "dsCorrect"
    from l2 left join "domains" "r0" on "r0".id = l2.k0) s
    order by 1, 2, s."values"[1] nulls last, s."values"[2] nulls last;
-- params: [[1,2],[1,2],["classification","classification"],"ubench","light","light"]
