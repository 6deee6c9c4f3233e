import { Worker } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';

/** The part of an ONNX Runtime session the embedder uses, wherever it runs. */
export type InferenceRunner = {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, ort.Tensor>): Promise<Record<string, ort.Tensor>>;
  release(): Promise<void>;
};

/** Where `session.run` executes: a worker thread (default: the event loop stays free) or the calling thread. */
export type InferenceThread = 'worker' | 'main';

type Pending = { resolve(value: Record<string, unknown>): void; reject(error: Error): void };

/**
 * One inference worker thread per process, started on first use. onnxruntime-node runs `session.run`
 * synchronously on the calling thread, so the embedder sends its tensors here (buffers transferred, not copied)
 * and the main thread keeps serving requests during a long embedding run. The worker is referenced only while
 * requests are pending, so it never keeps an idle process alive.
 */
class OrtThread {
  private worker: Worker | null = null;
  private nextId = 1;
  private nextKey = 1;
  private readonly pending = new Map<number, Pending>();

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./ort-worker.mjs', import.meta.url));
    worker.unref();
    worker.on('message', (msg: { id: number; error?: string } & Record<string, unknown>) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (!this.pending.size) worker.unref();
      if (msg.error !== undefined) p.reject(new Error(msg.error));
      else p.resolve(msg);
    });
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', (code) => {
      this.worker = null;
      this.failAll(new Error(`the inference thread exited (code ${code})`));
    });
    this.worker = worker;
    return worker;
  }

  private failAll(error: Error): void {
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }

  private call(message: Record<string, unknown>, transfer: ArrayBuffer[] = []): Promise<Record<string, unknown>> {
    const worker = this.ensure();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ ...message, id }, transfer);
    });
  }

  async open(file: string, options: ort.InferenceSession.SessionOptions): Promise<InferenceRunner> {
    const key = this.nextKey++;
    const opened = (await this.call({ op: 'open', key, file, options })) as {
      inputNames: string[];
      outputNames: string[];
    };
    return {
      inputNames: opened.inputNames,
      outputNames: opened.outputNames,
      run: async (feeds) => {
        const list = Object.entries(feeds).map(([name, t]) => ({
          name,
          type: t.type,
          dims: [...t.dims],
          // A copy is transferred: the caller may still hold the tensor's buffer.
          data: (t.data as Float32Array | BigInt64Array).slice(),
        }));
        const reply = (await this.call(
          { op: 'run', key, feeds: list },
          list.map((f) => f.data.buffer as ArrayBuffer),
        )) as { outputs: { name: string; type: ort.Tensor.Type; dims: number[]; data: Float32Array }[] };
        return Object.fromEntries(
          reply.outputs.map((o) => [o.name, new ort.Tensor(o.type as 'float32', o.data, o.dims)]),
        );
      },
      release: async () => {
        await this.call({ op: 'release', key });
      },
    };
  }
}

let thread: OrtThread | null = null;

/** Opens an ONNX model for inference on `where` (the process's inference thread, or the calling thread). */
export async function openInferenceSession(
  file: string,
  options: ort.InferenceSession.SessionOptions,
  where: InferenceThread,
): Promise<InferenceRunner> {
  if (where === 'worker') {
    thread ??= new OrtThread();
    return thread.open(file, options);
  }
  const session = await ort.InferenceSession.create(file, options);
  return {
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    run: (feeds) => session.run(feeds) as Promise<Record<string, ort.Tensor>>,
    release: () => session.release(),
  };
}
