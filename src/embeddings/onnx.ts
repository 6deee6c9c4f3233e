import { performance } from 'node:perf_hooks';
import * as ort from 'onnxruntime-node';
import type { ModelSpec } from '../models/layout.js';
import { emptyStats, l2normalize, vectorProblem, type Embedder, type EmbedderStats } from './embedder.js';
import { EmbeddingError } from '../errors.js';
import { createImagePreprocessor, type ImagePreprocessor } from './preprocess.js';
import { openInferenceSession, type InferenceRunner, type InferenceThread } from './ort-thread.js';
import { createTokenizer, type TextTokenizer } from './tokenize.js';

export type OnnxEmbedderOptions = {
  /** Inputs per inference call (default 32). */
  batchSize?: number;
  /** Images decoded and preprocessed concurrently (sharp threadpool; default 8). */
  decodeConcurrency?: number;
  /** ONNX Runtime intra-op threads (default: ORT's choice). */
  threads?: number;
  /** Where inference runs: `worker` (default; a worker thread, the event loop stays free) or `main`. */
  inferenceThread?: InferenceThread;
};

async function openSession(
  file: string,
  what: string,
  threads: number | undefined,
  where: InferenceThread,
): Promise<InferenceRunner> {
  try {
    return await openInferenceSession(file, threads ? { intraOpNumThreads: threads } : {}, where);
  } catch (error) {
    throw new EmbeddingError('MODEL_NOT_ONNX', `${what} is not a loadable ONNX model: ${(error as Error).message}`, {
      file,
    });
  }
}

function requireNames(session: InferenceRunner, what: string, inputs: string[], output: string): void {
  const missing = inputs.filter((n) => !session.inputNames.includes(n));
  if (missing.length) {
    throw new EmbeddingError(
      'MODEL_SHAPE_MISMATCH',
      `${what} has inputs [${session.inputNames.join(', ')}]; expected ${missing.map((n) => `"${n}"`).join(', ')}`,
    );
  }
  if (!session.outputNames.includes(output)) {
    throw new EmbeddingError(
      'MODEL_SHAPE_MISMATCH',
      `${what} has outputs [${session.outputNames.join(', ')}]; expected "${output}"`,
    );
  }
}

/** Runs `fn` over `items` with at most `limit` in flight; results in input order. */
async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  });
  await Promise.all(workers);
  return out;
}

/**
 * A dual encoder on ONNX Runtime. Sessions, tokenizer and image processor are created lazily on first use
 * and then reused for the life of the process (one per model version, see `embedder-pool.ts`). Inputs are
 * cut into batches of `batchSize`, one `InferenceSession.run` each, on the inference worker thread by default
 * (`ort-thread.ts`); outputs are L2-normalised.
 */
export class OnnxEmbedder implements Embedder {
  readonly batchSize: number;
  readonly stats: EmbedderStats = emptyStats();
  private readonly decodeConcurrency: number;
  private vision?: Promise<InferenceRunner>;
  private text?: Promise<InferenceRunner>;
  private preprocessor?: Promise<ImagePreprocessor>;
  private tokenizer?: Promise<TextTokenizer>;

  constructor(
    readonly spec: ModelSpec,
    readonly dimensions: number,
    private readonly options: OnnxEmbedderOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 32;
    this.decodeConcurrency = options.decodeConcurrency ?? 8;
  }

  get logitScale(): number {
    return this.spec.logitScale;
  }

  private get where(): InferenceThread {
    return this.options.inferenceThread ?? 'worker';
  }

  visionSession(): Promise<InferenceRunner> {
    this.vision ??= openSession(this.spec.vision.file, 'vision tower', this.options.threads, this.where).then((s) => {
      requireNames(s, 'vision tower', [this.spec.vision.input], this.spec.vision.output);
      return s;
    });
    this.vision.catch(() => (this.vision = undefined));
    return this.vision;
  }

  textSession(): Promise<InferenceRunner> {
    this.text ??= openSession(this.spec.text.file, 'text tower', this.options.threads, this.where).then((s) => {
      requireNames(s, 'text tower', [this.spec.text.inputIds], this.spec.text.output);
      return s;
    });
    this.text.catch(() => (this.text = undefined));
    return this.text;
  }

  imagePreprocessor(): Promise<ImagePreprocessor> {
    this.preprocessor ??= createImagePreprocessor(this.spec);
    this.preprocessor.catch(() => (this.preprocessor = undefined));
    return this.preprocessor;
  }

  private textTokenizer(): Promise<TextTokenizer> {
    this.tokenizer ??= createTokenizer(this.spec);
    this.tokenizer.catch(() => (this.tokenizer = undefined));
    return this.tokenizer;
  }

  /** Splits an [n, D] output into n vectors, checking the shape against `dimensions` (D = 0: accept any). */
  private rows(tensor: ort.Tensor, n: number, what: string, dimensions = this.dimensions): Float32Array[] {
    const dims = tensor.dims;
    if (tensor.type !== 'float32' || dims.length !== 2 || dims[0] !== n || (dimensions > 0 && dims[1] !== dimensions)) {
      throw new EmbeddingError(
        'MODEL_SHAPE_MISMATCH',
        `${what} returned ${tensor.type}[${dims.join(',')}], expected float32[${n},${dimensions || 'D'}]`,
      );
    }
    const d = dims[1]!;
    const data = tensor.data as Float32Array;
    return Array.from({ length: n }, (_, i) => l2normalize(data.slice(i * d, (i + 1) * d)));
  }

  /** Vision tower on ready pixel tensors ([n,3,H,W] row-major), without decoding: the bench's baseline. */
  async runVision(pixels: Float32Array, n: number, dimensions = this.dimensions): Promise<Float32Array[]> {
    const session = await this.visionSession();
    const { height, width } = this.spec.imageSize;
    const started = performance.now();
    const feeds = { [this.spec.vision.input]: new ort.Tensor('float32', pixels, [n, 3, height, width]) };
    const out = await session.run(feeds);
    this.stats.inferenceMs += performance.now() - started;
    this.stats.imageInferenceCalls++;
    return this.rows(out[this.spec.vision.output]!, n, 'vision tower', dimensions);
  }

  /** Text tower on raw strings (tokenized here), in one call. */
  async runText(texts: string[], dimensions = this.dimensions): Promise<Float32Array[]> {
    const [session, tokenize] = await Promise.all([this.textSession(), this.textTokenizer()]);
    const started = performance.now();
    const batch = tokenize(texts);
    const feeds: Record<string, ort.Tensor> = {
      [this.spec.text.inputIds]: new ort.Tensor('int64', batch.inputIds, [batch.n, batch.length]),
    };
    const mask = this.spec.text.attentionMask;
    if (mask && session.inputNames.includes(mask)) {
      feeds[mask] = new ort.Tensor('int64', batch.attentionMask, [batch.n, batch.length]);
    }
    const out = await session.run(feeds);
    this.stats.inferenceMs += performance.now() - started;
    this.stats.textInferenceCalls++;
    return this.rows(out[this.spec.text.output]!, texts.length, 'text tower', dimensions);
  }

  /**
   * Embeds images in batches of `batchSize`. Decoding + preprocessing of batch i+1 (sharp threadpool) overlaps
   * inference of batch i (inference thread); unreadable images become EmbeddingErrors in their slots, and so do
   * outputs that are not finite, non-zero vectors (EMBEDDING_INVALID: never stored, never scored).
   */
  async embedImages(images: Uint8Array[]): Promise<Array<Float32Array | EmbeddingError>> {
    const results = new Array<Float32Array | EmbeddingError>(images.length);
    const preprocessor = await this.imagePreprocessor();
    const size = 3 * preprocessor.height * preprocessor.width;
    const prepare = async (start: number) => {
      const started = performance.now();
      const tensors = await mapLimited(
        images.slice(start, start + this.batchSize),
        this.decodeConcurrency,
        async (bytes) => {
          try {
            return await preprocessor.preprocess(bytes);
          } catch (error) {
            if (error instanceof EmbeddingError) return error;
            return new EmbeddingError('IMAGE_UNREADABLE', (error as Error).message);
          }
        },
      );
      this.stats.preprocessMs += performance.now() - started;
      return tensors;
    };
    let next = images.length ? prepare(0) : null;
    for (let start = 0; start < images.length; start += this.batchSize) {
      const tensors = await next!;
      next = start + this.batchSize < images.length ? prepare(start + this.batchSize) : null;
      const ok = tensors.flatMap((t, i) => (t instanceof Float32Array ? [i] : []));
      tensors.forEach((t, i) => {
        if (!(t instanceof Float32Array)) results[start + i] = t;
      });
      if (!ok.length) continue;
      const pixels = new Float32Array(ok.length * size);
      ok.forEach((i, row) => pixels.set(tensors[i] as Float32Array, row * size));
      const vectors = await this.runVision(pixels, ok.length);
      ok.forEach((i, row) => {
        const problem = vectorProblem(vectors[row]!);
        results[start + i] = problem
          ? new EmbeddingError('EMBEDDING_INVALID', `the image embedding ${problem}`)
          : vectors[row]!;
      });
      this.stats.imagesEmbedded += ok.length;
    }
    return results;
  }

  async embedTexts(texts: string[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += this.batchSize) {
      out.push(...(await this.runText(texts.slice(start, start + this.batchSize))));
    }
    this.stats.textsEmbedded += texts.length;
    return out;
  }

  async close(): Promise<void> {
    const sessions = [this.vision, this.text].filter(Boolean) as Promise<InferenceRunner>[];
    this.vision = this.text = undefined;
    await Promise.all(sessions.map(async (s) => (await s.catch(() => null))?.release()));
  }
}
