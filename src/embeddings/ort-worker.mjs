// ONNX Runtime inference thread. onnxruntime-node's `session.run` is synchronous on the calling thread (its
// promise only defers the call with setImmediate), so running it on the main thread would stall every HTTP request
// for the length of a batch. Plain JavaScript so that it loads in a worker without a TypeScript loader.
import { parentPort } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';

const sessions = new Map();

function reply(message, transfer = []) {
  parentPort.postMessage(message, transfer);
}

parentPort.on('message', async (msg) => {
  const { id } = msg;
  try {
    if (msg.op === 'open') {
      const session = await ort.InferenceSession.create(msg.file, msg.options ?? {});
      sessions.set(msg.key, session);
      reply({ id, inputNames: session.inputNames, outputNames: session.outputNames });
    } else if (msg.op === 'run') {
      const session = sessions.get(msg.key);
      if (!session) throw new Error(`no session ${msg.key}`);
      const feeds = {};
      for (const f of msg.feeds) feeds[f.name] = new ort.Tensor(f.type, f.data, f.dims);
      const out = await session.run(feeds);
      const outputs = [];
      const transfer = [];
      for (const [name, t] of Object.entries(out)) {
        const data = t.data;
        outputs.push({ name, type: t.type, dims: [...t.dims], data });
        if (data && data.buffer instanceof ArrayBuffer) transfer.push(data.buffer);
      }
      reply({ id, outputs }, transfer);
    } else if (msg.op === 'release') {
      const session = sessions.get(msg.key);
      sessions.delete(msg.key);
      if (session) await session.release();
      reply({ id });
    }
  } catch (error) {
    reply({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
