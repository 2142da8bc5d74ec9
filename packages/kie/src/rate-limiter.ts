import { systemClock, type Clock } from "./clock";
import { KieApiError } from "./errors";

export interface RateLimit {
  /** Max acquisitions per window. */
  limit: number;
  windowMs: number;
}

export interface RateLimiterOptions extends RateLimit {
  /** Max callers waiting; beyond that `acquire()` rejects immediately. */
  maxQueue?: number;
  clock?: Clock;
}

export interface RateLimiter {
  /** Resolves when the caller may proceed (FIFO). Rejects if the queue is full or `signal` aborts. */
  acquire(signal?: AbortSignal): Promise<void>;
  readonly pending: number;
}

interface Waiter {
  resolve: () => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/** Sliding-window limiter. A timer exists only while callers wait, so an idle limiter never keeps a process alive. */
export function createRateLimiter(opts: RateLimiterOptions): RateLimiter {
  const { limit, windowMs, maxQueue = 1000, clock = systemClock } = opts;
  const now = () => clock.now();
  if (!(limit >= 1) || !(windowMs > 0)) throw new RangeError("rate limit needs limit >= 1 and windowMs > 0");
  const stamps: number[] = [];
  const queue: Waiter[] = [];
  let cancelTimer: (() => void) | null = null;

  const prune = (t: number): void => {
    while (stamps.length > 0 && (stamps[0] ?? 0) <= t - windowMs) stamps.shift();
  };

  const drain = (): void => {
    cancelTimer = null;
    const t = now();
    prune(t);
    while (queue.length > 0 && stamps.length < limit) {
      const w = queue.shift();
      if (!w) break;
      w.signal?.removeEventListener("abort", w.onAbort);
      stamps.push(t);
      w.resolve();
    }
    if (queue.length > 0 && cancelTimer === null) {
      const oldest = stamps[0] ?? t;
      cancelTimer = clock.schedule(drain, Math.max(1, oldest + windowMs - t));
    }
  };

  return {
    get pending() {
      return queue.length;
    },
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      const t = now();
      prune(t);
      if (queue.length === 0 && stamps.length < limit) {
        stamps.push(t);
        return Promise.resolve();
      }
      if (queue.length >= maxQueue) {
        return Promise.reject(
          new KieApiError({ code: 0, kind: "rate_limited", retryable: true, message: "Too many KIE requests queued locally; try again shortly" }),
        );
      }
      return new Promise<void>((resolve, reject) => {
        const waiter: Waiter = {
          resolve,
          signal,
          onAbort: () => {
            const i = queue.indexOf(waiter);
            if (i >= 0) queue.splice(i, 1);
            if (queue.length === 0 && cancelTimer !== null) {
              cancelTimer();
              cancelTimer = null;
            }
            reject(signal?.reason);
          },
        };
        signal?.addEventListener("abort", waiter.onAbort, { once: true });
        queue.push(waiter);
        if (cancelTimer === null) drain();
      });
    },
  };
}
