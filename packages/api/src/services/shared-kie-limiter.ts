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
 * answered call stops counting. `acquire` resolves with a function that records the reply: until it is called, the
 * call counts as in flight.
 *
 * Within a process, callers of one kind are served in arrival order: only the caller at the head of the line asks
 * the database (and sleeps when told to wait), so a late caller never overtakes one that has waited longer, and a
 * process sends one attempt at a time instead of every waiter polling. A caller whose signal aborts leaves the line
 * at once with the signal's reason.
 */
export function createSharedKieLimiter(sql: Sql, apiKey: string, limits: SharedLimits = KIE_SHARED_LIMITS): SharedRateLimiter {
  const keyId = createHash("sha256").update(apiKey).digest("hex").slice(0, 16);
  /** Per kind, the promise the next caller in line waits for: the previous caller's turn ending. */
  const lineEnd: Record<keyof SharedLimits, Promise<void>> = { create: Promise.resolve(), status: Promise.resolve() };

  const grant = async (kind: keyof SharedLimits, signal: AbortSignal | undefined) => {
    const { limit, windowMs, inFlightMs } = limits[kind];
    const bucket = `${kind}:${keyId}`;
    for (;;) {
      signal?.throwIfAborted();
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
      // An aborted sleep rejects with Node's AbortError: the caller gets its own reason instead.
      await sleep(attempt?.waitMs ?? 50, undefined, { signal }).catch((pause: unknown) => {
        signal?.throwIfAborted();
        throw pause;
      });
    }
  };

  return {
    async acquire(kind, signal) {
      signal?.throwIfAborted();
      const previous = lineEnd[kind];
      let endTurn!: () => void;
      lineEnd[kind] = new Promise<void>((resolve) => (endTurn = resolve));
      try {
        await abortable(previous, signal);
        return await grant(kind, signal);
      } finally {
        // Whoever is next waits for this turn to end, however it ended (granted, aborted or failed). A caller that
        // leaves early passes its place on only once the callers before it are done, so the line keeps its order.
        void previous.then(endTurn);
      }
    },
  };
}

/** Resolves when `turn` does (a turn never rejects), or rejects with the signal's reason as soon as it aborts. */
function abortable(turn: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return turn;
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener("abort", onAbort, { once: true });
    void turn.then(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    });
  });
}
