/** Sliding-window counters per key (API key); `hit` returns false when the caller is over the limit. */
export class RateWindow {
  private readonly hits = new Map<string, number[]>();
  /** Requests let through and refused (429) since start, for benchmarks and tests that must prove zero 429s. */
  readonly counts = { accepted: 0, rejected: 0 };

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  hit(key: string, now = Date.now()): boolean {
    const list = (this.hits.get(key) ?? []).filter((t) => t > now - this.windowMs);
    const allowed = list.length < this.limit;
    if (allowed) list.push(now);
    this.hits.set(key, list);
    this.counts[allowed ? "accepted" : "rejected"]++;
    return allowed;
  }
}
