import { z, ZodError } from 'zod';
import { requireWriteAccess } from '../../../context.js';
import type { Resolvers } from '../../__generated__/resolvers-types.js';
import { AppError, payloadError } from '../../errors.js';
import { inputErrors } from '../../../errors.js';
import { parseFirst } from '../../validation.js';
import { parseImageFilter } from '../../../catalog/filter.js';
import { importPredictions } from '../../../predictions/import.js';
import { presetSpecs, resultPresets, type ResultPreset } from '../../../results/presets.js';
import { cursorIdSchema, decodeCursor, encodeCursor, parseIds } from '../../../ids.js';

/** A slice's predictions are listed by run id, then question id: the cursor holds both. */
const slicePredictionCursor = z.object({ r: cursorIdSchema, q: cursorIdSchema }).strict();
const slicePredictionCursorOf = (p: { runId: number; questionId: number }) =>
  encodeCursor({ r: p.runId, q: p.questionId });

const evaluationModes = { inline: 'INLINE', queued: 'QUEUED', existing: 'EXISTING', covered: 'COVERED' } as const;

const referenceSplitOf: Partial<Record<ResultPreset, 'coarse' | 'fine'>> = {
  COARSE: 'coarse',
  COARSE_BY_QUESTION_TYPE: 'coarse',
  COARSE_REBUTTAL: 'coarse',
  FINE: 'fine',
};

/** Results, comparisons, leaderboards, reference figures and prediction imports (issue 6). Thin: services do the work. */
export const resultResolvers: Resolvers = {
  Query: {
    results: async (_p, args, ctx) => {
      const filter = parseImageFilter(args.filter);
      const out = await ctx.results.results({
        evaluate: args.evaluate,
        models: args.models ? [...args.models] : null,
        runs: parseIds(args.runs, ['runs']),
        filter,
        questionTypes: args.questionTypes ? [...args.questionTypes] : null,
        groupBy: args.groupBy ? [...args.groupBy] : null,
        preset: args.preset,
        marginals: args.marginals,
        overall: args.overall,
        interval: args.interval,
        seed: args.seed,
        resamples: args.resamples,
        minSupport: args.minSupport,
        source: args.source,
        benchmarkRevisions: parseIds(args.benchmarkRevisions, ['benchmarkRevisions']),
        sample: args.sample ?? null,
      });
      return { ...out, preset: args.preset ?? null };
    },
    compare: async (_p, args, ctx) => {
      const filter = parseImageFilter(args.filter);
      const out = await ctx.results.compare({
        modelA: args.modelA,
        modelB: args.modelB,
        filter,
        questionTypes: args.questionTypes ? [...args.questionTypes] : null,
        groupBy: args.groupBy ? [...args.groupBy] : null,
        preset: args.preset,
        marginals: args.marginals,
        overall: args.overall,
        seed: args.seed,
        resamples: args.resamples,
        minSupport: args.minSupport,
      });
      return out;
    },
    leaderboard: async (_p, args, ctx) => {
      const filter = parseImageFilter(args.filter);
      return ctx.results.leaderboard({
        models: args.models ? [...args.models] : null,
        filter,
        questionTypes: args.questionTypes ? [...args.questionTypes] : null,
        groupBy: args.groupBy ? [...args.groupBy] : null,
        preset: args.preset,
        interval: args.interval,
        seed: args.seed,
        resamples: args.resamples,
        minSupport: args.minSupport,
      });
    },
    referenceResults: (_p, args, ctx) => ctx.results.referenceResults(args.split ?? null),
    resultPresets: () =>
      resultPresets.map((preset) => ({
        preset,
        description: presetSpecs[preset].description,
        questionTypes: presetSpecs[preset].questionTypes,
        groupBy: presetSpecs[preset].groupBy,
        template: presetSpecs[preset].template,
      })),
  },
  Mutation: {
    importPredictions: async (_p, { input }, ctx) => {
      requireWriteAccess(ctx);
      const empty = { ok: false, run: null, rowsRead: 0, imported: 0, correct: 0, skipped: 0, issues: [] };
      try {
        const res = await importPredictions(ctx.db, input.content, {
          model: input.model,
          modelName: input.modelName,
          modelKind: input.modelKind,
          modelVersion: input.modelVersion,
          protocol: input.protocol,
          benchmark: input.benchmark,
          format: input.format,
          fileName: input.fileName,
          promptTemplate: input.promptTemplate,
          letterRule: input.letterRule,
          parameters: (input.parameters ?? null) as Record<string, unknown> | null,
        });
        const run = res.runId === null ? null : await ctx.loaders.runById.load(res.runId);
        return {
          ok: res.runId !== null,
          run,
          rowsRead: res.rowsRead,
          imported: res.imported,
          correct: res.correct,
          skipped: res.skipped,
          issues: res.issues,
          error:
            res.runId === null
              ? payloadError(inputErrors('BAD_USER_INPUT', 'no row of the file could be imported', []), [
                  'BAD_USER_INPUT',
                ])
              : null,
        };
      } catch (e) {
        if (!(e instanceof ZodError)) throw e;
        const issues = e.issues.map((i) => ({
          path: ['input', ...(i.path as (string | number)[])],
          message: i.message,
        }));
        return {
          ...empty,
          error: payloadError(inputErrors('BAD_USER_INPUT', 'invalid input', issues), ['BAD_USER_INPUT']),
        };
      }
    },
  },
  EvaluationCoverage: {
    run: (c, _a, ctx) => (c.runId === null ? null : ctx.loaders.runById.load(c.runId)),
    mode: (c) => (c.mode === null ? null : evaluationModes[c.mode]),
  },
  Results: {
    source: (r) => (r.source === 'rollup' ? 'ROLLUP' : 'PREDICTIONS'),
    reference: (r, _a, ctx) => {
      const split = r.preset ? referenceSplitOf[r.preset] : undefined;
      return split ? ctx.results.referenceResults(split) : [];
    },
  },
  ResultSlice: {
    chanceAccuracy: (s) => s.chanceAccuracy(),
    predictions: async (s, args, ctx) => {
      const first = parseFirst(args.first);
      const cursor = args.after != null ? decodeCursor(args.after, slicePredictionCursor) : null;
      const after = cursor ? { runId: cursor.r, questionId: cursor.q } : null;
      const outcome = args.outcome ?? 'scored';
      const rows = await ctx.results.slicePredictionsPage(s.scope, { outcome, after, limit: first + 1 });
      let counts: Promise<{ count: number; correct: number }> | null = null;
      return {
        rows: rows.slice(0, first),
        counts: () => (counts ??= ctx.results.countSlicePredictions(s.scope, outcome)),
        hasNextPage: rows.length > first,
        hasPreviousPage: after !== null,
      };
    },
    runs: async (s, _a, ctx) => {
      const runs = await ctx.loaders.runById.loadMany(s.runIds);
      return runs.map((r) => {
        if (!r || r instanceof Error) throw new AppError('INTERNAL_SERVER_ERROR', 'run vanished');
        return r;
      });
    },
  },
  SlicePredictionConnection: {
    edges: (c) => c.rows.map((node) => ({ node, cursor: slicePredictionCursorOf(node) })),
    nodes: (c) => c.rows,
    pageInfo: (c) => ({
      hasNextPage: c.hasNextPage,
      hasPreviousPage: c.hasPreviousPage,
      startCursor: c.rows[0] ? slicePredictionCursorOf(c.rows[0]) : null,
      endCursor: c.rows.at(-1) ? slicePredictionCursorOf(c.rows.at(-1)!) : null,
    }),
    totalCount: async (c) => (await c.counts()).count,
    correct: async (c) => (await c.counts()).correct,
  },
  PredictionOutcome: { SCORED: 'scored', CORRECT: 'correct', INCORRECT: 'incorrect', UNSCORED: 'unscored', ALL: 'all' },
  ComparisonSlice: {
    bothCorrect: (s) => s.n11,
    onlyACorrect: (s) => s.n10,
    onlyBCorrect: (s) => s.n01,
    bothWrong: (s) => s.n00,
    difference: (s) => ({ ...s.difference, method: null, clusters: null, fewClusters: false, unavailable: null }),
  },
  LeaderboardEntry: {
    model: (e) => e.slice.model,
    result: (e) => e.slice,
  },
  ReferenceSplit: { COARSE: 'coarse', FINE: 'fine', COGNITION: 'cognition' },
  ImportProtocol: { GENERATIVE: 'generative', CHOICE: 'choice', SCORES: 'scores' },
  PredictionFileFormat: { JSONL: 'jsonl', CSV: 'csv' },
};
