import OpenAI, { APIConnectionTimeoutError, APIError } from 'openai';
import { CircuitBreaker, RateLimiter, Semaphore, realClock, type Clock } from './limits.js';
import { responseCacheKey, responseCacheParts, type ChatRequestBody } from './protocol.js';

/** How Stratum reaches one OpenAI-compatible endpoint and how hard it may push it. */
export type EndpointSettings = {
  baseUrl: string;
  remoteModel: string;
  /** The API key itself (read from the environment variable the model names); never stored or logged. */
  apiKey: string | null;
  /** Per attempt, milliseconds. */
  timeoutMs: number;
  /** Retries of one call on 408/409/429/5xx, connection errors and timeouts, with exponential backoff and jitter, honouring `Retry-After`. */
  maxRetries: number;
  concurrency: number;
  requestsPerMinute: number | null;
  tokensPerMinute: number | null;
  /** Consecutive failed calls (after retries) that open the circuit, and how long it stays open. */
  breaker: { failureThreshold: number; cooldownMs: number };
};

export const DEFAULT_ENDPOINT_LIMITS = {
  timeoutMs: 120_000,
  maxRetries: 4,
  concurrency: 4,
  requestsPerMinute: null,
  tokensPerMinute: null,
  breaker: { failureThreshold: 5, cooldownMs: 30_000 },
} satisfies Partial<EndpointSettings>;

/** What one answered call gives back (and what a prediction records for audit). */
export type Completion = {
  text: string;
  finishReason: string | null;
  /** The endpoint's request id (`x-request-id`), or the completion id when the server sends none. */
  requestId: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  /** Wall time of the call including retries and rate-limit waits, ms. */
  latencyMs: number;
  /** True when the answer came from the response cache (no call was made). */
  cached: boolean;
};

export type EndpointErrorCode =
  | 'ENDPOINT_CIRCUIT_OPEN'
  | 'ENDPOINT_TIMEOUT'
  | 'ENDPOINT_UNREACHABLE'
  | 'ENDPOINT_RATE_LIMITED'
  | 'ENDPOINT_SERVER_ERROR'
  | 'ENDPOINT_REJECTED'
  | 'ENDPOINT_MALFORMED_RESPONSE';

/** A call that did not produce an answer; `retryable` says whether asking again later may succeed. */
export class EndpointError extends Error {
  constructor(
    readonly code: EndpointErrorCode,
    message: string,
    readonly retryable: boolean,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'EndpointError';
  }
}

/** Stored answers by request key, so re-running the same requests costs nothing. */
export interface ResponseCache {
  get(key: string): Promise<Omit<Completion, 'latencyMs' | 'cached'> | null>;
  set(
    key: string,
    value: Omit<Completion, 'latencyMs' | 'cached'>,
    parts: ReturnType<typeof responseCacheParts>,
  ): Promise<void>;
}

/**
 * Calls one endpoint through the official `openai` client (which owns retries, backoff and `Retry-After`), inside
 * a concurrency gate, request/token rate limits and a circuit breaker, with an optional response cache.
 */
export class EndpointClient {
  private readonly openai: OpenAI;
  private readonly gate: Semaphore;
  private readonly limiter: RateLimiter;
  readonly breaker: CircuitBreaker;

  constructor(
    private readonly settings: EndpointSettings,
    private readonly options: { cache?: ResponseCache; clock?: Clock; fetch?: typeof fetch } = {},
  ) {
    const clock = options.clock ?? realClock;
    this.openai = new OpenAI({
      baseURL: settings.baseUrl,
      // Local servers (vLLM, Ollama, llama.cpp) accept any key; the client requires a non-empty one.
      apiKey: settings.apiKey ?? 'no-key',
      timeout: settings.timeoutMs,
      maxRetries: settings.maxRetries,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    this.gate = new Semaphore(settings.concurrency);
    this.limiter = new RateLimiter(
      { requestsPerMinute: settings.requestsPerMinute, tokensPerMinute: settings.tokensPerMinute },
      clock,
    );
    this.breaker = new CircuitBreaker(settings.breaker, clock);
  }

  /** Answers one request: from the cache when it holds this exact request, else by calling the endpoint. */
  async complete(body: ChatRequestBody): Promise<Completion> {
    const started = performance.now();
    const key = responseCacheKey(this.settings.baseUrl, body);
    const hit = await this.options.cache?.get(key);
    if (hit) return { ...hit, latencyMs: performance.now() - started, cached: true };

    const release = await this.gate.acquire();
    try {
      if (!this.breaker.allow()) {
        throw new EndpointError(
          'ENDPOINT_CIRCUIT_OPEN',
          `the endpoint failed repeatedly; calls resume in ${Math.ceil(this.breaker.retryInMs() / 1000)} s`,
          true,
        );
      }
      const estimate = estimateTokens(body);
      await this.limiter.acquire(estimate);
      let answer: Omit<Completion, 'latencyMs' | 'cached'>;
      try {
        answer = await this.call(body);
      } catch (error) {
        const failure = toEndpointError(error);
        // A request the endpoint rejects as malformed says nothing about the endpoint's health.
        if (failure.code === 'ENDPOINT_REJECTED') this.breaker.success();
        else this.breaker.failure();
        this.limiter.settle(estimate, 0);
        throw failure;
      }
      this.breaker.success();
      this.limiter.settle(estimate, (answer.promptTokens ?? 0) + (answer.completionTokens ?? 0) || estimate);
      await this.options.cache?.set(key, answer, responseCacheParts(body));
      return { ...answer, latencyMs: performance.now() - started, cached: false };
    } finally {
      release();
    }
  }

  private async call(body: ChatRequestBody): Promise<Omit<Completion, 'latencyMs' | 'cached'>> {
    const { data, request_id } = await this.openai.chat.completions
      .create(body as unknown as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming)
      .withResponse();
    const choice = Array.isArray(data?.choices) ? data.choices[0] : undefined;
    const message = choice?.message;
    if (!message || typeof message !== 'object') {
      throw new EndpointError('ENDPOINT_MALFORMED_RESPONSE', 'the response has no choices[0].message', true);
    }
    // A refusal is an answer (scored wrong by the letter rule), not a failed call.
    const text = typeof message.content === 'string' ? message.content : (message.refusal ?? '');
    return {
      text,
      finishReason: choice?.finish_reason ?? null,
      requestId: request_id ?? (typeof data.id === 'string' ? data.id : null),
      promptTokens: data.usage?.prompt_tokens ?? null,
      completionTokens: data.usage?.completion_tokens ?? null,
    };
  }
}

/**
 * A rough upper estimate of a request's tokens for the token-rate limit before the call (the real usage then
 * corrects it): text at ~4 characters per token, 765 tokens per image part (OpenAI's "high" detail for a
 * 1024×1024 tile set), plus the completion budget.
 */
export function estimateTokens(body: ChatRequestBody): number {
  let tokens = body.max_tokens;
  for (const message of body.messages) {
    for (const part of message.content) tokens += part.type === 'text' ? Math.ceil(part.text.length / 4) : 765;
  }
  return tokens;
}

function toEndpointError(error: unknown): EndpointError {
  if (error instanceof EndpointError) return error;
  if (error instanceof APIConnectionTimeoutError) {
    return new EndpointError('ENDPOINT_TIMEOUT', 'the endpoint did not answer in time', true);
  }
  if (error instanceof APIError) {
    const status = error.status ?? null;
    if (status == null) return new EndpointError('ENDPOINT_UNREACHABLE', 'the endpoint could not be reached', true);
    if (status === 429) return new EndpointError('ENDPOINT_RATE_LIMITED', 'the endpoint kept answering 429', true, 429);
    if (status >= 500 || status === 408 || status === 409) {
      return new EndpointError('ENDPOINT_SERVER_ERROR', `the endpoint answered ${status}`, true, status);
    }
    return new EndpointError('ENDPOINT_REJECTED', `the endpoint rejected the request (${status})`, false, status);
  }
  if (error instanceof SyntaxError) {
    return new EndpointError('ENDPOINT_MALFORMED_RESPONSE', 'the endpoint answered with malformed JSON', true);
  }
  return new EndpointError('ENDPOINT_UNREACHABLE', 'the call to the endpoint failed', true);
}
