import { z } from "zod";

export const status5xxModes = ["http500", "http503", "envelope500"] as const;
export type Status5xxMode = (typeof status5xxModes)[number];

const probability = z.number().min(0).max(1);
const status5xxSchema = z.union([
  probability,
  z.strictObject({ count: z.int().positive(), as: z.enum(status5xxModes).optional() }),
  z.strictObject({ probability, as: z.enum(status5xxModes).optional() }),
]);

const emptyResultVariants = ["malformedJson", "emptyList", "nullResponse", "nestedInfo", "missingUrlField"] as const;
export type EmptyResultVariant = (typeof emptyResultVariants)[number];

/** Envelope code as a number or, as some KIE pages print it, a numeric string (`"code":"429"`). */
const envelopeCode = z.union([z.int().min(100).max(999), z.string().regex(/^[1-9]\d{2}$/)]);
const envelopeShape = {
  code: envelopeCode,
  msg: z.string().min(1).max(500),
  /** `msg` (default) or `message` (TD renders the key as `message`). */
  msgKey: z.enum(["msg", "message"]).optional(),
  /** "absent" (default): no `data` key at all, as KIE's 400/401/404/429 examples; "null": `"data":null`. */
  data: z.enum(["absent", "null"]).optional(),
};
const bareEnvelopeSchema = z.strictObject({
  ...envelopeShape,
  /** Which replies: creates (global/next-N rules only) or record reads (global or per task). */
  on: z.enum(["create", "record"]),
  /** Only the next `count` matching replies (default: every one, or with `probability`). */
  count: z.int().positive().optional(),
  probability: probability.optional(),
});

/** The effect of a fault rule (everything optional; later rules override earlier ones). */
const faultEffectsSchema = z.strictObject({
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
  oversizedBytes: z
    .int()
    .positive()
    .max(4 * 1024 ** 3)
    .optional(),
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
  /**
   * Fact sheet §1 "Envelope and HTTP status" / §3.1 errors / §5.6 (408 [O]): HTTP 200 with an error envelope that has no
   * `data` key (or `data:null`), `msg` or `message`, numeric or string code. E.g. create `{"code":429,"msg":"Rate limit exceeded"}`,
   * record `{"code":422,"msg":"recordInfo is null"}`, record `{"code":408,"msg":"Upstream returned no result in 10 minutes"}`.
   * The task itself is not touched (a transient reply); see `recordFailure` for a reply that means the task failed.
   */
  bareEnvelope: bareEnvelopeSchema.optional(),
  /**
   * Fact sheet §1 (record endpoints' code lists) and §4.2 callbacks: the task fails, and every record read answers the
   * envelope `{code, msg, data:null|absent}` instead of a record: Market/Flux 501 "Generation Failed", Veo/Runway 400
   * (prompt flagged) and 451 (failed to fetch the image), or 408. The callback is the family's failure callback with
   * this code/message (Market: code 501 "Playground task failed.", state fail, failCode as a string, failMsg).
   */
  recordFailure: z.strictObject({ ...envelopeShape, code: z.int().min(100).max(999) }).optional(),
  /**
   * Fact sheet §3.1–3.5 and §4.2: a success record whose URLs cannot be read. `malformedJson` (Market resultJson
   * `"{not json"`, 4o response as that string), `emptyList` (`{"resultUrls":[]}` / empty URL strings), `nullResponse`
   * (4o/Flux/Veo `response:null`, Runway `videoInfo:null`, Market resultJson null), `nestedInfo` (4o: response null,
   * URLs only under `data.info.result_urls`), `missingUrlField` (response without its URL field). `reads`: transient,
   * only the first N success reads (and the callback, sent at completion) are empty; omitted = permanent.
   */
  emptyResult: z.strictObject({ variant: z.enum(emptyResultVariants), reads: z.int().positive().optional() }).optional(),
  /**
   * Fact sheet §5.1 (14 days / 24 h, Runway `expireFlag` becomes 1) and §7 "Expiry": result URLs answer `status`
   * (404 or 410) `afterMs` after completion (default 0 = from the start), and Runway's record says `expireFlag: 1`.
   */
  resultGone: z.strictObject({ status: z.union([z.literal(404), z.literal(410)]), afterMs: z.int().min(0).optional() }).optional(),
  /**
   * Fact sheet §3.1 states (only success/fail are terminal) and its 10–15 min polling cut-off: the task never finishes;
   * the record keeps answering `generating` (default) or `queuing`, and no callback is sent.
   */
  neverFinish: z.union([z.literal(true), z.enum(["queuing", "generating"])]).optional(),
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

export type BareEnvelope = z.infer<typeof bareEnvelopeSchema>;
export type RecordFailure = NonNullable<z.infer<typeof faultEffectsSchema>["recordFailure"]>;
export type FaultEffects = z.infer<typeof faultEffectsSchema>;
export type FaultInput = z.input<typeof faultInputSchema>;
