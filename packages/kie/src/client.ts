import { z } from "zod";
import type { KieFamily } from "./families";
import { familyAdapters, type KieCreateTaskSpec } from "./families/index";
import { KieApiError } from "./errors";
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
}

export interface SharedRateLimiter {
  /** Resolves when a call may be sent, with the function to call once its reply (or failure) is back. */
  acquire(kind: "create" | "status"): Promise<() => Promise<void>>;
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
  getTaskStatus(family: KieFamily, taskId: string): Promise<KieTaskStatus>;
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

  const call = (limiter: typeof createLimiter, policy: RetryPolicy, c: KieCall): Promise<KieEnvelope> =>
    withRetry(
      async () => {
        await limiter.acquire();
        const replied = await opts.sharedLimiter?.acquire(limiter === createLimiter ? "create" : "status");
        try {
          return await kieRequest(transport, c);
        } finally {
          await replied?.();
        }
      },
      policy,
      opts.retry,
    );

  return {
    async createTask(spec) {
      const req = familyAdapters[spec.family].buildCreateRequest(spec);
      const { data } = await call(createLimiter, definiteRejection, { method: "POST", path: req.path, body: req.body });
      const parsed = createdSchema.safeParse(data);
      if (!parsed.success) throw badResponse("create response (no taskId)", data);
      return { taskId: parsed.data.taskId, family: spec.family, model: spec.model };
    },
    async getTaskStatus(family, taskId) {
      if (!taskIdPattern.test(taskId)) throw new KieApiError({ code: 0, kind: "validation", retryable: false, message: "Invalid KIE task id" });
      const adapter = familyAdapters[family];
      const envelope = await call(statusLimiter, transientFailure, {
        method: "GET",
        path: adapter.statusPath,
        query: { taskId },
        outcomeCodes: taskFailureCodes,
      });
      // A terminal failure reported in the envelope is the task's status, not an error to retry.
      if (envelope.code !== 200) return failedFromEnvelope(family, taskId, envelope);
      return adapter.parseStatus(envelope.data, taskId);
    },
    async getDownloadUrl(url) {
      const { data } = await call(statusLimiter, transientFailure, { method: "POST", path: "/api/v1/common/download-url", body: { url } });
      const parsed = downloadUrlSchema.safeParse(data);
      if (!parsed.success) throw badResponse("download-url response", data);
      return parsed.data;
    },
    async getCredits() {
      const { data } = await call(statusLimiter, transientFailure, { method: "GET", path: "/api/v1/chat/credit" });
      const parsed = creditsSchema.safeParse(data);
      if (!parsed.success) throw badResponse("credit response", data);
      return parsed.data;
    },
  };
}
