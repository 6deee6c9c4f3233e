/**
 * A per-client sliding-window limit (in one process): at most `perMinute` grants per client in any 60 s. Used for
 * the evaluations reads may start (EVALUATE_ON_READ); each replica limits its own clients. Memory is bounded: at
 * most `maxClients` clients are tracked (the stalest is forgotten first).
 */
export class ClientRateLimiter {
  private readonly grants = new Map<string, number[]>();

  constructor(
    readonly perMinute: number,
    private readonly maxClients = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one grant for `client`; false when its window is full. */
  take(client: string): boolean {
    const t = this.now();
    const recent = (this.grants.get(client) ?? []).filter((g) => g > t - 60_000);
    if (recent.length >= this.perMinute) {
      this.grants.set(client, recent);
      return false;
    }
    recent.push(t);
    this.grants.delete(client);
    this.grants.set(client, recent);
    if (this.grants.size > this.maxClients) this.grants.delete(this.grants.keys().next().value!);
    return true;
  }
}
