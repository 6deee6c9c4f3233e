import { z } from 'zod';
import { parseImageFilter } from '../../catalog/filter.js';
import { chanceOfQuestions, countQuestions, questionPage } from '../../catalog/questions.js';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { cursorIdSchema, decodeCursor, encodeCursor, idCursor, parseId } from '../../ids.js';
import { parseFirst, requireOne } from '../validation.js';
import { requireWriteAccess } from '../../context.js';
import { payloadError } from '../errors.js';
import { registerEndpointModel } from '../../generative/register.js';
import { findModelBySlug, listModels } from '../../runs/models.js';
import { countPredictions, failedCalls, listRunsOf, predictionPage, runUsage } from '../../runs/runs.js';

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
      const page = await questionPage(ctx.db, { filter, type, protocol, afterId, first });
      return { ...page, filter, type, protocol, hasPreviousPage: afterId !== undefined };
    },
    question: (_p, args, ctx) => ctx.loaders.questionById.load(parseId(args.id, ['id'])),
    models: (_p, _a, ctx) => listModels(ctx.db),
    model: async (_p, args, ctx) => {
      requireOne(args, ['id', 'slug']);
      if (args.id != null) return ctx.loaders.modelById.load(parseId(args.id, ['id']));
      return findModelBySlug(ctx.db, args.slug!);
    },
    runs: (_p, args, ctx) => listRunsOf(ctx.db, { model: args.model ?? undefined, status: args.status ?? undefined }),
    run: (_p, args, ctx) => ctx.loaders.runById.load(parseId(args.id, ['id'])),
  },
  Mutation: {
    registerEndpointModel: async (_p, args, ctx) => {
      requireWriteAccess(ctx);
      try {
        const { version, created } = await registerEndpointModel(ctx.db, args.input);
        return { ok: true, created, modelVersion: (await ctx.loaders.modelVersionById.load(version.id))!, error: null };
      } catch (error) {
        const payload = payloadError(error, ['BAD_USER_INPUT', 'CONFLICT']);
        return { ok: false, created: false, modelVersion: null, error: payload };
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
    chance: (c, _a, ctx) => chanceOfQuestions(ctx.db, { filter: c.filter, type: c.type, protocol: c.protocol }),
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
      const page = await predictionPage(ctx.db, { runId: r.id, correct, afterQuestionId, first });
      return { ...page, runId: r.id, correct, hasPreviousPage: afterQuestionId !== undefined };
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
