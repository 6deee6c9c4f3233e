import { and, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.js';
import { imageFilterWhere, type ImageFilterSpec } from './image-filter.js';
import {
  benchmarkRevisions,
  benchmarks,
  images,
  predictions,
  protocolConfigs,
  questions,
  runs,
  type QuestionType,
  type RunProtocol,
} from '../schema/index.js';
import { canonicalJson, sha256 } from '../../hash.js';
import { rollupColumns, type AxisId } from '../../axes/registry.js';

/** What an evaluation covers; stored in `runs.parameters` so a resumed run recomputes the same scope. */
export type EvaluationScope = {
  filter: ImageFilterSpec | null;
  questionTypes: QuestionType[];
  /** Caption template k (`<type>_<k>`); null: every template. */
  template: number | null;
  /** `vqa`: the closed-VQA questions of the types (generative models); absent: caption sets (contrastive). */
  protocol?: 'vqa';
  /** A stratified sample: `perCell` questions per cell of `axes`, chosen by seeded rank (see `sampleWhere`). */
  sample?: SampleSpec;
};

/** A stratified sample of a scope's questions. */
export type SampleSpec = { perCell: number; axes: AxisId[]; seed: number };

/** Axes a sample can be stratified by: those carried by a question or image column. */
export const sampleAxes = (): AxisId[] => rollupColumns().map((c) => c.axis);

function cellColumns(axes: readonly AxisId[]): SQL[] {
  const columns = rollupColumns();
  return axes.map((axis) => {
    const c = columns.find((x) => x.axis === axis);
    if (!c) throw new RangeError(`axis ${axis} cannot stratify a sample`);
    // Registry constants, never user text.
    return sql.raw(`"${c.from === 'question' ? 'questions' : 'images'}"."${c.source}"`);
  });
}

/**
 * The seeded rank of a question in SQL, equal to `sampleRank(seed, id)` (src/generative/sample.ts): the first 48
 * bits of sha256(`seed:id`) as an integer.
 */
const seededRank = (seed: number) =>
  sql`('x' || substr(encode(sha256(convert_to(${String(seed)} || ':' || ${questions.id}::text, 'UTF8')), 'hex'), 1, 12))::bit(48)::bigint`;

/** The base scope's questions with their sample rank within their cell (`rn`) and cell columns (`c0…`). */
function rankedScope(base: SQL, sample: SampleSpec): SQL {
  const cells = cellColumns(sample.axes);
  const partition = cells.length ? sql`partition by ${sql.join(cells, sql`, `)}` : sql``;
  const named = cells.map((c, i) => sql`, ${c} as ${sql.raw(`c${i}`)}`);
  return sql`select ${questions.id} as id${sql.join(named, sql``)}, row_number() over (${partition} order by ${seededRank(sample.seed)}, ${questions.id}) as rn
    from ${questions} inner join ${images} on ${images.id} = ${questions.imageId} where ${base}`;
}

/**
 * The sample's condition: in each cell of the axes, the `perCell` questions of the base scope with the lowest
 * seeded rank (ties by id). A pure function of (scope, axes, perCell, seed); a larger perCell only adds questions.
 */
function sampleWhere(base: SQL, sample: SampleSpec): SQL {
  return sql`${questions.id} in (select s.id from (${rankedScope(base, sample)}) s where s.rn <= ${sample.perCell})`;
}

/**
 * Per cell of a sample: the population (questions of the base scope), how many sampled questions are scored
 * under the key, and how many of them are correct (for `stratifiedAccuracy`).
 */
export async function sampleCells(
  db: Db,
  key: FactKey,
  scope: EvaluationScope,
  benchmarkId: number,
): Promise<{ cell: string; population: number; n: number; correct: number }[]> {
  const sample = scope.sample!;
  const base = scopeWhere({ ...scope, sample: undefined }, benchmarkId);
  const cols = sample.axes.map((_, i) => sql.raw(`s.c${i}`));
  const cellText = cols.length
    ? sql`concat_ws('|', ${sql.join(
        cols.map((c) => sql`coalesce(${c}::text, '∅')`),
        sql`, `,
      )})`
    : sql`''`;
  const rows = await db.execute<{ cell: string; population: number; n: number; correct: number }>(sql`
    select ${cellText} as cell, count(*)::int as population,
      (count(*) filter (where s.rn <= ${sample.perCell} and p.is_correct is not null and not p.retryable))::int as n,
      (count(*) filter (where s.rn <= ${sample.perCell} and p.is_correct and not p.retryable))::int as correct
    from (${rankedScope(base, sample)}) s
    left join ${predictions} p on p.model_version_id = ${key.modelVersionId}
      and p.protocol_config_id = ${key.protocolConfigId} and p.question_id = s.id
    group by 1 order by 1`);
  return (rows as unknown as { rows?: unknown[] }).rows
    ? (rows as unknown as { rows: { cell: string; population: number; n: number; correct: number }[] }).rows
    : (rows as unknown as { cell: string; population: number; n: number; correct: number }[]);
}

/**
 * Condition selecting the questions of a contrastive evaluation: caption sets of the chosen types (and
 * template), plus cognition questions when `cognition` is among the types; images matching the filter and
 * belonging to the revision's benchmark.
 */
export function scopeWhere(scope: EvaluationScope, benchmarkId: number): SQL {
  const imageIdsOfScope = imageIdsOf(scope.filter, benchmarkId);
  if (scope.protocol === 'vqa') {
    const base = and(
      eq(questions.protocol, 'vqa'),
      inArray(questions.type, scope.questionTypes),
      sql`${questions.imageId} in (${imageIdsOfScope})`,
    )!;
    return scope.sample ? and(base, sampleWhere(base, scope.sample))! : base;
  }
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

/**
 * Benchmarks that have images matching the filter, each with its newest complete revision and the key of the
 * adapter its releases are read with.
 */
export async function benchmarksMatching(
  db: Db,
  filter: ImageFilterSpec | null,
): Promise<{ benchmarkId: number; revisionId: number | null; adapter: string }[]> {
  const rows = await db
    .selectDistinct({ benchmarkId: images.benchmarkId })
    .from(images)
    .where(imageFilterWhere(filter));
  const out: { benchmarkId: number; revisionId: number | null; adapter: string }[] = [];
  for (const { benchmarkId } of rows) {
    // The benchmark with its newest complete revision (none: one row with a null revision).
    const [row] = await db
      .select({ adapter: benchmarks.adapter, revisionId: benchmarkRevisions.id })
      .from(benchmarks)
      .leftJoin(
        benchmarkRevisions,
        and(eq(benchmarkRevisions.benchmarkId, benchmarks.id), eq(benchmarkRevisions.status, 'complete')),
      )
      .where(eq(benchmarks.id, benchmarkId))
      .orderBy(desc(benchmarkRevisions.createdAt), desc(benchmarkRevisions.id))
      .limit(1);
    out.push({ benchmarkId, revisionId: row?.revisionId ?? null, adapter: row!.adapter });
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

/**
 * The key of a computed prediction besides its question: the model version (weights + preprocessing) and the
 * protocol configuration. One canonical prediction exists per (fact key, question), whichever run wrote it.
 */
export type FactKey = { modelVersionId: number; protocolConfigId: number };

const factOf = (key: FactKey) =>
  and(eq(predictions.modelVersionId, key.modelVersionId), eq(predictions.protocolConfigId, key.protocolConfigId))!;

/**
 * A question still to compute under the key: no prediction, or only a retryable failure (a rate limit, a
 * timeout, a 5xx): the next job asks again and replaces it.
 */
const missingUnder = (key: FactKey) =>
  sql`not exists (select 1 from ${predictions} where ${factOf(key)} and ${predictions.questionId} = ${questions.id} and not ${predictions.retryable})`;

/** The id of a protocol configuration (inserted on first use; concurrent callers get the same row). */
export async function ensureProtocolConfig(
  db: Db,
  value: { protocol: RunProtocol; protocolVersion: string; config: Record<string, unknown> },
): Promise<number> {
  const hash = sha256(canonicalJson(value));
  await db
    .insert(protocolConfigs)
    .values({ ...value, hash })
    .onConflictDoNothing({ target: protocolConfigs.hash });
  const [row] = await db.select({ id: protocolConfigs.id }).from(protocolConfigs).where(eq(protocolConfigs.hash, hash));
  return row!.id;
}

/**
 * The next questions matching `where` without a prediction under the fact key, by ascending id after `afterId`
 * (and below `beforeId` when given).
 */
export async function nextMissingQuestions(
  db: Db,
  key: FactKey,
  where: SQL,
  limit: number,
  afterId: number,
  beforeId?: number,
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
        beforeId === undefined ? undefined : sql`${questions.id} < ${beforeId}`,
        missingUnder(key),
      ),
    )
    .orderBy(questions.id)
    .limit(limit);
}

/** Buckets (`floor(question id / width)`) holding questions matching `where` without a prediction under the key. */
export async function missingBuckets(db: Db, key: FactKey, where: SQL, width: number): Promise<number[]> {
  const rows = await db
    .selectDistinct({ bucket: sql<number>`(${questions.id} / ${width})::int` })
    .from(questions)
    .where(and(where, missingUnder(key)))
    .orderBy(sql`1`);
  return rows.map((r) => Number(r.bucket));
}

export type PredictionInsert = {
  questionId: number;
  chosenIndex: number | null;
  scores: number[] | null;
  isCorrect: boolean | null;
  status: 'ok' | 'failed';
  error: string | null;
  /** A failure that asking again may cure: it counts as missing and is replaced by the next answer. */
  retryable?: boolean;
  /** Audit of a generative call. */
  rawOutput?: string | null;
  requestId?: string | null;
  promptTokens?: number | null;
  completionTokens?: number | null;
  latencyMs?: number | null;
  cached?: boolean | null;
};

/**
 * Stores computed predictions as facts under the key, written by `runId`. A prediction already stored for the key
 * and question (by any run, or by a concurrent worker) stays, never a duplicate; only a retryable failure is
 * replaced (by the new row, answer or failure, and its run).
 * @returns how many rows were inserted or replaced
 */
export async function insertFacts(
  db: Db,
  runId: number,
  key: FactKey,
  rows: readonly PredictionInsert[],
): Promise<number> {
  if (!rows.length) return 0;
  const inserted = await db
    .insert(predictions)
    .values(rows.map((r) => ({ runId, ...key, ...r })))
    .onConflictDoUpdate({
      target: [predictions.modelVersionId, predictions.protocolConfigId, predictions.questionId],
      set: Object.fromEntries(replaced.map((c) => [c, sql.raw(`excluded.${predictions[c].name}`)])) as Record<
        (typeof replaced)[number],
        SQL
      >,
      setWhere: sql`${predictions.retryable}`,
    })
    .returning({ id: predictions.id });
  return inserted.length;
}

/** Columns a retried answer replaces in a retryable failure's row. */
const replaced = [
  'runId',
  'chosenIndex',
  'scores',
  'isCorrect',
  'status',
  'error',
  'retryable',
  'rawOutput',
  'requestId',
  'promptTokens',
  'completionTokens',
  'latencyMs',
  'cached',
] as const;

/**
 * How far the facts cover a scope: total = questions matching `where`, done = those with a prediction under the
 * key (ok + failed, whichever run wrote it), failed = failed ones. A retryable failure (asked again by the next
 * job) is neither.
 */
export async function scopeProgress(
  db: Db,
  key: FactKey,
  where: SQL,
): Promise<{ done: number; failed: number; total: number; correct: number }> {
  const [counts] = await db
    .select({
      total: sql<number>`count(*)::int`,
      done: sql<number>`(count(${predictions.id}) filter (where not ${predictions.retryable}))::int`,
      failed: sql<number>`(count(*) filter (where ${predictions.status} = 'failed' and not ${predictions.retryable}))::int`,
      correct: sql<number>`(count(*) filter (where ${predictions.isCorrect}))::int`,
    })
    .from(questions)
    .leftJoin(predictions, and(factOf(key), eq(predictions.questionId, questions.id)))
    .where(where);
  return counts ?? { total: 0, done: 0, failed: 0, correct: 0 };
}

/** Recounts a run's progress over its scope from the facts (see `scopeProgress`) and stores it on the run. */
export async function refreshRunProgress(
  db: Db,
  runId: number,
  key: FactKey,
  where: SQL,
): Promise<{ done: number; failed: number; total: number }> {
  const { done, failed, total } = await scopeProgress(db, key, where);
  await db.update(runs).set({ done, failed, total }).where(eq(runs.id, runId));
  return { done, failed, total };
}

export type RunRow = {
  id: number;
  modelId: number;
  modelVersionId: number | null;
  benchmarkRevisionId: number;
  template: number | null;
  protocolConfigId: number | null;
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
  protocolConfigId: runs.protocolConfigId,
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

/** The evaluate run of a version, revision and scope (unique by `runs_evaluate_scope_uq`). */
export async function findEvaluationRun(
  db: Db,
  modelVersionId: number,
  revisionId: number,
  scopeKey: string,
): Promise<RunRow | null> {
  const rows = await db
    .select(runColumns)
    .from(runs)
    .where(
      and(
        eq(runs.modelVersionId, modelVersionId),
        eq(runs.benchmarkRevisionId, revisionId),
        eq(runs.scopeKey, scopeKey),
      ),
    );
  return rows[0] ?? null;
}

/**
 * Creates the evaluate run of a scope, or returns the one another request or replica created first (the unique
 * scope index makes the race harmless): `created` says which.
 */
export async function insertEvaluationRun(
  db: Db,
  values: {
    modelId: number;
    modelVersionId: number;
    benchmarkRevisionId: number;
    protocolConfigId: number;
    scopeKey: string;
    template: number | null;
    parameters: Record<string, unknown>;
    total: number;
    /** The protocol version the run is recorded under (the benchmark adapter's). */
    protocolVersion: string;
    /** Default: the contrastive protocol. */
    protocol?: RunProtocol;
    promptTemplate?: string | null;
  },
): Promise<{ run: RunRow; created: boolean }> {
  const [row] = await db
    .insert(runs)
    .values({ protocol: 'contrastive', ...values, source: 'evaluate' })
    .onConflictDoNothing()
    .returning(runColumns);
  if (row) return { run: row, created: true };
  const existing = await findEvaluationRun(db, values.modelVersionId, values.benchmarkRevisionId, values.scopeKey);
  return { run: existing!, created: false };
}

/** Every run that wrote predictions under the fact key (any status): the provenance of its facts. */
export async function runIdsOfFact(db: Db, key: FactKey): Promise<number[]> {
  const rows = await db
    .select({ id: runs.id })
    .from(runs)
    .where(and(eq(runs.modelVersionId, key.modelVersionId), eq(runs.protocolConfigId, key.protocolConfigId)))
    .orderBy(runs.id);
  return rows.map((r) => r.id);
}

/** Unfinished evaluate runs of a fact key, with the scope each covers. */
export async function unfinishedRunsOfFact(db: Db, key: FactKey): Promise<RunRow[]> {
  return db
    .select(runColumns)
    .from(runs)
    .where(
      and(
        eq(runs.modelVersionId, key.modelVersionId),
        eq(runs.protocolConfigId, key.protocolConfigId),
        inArray(runs.status, ['pending', 'running']),
      ),
    )
    .orderBy(runs.id);
}

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
    .where(
      and(
        eq(runs.source, 'evaluate'),
        inArray(runs.status, ['pending', 'running']),
        isNull(runs.finishedAt),
        sql`${runs.protocolConfigId} is not null`,
      ),
    )
    .orderBy(runs.id);
  return rows.map((r) => r.id);
}
