import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";

import type { createDatabase } from "@lensroom/db";
import type { SharedRateLimiter } from "@lensroom/kie";

type Sql = ReturnType<typeof createDatabase>["sql"];

/** KIE's documented per-key limits, with a 10 % margin on the window for clock and network jitter. */
export type SharedLimits = Record<"create" | "status", { limit: number; windowMs: number }>;

export const KIE_SHARED_LIMITS: SharedLimits = {
  create: { limit: 20, windowMs: 11_000 },
  status: { limit: 10, windowMs: 1_100 },
};

/**
 * A sliding-window limiter kept in Postgres (`kie_rate_log`), so every worker and web process using one API key
 * shares one budget. Each acquire holds a transaction-scoped advisory lock on its bucket for a few statements;
 * a caller over the limit sleeps until the oldest call in the window ages out, then tries again.
 */
export function createSharedKieLimiter(sql: Sql, apiKey: string, limits: SharedLimits = KIE_SHARED_LIMITS): SharedRateLimiter {
  const keyId = createHash("sha256").update(apiKey).digest("hex").slice(0, 16);
  return {
    async acquire(kind) {
      const { limit, windowMs } = limits[kind];
      const bucket = `${kind}:${keyId}`;
      for (;;) {
        const waitMs = await sql.begin(async (tx) => {
          await tx`select pg_advisory_xact_lock(hashtext(${bucket}))`;
          await tx`delete from kie_rate_log where bucket = ${bucket} and at <= clock_timestamp() - make_interval(secs => ${windowMs / 1000})`;
          const [window] = await tx<{ n: number; waitMs: number | null }[]>`
            select count(*)::int as n,
                   (extract(epoch from min(at) + make_interval(secs => ${windowMs / 1000}) - clock_timestamp()) * 1000)::float8 as "waitMs"
            from kie_rate_log where bucket = ${bucket}`;
          if ((window?.n ?? 0) < limit) {
            await tx`insert into kie_rate_log (bucket) values (${bucket})`;
            return 0;
          }
          return Math.max(5, Math.ceil(window?.waitMs ?? 50));
        });
        if (waitMs === 0) return;
        await sleep(waitMs);
      }
    },
  };
}
