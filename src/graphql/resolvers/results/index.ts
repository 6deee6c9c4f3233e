import { ZodError } from 'zod';
import { requireWriteAccess } from '../../../context.js';
import type { Resolvers } from '../../__generated__/resolvers-types.js';
import { AppError } from '../../errors.js';
import { parseImageFilter } from '../../validation.js';
import { importPredictions } from '../../../predictions/import.js';
import { presetSpecs, resultPresets, type ResultPreset } from '../../../results/presets.js';
import { parseIds } from '../../../ids.js';

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
              ? { code: 'BAD_USER_INPUT', message: 'no row of the file could be imported', inputErrors: [] }
              : null,
        };
      } catch (e) {
        if (!(e instanceof ZodError)) throw e;
        const inputErrors = e.issues.map((i) => ({ path: ['input', ...i.path], message: i.message }));
        return { ...empty, error: { code: 'BAD_USER_INPUT', message: 'invalid input', inputErrors } };
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
    runs: async (s, _a, ctx) => {
      const runs = await ctx.loaders.runById.loadMany(s.runIds);
      return runs.map((r) => {
        if (!r || r instanceof Error) throw new AppError('INTERNAL_SERVER_ERROR', 'run vanished');
        return r;
      });
    },
  },
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
