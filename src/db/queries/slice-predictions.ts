import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.js';
import { protocolConfigJson, type PredictionRow } from './models.js';
import type { ImageFilterSpec } from './image-filter.js';
import { questionCellColumns } from './rollup.js';
import {
  chosenRunsWhere,
  countedWhere,
  rowsOf,
  sliceMemberWhere,
  type ChosenRun,
  type SliceMember,
} from './results.js';

/**
 * Which predictions of a slice: SCORED ones are what its `n` counts (CORRECT what `correct` counts, INCORRECT the
 * rest); UNSCORED ones (failed calls, unreadable images, parity-unscorable questions) are left out of n; ALL is both.
 */
export const predictionOutcomes = ['scored', 'correct', 'incorrect', 'unscored', 'all'] as const;
export type PredictionOutcome = (typeof predictionOutcomes)[number];

/**
 * What a slice is made of: the runs chosen for its model(s) (each for its question types), the request's filter
 * and the slice's axis values. Its scored predictions are exactly what the slice's n counts.
 */
export type SliceScope = {
  runs: ChosenRun[];
  filter: ImageFilterSpec | null;
  /** The caption template the slice counts (a preset's official one); null or absent: every template. */
  template?: number | null;
  group: readonly SliceMember[];
};
export type SlicePredictionsQuery = SliceScope & { outcome: PredictionOutcome };

/** A prediction with what an audit of it needs: its question and image, model, run and protocol configuration. */
export type SlicePredictionRow = PredictionRow & {
  modelId: number;
  modelSlug: string;
  benchmarkRevision: string;
  imageId: number;
  questionType: string;
  questionText: string;
  options: string[];
  answerIndex: number;
  /** The writing run's protocol, protocol version and prompt template. */
  protocol: string;
  protocolVersion: string;
  promptTemplate: string | null;
  /** The prediction's protocol configuration (`protocolConfigJson`: prompt template, letter rule, …); null when imported. */
  protocolConfig: Record<string, unknown> | null;
  /**
   * What else decided the answer: a computed prediction's model version parameters (`model_versions.preprocessing`:
   * sampling and image encoding of an endpoint, preprocessing of an ONNX model); an imported one's run parameters.
   */
  parameters: Record<string, unknown> | null;
};

/** Position after which a page starts: predictions are listed by run id, then question id. */
export type SlicePredictionsCursor = { runId: number; questionId: number };

const outcomeWhere: Record<PredictionOutcome, SQL | null> = {
  scored: sql`images.p_is_correct is not null`,
  correct: sql`images.p_is_correct`,
  incorrect: sql`not images.p_is_correct`,
  unscored: sql`images.p_is_correct is null`,
  all: null,
};

/**
 * The question-level join with each prediction's own columns (prefixed `p_`/`q_`, since `i.*` names the image's),
 * aliased `images` like the results sources, so the filter compiler and the axis SQL read it unchanged. `runWhere`
 * narrows the predictions inside (one run and a question id range: an index range scan).
 */
function source(runWhere: SQL | null): SQL {
  return sql`(select p.id as p_id, p.run_id, p.question_id, p.model_version_id as p_model_version_id,
      p.protocol_config_id as p_protocol_config_id, p.chosen_index as p_chosen_index, p.raw_output as p_raw_output,
      p.scores as p_scores, p.is_correct as p_is_correct, p.status as p_status, p.error as p_error,
      p.retryable as p_retryable, p.request_id as p_request_id, p.prompt_tokens as p_prompt_tokens,
      p.completion_tokens as p_completion_tokens, p.latency_ms as p_latency_ms, p.cached as p_cached,
      q.text as q_text, q.options as q_options, q.answer_index as q_answer_index, ${questionCellColumns}, i.*
      from predictions p join questions q on q.id = p.question_id join images i on i.id = q.image_id${
        runWhere ? sql` where ${runWhere}` : sql``
      }) as images`;
}

/** The slice's conditions besides the chosen runs: filter, axis values, outcome. */
function sliceWhere(q: SlicePredictionsQuery): SQL[] {
  return [countedWhere(q.filter, q.template), sliceMemberWhere(q.group), outcomeWhere[q.outcome]].filter(
    (c): c is SQL => !!c,
  );
}

/**
 * One run's predictions of the slice after question id `afterQuestionId`, by question id, at most `limit`: the
 * statement `listSlicePredictions` runs per run (exported for its SQL snapshot). The run and the id range are
 * inside the source, on both sides of the question join (the planner does not carry a range across it), so each
 * page is an index range scan that stops at the limit: a whole slice costs linear, not quadratic, time.
 */
export function slicePredictionsQuery(
  q: SlicePredictionsQuery,
  runId: number,
  afterQuestionId: number,
  limit: number,
): SQL {
  const types = q.runs.filter((r) => r.runId === runId).map((r) => r.questionType);
  const conds = [sql`images.question_type = any(${sql.param(types)}::text[])`, ...sliceWhere(q)];
  return sql`select images.p_id::text as id, images.run_id as "runId", images.question_id as "questionId",
      images.p_model_version_id as "modelVersionId", images.p_protocol_config_id as "protocolConfigId",
      images.p_chosen_index as "chosenIndex", images.p_raw_output as "rawOutput", images.p_scores as scores,
      images.p_is_correct as "isCorrect", images.p_status as status, images.p_error as error,
      images.p_retryable as retryable, images.p_request_id as "requestId", images.p_prompt_tokens as "promptTokens",
      images.p_completion_tokens as "completionTokens", images.p_latency_ms as "latencyMs", images.p_cached as cached,
      ch.model_id as "modelId", m.slug as "modelSlug", br.revision as "benchmarkRevision", images.id as "imageId",
      images.question_type as "questionType", images.q_text as "questionText", images.q_options as options,
      images.q_answer_index as "answerIndex", ch.protocol, ch.protocol_version as "protocolVersion",
      ch.prompt_template as "promptTemplate", ${protocolConfigJson('pc')} as "protocolConfig",
      (case when images.p_model_version_id is not null then mv.preprocessing else ch.parameters end) as parameters
    from ${source(sql`p.run_id = ${runId} and p.question_id > ${afterQuestionId} and q.id > ${afterQuestionId}`)}
    join runs ch on ch.id = images.run_id
    join models m on m.id = ch.model_id
    join benchmark_revisions br on br.id = ch.benchmark_revision_id
    left join protocol_configs pc on pc.id = images.p_protocol_config_id
    left join model_versions mv on mv.id = images.p_model_version_id
    where ${sql.join(conds, sql` and `)}
    order by images.question_id
    limit ${limit}`;
}

/**
 * A page of the predictions behind a slice, by run id then question id, starting after `after`: at most `limit`
 * rows, one statement per run the page reaches (runs are few: one per model and question type and revision).
 */
export async function listSlicePredictions(
  db: Db,
  q: SlicePredictionsQuery,
  page: { after: SlicePredictionsCursor | null; limit: number },
): Promise<SlicePredictionRow[]> {
  const out: SlicePredictionRow[] = [];
  const runIds = [...new Set(q.runs.map((r) => r.runId))].sort((a, b) => a - b);
  for (const runId of runIds) {
    if (out.length >= page.limit) break;
    if (page.after && runId < page.after.runId) continue;
    const afterQuestionId = page.after?.runId === runId ? page.after.questionId : 0;
    const res = await db.execute(slicePredictionsQuery(q, runId, afterQuestionId, page.limit - out.length));
    for (const r of rowsOf<SlicePredictionRow & { id: string }>(res)) out.push({ ...r, id: Number(r.id) });
  }
  return out;
}

/** How many predictions the slice holds under `q.outcome`, and how many of them are correct. One statement. */
export async function countSlicePredictions(
  db: Db,
  q: SlicePredictionsQuery,
): Promise<{ count: number; correct: number }> {
  if (!q.runs.length) return { count: 0, correct: 0 };
  const res = await db.execute<{ count: number; correct: number }>(sql`
    select count(*)::int as count, (count(*) filter (where images.p_is_correct))::int as correct
    from ${source(null)}
    where ${sql.join([chosenRunsWhere(q.runs), ...sliceWhere(q)], sql` and `)}`);
  const [row] = rowsOf<{ count: number; correct: number }>(res);
  return { count: Number(row?.count ?? 0), correct: Number(row?.correct ?? 0) };
}
