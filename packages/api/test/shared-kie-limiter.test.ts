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

  it("lets at most `limit` calls through in any sliding window, across pools (on the database clock)", async () => {
    // Every grant is an insert into kie_rate_log stamped with the database clock; an audit trigger keeps each stamp
    // (the limiter deletes rows once they stop counting), so the window is checked where the limiter decides.
    await env.services.sql.unsafe(`
      create table kie_rate_audit (bucket text not null, at timestamptz not null);
      create function kie_rate_audit_fn() returns trigger language plpgsql as $$
        begin insert into kie_rate_audit values (new.bucket, new.at); return new; end $$;
      create trigger kie_rate_audit_trg after insert on kie_rate_log for each row execute function kie_rate_audit_fn();`);
    const limits = { create: { limit: 20, windowMs: 11_000, inFlightMs: 20_000 }, status: { limit: 5, windowMs: 500, inFlightMs: 20_000 } };
    const limiters = pools.map((p) => createSharedKieLimiter(p.sql, "one-api-key", limits));
    // Each call is answered at once, as a quick KIE would.
    await Promise.all(Array.from({ length: 18 }, async (_, i) => (await limiters[i % limiters.length]!.acquire("status"))()));

    const rows = await env.services.sql<{ ms: number }[]>`
      select extract(epoch from at) * 1000 as ms from kie_rate_audit where bucket like 'status:%' order by at`;
    const granted = rows.map((r) => Number(r.ms));
    expect(granted).toHaveLength(18);
    // Any 5 + 1 consecutive grants span at least the window: never more than 5 in any 500 ms.
    for (let i = 5; i < granted.length; i++) {
      expect((granted[i] ?? 0) - (granted[i - 5] ?? 0)).toBeGreaterThanOrEqual(500);
    }
  });

  it("keeps separate budgets for separate API keys and kinds", async () => {
    const oneAMinute = { limit: 1, windowMs: 60_000, inFlightMs: 60_000 };
    const a = createSharedKieLimiter(pools[0]!.sql, "key-a", { create: oneAMinute, status: oneAMinute });
    const b = createSharedKieLimiter(pools[1]!.sql, "key-b", { create: oneAMinute, status: oneAMinute });
    await a.acquire("status");
    await a.acquire("create");
    await b.acquire("status");
    const rows = await env.services.sql`select count(*)::int as n from kie_rate_log`;
    expect(rows[0]?.n).toBeGreaterThanOrEqual(3);
  });

  it("counts a call from its grant until a window after its reply, however long the reply takes", async () => {
    // KIE may stamp a call at any moment before it answers: a slow call must hold its slot until then, plus a window.
    const limits = { create: { limit: 20, windowMs: 11_000, inFlightMs: 20_000 }, status: { limit: 1, windowMs: 300, inFlightMs: 20_000 } };
    const limiter = createSharedKieLimiter(pools[0]!.sql, "slow-replies", limits);
    const replied = await limiter.acquire("status");
    const started = Date.now();
    let secondAt = 0;
    const second = limiter.acquire("status").then((done) => ((secondAt = Date.now()), done));
    await new Promise((resolve) => setTimeout(resolve, 700)); // the first call is still in flight, long past a window
    expect(secondAt).toBe(0);
    const repliedAt = Date.now();
    await replied();
    await (await second)();
    expect(secondAt - repliedAt).toBeGreaterThanOrEqual(300 - 5); // a window after the reply (5 ms: clocks' resolution)
    expect(secondAt - started).toBeGreaterThanOrEqual(1_000 - 5);
  });

  it("stops counting a call that never got its reply recorded (its process died) after `inFlightMs`", async () => {
    const limits = { create: { limit: 20, windowMs: 11_000, inFlightMs: 20_000 }, status: { limit: 1, windowMs: 200, inFlightMs: 400 } };
    const limiter = createSharedKieLimiter(pools[1]!.sql, "died-in-flight", limits);
    await limiter.acquire("status"); // never replied
    const started = Date.now();
    await (await limiter.acquire("status"))();
    expect(Date.now() - started).toBeGreaterThanOrEqual(600 - 5 - 50); // in flight 400 ms + a window of 200 (less the test's own lag)
  });
});
