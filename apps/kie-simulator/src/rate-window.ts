/** Sliding-window counters per key (API key); `hit` returns false when the caller is over the limit. */
export class RateWindow {
  private readonly hits = new Map<string, number[]>();
  /** The last `limit` accepted requests per key, kept past the window to measure how close callers come to it. */
  private readonly lastAccepted = new Map<string, number[]>();
  /**
   * Since start: requests let through and refused (429), for benchmarks and tests that must prove zero 429s;
   * `tightestSpanMs`, the shortest time in which a request and the `limit` accepted before it arrived (null until
   * `limit + 1` have; under `windowMs` is a 429, and its distance above shows a caller's margin); and
   * `lastRefusal`, the arrival times of the latest refused request and the `limit` before it, in ms after the first
   * of them (how the requests bunched: evenly, or several at once after a stall).
   */
  readonly counts: { accepted: number; rejected: number; tightestSpanMs: number | null; lastRefusal: number[] | null } = {
    accepted: 0,
    rejected: 0,
    tightestSpanMs: null,
    lastRefusal: null,
  };

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Start counting afresh (the limits themselves keep their recent requests). */
  resetCounts() {
    Object.assign(this.counts, { accepted: 0, rejected: 0, tightestSpanMs: null, lastRefusal: null });
  }

  hit(key: string, now = Date.now()): boolean {
    const list = (this.hits.get(key) ?? []).filter((t) => t > now - this.windowMs);
    const allowed = list.length < this.limit;
    const last = this.lastAccepted.get(key) ?? [];
    if (last.length === this.limit) {
      const span = now - (last[0] ?? now);
      if (this.counts.tightestSpanMs === null || span < this.counts.tightestSpanMs) this.counts.tightestSpanMs = span;
    }
    if (allowed) {
      list.push(now);
      last.push(now);
      if (last.length > this.limit) last.shift();
      this.lastAccepted.set(key, last);
    } else {
      const start = last[0] ?? now;
      this.counts.lastRefusal = [...last, now].map((t) => t - start);
    }
    this.hits.set(key, list);
    this.counts[allowed ? "accepted" : "rejected"]++;
    return allowed;
  }
}
