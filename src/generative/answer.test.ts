import sharp from 'sharp';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { EndpointClient } from './client.js';
import { answerQuestions, type GenerativeQuestion } from './answer.js';
import { endpointSettingsOf, endpointSpecOf, endpointModelInputSchema } from './endpoint-model.js';
import { ScriptedChatServer } from '../test-utils/chat-server.js';

let server: ScriptedChatServer;
let baseUrl: string;
beforeEach(async () => {
  server = new ScriptedChatServer(() => ({ kind: 'answer', text: 'A' }));
  baseUrl = await server.start();
});
afterEach(async () => server.stop());

const promptOf = (body: Record<string, unknown>) =>
  (body.messages as { content: { text?: string }[] }[])[0]!.content[0]!.text!;

it('answers each question once, reads each image once, scores with the letter rule and keeps the audit trail', async () => {
  const spec = endpointSpecOf(
    endpointModelInputSchema.parse({ slug: 'vlm', baseUrl, remoteModel: 'vlm-1', temperature: 0, maxRetries: 0 }),
  );
  const questions: GenerativeQuestion[] = [
    {
      id: 1,
      imageId: 10,
      text: 'Which modality?',
      options: ['light', 'electron', 'none of the above'],
      answerIndex: 1,
    },
    { id: 2, imageId: 10, text: 'Which stain?', options: ['H&E', 'Giemsa', 'none of the above'], answerIndex: 0 },
    { id: 3, imageId: 11, text: 'Which cell?', options: ['basophil', 'monocyte', 'none of the above'], answerIndex: 1 },
    { id: 4, imageId: 12, text: 'Which domain?', options: ['pathology', 'biology'], answerIndex: 0 },
  ];
  server.setScript((body) => {
    const prompt = promptOf(body);
    if (prompt.includes('modality')) return { kind: 'answer', text: 'B) electron', promptTokens: 900 };
    if (prompt.includes('stain')) return { kind: 'answer', text: 'Giemsa' };
    return { kind: 'status', status: 400, message: 'unsupported' };
  });
  const reads: number[] = [];
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } })
    .png()
    .toBuffer();
  const answers = await answerQuestions(new EndpointClient(endpointSettingsOf(spec)), spec, questions, async (id) => {
    reads.push(id);
    if (id === 12) throw new Error('image 12 is not in the store');
    return png;
  });
  expect(reads.sort()).toEqual([10, 11, 12]);
  expect(server.requests).toHaveLength(3);
  expect(server.requests.every((r) => r.body.temperature === 0)).toBe(true);
  expect(answers).toEqual([
    expect.objectContaining({
      questionId: 1,
      status: 'ok',
      rawOutput: 'B) electron',
      chosenIndex: 1,
      isCorrect: true,
      promptTokens: 900,
      error: null,
    }),
    expect.objectContaining({ questionId: 2, status: 'ok', rawOutput: 'Giemsa', chosenIndex: null, isCorrect: false }),
    expect.objectContaining({
      questionId: 3,
      status: 'failed',
      isCorrect: null,
      error: 'ENDPOINT_REJECTED: the endpoint rejected the request (400)',
      retryable: false,
    }),
    expect.objectContaining({ questionId: 4, status: 'failed', retryable: true }),
  ]);
  expect(answers[0]!.requestId).toMatch(/^req_/);
  expect(answers[3]!.error).toMatch(/^IMAGE_UNAVAILABLE: /);
});

it('reads the API key from the named environment variable and reports a missing one by name only', () => {
  const spec = endpointSpecOf(
    endpointModelInputSchema.parse({
      slug: 'gpt',
      baseUrl: 'https://api.example/v1',
      remoteModel: 'gpt-4o',
      apiKeyEnv: 'OPENAI_API_KEY',
    }),
  );
  expect(endpointSettingsOf(spec, { OPENAI_API_KEY: 'sk-live-123' }).apiKey).toBe('sk-live-123');
  expect(() => endpointSettingsOf(spec, {})).toThrow(/OPENAI_API_KEY/);
  expect(endpointModelInputSchema.safeParse({ slug: 'x', baseUrl: 'https://u:p@h/v1', remoteModel: 'm' }).success).toBe(
    false,
  );
  expect(
    endpointModelInputSchema.safeParse({ slug: 'x', baseUrl: 'file:///etc/passwd', remoteModel: 'm' }).success,
  ).toBe(false);
});
