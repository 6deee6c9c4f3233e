import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the scripted server does with one request. */
export type Behaviour =
  | { kind: 'answer'; text: string; delayMs?: number; promptTokens?: number; completionTokens?: number }
  | { kind: 'refusal'; text: string }
  | { kind: 'status'; status: number; retryAfter?: string; message?: string }
  | { kind: 'malformed' }
  | { kind: 'hang' };

export type RecordedRequest = {
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
  /** performance.now() when the request arrived. */
  at: number;
};

/**
 * A local HTTP server speaking the OpenAI Chat Completions protocol (`POST /v1/chat/completions`, JSON in and
 * out, streaming off), answering each request from a script: `script(body, n)` picks the behaviour of the n-th
 * request (0-based). Every request is recorded. For tests only; it listens on 127.0.0.1 and an ephemeral port.
 */
export class ScriptedChatServer {
  readonly requests: RecordedRequest[] = [];
  /** Keep every request in `requests` (tests); a long benchmark turns it off. */
  record = true;
  /** Most requests the server held open at once. */
  maxInFlight = 0;
  /** Requests received so far (request n is answered with request id `req_n`). */
  served = 0;
  private inFlight = 0;
  private server: Server | null = null;
  private readonly hanging = new Set<() => void>();

  constructor(private script: (body: Record<string, unknown>, n: number) => Behaviour) {}

  setScript(script: (body: Record<string, unknown>, n: number) => Behaviour): void {
    this.script = script;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const at = performance.now();
        if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
          res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
          return;
        }
        let body: Record<string, unknown>;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        } catch {
          res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":{"message":"bad json"}}');
          return;
        }
        const n = this.served;
        if (this.record) this.requests.push({ path: req.url, headers: req.headers, body, at });
        this.served++;
        this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
        res.on('close', () => this.inFlight--);
        this.respond(this.script(body, n), body, n, res, at);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  private respond(
    behaviour: Behaviour,
    body: Record<string, unknown>,
    n: number,
    res: ServerResponse,
    at: number,
  ): void {
    // `x-processing-ms`: the server's own time on the request (body received → response sent), so a client can
    // tell its overhead from the server's latency (bench/generative.bench.ts).
    const json = (status: number, payload: unknown, headers: Record<string, string> = {}) =>
      res
        .writeHead(status, {
          'content-type': 'application/json',
          'x-request-id': `req_${n}`,
          'x-processing-ms': (performance.now() - at).toFixed(3),
          ...headers,
        })
        .end(JSON.stringify(payload));
    switch (behaviour.kind) {
      case 'answer': {
        const send = () =>
          json(200, completion(String(body.model), n, { content: behaviour.text, refusal: null }, behaviour));
        if (behaviour.delayMs) setTimeout(send, behaviour.delayMs);
        else send();
        return;
      }
      case 'refusal':
        json(200, completion(String(body.model), n, { content: null, refusal: behaviour.text }, {}));
        return;
      case 'status':
        json(
          behaviour.status,
          { error: { message: behaviour.message ?? `status ${behaviour.status}`, type: 'server_error' } },
          behaviour.retryAfter != null ? { 'retry-after': behaviour.retryAfter } : {},
        );
        return;
      case 'malformed':
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"id": "x", "choices": [');
        return;
      case 'hang':
        this.hanging.add(() => res.destroy());
        return;
    }
  }

  async stop(): Promise<void> {
    for (const end of this.hanging) end();
    this.hanging.clear();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server?.closeAllConnections();
  }
}

function completion(
  model: string,
  n: number,
  message: { content: string | null; refusal: string | null },
  usage: { promptTokens?: number; completionTokens?: number },
) {
  return {
    id: `chatcmpl-${n}`,
    object: 'chat.completion',
    created: 1_700_000_000,
    model,
    choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: 'stop', logprobs: null }],
    usage: {
      prompt_tokens: usage.promptTokens ?? 100,
      completion_tokens: usage.completionTokens ?? 1,
      total_tokens: (usage.promptTokens ?? 100) + (usage.completionTokens ?? 1),
    },
  };
}
