import type { SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { insertFacts, nextMissingQuestions, type FactKey, type PredictionInsert } from '../db/queries/evaluation.js';
import { DbResponseCache } from '../db/queries/generative.js';
import { canonicalJson, sha256 } from '../hash.js';
import { answerQuestions, type GenerativeAnswer } from './answer.js';
import { EndpointClient } from './client.js';
import { endpointSettingsOf, endpointSpecOfVersion, type EndpointModelSpec } from './endpoint-model.js';

/** An endpoint model version as the evaluation code holds it. */
export type EndpointVersion = { id: number; slug: string; config: Record<string, unknown> | null };

/** Whether a model version is an OpenAI-compatible endpoint (registered with `stratum models add-endpoint`). */
export const isEndpointVersion = (version: { config: Record<string, unknown> | null }): boolean =>
  endpointSpecOfVersion(version) !== null;

/** Some calls failed in a way that asking again may cure: the job is retried later (with backoff) for them. */
export class RetryableCallsError extends Error {
  constructor(
    readonly failed: number,
    readonly firstError: string,
  ) {
    super(`${failed} call(s) failed and will be asked again (first: ${firstError})`);
    this.name = 'RetryableCallsError';
  }
}

/**
 * One client per endpoint version and settings in a process, so every unit and run of a version shares its
 * concurrency gate, rate limits and circuit breaker.
 */
const clients = new Map<string, EndpointClient>();

function clientFor(db: Db, version: EndpointVersion, spec: EndpointModelSpec, env: NodeJS.ProcessEnv): EndpointClient {
  const settings = endpointSettingsOf(spec, env);
  // The key itself is never part of the map key (nor logged): only whether it is set.
  const id = sha256(canonicalJson({ version: version.id, limits: spec.limits, keyed: settings.apiKey !== null }));
  let client = clients.get(id);
  if (!client) {
    client = new EndpointClient(settings, { cache: new DbResponseCache(db, version.id) });
    clients.set(id, client);
  }
  return client;
}

/** Forgets the process's endpoint clients (tests that restart servers on new ports). */
export function resetEndpointClients(): void {
  clients.clear();
}

/** The stored prediction of one answer, with its audit trail. */
export function predictionOf(a: GenerativeAnswer): PredictionInsert {
  return {
    questionId: a.questionId,
    chosenIndex: a.chosenIndex,
    scores: null,
    isCorrect: a.isCorrect,
    status: a.status,
    error: a.error,
    retryable: a.status === 'failed' && a.retryable,
    rawOutput: a.rawOutput,
    requestId: a.requestId,
    promptTokens: a.promptTokens,
    completionTokens: a.completionTokens,
    latencyMs: a.cached || a.latencyMs == null ? null : Math.round(a.latencyMs),
    cached: a.status === 'ok' ? a.cached : null,
  };
}

/**
 * Asks an endpoint model the questions matching `where` (ids in `[from, to)`) that have no prediction under the
 * key yet (or only a retryable failure), chunk by chunk, and stores each answer as a fact with its raw text, the
 * letter rule's verdict and its audit trail (`on conflict`: never a duplicate; a retryable failure is replaced).
 * A chunk is a few times the endpoint's concurrency, so a killed process loses at most the calls in flight
 * (their answers are in the response cache if they arrived). `shouldStop` is checked between chunks.
 * @throws RetryableCallsError at the end when some calls failed retryably (stored as retryable failures)
 */
export async function answerMissing(input: {
  db: Db;
  version: EndpointVersion;
  key: FactKey;
  runId: number;
  where: SQL;
  range: { from?: number; to?: number };
  readImage: (imageId: number) => Promise<Uint8Array>;
  onChunk?: () => Promise<void>;
  shouldStop?: () => boolean;
  env?: NodeJS.ProcessEnv;
}): Promise<'done' | 'stopped'> {
  const { db, key, where, range } = input;
  const spec = endpointSpecOfVersion(input.version);
  if (!spec) throw new Error(`model version ${input.version.id} is not an endpoint model`);
  const client = clientFor(db, input.version, spec, input.env ?? process.env);
  const chunkSize = Math.max(8, spec.limits.concurrency * 4);
  let afterId = (range.from ?? 0) - 1;
  let retryable = 0;
  let firstError = '';
  for (;;) {
    if (input.shouldStop?.()) return 'stopped';
    const chunk = await nextMissingQuestions(db, key, where, chunkSize, afterId, range.to);
    if (!chunk.length) break;
    afterId = chunk[chunk.length - 1]!.id;
    const answers = await answerQuestions(client, spec, chunk, input.readImage, spec.letterRule);
    for (const a of answers) {
      if (a.status === 'failed' && a.retryable) {
        retryable++;
        firstError ||= a.error ?? '';
      }
    }
    await insertFacts(db, input.runId, key, answers.map(predictionOf));
    await input.onChunk?.();
  }
  if (retryable) throw new RetryableCallsError(retryable, firstError);
  return 'done';
}
