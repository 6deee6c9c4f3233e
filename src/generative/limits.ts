/**
 * Flow control for calls to a remote model endpoint: a concurrency gate, request and token rate limits, and a
 * circuit breaker. Each is a small object with an injectable clock so its behaviour can be tested exactly.
 */

export type Clock = { now(): number; sleep(ms: number): Promise<void> };

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** At most `limit` holders at once; `acquire` resolves in arrival order. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency must be a positive integer`);
  }

  async acquire(): Promise<() => void> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    };
  }
}

/**
 * Requests per minute and tokens per minute, as two token buckets refilled continuously.
 *
 * - Requests: the bucket holds at most 1 request, refilled at `requestsPerMinute / 60_000` per ms, so request
 *   starts are spaced at least `60_000 / requestsPerMinute` ms apart (no bursts: endpoints count per second too).
 * - Tokens: the bucket holds at most `tokensPerMinute`, refilled at `tokensPerMinute / 60_000` per ms. A call
 *   reserves its estimate before it starts (capped at the bucket size, so one large call can always run), and
 *   `settle` corrects the bucket by `actual − estimate` once the usage is known.
 *
 * A limit of null means unlimited.
 */
export class RateLimiter {
  private nextRequestAt = 0;
  private tokens: number;
  private tokensAt: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly limits: { requestsPerMinute: number | null; tokensPerMinute: number | null },
    private readonly clock: Clock = realClock,
  ) {
    for (const [name, value] of Object.entries(limits)) {
      if (value != null && !(Number.isFinite(value) && value > 0)) throw new RangeError(`${name} must be positive`);
    }
    this.tokens = limits.tokensPerMinute ?? 0;
    this.tokensAt = clock.now();
  }

  /** Waits until a request estimated at `estimatedTokens` may start; calls are admitted in arrival order. */
  acquire(estimatedTokens: number): Promise<void> {
    const turn = this.queue.then(() => this.admit(estimatedTokens));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** Corrects the token bucket once the call's real usage is known. */
  settle(estimatedTokens: number, actualTokens: number): void {
    if (this.limits.tokensPerMinute == null) return;
    this.refill();
    this.tokens -= actualTokens - Math.min(estimatedTokens, this.limits.tokensPerMinute);
  }

  private refill(): void {
    const tpm = this.limits.tokensPerMinute;
    if (tpm == null) return;
    const now = this.clock.now();
    this.tokens = Math.min(tpm, this.tokens + ((now - this.tokensAt) * tpm) / 60_000);
    this.tokensAt = now;
  }

  private async admit(estimatedTokens: number): Promise<void> {
    const rpm = this.limits.requestsPerMinute;
    if (rpm != null) {
      const wait = this.nextRequestAt - this.clock.now();
      if (wait > 0) await this.clock.sleep(wait);
      this.nextRequestAt = Math.max(this.clock.now(), this.nextRequestAt) + 60_000 / rpm;
    }
    const tpm = this.limits.tokensPerMinute;
    if (tpm != null) {
      const need = Math.min(Math.max(0, estimatedTokens), tpm);
      this.refill();
      if (this.tokens < need) {
        await this.clock.sleep(Math.ceil(((need - this.tokens) * 60_000) / tpm));
        this.refill();
      }
      this.tokens -= need;
    }
  }
}

export type BreakerState = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

/**
 * Stops calling an endpoint that keeps failing: after `failureThreshold` consecutive failed calls the circuit
 * opens and calls fail at once for `cooldownMs`; then one trial call is let through (half-open): success closes
 * the circuit, failure opens it again for another cooldown.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | null = null;
  private trialInFlight = false;

  constructor(
    private readonly options: { failureThreshold: number; cooldownMs: number },
    private readonly clock: Clock = realClock,
  ) {}

  get state(): BreakerState {
    if (this.openedAt == null) return 'CLOSED';
    return this.clock.now() - this.openedAt >= this.options.cooldownMs ? 'HALF_OPEN' : 'OPEN';
  }

  /** Milliseconds until a trial call will be allowed (0 when calls may go through now). */
  retryInMs(): number {
    if (this.openedAt == null) return 0;
    return Math.max(0, this.openedAt + this.options.cooldownMs - this.clock.now());
  }

  /** Whether a call may start now; in half-open state only one trial call at a time. */
  allow(): boolean {
    const state = this.state;
    if (state === 'CLOSED') return true;
    if (state === 'OPEN' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  success(): void {
    this.failures = 0;
    this.openedAt = null;
    this.trialInFlight = false;
  }

  failure(): void {
    this.trialInFlight = false;
    this.failures++;
    if (this.openedAt != null || this.failures >= this.options.failureThreshold) this.openedAt = this.clock.now();
  }
}
