import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import {
  benchmarkRevisions,
  benchmarks,
  images,
  models,
  modelVersions,
  predictions,
  questions,
  runs,
  type modelKinds,
} from '../schema/index.js';

/** What scoring an imported prediction needs of its question. */
export type ImportQuestionRow = {
  id: number;
  options: string[];
  answerIndex: number;
  text: string;
  revisionId: number;
};

const questionColumns = {
  id: questions.id,
  options: questions.options,
  answerIndex: questions.answerIndex,
  text: questions.text,
  revisionId: images.revisionId,
};

/** Lists are looked up in chunks: each statement stays far below the driver's bound-parameter limit. */
const CHUNK = 10_000;

/** Questions with these ids (misses absent). */
export async function findImportQuestionsByIds(db: Db, ids: readonly number[]): Promise<ImportQuestionRow[]> {
  const out: ImportQuestionRow[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    out.push(
      ...(await db
        .select(questionColumns)
        .from(questions)
        .innerJoin(images, eq(images.id, questions.imageId))
        .where(inArray(questions.id, ids.slice(i, i + CHUNK)))),
    );
  }
  return out;
}

/** Questions with these released UUIDs (any key), optionally only in the benchmark with slug `benchmark`. */
export async function findImportQuestionsBySourceIds(
  db: Db,
  sourceQuestionIds: readonly string[],
  benchmark: string | null,
): Promise<(ImportQuestionRow & { key: string; sourceQuestionId: string | null })[]> {
  const out: (ImportQuestionRow & { key: string; sourceQuestionId: string | null })[] = [];
  for (let i = 0; i < sourceQuestionIds.length; i += CHUNK) {
    out.push(
      ...(await db
        .select({ ...questionColumns, key: questions.key, sourceQuestionId: questions.sourceQuestionId })
        .from(questions)
        .innerJoin(images, eq(images.id, questions.imageId))
        .innerJoin(benchmarks, eq(benchmarks.id, images.benchmarkId))
        .where(
          and(
            inArray(questions.sourceQuestionId, sourceQuestionIds.slice(i, i + CHUNK)),
            benchmark ? eq(benchmarks.slug, benchmark) : undefined,
          ),
        )),
    );
  }
  return out;
}

export type ImportedPrediction = Omit<typeof predictions.$inferInsert, 'runId'>;

type RunValues = Omit<typeof runs.$inferInsert, 'modelId' | 'modelVersionId'>;

/** Rolls the import's transaction back when no prediction was written (nothing to keep, not even the model). */
class NothingImported extends Error {}

/**
 * Writes an imported run in ONE transaction while its predictions stream in: the model (created if new; name and
 * kind kept as first registered), its version by `weightsHash`, the run (its values taken from `run()` when the
 * first non-empty batch arrives, then updated by `finish()` after the last), and the predictions batch by batch,
 * so a large file is never held whole. Nothing is written (null) when no batch held a prediction.
 */
export async function insertImportedRun(
  db: Db,
  input: {
    model: { slug: string; name: string; kind: (typeof modelKinds)[number] };
    weightsHash: string;
    run: () => RunValues;
    /** The predictions in batches; reads they need go through the transaction's handle (PGlite has one connection). */
    batches: (tx: Db) => AsyncIterable<readonly ImportedPrediction[]>;
    finish: () => Pick<RunValues, 'benchmarkRevisionId' | 'total' | 'done'>;
  },
): Promise<{ runId: number; modelId: number; revision: string } | null> {
  try {
    return await db.transaction(async (tx) => {
      const [model] = await tx
        .insert(models)
        .values(input.model)
        .onConflictDoUpdate({ target: models.slug, set: { updatedAt: sql`${models.updatedAt}` } })
        .returning({ id: models.id });
      await tx
        .insert(modelVersions)
        .values({ modelId: model!.id, weightsHash: input.weightsHash })
        .onConflictDoNothing();
      const [version] = await tx
        .select({ id: modelVersions.id })
        .from(modelVersions)
        .where(
          and(
            eq(modelVersions.modelId, model!.id),
            eq(modelVersions.weightsHash, input.weightsHash),
            eq(modelVersions.preprocessingHash, ''),
          ),
        );
      let runId: number | null = null;
      for await (const batch of input.batches(tx as unknown as Db)) {
        if (!batch.length) continue;
        if (runId === null) {
          const [run] = await tx
            .insert(runs)
            .values({ ...input.run(), modelId: model!.id, modelVersionId: version!.id })
            .returning({ id: runs.id });
          runId = run!.id;
        }
        for (let i = 0; i < batch.length; i += 5000) {
          await tx.insert(predictions).values(batch.slice(i, i + 5000).map((v) => ({ ...v, runId: runId! })));
        }
      }
      if (runId === null) throw new NothingImported();
      const final = input.finish();
      await tx.update(runs).set(final).where(eq(runs.id, runId));
      const [rev] = await tx
        .select({ revision: benchmarkRevisions.revision })
        .from(benchmarkRevisions)
        .where(eq(benchmarkRevisions.id, final.benchmarkRevisionId));
      return { runId, modelId: model!.id, revision: rev!.revision };
    });
  } catch (error) {
    if (error instanceof NothingImported) return null;
    throw error;
  }
}
