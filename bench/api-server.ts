import { loadConfig } from '../src/config.js';
import { openRuntime } from '../src/runtime.js';
import { createServer } from '../src/server.js';

/**
 * Stratum's server as the list benchmark runs it (bench/api.bench.ts starts it as a child process, like its peer):
 * the runtime over DATABASE_URL, the real server on 127.0.0.1:<free port>; prints one JSON line `{"url": …}`.
 */
const config = loadConfig({ ...process.env, LOG_LEVEL: 'error', DATA_DIR: `/tmp/stratum-api-bench-${process.pid}` });
const runtime = await openRuntime(config);
const server = await createServer(runtime);
const { url } = await server.listen(0, '127.0.0.1');
process.stdout.write(`${JSON.stringify({ url })}\n`);
const stop = async () => {
  await server.close();
  await runtime.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
