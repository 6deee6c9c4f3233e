import type { DbHandle } from '../db/client.js';
import type { ApiKeyInfo } from '../db/queries/api-keys.js';
import { createContext } from '../context.js';
import { createServer, type StratumServer } from '../server.js';
import { testRuntime } from '../test-utils/factories.js';
import type { Logger } from '../http/route.js';

export type GraphQLResult = { data?: Record<string, unknown> | null; errors?: Record<string, unknown>[] };

/** Collects log lines instead of printing them (tests assert on internal-error logging). */
export function memoryLogger(): Logger & { lines: { level: string; message: string; detail?: unknown }[] } {
  const lines: { level: string; message: string; detail?: unknown }[] = [];
  const at = (level: string) => (message: string, detail?: unknown) => void lines.push({ level, message, detail });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/**
 * A server over a test database for `executeOperation` tests: `exec(query, variables, apiKey?)` runs an operation
 * with a fresh per-request context and returns the single result as plain JSON (`{ data, errors }`).
 */
export async function createTestServer(handle: DbHandle, env: Record<string, string> = {}) {
  const runtime = testRuntime(handle, env);
  const log = memoryLogger();
  const server: StratumServer = await createServer(runtime, { log });
  async function exec(
    query: string,
    variables?: Record<string, unknown>,
    apiKey: ApiKeyInfo | null = null,
  ): Promise<GraphQLResult> {
    const response = await server.apollo.executeOperation(
      { query, variables },
      { contextValue: createContext({ runtime, auth: { apiKey } }) },
    );
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return JSON.parse(JSON.stringify(response.body.singleResult)) as GraphQLResult;
  }
  return { server, runtime, log, exec, close: () => server.close() };
}
