import { describe, expect, it } from "vitest";
import { KieApiError } from "../src/errors";
import { createRateLimiter } from "../src/rate-limiter";

describe("createRateLimiter", () => {
  it("admits `limit` immediately, then releases waiters FIFO as the window slides", async () => {
    const limiter = createRateLimiter({ limit: 2, windowMs: 60 });
    const started = Date.now();
    const order: number[] = [];
    const times: number[] = [];
    await Promise.all(
      [0, 1, 2, 3, 4].map((i) =>
        limiter.acquire().then(() => {
          order.push(i);
          times.push(Date.now() - started);
        }),
      ),
    );
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(times[1]).toBeLessThan(30);
    expect(times[2]).toBeGreaterThanOrEqual(55);
    expect(times[4]).toBeGreaterThanOrEqual(115);
    expect(limiter.pending).toBe(0);
  });

  it("rejects when the queue is full and supports abort", async () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 50, maxQueue: 1 });
    await limiter.acquire();
    const waiting = limiter.acquire();
    await expect(limiter.acquire()).rejects.toBeInstanceOf(KieApiError);
    const ac = new AbortController();
    const aborted = createRateLimiter({ limit: 1, windowMs: 10_000 });
    await aborted.acquire();
    const p = aborted.acquire(ac.signal);
    ac.abort(new Error("stop"));
    await expect(p).rejects.toThrow("stop");
    expect(aborted.pending).toBe(0); // no timer left behind: the test process must exit
    await waiting;
  });

  it("validates its configuration", () => {
    expect(() => createRateLimiter({ limit: 0, windowMs: 10 })).toThrow(RangeError);
  });
});
