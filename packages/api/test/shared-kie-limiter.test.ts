import { createHash } from "node:crypto";

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
    // Every grant (`at`) and reply (`done_at`) is stamped with the database clock, where the limiter decides; an audit
    // trigger keeps each stamp (the limiter deletes rows once they stop counting), so the tests assert on that clock.
    await env.services.sql.unsafe(`
      create table kie_rate_audit (id bigint primary key, bucket text not null, at timestamptz not null, done_at timestamptz);
      create function kie_rate_audit_fn() returns trigger language plpgsql as $$
        begin
          insert into kie_rate_audit values (new.id, new.bucket, new.at, new.done_at)
            on conflict (id) do update set done_at = excluded.done_at;
          return new;
        end $$;
      create trigger kie_rate_audit_trg after insert or update on kie_rate_log for each row execute function kie_rate_audit_fn();`);
  });
  /** An API key's status reads in grant order: grant and reply as ms since the epoch on the database clock. */
  const statusStamps = async (apiKey: string) =>
    (
      await env.services.sql<{ at: string; doneAt: string | null }[]>`
        select extract(epoch from at) * 1000 as at, extract(epoch from done_at) * 1000 as "doneAt"
        from kie_rate_audit where bucket = ${`status:${createHash("sha256").update(apiKey).digest("hex").slice(0, 16)}`} order by at`
    ).map((r) => ({ at: Number(r.at), doneAt: r.doneAt === null ? null : Number(r.doneAt) }));
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
    await env?.services.close();
  });

  it("lets at most `limit` calls through in any sliding window, across pools (on the database clock)", async () => {
    const limits = { create: { limit: 20, windowMs: 11_000, inFlightMs: 20_000 }, status: { limit: 5, windowMs: 500, inFlightMs: 20_000 } };
    const limiters = pools.map((p) => createSharedKieLimiter(p.sql, "one-api-key", limits));
    // Each call is answered at once, as a quick KIE would.
    await Promise.all(Array.from({ length: 18 }, async (_, i) => (await limiters[i % limiters.length]!.acquire("status"))()));

    const granted = (await statusStamps("one-api-key")).map((g) => g.at);
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
    let granted = false;
    const second = limiter.acquire("status").then((done) => ((granted = true), done));
    await new Promise((resolve) => setTimeout(resolve, 700)); // the slow reply under test: in flight long past a window
    expect(granted).toBe(false);
    await replied();
    await (
      await second
    )();
    const [first, next] = await statusStamps("slow-replies");
    expect(first?.doneAt).not.toBeNull();
    expect((next?.at ?? 0) - (first?.doneAt ?? Infinity)).toBeGreaterThanOrEqual(300); // a window after the reply
  });

  it("stops counting a call that never got its reply recorded (its process died) after `inFlightMs`", async () => {
    const limits = { create: { limit: 20, windowMs: 11_000, inFlightMs: 20_000 }, status: { limit: 1, windowMs: 200, inFlightMs: 400 } };
    const limiter = createSharedKieLimiter(pools[1]!.sql, "died-in-flight", limits);
    await limiter.acquire("status"); // never replied
    await (
      await limiter.acquire("status")
    )();
    const [first, next] = await statusStamps("died-in-flight");
    expect(first?.doneAt).toBeNull();
    expect((next?.at ?? 0) - (first?.at ?? Infinity)).toBeGreaterThanOrEqual(600); // in flight 400 ms + a window of 200
  });

  it("serves one process's waiters in the order they arrived", async () => {
    const limits = { create: { limit: 20, windowMs: 11_000, inFlightMs: 20_000 }, status: { limit: 1, windowMs: 150, inFlightMs: 20_000 } };
    const limiter = createSharedKieLimiter(pools[2]!.sql, "in-order", limits);
    const granted: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const replied = await limiter.acquire("status");
        granted.push(i);
        await replied();
      }),
    );
    expect(granted).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("lets a waiter leave the line when its signal aborts, and the next one keeps its turn", async () => {
    const limits = { create: { limit: 20, windowMs: 11_000, inFlightMs: 20_000 }, status: { limit: 1, windowMs: 400, inFlightMs: 20_000 } };
    const limiter = createSharedKieLimiter(pools[0]!.sql, "abortable", limits);
    await (
      await limiter.acquire("status")
    )();
    const leaving = new AbortController();
    const second = limiter.acquire("status", leaving.signal);
    const third = limiter.acquire("status");
    leaving.abort(new Error("the job was stopped"));
    await expect(second).rejects.toThrow("the job was stopped");
    await (
      await third
    )();
    await expect(limiter.acquire("status", AbortSignal.abort(new Error("already gone")))).rejects.toThrow("already gone");
    expect(await statusStamps("abortable")).toHaveLength(2); // the aborted waiters were never granted
  });
});
