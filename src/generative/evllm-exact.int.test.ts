import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { createContext } from '../context.js';
import type { ApiKeyInfo } from '../db/queries/api-keys.js';
import { predictions, protocolConfigs, runs } from '../db/schema/index.js';
import { evaluationRuntimeFor, type EvaluationRuntime } from '../predictions/runtime.js';
import { loadEmbeddingSettings } from '../embeddings/settings.js';
import { memoryLogger } from '../graphql/testing.js';
import type { Runtime } from '../runtime.js';
import { createServer, type StratumServer } from '../server.js';
import { ScriptedChatServer } from '../test-utils/chat-server.js';
import { createTestDb, testDriver, type TestDb } from '../test-utils/db.js';
import { createVqaCorpus, goldOfPrompt, type VqaCorpus } from '../test-utils/vqa-corpus.js';
import { resetEndpointClients } from './compute.js';
import { OPTION_LETTERS } from './letter-rule.js';
import { PROMPT_TEMPLATE_VERSION } from './protocol.js';

const key: ApiKeyInfo = {
  id: 1,
  name: 'test',
  prefix: 'st_test',
  createdAt: new Date(),
  lastUsedAt: null,
  revokedAt: null,
};

/**
 * Eight options, so gold letters run to H; "malignant" and "resonance" contain "nan", which eVLLM's `replace_nan`
 * rewrites in an answer ("malignant" → "malignp.nant") before its scorer looks for "B) malignant".
 */
const OPTIONS = [
  'benign',
  'malignant',
  'normal',
  'dysplasia',
  'hemorrhage',
  'inflammation',
  'necrosis',
  'resonance artifact',
];
/** What the scripted model answers for a question with gold index g. */
function answerFor(g: number): string {
  if (g === 0) return 'B) malignant'; // wrong under both rules
  if (g === 3) return 'D'; // a bare letter: right under both
  return `The answer is ${OPTION_LETTERS[g]}) ${OPTIONS[g]}`; // names the gold option in full
}
/** The documented verdicts: STANDARD (the paper's rule) and EVLLM_EXACT (null: not scored, not asked). */
const standard = (g: number) => g !== 0;
const exact = (g: number) => (g === 7 ? null : g !== 0 && g !== 1);

/**
 * `EVLLM_EXACT` end to end (issue 14, docs/generative.md): an endpoint model registered with the exact-parity
 * letter rule is asked through `results` against the scripted server; its stored verdicts, its failures and the
 * protocol configuration recorded with its predictions differ from a STANDARD model's exactly as documented.
 */
describe(`EVLLM_EXACT end to end (${testDriver})`, () => {
  let t: TestDb;
  let corpus: VqaCorpus;
  let emb: EvaluationRuntime;
  let runtime: Runtime;
  let api: StratumServer;
  let url = '';
  const server = new ScriptedChatServer((body) => ({ kind: 'answer', text: answerFor(goldOfPrompt(body)) }));
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
  const REGISTER = `mutation($input: RegisterEndpointModelInput!) {
    registerEndpointModel(input: $input) { ok created error { message } }
  }`;
  const RESULTS = `query($models: [String!], $f: ImageFilter) {
    results(models: $models, filter: $f, overall: true) {
      coverage { model done total failed }
      slices { model { slug } n correct
        predictions(first: 50, outcome: ALL) { nodes { question { id } rawOutput chosenIndex isCorrect status error protocolConfig } }
      }
    }
  }`;
  let baseUrl = '';
  const filter = () => ({ benchmark: { in: [corpus.benchmarkId] } });
  const gold = (questionId: number | string) => corpus.gold.get(Number(questionId))!;

  beforeAll(async () => {
    resetEndpointClients();
    t = await createTestDb();
    corpus = await createVqaCorpus(t.db, 8, undefined, OPTIONS);
    baseUrl = await server.start();
    const config = loadConfig({ DATA_DIR: await mkdtemp(join(tmpdir(), 'stratum-exact-')), LOG_LEVEL: 'silent' });
    runtime = { config, handle: t, store: corpus.store, close: async () => undefined };
    emb = await evaluationRuntimeFor(runtime, { settings: { ...loadEmbeddingSettings({}) } });
    api = await createServer(runtime, { log: memoryLogger() });
    url = (await api.listen(0, '127.0.0.1')).url;
  });
  afterAll(async () => {
    await api?.close();
    await emb?.close();
    await server.stop();
    await t?.destroy();
  });

  async function resultsOf(models: string[]) {
    const first = await exec(RESULTS, { models, f: filter() });
    expect(first.errors).toBeUndefined();
    await emb.queue.idle();
    const done = await exec(RESULTS, { models, f: filter() });
    expect(done.errors).toBeUndefined();
    return done.data!.results as {
      coverage: { model: string; done: number; total: number; failed: number }[];
      slices: {
        model: { slug: string };
        n: number;
        correct: number;
        predictions: { nodes: Record<string, unknown>[] };
      }[];
    };
  }

  it('scores the same answers by each rule as documented: "nan" rewritten, gold H neither asked nor scored', async () => {
    const input = { baseUrl, remoteModel: 'test-vlm', temperature: 0 };
    for (const extra of [{ slug: 'vlm-standard' }, { slug: 'vlm-exact', letterRule: 'EVLLM_EXACT' }]) {
      const reg = await exec(REGISTER, { input: { ...input, ...extra } }, key);
      expect(reg.data!.registerEndpointModel).toEqual({ ok: true, created: true, error: null });
    }
    // The exact-parity model first: it never asks the H questions. The STANDARD model then asks only those; its
    // other answers come from the response cache (same endpoint, same requests).
    await resultsOf(['vlm-exact']);
    expect(server.requests).toHaveLength(14);
    expect(server.requests.filter((r) => goldOfPrompt(r.body) === 7)).toHaveLength(0);
    const out = await resultsOf(['vlm-standard', 'vlm-exact']);
    expect(server.requests).toHaveLength(16);
    expect(server.requests.filter((r) => goldOfPrompt(r.body) === 7)).toHaveLength(2);
    const golds = [...corpus.gold.values()];
    expect(golds.filter((g) => g === 7)).toHaveLength(2);
    expect(out.coverage).toEqual([
      { model: 'vlm-standard', done: 16, total: 16, failed: 0 },
      { model: 'vlm-exact', done: 16, total: 16, failed: 2 },
    ]);
    const bySlug = new Map(out.slices.map((s) => [s.model.slug, s]));
    expect(bySlug.get('vlm-standard')).toMatchObject({ n: 16, correct: golds.filter(standard).length });
    expect(bySlug.get('vlm-exact')).toMatchObject({
      n: golds.filter((g) => exact(g) !== null).length,
      correct: golds.filter((g) => exact(g) === true).length,
    });
    expect([bySlug.get('vlm-standard')!.correct, bySlug.get('vlm-exact')!.correct]).toEqual([14, 10]);

    // Each stored verdict, and the raw answer and parsed letter kept for audit.
    for (const [slug, rule] of [
      ['vlm-standard', standard],
      ['vlm-exact', exact],
    ] as const) {
      const nodes = bySlug.get(slug)!.predictions.nodes;
      expect(nodes).toHaveLength(16);
      for (const p of nodes) {
        const g = gold((p.question as { id: string }).id);
        const verdict = rule(g);
        expect([slug, g, p.isCorrect]).toEqual([slug, g, verdict]);
        if (verdict === null) {
          expect(p).toMatchObject({
            status: 'FAILED',
            rawOutput: null,
            error: 'PARITY_UNSCORABLE: EVLLM_EXACT scores gold letters A–G only',
          });
        } else {
          expect(p).toMatchObject({ status: 'OK', rawOutput: answerFor(g), chosenIndex: g === 0 ? 1 : g });
        }
        // The protocol configuration recorded with each prediction names its letter rule.
        expect(p.protocolConfig).toEqual({
          protocol: 'generative',
          protocolVersion: 'ubench-generative/1',
          promptTemplate: PROMPT_TEMPLATE_VERSION,
          letterRule: slug === 'vlm-exact' ? 'EVLLM_EXACT' : 'STANDARD',
        });
      }
    }
    const configs = await t.db.select().from(protocolConfigs).where(eq(protocolConfigs.protocol, 'generative'));
    expect(
      configs.map((c) => c.config).sort((a, b) => String(a.letterRule).localeCompare(String(b.letterRule))),
    ).toEqual([
      { promptTemplate: PROMPT_TEMPLATE_VERSION, letterRule: 'EVLLM_EXACT' },
      { promptTemplate: PROMPT_TEMPLATE_VERSION, letterRule: 'STANDARD' },
    ]);
    const runRows = await t.db.select().from(runs).orderBy(runs.id);
    expect(runRows.map((r) => [r.protocol, r.promptTemplate, r.parameters.letterRule])).toEqual([
      ['generative', PROMPT_TEMPLATE_VERSION, 'EVLLM_EXACT'],
      ['generative', PROMPT_TEMPLATE_VERSION, 'STANDARD'],
    ]);
    expect(new Set(runRows.map((r) => r.protocolConfigId)).size).toBe(2);
  });

  it("the predictions export shows the rule's verdicts with the letters, the raw answer and the recorded configuration", async () => {
    const qs = new URLSearchParams({ models: 'vlm-exact', outcome: 'ALL', filter: JSON.stringify(filter()) });
    const res = await fetch(`${url}/export/predictions.json?${qs}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { predictions: Record<string, unknown>[]; count: number; correct: number };
    expect([body.count, body.correct]).toEqual([16, 10]);
    const malignant = body.predictions.find((p) => gold(p.questionId as number) === 1)!;
    // Parsed letter B is the gold letter B, yet wrong under exact parity: its scorer reads "B) malignp.nant".
    expect(malignant).toMatchObject({
      rawOutput: 'The answer is B) malignant',
      chosenLetter: 'B',
      goldLetter: 'B',
      goldOption: 'malignant',
      correct: false,
      status: 'ok',
      cached: false, // asked first by this model
      protocolConfig: { letterRule: 'EVLLM_EXACT', promptTemplate: PROMPT_TEMPLATE_VERSION },
      parameters: { protocol: 'ubench-generative/1', sampling: { temperature: 0 } },
    });
    expect(malignant.requestId).toMatch(/^req_\d+$/);
    const h = body.predictions.filter((p) => gold(p.questionId as number) === 7);
    expect(h.map((p) => [p.goldLetter, p.correct, p.status, p.retryable])).toEqual([
      ['H', null, 'failed', false],
      ['H', null, 'failed', false],
    ]);
  });

  it('switching a model to EVLLM_EXACT keeps its STANDARD facts and rescores from the response cache', async () => {
    const before = server.requests.length;
    const reg = await exec(
      REGISTER,
      { input: { slug: 'vlm-standard', baseUrl, remoteModel: 'test-vlm', temperature: 0, letterRule: 'EVLLM_EXACT' } },
      key,
    );
    // Same endpoint and sampling: the same version, with a new setting.
    expect(reg.data!.registerEndpointModel).toEqual({ ok: true, created: false, error: null });
    const out = await resultsOf(['vlm-standard']);
    expect(out.slices[0]).toMatchObject({ n: 14, correct: 10 });
    expect(server.requests.length - before).toBe(0);
    // A run of its own, under its own configuration; the STANDARD run and its facts stay.
    const runRows = await t.db.select().from(runs).orderBy(runs.id);
    expect(runRows.map((r) => r.parameters.letterRule)).toEqual(['EVLLM_EXACT', 'STANDARD', 'EVLLM_EXACT']);
    expect(new Set(runRows.map((r) => r.protocolConfigId)).size).toBe(2);
    const stored = await t.db.select().from(predictions);
    // 16 STANDARD + 16 EVLLM_EXACT facts of vlm-standard's version, 16 of vlm-exact's.
    expect(stored).toHaveLength(48);
  });
});
