import { describe, expect, it } from "vitest";
import { KieApiError } from "../src/errors";
import { createRateLimiter } from "../src/rate-limiter";
import { createManualClock, settled } from "./manual-clock";

describe("createRateLimiter", () => {
  it("admits `limit` immediately, then releases waiters FIFO as the window slides", async () => {
    const clock = createManualClock();
    const limiter = createRateLimiter({ limit: 2, windowMs: 60, clock });
    const admitted: Array<{ i: number; at: number }> = [];
    const all = Promise.all([0, 1, 2, 3, 4].map((i) => limiter.acquire().then(() => void admitted.push({ i, at: clock.now() }))));
    await settled();
    expect(admitted).toEqual([
      { i: 0, at: 0 },
      { i: 1, at: 0 },
    ]);
    clock.advance(59);
    await settled();
    expect(admitted).toHaveLength(2); // the window has not slid yet
    clock.advance(1);
    await settled();
    expect(admitted.slice(2)).toEqual([
      { i: 2, at: 60 },
      { i: 3, at: 60 },
    ]);
    clock.advance(60);
    await all;
    expect(admitted.slice(4)).toEqual([{ i: 4, at: 120 }]);
    expect(limiter.pending).toBe(0);
    expect(clock.scheduled).toBe(0);
  });

  it("rejects when the queue is full and supports abort", async () => {
    const clock = createManualClock();
    const limiter = createRateLimiter({ limit: 1, windowMs: 50, maxQueue: 1, clock });
    await limiter.acquire();
    const waiting = limiter.acquire();
    await expect(limiter.acquire()).rejects.toBeInstanceOf(KieApiError);
    const ac = new AbortController();
    const abortClock = createManualClock();
    const aborted = createRateLimiter({ limit: 1, windowMs: 10_000, clock: abortClock });
    await aborted.acquire();
    const p = aborted.acquire(ac.signal);
    expect(abortClock.scheduled).toBe(1);
    ac.abort(new Error("stop"));
    await expect(p).rejects.toThrow("stop");
    expect(aborted.pending).toBe(0);
    expect(abortClock.scheduled).toBe(0); // no timer left behind: the process can exit
    clock.advance(50);
    await waiting;
  });

  it("validates its configuration", () => {
    expect(() => createRateLimiter({ limit: 0, windowMs: 10 })).toThrow(RangeError);
  });
});
