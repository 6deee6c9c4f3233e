
    select c.model_id as m, c.tb, c.gold, c.ds, c.gc, c.n, c.k, c.nf, c.kf, c.tmask::text as tmask, c.tmin, c.tmax, "r0".slug as v0, "r0".name as l0, dense_rank() over (order by "r0".slug nulls last) as o0, c.k1::text as v1, c.k1::text as l1, dense_rank() over (order by c.k1::text nulls last) as o1
    from (
      select ch.model_id, coalesce("images"."domain_id", (select "subdomains"."domain_id" from "subdomains" where "subdomains"."id" = "images"."subdomain_id")) as k0, ax_label_name.v as k1, (case images.question_type when 'domain' then 1 when 'subdomain' then 2 when 'modality' then 4 when 'submodality' then 8 when 'stain' then 16 when 'classification' then 32 when 'cognition' then 64 else 0 end) as tb, images.gold,
        images.source_dataset_id as ds, grouping(images.gold) as gc,
        sum(images.n)::int as n, sum(images.correct)::int as k,
        (sum(images.n) filter (where coalesce(ax_label_name.ord, 1) = 1))::int as nf,
        (sum(images.correct) filter (where coalesce(ax_label_name.ord, 1) = 1))::int as kf,
        bit_or((case when images.template between 0 and 62 then 1::int8 << images.template else 0::int8 end)) filter (where images.n > 0) as tmask,
        min(images.template) filter (where images.n > 0) as tmin,
        max(images.template) filter (where images.n > 0) as tmax
      from (select rc.*, br.benchmark_id from result_counts rc join runs r on r.id = rc.run_id
        join benchmark_revisions br on br.id = r.benchmark_revision_id) as images
      join runs ch on ch.id = images.run_id left join lateral unnest("images"."label_names") with ordinality as ax_label_name(v, ord) on true
      where images.run_id = any($1::int[])
      and (images.run_id, images.question_type) in (select * from unnest($2::int[], $3::text[])) and ("images"."benchmark_id" in (select "benchmarks"."id" from "benchmarks" where "benchmarks"."slug" in ($4)) and ("images"."modality_id" in (select "modalities"."id" from "modalities" where "modalities"."slug" in ($5)) or ("images"."modality_id" is null and "images"."submodality_id" in (select "submodalities"."id" from "submodalities" where "submodalities"."modality_id" in (select "modalities"."id" from "modalities" where "modalities"."slug" in ($6))))))
      group by grouping sets ((ch.model_id, coalesce("images"."domain_id", (select "subdomains"."domain_id" from "subdomains" where "subdomains"."id" = "images"."subdomain_id")), ax_label_name.v, (case images.question_type when 'domain' then 1 when 'subdomain' then 2 when 'modality' then 4 when 'submodality' then 8 when 'stain' then 16 when 'classification' then 32 when 'cognition' then 64 else 0 end), images.gold), (ch.model_id, coalesce("images"."domain_id", (select "subdomains"."domain_id" from "subdomains" where "subdomains"."id" = "images"."subdomain_id")), ax_label_name.v, images.source_dataset_id))
    ) c left join "domains" "r0" on "r0".id = c.k0;
-- params: [[1,2],[1,2],["classification","classification"],"ubench","light","light"]
