import { z } from "zod";

export const status5xxModes = ["http500", "http503", "envelope500"] as const;
export type Status5xxMode = (typeof status5xxModes)[number];

const probability = z.number().min(0).max(1);
const status5xxSchema = z.union([
  probability,
  z.strictObject({ count: z.int().positive(), as: z.enum(status5xxModes).optional() }),
  z.strictObject({ probability, as: z.enum(status5xxModes).optional() }),
]);

/** The effect of a fault rule (everything optional; later rules override earlier ones). */
export const faultEffectsSchema = z.strictObject({
  /** Deliver callbacks this late. */
  callbackDelayMs: z.int().min(0).max(3_600_000).optional(),
  /** Extra copies of the terminal callback. */
  callbackDuplicates: z.int().min(0).max(20).optional(),
  /** Drop the callback (true, or a probability 0..1). */
  callbackLost: z.union([z.boolean(), probability]).optional(),
  /** Send a "generating" callback after the success one (out of order). */
  staleAfterSuccess: z.boolean().optional(),
  /** Make the task fail with this code/message, in the family's own fail shape. */
  fail: z.strictObject({ code: z.int().min(100).max(999), message: z.string().min(1).max(500) }).optional(),
  /** Result URLs answer 404 this long after completion (download-url links still work for 20 min). */
  resultTtlMs: z.int().min(0).optional(),
  resultContentType: z.enum(["wrong", "missing"]).optional(),
  /** Serve the result as this many bytes: the real file's header, then zero padding. */
  oversizedBytes: z.int().positive().max(4 * 1024 ** 3).optional(),
  statusLatencyMs: z.int().min(0).max(120_000).optional(),
  /** Record/download-url reads fail with HTTP 500/503 or envelope code 500 (probability, or the next `count` reads). */
  status5xx: status5xxSchema.optional(),
  /** Reject creates with this envelope code (e.g. 402, 429, 455, 550), HTTP 200. */
  createReject: z.strictObject({ code: z.int().min(100).max(999), message: z.string().max(500).optional() }).optional(),
  /** Hold create replies this long (to provoke client timeouts). */
  createLatencyMs: z.int().min(0).max(120_000).optional(),
  /** 429 beyond 20 creates / 10 s and 10 record reads / s per key (default true). */
  enforceRateLimits: z.boolean().optional(),
  renderDelayMs: z.int().min(0).max(3_600_000).optional(),
  /** Use the documented alternative (D≠) shapes: `message` key, 4o `result_urls` + string times, JSON-string Veo urls… */
  shapeVariant: z.enum(["primary", "alternate"]).optional(),
});

export const faultInputSchema = faultEffectsSchema
  .extend({
    /** Apply only to this task (existing or future). */
    taskId: z.string().min(1).max(128).optional(),
    /** Apply to the next N created tasks (for createReject: the next N create calls). */
    count: z.int().positive().optional(),
  })
  .refine((f) => f.taskId === undefined || f.count === undefined, { message: "use either taskId or count, not both" });

export type FaultEffects = z.infer<typeof faultEffectsSchema>;
export type FaultInput = z.input<typeof faultInputSchema>;
