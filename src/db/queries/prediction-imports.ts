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

/**
 * Writes an imported run in ONE transaction: the model (created if new; name and kind kept as first
 * registered), its version by `weightsHash`, the complete run, and its predictions (in batches of 5000).
 */
export async function insertImportedRun(
  db: Db,
  input: {
    model: { slug: string; name: string; kind: (typeof modelKinds)[number] };
    weightsHash: string;
    run: Omit<typeof runs.$inferInsert, 'modelId' | 'modelVersionId'>;
    predictions: readonly ImportedPrediction[];
  },
): Promise<{ runId: number; modelId: number; revision: string }> {
  return db.transaction(async (tx) => {
    const [model] = await tx
      .insert(models)
      .values(input.model)
      .onConflictDoUpdate({ target: models.slug, set: { updatedAt: sql`${models.updatedAt}` } })
      .returning({ id: models.id });
    await tx.insert(modelVersions).values({ modelId: model!.id, weightsHash: input.weightsHash }).onConflictDoNothing();
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
    const [run] = await tx
      .insert(runs)
      .values({ ...input.run, modelId: model!.id, modelVersionId: version!.id })
      .returning({ id: runs.id });
    for (let i = 0; i < input.predictions.length; i += 5000) {
      await tx.insert(predictions).values(input.predictions.slice(i, i + 5000).map((v) => ({ ...v, runId: run!.id })));
    }
    const [rev] = await tx
      .select({ revision: benchmarkRevisions.revision })
      .from(benchmarkRevisions)
      .where(eq(benchmarkRevisions.id, input.run.benchmarkRevisionId));
    return { runId: run!.id, modelId: model!.id, revision: rev!.revision };
  });
}
