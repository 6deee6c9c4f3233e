import { and, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { imageFilterWhere, type ImageFilterSpec } from '../db/queries/image-filter.js';
import { benchmarkRevisions, images, predictions, questions, runs, type QuestionType } from '../db/schema/index.js';

/** What an evaluation covers; stored in `runs.parameters` so a resumed run recomputes the same scope. */
export type EvaluationScope = {
  filter: ImageFilterSpec | null;
  questionTypes: QuestionType[];
  /** Caption template k (`<type>_<k>`); null: every template. */
  template: number | null;
};

/**
 * Condition selecting the questions of a contrastive evaluation: caption sets of the chosen types (and
 * template), plus cognition questions when `cognition` is among the types; images matching the filter and
 * belonging to the revision's benchmark.
 */
export function scopeWhere(scope: EvaluationScope, benchmarkId: number): SQL {
  const captionTypes = scope.questionTypes.filter((t) => t !== 'cognition');
  const kinds = or(
    captionTypes.length
      ? and(
          eq(questions.protocol, 'caption'),
          inArray(questions.type, captionTypes),
          scope.template == null ? undefined : eq(questions.template, scope.template),
        )
      : undefined,
    scope.questionTypes.includes('cognition') ? eq(questions.type, 'cognition') : undefined,
  );
  const imageIds = imageIdsOf(scope.filter, benchmarkId);
  return and(kinds ?? sql`false`, sql`${questions.imageId} in (${imageIds})`)!;
}

function imageIdsOf(filter: ImageFilterSpec | null, benchmarkId: number): SQL {
  const where = and(eq(images.benchmarkId, benchmarkId), imageFilterWhere(filter));
  return sql`select ${images.id} from ${images} where ${where}`;
}

/** Benchmarks that have images matching the filter, each with its newest complete revision. */
export async function benchmarksMatching(
  db: Db,
  filter: ImageFilterSpec | null,
): Promise<{ benchmarkId: number; revisionId: number | null }[]> {
  const rows = await db
    .selectDistinct({ benchmarkId: images.benchmarkId })
    .from(images)
    .where(imageFilterWhere(filter));
  const out: { benchmarkId: number; revisionId: number | null }[] = [];
  for (const { benchmarkId } of rows) {
    const [rev] = await db
      .select({ id: benchmarkRevisions.id })
      .from(benchmarkRevisions)
      .where(and(eq(benchmarkRevisions.benchmarkId, benchmarkId), eq(benchmarkRevisions.status, 'complete')))
      .orderBy(desc(benchmarkRevisions.createdAt), desc(benchmarkRevisions.id))
      .limit(1);
    out.push({ benchmarkId, revisionId: rev?.id ?? null });
  }
  return out;
}

export async function countScope(db: Db, where: SQL): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(questions)
    .where(where);
  return row?.n ?? 0;
}

export type ScopeQuestion = {
  id: number;
  imageId: number;
  type: string;
  protocol: string;
  text: string;
  options: string[];
  answerIndex: number;
};

/** The next questions of the scope without a prediction in the run, by ascending id after `afterId`. */
export async function nextUnscoredQuestions(
  db: Db,
  runId: number,
  where: SQL,
  limit: number,
  afterId: number,
): Promise<ScopeQuestion[]> {
  return db
    .select({
      id: questions.id,
      imageId: questions.imageId,
      type: questions.type,
      protocol: questions.protocol,
      text: questions.text,
      options: questions.options,
      answerIndex: questions.answerIndex,
    })
    .from(questions)
    .where(
      and(
        where,
        sql`${questions.id} > ${afterId}`,
        sql`not exists (select 1 from ${predictions} where ${predictions.runId} = ${runId} and ${predictions.questionId} = ${questions.id})`,
      ),
    )
    .orderBy(questions.id)
    .limit(limit);
}

export type PredictionInsert = {
  questionId: number;
  chosenIndex: number | null;
  scores: number[] | null;
  isCorrect: boolean | null;
  status: 'ok' | 'failed';
  error: string | null;
};

/** Stores predictions; one already stored for (run, question) stays (resume never rewrites). */
export async function insertPredictions(db: Db, runId: number, rows: readonly PredictionInsert[]): Promise<void> {
  if (!rows.length) return;
  await db
    .insert(predictions)
    .values(rows.map((r) => ({ runId, ...r })))
    .onConflictDoNothing({ target: [predictions.runId, predictions.questionId] });
}

/** Recounts the run's progress from its predictions: done = stored (ok + failed), failed = failed ones. */
export async function refreshRunProgress(db: Db, runId: number): Promise<{ done: number; failed: number }> {
  const [row] = await db
    .update(runs)
    .set({
      done: sql`(select count(*)::int from ${predictions} where ${predictions.runId} = ${runId})`,
      failed: sql`(select count(*)::int from ${predictions} where ${predictions.runId} = ${runId} and ${predictions.status} = 'failed')`,
    })
    .where(eq(runs.id, runId))
    .returning({ done: runs.done, failed: runs.failed });
  return row ?? { done: 0, failed: 0 };
}

export type RunRow = {
  id: number;
  modelId: number;
  modelVersionId: number | null;
  benchmarkRevisionId: number;
  template: number | null;
  parameters: Record<string, unknown>;
  status: 'pending' | 'running' | 'complete' | 'failed';
  total: number;
  done: number;
  failed: number;
  createdAt: Date;
  finishedAt: Date | null;
};

const runColumns = {
  id: runs.id,
  modelId: runs.modelId,
  modelVersionId: runs.modelVersionId,
  benchmarkRevisionId: runs.benchmarkRevisionId,
  template: runs.template,
  parameters: runs.parameters,
  status: runs.status,
  total: runs.total,
  done: runs.done,
  failed: runs.failed,
  createdAt: runs.createdAt,
  finishedAt: runs.finishedAt,
};

export async function findRun(db: Db, runId: number): Promise<RunRow | null> {
  const rows = await db.select(runColumns).from(runs).where(eq(runs.id, runId));
  return rows[0] ?? null;
}

/** An evaluate run of the same version, revision and scope (its parameters compared as canonical JSON). */
export async function findEvaluationRun(
  db: Db,
  modelVersionId: number,
  revisionId: number,
  parameters: Record<string, unknown>,
): Promise<RunRow | null> {
  const rows = await db
    .select(runColumns)
    .from(runs)
    .where(
      and(
        eq(runs.modelVersionId, modelVersionId),
        eq(runs.benchmarkRevisionId, revisionId),
        eq(runs.source, 'evaluate'),
        eq(runs.protocol, 'contrastive'),
        sql`${runs.parameters} = ${JSON.stringify(parameters)}::jsonb`,
      ),
    )
    .orderBy(desc(runs.id))
    .limit(1);
  return rows[0] ?? null;
}

export async function insertRun(
  db: Db,
  values: {
    modelId: number;
    modelVersionId: number;
    benchmarkRevisionId: number;
    template: number | null;
    parameters: Record<string, unknown>;
    total: number;
  },
): Promise<RunRow> {
  const [row] = await db
    .insert(runs)
    .values({ ...values, protocol: 'contrastive', protocolVersion: PROTOCOL_VERSION, source: 'evaluate' })
    .returning(runColumns);
  return row!;
}

export const PROTOCOL_VERSION = 'ubench-evllm-2024';

export async function setRunStatus(
  db: Db,
  runId: number,
  status: RunRow['status'],
  extra: { total?: number; finishedAt?: Date | null } = {},
): Promise<void> {
  await db
    .update(runs)
    .set({ status, ...extra })
    .where(eq(runs.id, runId));
}

/** Evaluate runs left pending or running (by a crash or a restart), oldest first. */
export async function listUnfinishedRuns(db: Db): Promise<number[]> {
  const rows = await db
    .select({ id: runs.id })
    .from(runs)
    .where(and(eq(runs.source, 'evaluate'), inArray(runs.status, ['pending', 'running']), isNull(runs.finishedAt)))
    .orderBy(runs.id);
  return rows.map((r) => r.id);
}
