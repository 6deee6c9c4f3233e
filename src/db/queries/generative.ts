import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { generativeResponses, predictions } from '../schema/index.js';

/** A cached answer (what `ResponseCache.get` returns). */
export type CachedResponse = {
  text: string;
  finishReason: string | null;
  requestId: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
};

/**
 * The response cache of one endpoint model version in the database (`generative_responses`), implementing the
 * client's `ResponseCache`: an answer is stored once per exact request key and served to every later request
 * with that key (a re-run, another scope, another run), so it costs no call.
 */
export class DbResponseCache {
  constructor(
    private readonly db: Db,
    private readonly modelVersionId: number | null,
  ) {}

  async get(key: string): Promise<CachedResponse | null> {
    const [row] = await this.db
      .select({
        text: generativeResponses.text,
        finishReason: generativeResponses.finishReason,
        requestId: generativeResponses.requestId,
        promptTokens: generativeResponses.promptTokens,
        completionTokens: generativeResponses.completionTokens,
      })
      .from(generativeResponses)
      .where(eq(generativeResponses.key, key));
    return row ?? null;
  }

  async set(
    key: string,
    value: CachedResponse,
    parts: { parametersHash: string; promptHash: string; imageSha256: string },
  ): Promise<void> {
    await this.db
      .insert(generativeResponses)
      .values({ key, modelVersionId: this.modelVersionId, ...parts, ...value })
      .onConflictDoNothing();
  }
}

/** Number of cached responses of a model version. */
export async function countCachedResponses(db: Db, modelVersionId: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(generativeResponses)
    .where(eq(generativeResponses.modelVersionId, modelVersionId));
  return row?.n ?? 0;
}

/** Usage of the calls a run made (its predictions' audit columns), summed: what the run cost. */
export type RunUsage = {
  predictions: number;
  /** Answers that needed a call (not served from the cache). */
  calls: number;
  cached: number;
  failed: number;
  promptTokens: number;
  completionTokens: number;
  /** Sum of the calls' wall times, ms (calls overlap under concurrency: this is work, not elapsed time). */
  latencyMs: number;
};

export async function runUsage(db: Db, runId: number): Promise<RunUsage> {
  const [row] = await db
    .select({
      predictions: sql<number>`count(*)::int`,
      calls: sql<number>`(count(*) filter (where ${predictions.status} = 'ok' and not coalesce(${predictions.cached}, false)))::int`,
      cached: sql<number>`(count(*) filter (where ${predictions.cached}))::int`,
      failed: sql<number>`(count(*) filter (where ${predictions.status} = 'failed'))::int`,
      promptTokens: sql<number>`coalesce(sum(${predictions.promptTokens}) filter (where not coalesce(${predictions.cached}, false)), 0)::int`,
      completionTokens: sql<number>`coalesce(sum(${predictions.completionTokens}) filter (where not coalesce(${predictions.cached}, false)), 0)::int`,
      latencyMs: sql<number>`coalesce(sum(${predictions.latencyMs}), 0)::int`,
    })
    .from(predictions)
    .where(eq(predictions.runId, runId));
  return row!;
}

/** The failed calls of a run with their error and whether asking again may succeed, by question id. */
export async function failedCalls(
  db: Db,
  runId: number,
  limit = 100,
): Promise<{ questionId: number; error: string | null; retryable: boolean }[]> {
  return db
    .select({ questionId: predictions.questionId, error: predictions.error, retryable: predictions.retryable })
    .from(predictions)
    .where(and(eq(predictions.runId, runId), eq(predictions.status, 'failed')))
    .orderBy(predictions.questionId)
    .limit(limit);
}
