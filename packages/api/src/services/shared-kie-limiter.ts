import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";

import type { createDatabase } from "@lensroom/db";
import type { SharedRateLimiter } from "@lensroom/kie";

type Sql = ReturnType<typeof createDatabase>["sql"];

/**
 * KIE's documented per-key limits, each with a margin on the window for the time between a grant and its request.
 * `maxGrantToSendMs`: a grant is stamped with the database clock when it is logged; if its caller is still not
 * sending the request this long after the insert was issued (a busy event loop, a slow commit), the request could
 * reach KIE late enough to share a KIE window with grants made after it. Such a grant is left to age out and another
 * is taken, so the margin only has to cover this bound.
 */
export type SharedLimits = Record<"create" | "status", { limit: number; windowMs: number; maxGrantToSendMs?: number }>;

export const KIE_SHARED_LIMITS: SharedLimits = {
  create: { limit: 20, windowMs: 11_000 },
  // 10 per second with a 50 ms margin, kept honest by the 40 ms grant-to-send bound. (A 10 % margin alone cost a
  // status-bound repair 10 % of its speed, and still let a request stalled 100 ms on a busy machine draw a 429.)
  status: { limit: 10, windowMs: 1_050, maxGrantToSendMs: 40 },
};

/**
 * A sliding-window limiter kept in Postgres (`kie_rate_log`), so every worker and web process using one API key
 * shares one budget. Each acquire holds a transaction-scoped advisory lock on its bucket for a few statements;
 * a caller over the limit sleeps until the oldest call in the window ages out, then tries again.
 */
export function createSharedKieLimiter(
  sql: Sql,
  apiKey: string,
  limits: SharedLimits = KIE_SHARED_LIMITS,
  now: () => number = () => performance.now(),
): SharedRateLimiter {
  const keyId = createHash("sha256").update(apiKey).digest("hex").slice(0, 16);
  return {
    async acquire(kind) {
      const { limit, windowMs, maxGrantToSendMs = Infinity } = limits[kind];
      const bucket = `${kind}:${keyId}`;
      for (;;) {
        let grantedAt = 0;
        const waitMs = await sql.begin(async (tx) => {
          await tx`select pg_advisory_xact_lock(hashtext(${bucket}))`;
          await tx`delete from kie_rate_log where bucket = ${bucket} and at <= clock_timestamp() - make_interval(secs => ${windowMs / 1000})`;
          const [window] = await tx<{ n: number; waitMs: number | null }[]>`
            select count(*)::int as n,
                   (extract(epoch from min(at) + make_interval(secs => ${windowMs / 1000}) - clock_timestamp()) * 1000)::float8 as "waitMs"
            from kie_rate_log where bucket = ${bucket}`;
          if ((window?.n ?? 0) < limit) {
            grantedAt = now();
            await tx`insert into kie_rate_log (bucket) values (${bucket})`;
            return 0;
          }
          return Math.max(5, Math.ceil(window?.waitMs ?? 50));
        });
        if (waitMs === 0 && now() - grantedAt <= maxGrantToSendMs) return;
        if (waitMs > 0) await sleep(waitMs);
      }
    },
  };
}
