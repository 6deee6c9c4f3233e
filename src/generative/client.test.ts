import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RateLimiter } from './limits.js';
import { isCorrectGenerative } from './letter-rule.js';
import {
  DEFAULT_ENDPOINT_LIMITS,
  EndpointClient,
  EndpointError,
  type EndpointSettings,
  type ResponseCache,
} from './client.js';
import {
  buildChatRequest,
  encodeImage,
  OFFICIAL_IMAGE_ENCODING,
  OFFICIAL_SAMPLING,
  responseCacheKey,
  type ChatRequestBody,
} from './protocol.js';
import { ScriptedChatServer, type Behaviour } from '../test-utils/chat-server.js';

const question = 'What type of cell is shown in this image?';
const options = ['lymphocyte', 'basophil', 'neutrophil', 'none of the above'];

/** A 40×30 RGBA PNG: alpha must be dropped, size kept. */
async function samplePng(): Promise<Buffer> {
  const raw = Buffer.alloc(40 * 30 * 4);
  for (let i = 0; i < 40 * 30; i++) raw.set([(i * 7) % 256, (i * 13) % 256, (i * 29) % 256, 200], i * 4);
  return sharp(raw, { raw: { width: 40, height: 30, channels: 4 } })
    .png()
    .toBuffer();
}

async function requestFor(remoteModel = 'vlm-1'): Promise<ChatRequestBody> {
  const image = await encodeImage(await samplePng(), OFFICIAL_IMAGE_ENCODING);
  return buildChatRequest({ remoteModel, question, options, image, detail: 'high', sampling: OFFICIAL_SAMPLING });
}

function settings(baseUrl: string, over: Partial<EndpointSettings> = {}): EndpointSettings {
  return { ...DEFAULT_ENDPOINT_LIMITS, baseUrl, remoteModel: 'vlm-1', apiKey: 'sk-test-secret', ...over };
}

let server: ScriptedChatServer;
let baseUrl: string;
const answer = (text: string): Behaviour => ({ kind: 'answer', text });

beforeEach(async () => {
  server = new ScriptedChatServer(() => answer('B'));
  baseUrl = await server.start();
});
afterEach(async () => server.stop());

describe('the request sent for one question', () => {
  it('is the authors’ format: one user message, the eVLLM prompt then the PNG image, their sampling defaults', async () => {
    const body = await requestFor();
    await new EndpointClient(settings(baseUrl)).complete(body);
    expect(server.requests).toHaveLength(1);
    const sent = server.requests[0]!;
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.headers.authorization).toBe('Bearer sk-test-secret');
    const imageUrl = (sent.body.messages as { content: { image_url?: { url: string } }[] }[])[0]!.content[1]!.image_url!
      .url;
    // Built by hand from eVLLM's generative_inference.py / utils.add_alphabet / gptapi.call_gpt:
    expect(sent.body).toEqual({
      model: 'vlm-1',
      messages: [
        {
          role: 'user',
          content: [
            {
              type: 'text',
              text:
                'Answer with a single letter, no extra details.\n' +
                'Question:What type of cell is shown in this image?\n' +
                'A) lymphocyte\nB) basophil\nC) neutrophil\nD) none of the above',
            },
            { type: 'image_url', image_url: { url: imageUrl, detail: 'high' } },
          ],
        },
      ],
      temperature: 1,
      top_p: 1,
      max_tokens: 2048,
      seed: 0,
      n: 1,
      stream: false,
    });
    // The image part is the source converted to 8-bit RGB, lossless, original size.
    expect(imageUrl.startsWith('data:image/png;base64,')).toBe(true);
    const decoded = await sharp(Buffer.from(imageUrl.slice('data:image/png;base64,'.length), 'base64'))
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect(decoded.info).toMatchObject({ width: 40, height: 30, channels: 3 });
    const expected = await sharp(await samplePng())
      .removeAlpha()
      .raw()
      .toBuffer();
    expect(Buffer.compare(decoded.data, expected)).toBe(0);
  });

  it('downscales to maxSide and sends JPEG when configured, keeping the aspect ratio', async () => {
    const image = await encodeImage(await samplePng(), { ...OFFICIAL_IMAGE_ENCODING, format: 'jpeg', maxSide: 20 });
    expect(image).toMatchObject({ width: 20, height: 15 });
    expect(image.dataUrl.startsWith('data:image/jpeg;base64,')).toBe(true);
  });

  it('answers are scored by the official letter rule: letters, free text, refusals', async () => {
    const replies: Behaviour[] = [
      answer('B'),
      answer('The answer is B) basophil.'),
      answer('basophil'),
      { kind: 'refusal', text: 'I cannot help with medical images.' },
      answer('A'),
    ];
    server.setScript((_, n) => replies[n]!);
    const client = new EndpointClient(settings(baseUrl));
    const texts = [];
    for (let i = 0; i < replies.length; i++) texts.push((await client.complete(await requestFor(`m${i}`))).text);
    expect(texts.map((t) => isCorrectGenerative(t, options, 1))).toEqual([true, true, false, false, false]);
    expect(texts[3]).toBe('I cannot help with medical images.');
  });

  it('records the request id, usage and finish reason of each answer', async () => {
    server.setScript(() => ({ kind: 'answer', text: 'C', promptTokens: 812, completionTokens: 3 }));
    const out = await new EndpointClient(settings(baseUrl)).complete(await requestFor());
    expect(out).toMatchObject({
      text: 'C',
      requestId: 'req_0',
      promptTokens: 812,
      completionTokens: 3,
      finishReason: 'stop',
      cached: false,
    });
  });
});

describe('robust calls', () => {
  it('retries a 429 after the Retry-After the endpoint asks for', async () => {
    server.setScript((_, n) => (n === 0 ? { kind: 'status', status: 429, retryAfter: '1' } : answer('B')));
    const out = await new EndpointClient(settings(baseUrl)).complete(await requestFor());
    expect(out.text).toBe('B');
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.at - server.requests[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('retries 5xx with backoff and succeeds; gives up after maxRetries with a retryable coded error', async () => {
    server.setScript((_, n) => (n < 2 ? { kind: 'status', status: 503 } : answer('B')));
    expect((await new EndpointClient(settings(baseUrl)).complete(await requestFor())).text).toBe('B');
    expect(server.requests).toHaveLength(3);
    // exponential: the second wait is longer than the first (0.5 s·2^k with up to 25 % jitter)
    const [a, b, c] = server.requests.map((r) => r.at);
    expect(c! - b!).toBeGreaterThan(b! - a!);

    server.setScript(() => ({ kind: 'status', status: 500 }));
    const failing = new EndpointClient(settings(baseUrl, { maxRetries: 1 }));
    const error = await failing.complete(await requestFor('other')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EndpointError);
    expect(error).toMatchObject({ code: 'ENDPOINT_SERVER_ERROR', retryable: true, status: 500 });
  });

  it('a 400 is not retried and does not count against the endpoint’s health', async () => {
    server.setScript(() => ({ kind: 'status', status: 400, message: 'bad image' }));
    const client = new EndpointClient(settings(baseUrl, { breaker: { failureThreshold: 1, cooldownMs: 60_000 } }));
    const error = await client.complete(await requestFor()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ENDPOINT_REJECTED', retryable: false, status: 400 });
    expect(server.requests).toHaveLength(1);
    expect(client.breaker.state).toBe('CLOSED');
  });

  it('times out a call that never answers', async () => {
    server.setScript(() => ({ kind: 'hang' }));
    const client = new EndpointClient(settings(baseUrl, { timeoutMs: 150, maxRetries: 1 }));
    const error = await client.complete(await requestFor()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ENDPOINT_TIMEOUT', retryable: true });
    expect(server.requests).toHaveLength(2);
  });

  it('malformed JSON is a coded, retryable failure', async () => {
    server.setScript(() => ({ kind: 'malformed' }));
    const error = await new EndpointClient(settings(baseUrl, { maxRetries: 0 }))
      .complete(await requestFor())
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ENDPOINT_MALFORMED_RESPONSE', retryable: true });
  });

  it('opens the circuit after repeated failures and stops calling until the cooldown has passed', async () => {
    server.setScript(() => ({ kind: 'status', status: 500 }));
    const client = new EndpointClient(
      settings(baseUrl, { maxRetries: 0, breaker: { failureThreshold: 2, cooldownMs: 300 } }),
    );
    const body = await requestFor();
    for (let i = 0; i < 2; i++)
      await expect(client.complete(body)).rejects.toMatchObject({ code: 'ENDPOINT_SERVER_ERROR' });
    await expect(client.complete(body)).rejects.toMatchObject({ code: 'ENDPOINT_CIRCUIT_OPEN', retryable: true });
    expect(server.requests).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 350));
    server.setScript(() => answer('B'));
    expect((await client.complete(body)).text).toBe('B');
    expect(client.breaker.state).toBe('CLOSED');
  });
});

describe('limits', () => {
  it('never holds more calls open than the concurrency limit', async () => {
    server.setScript(() => ({ kind: 'answer', text: 'B', delayMs: 60 }));
    const client = new EndpointClient(settings(baseUrl, { concurrency: 2 }));
    await Promise.all([0, 1, 2, 3, 4, 5].map(async (i) => client.complete(await requestFor(`m${i}`))));
    expect(server.requests).toHaveLength(6);
    expect(server.maxInFlight).toBe(2);
  });

  it('spaces request starts by the requests-per-minute limit', async () => {
    const client = new EndpointClient(settings(baseUrl, { concurrency: 8, requestsPerMinute: 600 }));
    const bodies = await Promise.all([0, 1, 2, 3, 4].map((i) => requestFor(`m${i}`)));
    await Promise.all(bodies.map((b) => client.complete(b)));
    // Starts are spaced 100 ms apart (exact in the fake-clock tests of RateLimiter); arrivals at the server add
    // each request's own transfer time, so only the overall span is checked here, with room for that jitter.
    const at = server.requests.map((r) => r.at).sort((a, b) => a - b);
    expect(at[at.length - 1]! - at[0]!).toBeGreaterThanOrEqual(300);
  });
});

describe('RateLimiter (fake clock)', () => {
  function fakeClock() {
    let t = 0;
    return { now: () => t, sleep: async (ms: number) => void (t += ms) };
  }

  it('admits request starts 60 000 / requestsPerMinute ms apart, in arrival order', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ requestsPerMinute: 600, tokensPerMinute: null }, clock);
    const admitted: number[] = [];
    await Promise.all([0, 1, 2, 3].map(() => limiter.acquire(10).then(() => admitted.push(clock.now()))));
    expect(admitted).toEqual([0, 100, 200, 300]);
  });

  it('holds a call until the token bucket has refilled its estimate, and settles by the real usage', async () => {
    const clock = fakeClock();
    // 600 tokens per minute = 0.01 per ms; the bucket starts full
    const limiter = new RateLimiter({ requestsPerMinute: null, tokensPerMinute: 600 }, clock);
    await limiter.acquire(300);
    await limiter.acquire(300);
    expect(clock.now()).toBe(0);
    await limiter.acquire(300);
    expect(clock.now()).toBe(30_000);
    // the third call used only 100 tokens: 200 come back, so a call of 200 starts at once
    limiter.settle(300, 100);
    await limiter.acquire(200);
    expect(clock.now()).toBe(30_000);
  });
});

describe('response cache', () => {
  class MemoryCache implements ResponseCache {
    readonly map = new Map<string, Parameters<ResponseCache['set']>[1]>();
    async get(key: string) {
      return this.map.get(key) ?? null;
    }
    async set(key: string, value: Parameters<ResponseCache['set']>[1]) {
      this.map.set(key, value);
    }
  }

  it('a repeated request is answered from the cache without a call', async () => {
    const cache = new MemoryCache();
    const client = new EndpointClient(settings(baseUrl), { cache });
    const body = await requestFor();
    const first = await client.complete(body);
    const second = await client.complete(await requestFor());
    expect(server.requests).toHaveLength(1);
    expect(second).toMatchObject({ text: first.text, requestId: first.requestId, cached: true });
  });

  it('keys by endpoint, parameters, prompt and image bytes', async () => {
    const body = await requestFor();
    const key = responseCacheKey(baseUrl, body);
    expect(responseCacheKey(`${baseUrl}/`, body)).toBe(key);
    expect(responseCacheKey('http://elsewhere/v1', body)).not.toBe(key);
    expect(responseCacheKey(baseUrl, { ...body, temperature: 0 })).not.toBe(key);
    expect(responseCacheKey(baseUrl, { ...body, model: 'vlm-2' })).not.toBe(key);
    const otherImage = await encodeImage(
      await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } })
        .png()
        .toBuffer(),
      OFFICIAL_IMAGE_ENCODING,
    );
    const other = buildChatRequest({
      remoteModel: 'vlm-1',
      question,
      options,
      image: otherImage,
      detail: 'high',
      sampling: OFFICIAL_SAMPLING,
    });
    expect(responseCacheKey(baseUrl, other)).not.toBe(key);
  });
});
