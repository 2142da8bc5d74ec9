import { setTimeout as sleep } from "node:timers/promises";

import { KieApiError } from "./errors";

export interface RetryOptions {
  /** Total attempts including the first (default 3). */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export type RetryPolicy = (err: KieApiError) => boolean;

/** Rejections that prove KIE did not accept the request: safe to retry even for creates. */
export const definiteRejection: RetryPolicy = (err) => err.kind === "rate_limited" || err.kind === "maintenance" || err.kind === "queue_full";

/** Idempotent reads: any transient failure. */
export const transientFailure: RetryPolicy = (err) => err.retryable;

/**
 * The wait before the next try: full jitter (anywhere from 0 to the exponential backoff, so clients that failed
 * together spread out), but never shorter than KIE's Retry-After, and never longer than `maxDelayMs`.
 */
export function retryDelayMs(attempt: number, retryAfterMs: number | null, opts: Required<RetryOptions>, random = Math.random): number {
  const backoff = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** (attempt - 1));
  return Math.min(opts.maxDelayMs, Math.max(random() * backoff, retryAfterMs ?? 0));
}

/**
 * Bounded retries with exponential backoff and full jitter; honours Retry-After when KIE sends one. Written here
 * rather than with p-retry because p-retry has no per-error delay (Retry-After) and its `randomize` spreads a wait
 * over 1-2x the backoff instead of 0-1x.
 */
export async function withRetry<T>(fn: () => Promise<T>, policy: RetryPolicy, opts: RetryOptions = {}, signal?: AbortSignal): Promise<T> {
  const limits: Required<RetryOptions> = { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 8000, ...opts };
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof KieApiError) || attempt >= limits.maxAttempts || !policy(err)) throw err;
      // An aborted pause rejects with Node's AbortError: the caller gets its own reason instead.
      await sleep(retryDelayMs(attempt, err.retryAfterMs, limits), undefined, { signal }).catch((pause: unknown) => {
        signal?.throwIfAborted();
        throw pause;
      });
    }
  }
}
