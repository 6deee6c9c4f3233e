import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { generativeResponses, predictions, runs } from '../db/schema/index.js';
import { evaluationRuntimeFor, type EvaluationRuntime } from '../predictions/runtime.js';
import { loadEmbeddingSettings } from '../embeddings/settings.js';
import { resultsOnDemand } from '../results/on-demand.js';
import type { Runtime } from '../runtime.js';
import { ScriptedChatServer } from '../test-utils/chat-server.js';
import { createTestDb, testDriver, type TestDb } from '../test-utils/db.js';
import { createVqaCorpus, goldOfPrompt, type VqaCorpus } from '../test-utils/vqa-corpus.js';
import { failedCalls, runUsage } from '../db/queries/generative.js';
import { stratifiedSample } from './sample.js';
import { OPTION_LETTERS } from './letter-rule.js';
import { registerEndpointModel } from './register.js';
import { resetEndpointClients } from './compute.js';
import { createContext } from '../context.js';
import type { ApiKeyInfo } from '../db/queries/api-keys.js';
import { createServer, type StratumServer } from '../server.js';
import { memoryLogger } from '../graphql/testing.js';
import { modelVersions } from '../db/schema/index.js';

const key: ApiKeyInfo = {
  id: 1,
  name: 'test',
  prefix: 'st_test',
  createdAt: new Date(),
  lastUsedAt: null,
  revokedAt: null,
};

/**
 * Generative models on demand (issue 14): `results(models: ["my-vlm"])` starts the missing generations as jobs on
 * the evaluation queue, answers from what is complete, stores each answer with its audit trail, and a re-run
 * costs no call (the response cache).
 */
describe(`generative models on demand (${testDriver})`, () => {
  let t: TestDb;
  let corpus: VqaCorpus;
  let emb: EvaluationRuntime;
  let runtime: Runtime;
  let baseUrl = '';
  let api: StratumServer;
  async function exec(query: string, variables?: Record<string, unknown>, apiKey: ApiKeyInfo | null = null) {
    const response = await api.apollo.executeOperation(
      { query, variables },
      { contextValue: createContext({ runtime, auth: { apiKey } }) },
    );
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return JSON.parse(JSON.stringify(response.body.singleResult)) as {
      data?: Record<string, any> | null; // eslint-disable-line @typescript-eslint/no-explicit-any
      errors?: Record<string, unknown>[];
    };
  }
  const server = new ScriptedChatServer((body) => {
    const gold = goldOfPrompt(body);
    // Right for gold A and B (lettered), free text naming the wrong letter for C, a refusal for D.
    if (gold === 0) return { kind: 'answer', text: 'A', promptTokens: 120, completionTokens: 1 };
    if (gold === 1) return { kind: 'answer', text: 'The answer is B) electron microscopy', completionTokens: 9 };
    if (gold === 2) return { kind: 'answer', text: 'I think it is A) light microscopy' };
    return { kind: 'refusal', text: 'I cannot help with that.' };
  });
  const filter = () => ({ benchmark: { in: [corpus.benchmarkId] } });

  beforeAll(async () => {
    resetEndpointClients();
    t = await createTestDb();
    corpus = await createVqaCorpus(t.db, 10);
    baseUrl = await server.start();
    const config = loadConfig({ DATA_DIR: await mkdtemp(join(tmpdir(), 'stratum-gen-')), LOG_LEVEL: 'silent' });
    runtime = { config, handle: t, store: corpus.store, close: async () => undefined };
    emb = await evaluationRuntimeFor(runtime, { settings: { ...loadEmbeddingSettings({}) } });
    api = await createServer(runtime, { log: memoryLogger() });
  });

  const REGISTER = `mutation($input: RegisterEndpointModelInput!) {
    registerEndpointModel(input: $input) { ok created modelVersion { id } error { code message inputErrors { path } } }
  }`;

  it('registerEndpointModel: a key is required, bad input is a coded error naming the field, the API key is never stored', async () => {
    const input = {
      slug: 'my-vlm',
      baseUrl,
      remoteModel: 'test-vlm',
      temperature: 0,
      concurrency: 3,
      apiKeyEnv: 'MY_VLM_KEY',
    };
    expect((await exec(REGISTER, { input }, null)).errors?.[0]).toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
    const bad = await exec(REGISTER, { input: { ...input, baseUrl: 'ftp://x' } }, key);
    expect(bad.data!.registerEndpointModel).toMatchObject({
      ok: false,
      error: { code: 'BAD_USER_INPUT', inputErrors: [{ path: ['input', 'baseUrl'] }] },
    });
    const badRate = await exec(REGISTER, { input: { ...input, requestsPerMinute: 0 } }, key);
    expect(badRate.data!.registerEndpointModel.error.inputErrors[0].path).toEqual(['input', 'requestsPerMinute']);
    process.env.MY_VLM_KEY = 'sk-secret-value-123';
    const ok = await exec(REGISTER, { input }, key);
    expect(ok.data!.registerEndpointModel).toMatchObject({ ok: true, created: true });
    const stored = JSON.stringify(await t.db.select().from(modelVersions));
    expect(stored).toContain('MY_VLM_KEY');
    expect(stored).not.toContain('sk-secret-value-123');
  });
  afterAll(async () => {
    await api?.close();
    await emb?.close();
    await server.stop();
    await t?.destroy();
  });

  const expectedCorrect = () => [...corpus.gold.values()].filter((g) => g <= 1).length;

  it('starts the generations as jobs, reports coverage, then answers from the complete facts', async () => {
    const first = await resultsOnDemand(runtime, { models: ['my-vlm'], filter: filter(), overall: true });
    expect(first.coverage).toHaveLength(1);
    expect(first.coverage[0]).toMatchObject({ model: 'my-vlm', mode: 'queued', total: 20 });
    await emb.queue.idle();
    const done = await resultsOnDemand(runtime, { models: ['my-vlm'], filter: filter(), overall: true });
    expect(done.coverage[0]).toMatchObject({ status: 'complete', done: 20, total: 20, failed: 0 });
    const overall = done.slices.find((s) => s.group.length === 0)!;
    expect({ n: overall.n, correct: overall.correct }).toEqual({ n: 20, correct: expectedCorrect() });
    // Every question asked exactly once, each with the protocol's body, the key read from the named variable.
    expect(server.requests).toHaveLength(20);
    expect(server.requests.every((r) => r.headers.authorization === 'Bearer sk-secret-value-123')).toBe(true);
    expect(server.requests.every((r) => r.body.temperature === 0 && r.body.model === 'test-vlm')).toBe(true);
  });

  it('keeps the audit trail: raw answer, parsed letter, request id, tokens, latency; the run records the template', async () => {
    const rows = await t.db.select().from(predictions).orderBy(predictions.questionId);
    expect(rows).toHaveLength(20);
    for (const p of rows) {
      const gold = corpus.gold.get(p.questionId)!;
      expect(p.isCorrect).toBe(gold <= 1);
      expect(p.rawOutput).toBe(
        gold === 0
          ? 'A'
          : gold === 1
            ? 'The answer is B) electron microscopy'
            : gold === 2
              ? 'I think it is A) light microscopy'
              : 'I cannot help with that.',
      );
      expect(p.chosenIndex).toBe(gold === 3 ? null : gold === 2 ? 0 : gold);
      expect(p.requestId).toMatch(/^req_\d+$/);
      expect(p.promptTokens).toBe(gold === 0 ? 120 : 100);
      expect(p.latencyMs).toBeGreaterThanOrEqual(0);
      expect(p.cached).toBe(false);
    }
    const [run] = await t.db.select().from(runs);
    expect(run).toMatchObject({
      protocol: 'generative',
      protocolVersion: 'ubench-generative/1',
      promptTemplate: 'evllm-closed-vqa/1',
    });
    const usage = await runUsage(t.db, run!.id);
    expect(usage).toMatchObject({ predictions: 20, calls: 20, cached: 0, failed: 0 });
    expect(usage.promptTokens).toBe(rows.reduce((a, p) => a + p.promptTokens!, 0));
  });

  it('a re-run of the same requests is answered from the response cache: no call', async () => {
    const before = server.requests.length;
    await t.db.delete(predictions);
    await t.db.delete(runs);
    await resultsOnDemand(runtime, { models: ['my-vlm'], filter: filter() });
    await emb.queue.idle();
    expect(server.requests.length - before).toBe(0);
    const rows = await t.db.select().from(predictions);
    expect(rows).toHaveLength(20);
    expect(rows.every((p) => p.cached === true && p.latencyMs === null && p.requestId?.startsWith('req_'))).toBe(true);
  });

  it('a stratified sample asks perCell questions per cell, repeatably, and reports its stratified interval', async () => {
    await t.db.delete(predictions);
    await t.db.delete(runs);
    const sample = { perCell: 3, axes: ['SOURCE_DATASET', 'QUESTION_TYPE'], seed: 7 };
    const out = await resultsOnDemand(runtime, { models: ['my-vlm'], filter: filter(), sample });
    await emb.queue.idle();
    const rows = await t.db.select({ q: predictions.questionId }).from(predictions).orderBy(predictions.questionId);
    expect(rows).toHaveLength(12); // 2 datasets × 2 types × 3
    // The SQL sample is the seeded rank of src/generative/sample.ts.
    const cellOf = new Map<number, string>();
    const images = await t.query<{ id: number; type: string; ds: number }>(
      `select q.id, q.type, i.source_dataset_id as ds from questions q join images i on i.id = q.image_id`,
    );
    for (const r of images) cellOf.set(r.id, `${r.ds}|${r.type}`);
    const expected = stratifiedSample(
      corpus.questionIds.map((questionId) => ({ questionId, cell: cellOf.get(questionId)! })),
      3,
      7,
    ).map((x) => x.questionId);
    expect(rows.map((r) => r.q)).toEqual(expected);
    const again = await resultsOnDemand(runtime, { models: ['my-vlm'], filter: filter(), sample });
    expect(out.coverage[0]!.total).toBe(12);
    const est = again.coverage[0]!.sample!;
    expect(est.cells.map((c) => [c.population, c.n])).toEqual([
      [5, 3],
      [5, 3],
      [5, 3],
      [5, 3],
    ]);
    expect(est.answered).toBe(12);
    expect(est.population).toBe(20);
    expect(est.low!).toBeLessThanOrEqual(est.estimate!);
    expect(est.high!).toBeGreaterThanOrEqual(est.estimate!);
    await expect(
      resultsOnDemand(runtime, { models: ['my-vlm'], filter: filter(), sample: { perCell: 2, axes: ['TASK'] } }),
    ).rejects.toMatchObject({ code: 'BAD_USER_INPUT', path: ['sample', 'axes', 0] });
    // Over GraphQL: the estimate, and the raw answers behind the slice's questions.
    const gql = await exec(
      `query($f: ImageFilter, $s: SampleInput) { results(models: ["my-vlm"], filter: $f, sample: $s, overall: true) {
        coverage { done total sample { estimate low high answered cells { cell population n } } }
      } questions(filter: $f, protocol: VQA, first: 2) { nodes { predictions(models: ["my-vlm"]) { rawOutput isCorrect requestId cached } } } }`,
      { f: filter(), s: sample },
    );
    expect(gql.errors).toBeUndefined();
    expect(gql.data!.results.coverage[0].sample.answered).toBe(12);
    const answered = gql.data!.questions.nodes.flatMap((q: { predictions: unknown[] }) => q.predictions);
    expect(answered.every((p: { rawOutput: string | null }) => typeof p.rawOutput === 'string')).toBe(true);
  });

  it('failed calls are listed with their error and retryable flag; retryable ones are asked again', async () => {
    await t.db.delete(predictions);
    await t.db.delete(runs);
    await t.db.delete(generativeResponses);
    const goldD = [...corpus.gold.values()].filter((g) => g === 3).length;
    server.setScript((body) => {
      const gold = goldOfPrompt(body);
      return gold === 3
        ? { kind: 'status', status: 400, message: 'bad' }
        : { kind: 'answer', text: OPTION_LETTERS[gold]! };
    });
    await resultsOnDemand(runtime, { models: ['my-vlm'], filter: filter() });
    await emb.queue.idle();
    const [run] = await t.db.select().from(runs);
    const failed = await failedCalls(t.db, run!.id);
    expect(failed).toHaveLength(goldD);
    expect(failed.every((f) => !f.retryable && /^ENDPOINT_REJECTED/.test(f.error!))).toBe(true);

    // A 500 with no retries left in the client: stored as a retryable failure, asked again by the job's next attempt.
    await t.db.delete(generativeResponses);
    const seen = new Map<string, number>();
    server.setScript((body) => {
      const text = JSON.stringify(body.messages);
      seen.set(text, (seen.get(text) ?? 0) + 1);
      const gold = goldOfPrompt(body);
      return gold === 3 && seen.get(text) === 1
        ? { kind: 'status', status: 500 }
        : { kind: 'answer', text: OPTION_LETTERS[gold]! };
    });
    await registerEndpointModel(t.db, {
      slug: 'my-vlm-r',
      baseUrl,
      remoteModel: 'test-vlm',
      temperature: 0,
      maxRetries: 0,
    });
    await resultsOnDemand(runtime, { models: ['my-vlm-r'], filter: filter() });
    await emb.queue.idle();
    const done = await resultsOnDemand(runtime, { models: ['my-vlm-r'], filter: filter(), overall: true });
    expect(done.coverage[0]).toMatchObject({ status: 'complete', done: 20, failed: 0 });
    expect(done.slices.find((s) => s.group.length === 0)).toMatchObject({ n: 20, correct: 20 });
    expect([...seen.values()].filter((n) => n === 2)).toHaveLength(goldD);
  });
});
