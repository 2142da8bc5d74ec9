import { z } from "zod";
import type { KieFamily } from "./families";
import { familyAdapters, type KieCreateTaskSpec } from "./families/index";
import { isKieApiError, KieApiError } from "./errors";
import type { KieCallReport, KieClientObserver, KieLimiterWaitReport } from "./observer";
import { createRateLimiter, type RateLimit } from "./rate-limiter";
import type { KieEnvelope } from "./envelope";
import { kieRequest, type KieCall, type KieTransport } from "./request";
import { definiteRejection, transientFailure, withRetry, type RetryOptions, type RetryPolicy } from "./retry";
import type { KieTaskStatus } from "./task-status";
import { failedFromEnvelope, taskFailureCodes } from "./task-outcome";

export interface KieClientOptions {
  baseUrl: string;
  apiKey: string;
  /** Per-attempt timeout (default 15 000 ms). */
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
  /**
   * Client-side limits. KIE documents 20 creates / 10 s and 10 status reads / s per key; the defaults keep those counts
   * over a 10% longer window so request jitter never lands an 11th read inside KIE's own window.
   */
  limits?: { create?: RateLimit; status?: RateLimit; maxQueue?: number };
  retry?: RetryOptions;
  /**
   * A limiter shared by every process using the same API key (KIE counts per key, not per process), awaited after
   * the in-process one. Without it, N processes could send N times the documented rate.
   */
  sharedLimiter?: SharedRateLimiter;
  /** Told about every call and every limiter wait (metrics); it must not throw. */
  observer?: KieClientObserver;
}

export interface SharedRateLimiter {
  /** Resolves when a call may be sent, with the function to call once its reply (or failure) is back. */
  acquire(kind: "create" | "status", signal?: AbortSignal): Promise<() => Promise<void>>;
}

export interface KieCreatedTask {
  taskId: string;
  family: KieFamily;
  model: string;
}

export interface KieClient {
  /** Creates a task. Retried only on definite rejections (429/455/550), never on timeouts (no double tasks). */
  createTask(spec: KieCreateTaskSpec): Promise<KieCreatedTask>;
  /**
   * Reads the family's record endpoint and normalizes it. An envelope 400/408/451/501 is the task's failure and comes
   * back as `state: "failed"`; other codes throw KieApiError (`recordMissing` for 422 "recordInfo is null").
   */
  getTaskStatus(family: KieFamily, taskId: string, options?: { signal?: AbortSignal }): Promise<KieTaskStatus>;
  /** Exchanges a KIE result URL for a fresh temporary (20 min) download URL. */
  getDownloadUrl(url: string): Promise<string>;
  /** Remaining account credits. */
  getCredits(): Promise<number>;
}

const taskIdPattern = /^[A-Za-z0-9_\-.:]{1,128}$/;
const createdSchema = z.object({ taskId: z.string().trim().regex(taskIdPattern) });
const downloadUrlSchema = z.url();
const creditsSchema = z.coerce.number().finite();

function badResponse(what: string, data: unknown): KieApiError {
  return new KieApiError({
    code: 200,
    kind: "bad_response",
    retryable: false,
    message: `KIE returned an unexpected ${what}`,
    kieMessage: JSON.stringify(data)?.slice(0, 300) ?? null,
  });
}

export function createKieClient(opts: KieClientOptions): KieClient {
  if (!opts.apiKey) throw new Error("createKieClient: apiKey is required");
  const transport: KieTransport = {
    baseUrl: opts.baseUrl,
    apiKey: opts.apiKey,
    timeoutMs: opts.timeoutMs ?? 15_000,
    fetch: opts.fetch ?? globalThis.fetch,
  };
  const maxQueue = opts.limits?.maxQueue ?? 1000;
  const createLimiter = createRateLimiter({ ...(opts.limits?.create ?? { limit: 20, windowMs: 11_000 }), maxQueue });
  const statusLimiter = createRateLimiter({ ...(opts.limits?.status ?? { limit: 10, windowMs: 1_100 }), maxQueue });

  const observer = opts.observer;
  const secondsSince = (start: number) => (performance.now() - start) / 1000;
  const waitFor = async <T>(kind: KieLimiterWaitReport["kind"], limiter: KieLimiterWaitReport["limiter"], acquire: () => Promise<T>) => {
    const start = performance.now();
    const granted = await acquire();
    observer?.onLimiterWait?.({ kind, limiter, seconds: secondsSince(start) });
    return granted;
  };

  const send = (limiter: typeof createLimiter, policy: RetryPolicy, c: KieCall): Promise<KieEnvelope> => {
    const kind = limiter === createLimiter ? "create" : "status";
    return withRetry(
      async () => {
        await waitFor(kind, "process", () => limiter.acquire(c.signal));
        const shared = opts.sharedLimiter;
        const replied = shared ? await waitFor(kind, "shared", () => shared.acquire(kind, c.signal)) : undefined;
        try {
          return await kieRequest(transport, c);
        } finally {
          await replied?.();
        }
      },
      policy,
      opts.retry,
      c.signal,
    );
  };

  /** `send`, reported to the observer once per call (its retries included) with how it ended. */
  const call = async (
    report: Pick<KieCallReport, "family" | "operation">,
    limiter: typeof createLimiter,
    policy: RetryPolicy,
    c: KieCall,
  ): Promise<KieEnvelope> => {
    const start = performance.now();
    try {
      const envelope = await send(limiter, policy, c);
      observer?.onCall?.({ ...report, outcome: envelope.code === 200 ? "ok" : "task_failed", seconds: secondsSince(start) });
      return envelope;
    } catch (error) {
      observer?.onCall?.({ ...report, outcome: isKieApiError(error) ? error.kind : "error", seconds: secondsSince(start) });
      throw error;
    }
  };

  return {
    async createTask(spec) {
      const req = familyAdapters[spec.family].buildCreateRequest(spec);
      const { data } = await call({ family: spec.family, operation: "create_task" }, createLimiter, definiteRejection, {
        method: "POST",
        path: req.path,
        body: req.body,
      });
      const parsed = createdSchema.safeParse(data);
      if (!parsed.success) throw badResponse("create response (no taskId)", data);
      return { taskId: parsed.data.taskId, family: spec.family, model: spec.model };
    },
    async getTaskStatus(family, taskId, options) {
      if (!taskIdPattern.test(taskId)) throw new KieApiError({ code: 0, kind: "validation", retryable: false, message: "Invalid KIE task id" });
      const adapter = familyAdapters[family];
      const envelope = await call({ family, operation: "task_status" }, statusLimiter, transientFailure, {
        method: "GET",
        path: adapter.statusPath,
        query: { taskId },
        outcomeCodes: taskFailureCodes,
        signal: options?.signal,
      });
      // A terminal failure reported in the envelope is the task's status, not an error to retry.
      if (envelope.code !== 200) return failedFromEnvelope(family, taskId, envelope);
      return adapter.parseStatus(envelope.data, taskId);
    },
    async getDownloadUrl(url) {
      const { data } = await call({ family: "common", operation: "download_url" }, statusLimiter, transientFailure, {
        method: "POST",
        path: "/api/v1/common/download-url",
        body: { url },
      });
      const parsed = downloadUrlSchema.safeParse(data);
      if (!parsed.success) throw badResponse("download-url response", data);
      return parsed.data;
    },
    async getCredits() {
      const { data } = await call({ family: "common", operation: "credits" }, statusLimiter, transientFailure, { method: "GET", path: "/api/v1/chat/credit" });
      const parsed = creditsSchema.safeParse(data);
      if (!parsed.success) throw badResponse("credit response", data);
      return parsed.data;
    },
  };
}
