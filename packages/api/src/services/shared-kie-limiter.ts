import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";

import type { createDatabase } from "@lensroom/db";
import type { SharedRateLimiter } from "@lensroom/kie";

type Sql = ReturnType<typeof createDatabase>["sql"];

/**
 * KIE's documented per-key limits, each as the window our log keeps. KIE stamps a call somewhere between our grant
 * and its reply, and the log counts each call from its grant until a window after its reply, so a stalled event loop,
 * a slow network or a busy KIE can delay a call anywhere in between without two calls sharing one of KIE's windows
 * (docs/performance.md §4). The margin over KIE's window only covers clock resolution. `inFlightMs`: how long a call
 * whose reply was never recorded (its process died) keeps counting, longer than the KIE client's 15 s timeout.
 */
export type SharedLimits = Record<"create" | "status", { limit: number; windowMs: number; inFlightMs: number }>;

const KIE_SHARED_LIMITS: SharedLimits = {
  create: { limit: 20, windowMs: 11_000, inFlightMs: 20_000 },
  status: { limit: 10, windowMs: 1_010, inFlightMs: 20_000 },
};

/**
 * A sliding-window limiter kept in Postgres (`kie_rate_log`), so every worker and web process using one API key
 * shares one budget. Each attempt is one statement, `kie_rate_acquire` (migration 0003): under an advisory lock on
 * its bucket it purges calls that no longer count, then either logs a grant or says how long until the earliest
 * answered call stops counting; a caller over the limit sleeps that long and tries again. `acquire` resolves with a
 * function that records the reply: until it is called, the call counts as in flight.
 */
export function createSharedKieLimiter(sql: Sql, apiKey: string, limits: SharedLimits = KIE_SHARED_LIMITS): SharedRateLimiter {
  const keyId = createHash("sha256").update(apiKey).digest("hex").slice(0, 16);
  return {
    async acquire(kind) {
      const { limit, windowMs, inFlightMs } = limits[kind];
      const bucket = `${kind}:${keyId}`;
      for (;;) {
        const [attempt] = await sql<{ grantId: string | null; waitMs: number }[]>`
          select grant_id as "grantId", wait_ms as "waitMs" from kie_rate_acquire(${bucket}, ${limit}, ${windowMs}, ${inFlightMs})`;
        const grantId = attempt?.grantId;
        if (grantId != null) {
          // If this update fails, the call keeps counting as in flight until `inFlightMs`: slower, never over.
          return () =>
            sql`update kie_rate_log set done_at = clock_timestamp() where id = ${grantId}`.then(
              () => undefined,
              () => undefined,
            );
        }
        await sleep(attempt?.waitMs ?? 50);
      }
    },
  };
}
