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

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Bounded retries with exponential backoff + full jitter; honours Retry-After when KIE sends one. */
export async function withRetry<T>(fn: () => Promise<T>, policy: RetryPolicy, opts: RetryOptions = {}): Promise<T> {
  const { maxAttempts = 3, baseDelayMs = 500, maxDelayMs = 8000 } = opts;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof KieApiError) || attempt >= maxAttempts || !policy(err)) throw err;
      const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
      const jittered = backoff / 2 + Math.random() * (backoff / 2);
      await sleep(Math.min(maxDelayMs, Math.max(jittered, err.retryAfterMs ?? 0)));
    }
  }
}
