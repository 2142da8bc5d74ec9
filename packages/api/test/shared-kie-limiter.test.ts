import { createDatabase } from "@lensroom/db";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { createSharedKieLimiter } from "../src/services/shared-kie-limiter";
import { createTestServices } from "../src/testing";

// KIE limits per API key, not per process: several processes (here, several pools) must share one budget.
describe("shared KIE rate limiter", () => {
  let env: Awaited<ReturnType<typeof createTestServices>>;
  const pools: ReturnType<typeof createDatabase>[] = [];

  beforeAll(async () => {
    env = await createTestServices({ adminUrl: inject("pgAdminUrl"), template: inject("pgTemplate"), kieBaseUrl: "http://127.0.0.1:9" });
    for (let i = 0; i < 3; i++) pools.push(createDatabase(env.database.url, { max: 4 }));
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
    await env?.services.close();
  });

  it("lets at most `limit` calls through in any sliding window, across pools", async () => {
    const limits = { create: { limit: 20, windowMs: 11_000 }, status: { limit: 5, windowMs: 500 } };
    const limiters = pools.map((p) => createSharedKieLimiter(p.sql, "one-api-key", limits));
    const granted: number[] = [];
    await Promise.all(
      Array.from({ length: 18 }, async (_, i) => {
        await limiters[i % limiters.length]?.acquire("status");
        granted.push(performance.now());
      }),
    );
    granted.sort((a, b) => a - b);
    // Sliding check on our side of the clock: any 5 + 1 consecutive grants span at least the window (minus jitter).
    for (let i = 5; i < granted.length; i++) {
      expect((granted[i] ?? 0) - (granted[i - 5] ?? 0)).toBeGreaterThanOrEqual(480);
    }
    expect(granted).toHaveLength(18);
  });

  it("keeps separate budgets for separate API keys and kinds", async () => {
    const a = createSharedKieLimiter(pools[0]!.sql, "key-a", { create: { limit: 1, windowMs: 60_000 }, status: { limit: 1, windowMs: 60_000 } });
    const b = createSharedKieLimiter(pools[1]!.sql, "key-b", { create: { limit: 1, windowMs: 60_000 }, status: { limit: 1, windowMs: 60_000 } });
    await a.acquire("status");
    await a.acquire("create");
    await b.acquire("status");
    const rows = await env.services.sql`select count(*)::int as n from kie_rate_log`;
    expect(rows[0]?.n).toBeGreaterThanOrEqual(3);
  });
});
