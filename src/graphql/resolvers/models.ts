import { z } from 'zod';
import { countPredictions, findModelsBySlug, listModels, listPredictions, listRuns } from '../../db/queries/models.js';
import { countQuestions, listQuestions, meanChanceOfQuestions } from '../../db/queries/images.js';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { cursorIdSchema, decodeCursor, encodeCursor, idCursor, isId, parseId } from '../../ids.js';
import { parseFirst, parseImageFilter, requireOne } from '../validation.js';
import { requireWriteAccess } from '../../context.js';
import { isDomainError } from '../../errors.js';
import { registerEndpointModel } from '../../generative/register.js';
import { failedCalls, runUsage } from '../../db/queries/generative.js';

const questionCursor = idCursor;
const predictionCursor = z.object({ q: cursorIdSchema }).strict();

export const modelResolvers: Resolvers = {
  Query: {
    questions: async (_p, args, ctx) => {
      const filter = parseImageFilter(args.filter);
      const first = parseFirst(args.first);
      const afterId = args.after != null ? decodeCursor(args.after, questionCursor).id : undefined;
      const type = args.type ?? undefined;
      const protocol = args.protocol ?? undefined;
      const rows = await listQuestions(ctx.db, { filter, type, protocol, afterId, limit: first + 1 });
      return {
        rows: rows.slice(0, first),
        filter,
        type,
        protocol,
        hasNextPage: rows.length > first,
        hasPreviousPage: afterId !== undefined,
      };
    },
    question: (_p, args, ctx) => ctx.loaders.questionById.load(parseId(args.id, ['id'])),
    models: (_p, _a, ctx) => listModels(ctx.db),
    model: async (_p, args, ctx) => {
      requireOne(args, ['id', 'slug']);
      if (args.id != null) return ctx.loaders.modelById.load(parseId(args.id, ['id']));
      const [row] = await findModelsBySlug(ctx.db, args.slug!);
      return row ?? null;
    },
    runs: async (_p, args, ctx) => {
      let modelIds: number[] | undefined;
      if (args.model != null) {
        const bySlug = await findModelsBySlug(ctx.db, args.model);
        modelIds = bySlug.length ? bySlug.map((m) => m.id) : isId(args.model) ? [Number(args.model)] : [];
      }
      return listRuns(ctx.db, { modelIds, status: args.status ?? undefined });
    },
    run: (_p, args, ctx) => ctx.loaders.runById.load(parseId(args.id, ['id'])),
  },
  Mutation: {
    registerEndpointModel: async (_p, args, ctx) => {
      requireWriteAccess(ctx);
      try {
        const { version, created } = await registerEndpointModel(ctx.db, args.input);
        return { ok: true, created, modelVersion: (await ctx.loaders.modelVersionById.load(version.id))!, error: null };
      } catch (error) {
        if (!isDomainError(error) || (error.code !== 'BAD_USER_INPUT' && error.code !== 'CONFLICT')) throw error;
        const path = [...(error.path ?? ['input'])];
        return {
          ok: false,
          created: false,
          modelVersion: null,
          error: { code: error.code, message: error.message, inputErrors: [{ path, message: error.message }] },
        };
      }
    },
  },
  QuestionConnection: {
    edges: (c) => c.rows.map((node) => ({ node, cursor: encodeCursor({ id: node.id }) })),
    nodes: (c) => c.rows,
    pageInfo: (c) => ({
      hasNextPage: c.hasNextPage,
      hasPreviousPage: c.hasPreviousPage,
      startCursor: c.rows[0] ? encodeCursor({ id: c.rows[0].id }) : null,
      endCursor: c.rows.at(-1) ? encodeCursor({ id: c.rows.at(-1)!.id }) : null,
    }),
    totalCount: (c, _a, ctx) => countQuestions(ctx.db, { filter: c.filter, type: c.type, protocol: c.protocol }),
    chance: (c, _a, ctx) => meanChanceOfQuestions(ctx.db, { filter: c.filter, type: c.type, protocol: c.protocol }),
  },
  Question: {
    image: async (q, _a, ctx) => (await ctx.loaders.imageById.load(q.imageId))!,
    options: (q) => q.options,
    predictions: async (q, args, ctx) => {
      const rows = await ctx.loaders.predictionsByQuestionId.load(q.id);
      const only = args.models ? new Set(args.models) : null;
      return rows.filter((r) => !only || only.has(r.modelSlug)).map((r) => r.prediction);
    },
  },
  Model: {
    versions: (m, _a, ctx) => ctx.loaders.modelVersionsByModelId.load(m.id),
    runs: (m, _a, ctx) => ctx.loaders.runsByModelId.load(m.id),
  },
  ModelVersion: {
    model: async (v, _a, ctx) => (await ctx.loaders.modelById.load(v.modelId))!,
  },
  Run: {
    usage: (r, _a, ctx) => runUsage(ctx.db, r.id),
    failedCalls: async (r, args, ctx) => {
      const rows = await failedCalls(ctx.db, r.id, parseFirst(args.first));
      return Promise.all(
        rows.map(async (f) => ({ ...f, question: (await ctx.loaders.questionById.load(f.questionId))! })),
      );
    },
    model: async (r, _a, ctx) => (await ctx.loaders.modelById.load(r.modelId))!,
    modelVersion: (r, _a, ctx) => (r.modelVersionId ? ctx.loaders.modelVersionById.load(r.modelVersionId) : null),
    benchmarkRevision: async (r, _a, ctx) => (await ctx.loaders.benchmarkRevisionById.load(r.benchmarkRevisionId))!,
    predictions: async (r, args, ctx) => {
      const first = parseFirst(args.first);
      const afterQuestionId = args.after != null ? decodeCursor(args.after, predictionCursor).q : undefined;
      const correct = args.correct ?? undefined;
      const rows = await listPredictions(ctx.db, { runId: r.id, correct, afterQuestionId, limit: first + 1 });
      return {
        rows: rows.slice(0, first),
        runId: r.id,
        correct,
        hasNextPage: rows.length > first,
        hasPreviousPage: afterQuestionId !== undefined,
      };
    },
  },
  PredictionConnection: {
    edges: (c) => c.rows.map((node) => ({ node, cursor: encodeCursor({ q: node.questionId }) })),
    nodes: (c) => c.rows,
    pageInfo: (c) => ({
      hasNextPage: c.hasNextPage,
      hasPreviousPage: c.hasPreviousPage,
      startCursor: c.rows[0] ? encodeCursor({ q: c.rows[0].questionId }) : null,
      endCursor: c.rows.at(-1) ? encodeCursor({ q: c.rows.at(-1)!.questionId }) : null,
    }),
    totalCount: (c, _a, ctx) => countPredictions(ctx.db, c.runId, c.correct),
  },
  Prediction: {
    run: async (p, _a, ctx) => (await ctx.loaders.runById.load(p.runId))!,
    question: async (p, _a, ctx) => (await ctx.loaders.questionById.load(p.questionId))!,
    protocolConfig: (p, _a, ctx) =>
      p.protocolConfigId ? ctx.loaders.protocolConfigById.load(p.protocolConfigId) : null,
    chosenOption: async (p, _a, ctx) => {
      if (p.chosenIndex === null) return null;
      const question = await ctx.loaders.questionById.load(p.questionId);
      return question?.options[p.chosenIndex] ?? null;
    },
  },
};
