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
    // (the limiter deletes rows as the window moves), so the window is checked where the limiter decides.
    await env.services.sql.unsafe(`
      create table kie_rate_audit (bucket text not null, at timestamptz not null);
      create function kie_rate_audit_fn() returns trigger language plpgsql as $$
        begin insert into kie_rate_audit values (new.bucket, new.at); return new; end $$;
      create trigger kie_rate_audit_trg after insert on kie_rate_log for each row execute function kie_rate_audit_fn();`);
    const limits = { create: { limit: 20, windowMs: 11_000 }, status: { limit: 5, windowMs: 500 } };
    const limiters = pools.map((p) => createSharedKieLimiter(p.sql, "one-api-key", limits));
    await Promise.all(Array.from({ length: 18 }, (_, i) => limiters[i % limiters.length]?.acquire("status")));

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
    const a = createSharedKieLimiter(pools[0]!.sql, "key-a", { create: { limit: 1, windowMs: 60_000 }, status: { limit: 1, windowMs: 60_000 } });
    const b = createSharedKieLimiter(pools[1]!.sql, "key-b", { create: { limit: 1, windowMs: 60_000 }, status: { limit: 1, windowMs: 60_000 } });
    await a.acquire("status");
    await a.acquire("create");
    await b.acquire("status");
    const rows = await env.services.sql`select count(*)::int as n from kie_rate_log`;
    expect(rows[0]?.n).toBeGreaterThanOrEqual(3);
  });

  it("takes another grant when the first one is too old to send by the time it is granted", async () => {
    const limits = { create: { limit: 20, windowMs: 11_000 }, status: { limit: 10, windowMs: 60_000, maxGrantToSendMs: 40 } };
    // The clock jumps 100 ms between the first grant's insert and its check, as a stalled event loop would.
    let clock = 0;
    let reads = 0;
    const limiter = createSharedKieLimiter(pools[0]!.sql, "stalled-key", limits, () => (++reads === 2 ? (clock += 100) : clock));
    await limiter.acquire("status");
    const rows = await env.services.sql`select count(*)::int as n from kie_rate_log where bucket like 'status:%' and bucket = 'status:' || left(encode(sha256('stalled-key'), 'hex'), 16)`;
    expect(rows[0]?.n).toBe(2); // the stale grant still counts against the budget until it ages out
    expect(reads).toBe(4);
  });
});
