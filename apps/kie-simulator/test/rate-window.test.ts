import { describe, expect, it } from "vitest";

import { RateWindow } from "../src/rate-window";

describe("RateWindow", () => {
  it("refuses the request over the limit within the window and lets it through once the oldest ages out", () => {
    const window = new RateWindow(3, 1_000);
    expect([0, 100, 200, 300].map((t) => window.hit("k", t))).toEqual([true, true, true, false]);
    expect(window.hit("other", 300)).toBe(true); // per key
    expect(window.hit("k", 1_000)).toBe(true); // the hit at 0 has aged out
    expect(window.counts).toMatchObject({ accepted: 5, rejected: 1 });
  });

  it("reports the tightest span of a request and the limit accepted before it, and how a refused one bunched", () => {
    const window = new RateWindow(2, 1_000);
    expect(window.counts.tightestSpanMs).toBeNull();
    for (const t of [0, 500, 1_050, 1_600]) expect(window.hit("k", t)).toBe(true);
    expect(window.counts).toMatchObject({ tightestSpanMs: 1_050, lastRefusal: null }); // 0→1 050, 500→1 600 (1 100)
    expect(window.hit("k", 2_060)).toBe(true); // 1 050→2 060: 1 010, the new tightest
    expect(window.counts.tightestSpanMs).toBe(1_010);
    expect(window.hit("k", 2_100)).toBe(false); // 1 600→2 100: refused, and the tightest span is now under the window
    expect(window.counts).toMatchObject({ tightestSpanMs: 500, lastRefusal: [0, 460, 500], rejected: 1 });
    expect(window.hit("k", 2_650)).toBe(true); // the refused request did not count as an arrival that passed
    expect(window.counts.tightestSpanMs).toBe(500);
  });
});
