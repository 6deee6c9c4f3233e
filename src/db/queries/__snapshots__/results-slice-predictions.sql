select images.p_id::text as id, images.run_id as "runId", images.question_id as "questionId",
      images.p_model_version_id as "modelVersionId", images.p_protocol_config_id as "protocolConfigId",
      images.p_chosen_index as "chosenIndex", images.p_raw_output as "rawOutput", images.p_scores as scores,
      images.p_is_correct as "isCorrect", images.p_status as status, images.p_error as error,
      images.p_retryable as retryable, images.p_request_id as "requestId", images.p_prompt_tokens as "promptTokens",
      images.p_completion_tokens as "completionTokens", images.p_latency_ms as "latencyMs", images.p_cached as cached,
      ch.model_id as "modelId", m.slug as "modelSlug", br.revision as "benchmarkRevision", images.id as "imageId",
      images.question_type as "questionType", images.q_text as "questionText", images.q_options as options,
      images.q_answer_index as "answerIndex", ch.protocol, ch.protocol_version as "protocolVersion",
      ch.prompt_template as "promptTemplate", (case when "pc".id is not null then jsonb_build_object('protocol', "pc".protocol, 'protocolVersion', "pc".protocol_version) || "pc".config end) as "protocolConfig",
      (case when images.p_model_version_id is not null then mv.preprocessing else ch.parameters end) as parameters
    from (select p.id as p_id, p.run_id, p.question_id, p.model_version_id as p_model_version_id,
      p.protocol_config_id as p_protocol_config_id, p.chosen_index as p_chosen_index, p.raw_output as p_raw_output,
      p.scores as p_scores, p.is_correct as p_is_correct, p.status as p_status, p.error as p_error,
      p.retryable as p_retryable, p.request_id as p_request_id, p.prompt_tokens as p_prompt_tokens,
      p.completion_tokens as p_completion_tokens, p.latency_ms as p_latency_ms, p.cached as p_cached,
      q.text as q_text, q.options as q_options, q.answer_index as q_answer_index, q.type as question_type, q.template as template, coalesce(q.answer, q.options[q.answer_index + 1]) as gold, i.*
      from predictions p join questions q on q.id = p.question_id join images i on i.id = q.image_id where p.run_id = $1 and p.question_id > $2 and q.id > $3) as images
    join runs ch on ch.id = images.run_id
    join models m on m.id = ch.model_id
    join benchmark_revisions br on br.id = ch.benchmark_revision_id
    left join protocol_configs pc on pc.id = images.p_protocol_config_id
    left join model_versions mv on mv.id = images.p_model_version_id
    where images.question_type = any($4::text[]) and "images"."pmid" in ($5) and coalesce("images"."domain_id", (select "subdomains"."domain_id" from "subdomains" where "subdomains"."id" = "images"."subdomain_id")) in (select "domains"."id" from "domains" where "domains"."slug" = $6) and (not exists (select 1 from unnest("images"."label_names") with ordinality as ax_label_name(v, ord)) or exists (select 1 from unnest("images"."label_names") with ordinality as ax_label_name(v, ord) where ax_label_name.v is null)) and "images"."synthetic"::text = $7 and images.p_is_correct is not null
    order by images.question_id
    limit $8;
-- params: [1,500,500,["classification","modality"],"1","dom-a","true",1000]
