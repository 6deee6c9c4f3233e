import { ScriptedChatServer } from '../src/test-utils/chat-server.js';

/**
 * The scripted Chat Completions server as the generative benchmark runs it (bench/generative.bench.ts starts it as
 * a child process, so its event loop does not share the client's): every request answered "A" after a fixed
 * latency (argv[2], ms), with its own processing time in `x-processing-ms`; prints one JSON line `{"url": …}`.
 */
const latencyMs = Number(process.argv[2] ?? 50);
const server = new ScriptedChatServer(() => ({ kind: 'answer', text: 'A', delayMs: latencyMs }));
server.record = false;
const url = await server.start();
process.stdout.write(`${JSON.stringify({ url })}\n`);
const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
