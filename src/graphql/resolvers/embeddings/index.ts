import { assertImageDimensions } from '../../../store/image-limits.js';
import type { Resolvers } from '../../__generated__/resolvers-types.js';
import { requireWriteAccess } from '../../../context.js';
import { embeddingsRuntimeFor } from '../../../embeddings/runtime.js';
import { evaluationRuntimeFor } from '../../../predictions/runtime.js';
import { DomainError, EmbeddingError, badInput, embeddingErrorCodes, notFound } from '../../../errors.js';
import { payloadError } from '../../errors.js';
import { evaluate } from '../../../predictions/evaluate.js';
import { registerModel, resolveModelPath } from '../../../embeddings/registry.js';
import { similarImages } from '../../../search/similar.js';
import { parseId } from '../../../ids.js';
import { parseImageFilter } from '../../../catalog/filter.js';
import type { Context } from '../../../context.js';

/** Largest `upload` similarImages accepts, in decoded bytes (the JSON body limit is 1 MB). */
const MAX_UPLOAD_BYTES = 700 * 1024;

async function versionOf(ctx: Context, ref: string, path: string[] = ['model']) {
  if (!ref || ref.length > 200) throw badInput(path, 'expected a model slug');
  const version = await ctx.loaders.modelVersionByRef.load(ref);
  if (!version)
    throw new EmbeddingError('MODEL_NOT_FOUND', `no registered model "${ref}" with ONNX files`, {
      argumentPath: path,
    });
  return version;
}

/** The database row behind `ModelVersion` (what the API's ModelVersion resolvers expect). */
async function versionRow(ctx: Context, id: number) {
  return (await ctx.loaders.modelVersionById.load(id))!;
}

export const embeddingResolvers: Resolvers = {
  Image: {
    embedding: async (image, args, ctx) => {
      const version = await versionOf(ctx, args.model);
      const { embeddings } = embeddingsRuntimeFor(ctx.runtime);
      const vector = await embeddings.imageEmbedding(version, image.id);
      return { modelVersion: await versionRow(ctx, version.id), dimensions: vector.length, vector: [...vector] };
    },
  },
  ModelVersion: {
    embeddedImageCount: (v, _a, ctx) => ctx.loaders.embeddedImageCountByVersionId.load(v.id),
  },
  Query: {
    textEmbedding: async (_p, args, ctx) => {
      if (args.text.length > 10_000) throw badInput(['text'], 'must be at most 10000 characters');
      const version = await versionOf(ctx, args.model);
      const { embeddings } = embeddingsRuntimeFor(ctx.runtime);
      const [vector] = await embeddings.textEmbeddings(version, [args.text]);
      return {
        modelVersion: await versionRow(ctx, version.id),
        text: args.text,
        dimensions: vector!.length,
        vector: [...vector!],
      };
    },
    similarImages: async (_p, args, ctx) => {
      const given = (['imageId', 'text', 'upload'] as const).filter((k) => args.to[k] != null);
      if (given.length !== 1) throw badInput(['to'], 'give exactly one of `imageId`, `text`, `upload`');
      const k = args.k ?? 20;
      if (!Number.isInteger(k) || k < 1 || k > 200) throw badInput(['k'], `must be between 1 and 200 (got ${k})`);
      if (args.minScore != null && !(args.minScore >= -1 && args.minScore <= 1))
        throw badInput(['minScore'], 'must be between -1 and 1');
      let to: { imageId: number } | { text: string } | { upload: Uint8Array };
      if (args.to.imageId != null) {
        const imageId = parseId(args.to.imageId, ['to', 'imageId']);
        if (!(await ctx.loaders.imageById.load(imageId))) throw notFound(`image ${imageId}`);
        to = { imageId };
      } else if (args.to.text != null) {
        if (args.to.text.length > 10_000) throw badInput(['to', 'text'], 'must be at most 10000 characters');
        to = { text: args.to.text };
      } else {
        const bytes = Buffer.from(args.to.upload!, 'base64');
        if (!bytes.length) throw badInput(['to', 'upload'], 'expected base64-encoded image bytes');
        if (bytes.length > MAX_UPLOAD_BYTES)
          throw badInput(['to', 'upload'], `must be at most ${MAX_UPLOAD_BYTES} bytes`);
        await assertImageDimensions(bytes, ['to', 'upload']);
        to = { upload: new Uint8Array(bytes) };
      }
      const filter = parseImageFilter(args.filter);
      const version = await versionOf(ctx, args.model);
      const emb = embeddingsRuntimeFor(ctx.runtime);
      const result = await similarImages(emb, {
        version,
        to,
        filter: filter ?? null,
        k,
        minScore: args.minScore ?? null,
        excludeSameSource: args.excludeSameSource ?? false,
      });
      const images = await ctx.loaders.imageById.loadMany(result.hits.map((h) => h.imageId));
      return {
        hits: result.hits.map((h, i) => ({ image: images[i] as never, score: h.score })),
        method: result.method === 'hnsw' ? 'HNSW' : 'EXACT',
        candidates: result.candidates,
        embeddedNow: result.embeddedNow,
        unembeddable: result.unembeddable,
      };
    },
  },
  Mutation: {
    registerModel: async (_p, args, ctx) => {
      requireWriteAccess(ctx);
      const { path, name, slug } = args.input;
      const failed = { ok: false, created: false, modelVersion: null };
      if (!path.trim())
        return { ...failed, error: payloadError(badInput(['input', 'path'], 'must not be empty'), ['BAD_USER_INPUT']) };
      try {
        // Only inside the configured model roots: a key holder must not probe the server's file system.
        const dir = await resolveModelPath(path, ctx.runtime.config.modelRoots);
        const { version, created } = await registerModel(ctx.runtime.handle, { dir, name, slug });
        return { ok: true, created, modelVersion: await versionRow(ctx, version.id), error: null };
      } catch (error) {
        if (!(error instanceof EmbeddingError)) throw error;
        const field = error.code === 'MODEL_CONFIG_INVALID' && /^slug /.test(error.message) ? 'slug' : 'path';
        return { ...failed, error: payloadError(error, embeddingErrorCodes, ['input', field]) };
      }
    },
    evaluate: async (_p, args, ctx) => {
      requireWriteAccess(ctx);
      const filter = parseImageFilter(args.filter);
      const failed = { ok: false, run: null, mode: null };
      const version = await ctx.loaders.modelVersionByRef.load(args.model);
      if (!version) {
        const missing = new DomainError('MODEL_NOT_FOUND', `no registered model "${args.model}" with ONNX files`);
        return { ...failed, error: payloadError(missing, ['MODEL_NOT_FOUND'], ['model']) };
      }
      if (args.template != null && (!Number.isInteger(args.template) || args.template < 0 || args.template > 99))
        throw badInput(['template'], 'must be between 0 and 99, or null for every template');
      const emb = await evaluationRuntimeFor(ctx.runtime);
      try {
        const { run, mode } = await evaluate(emb, {
          version,
          filter: filter ?? null,
          questionTypes: args.questionTypes ? [...args.questionTypes] : null,
          // Omitted: the benchmark's official template (evaluate's default); null: every template.
          ...(args.template === undefined ? {} : { template: args.template }),
        });
        const row = await ctx.loaders.runById.load(run.id);
        return {
          ok: true,
          run: row,
          mode: mode === 'inline' ? 'INLINE' : mode === 'queued' ? 'QUEUED' : 'EXISTING',
          error: null,
        };
      } catch (error) {
        // What evaluate refuses is its scope (a filter that selects images it cannot embed, …): the filter's fault.
        if (!(error instanceof EmbeddingError)) throw error;
        return { ...failed, error: payloadError(badInput(['filter'], error.message), ['BAD_USER_INPUT']) };
      }
    },
  },
};
