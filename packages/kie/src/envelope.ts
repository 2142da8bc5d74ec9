import { z } from "zod";
import { KieApiError } from "./errors";
import { kieErrorFromCode } from "./error-mapping";

/** A message field KIE fills with a string, null, or leaves out; anything else is not a message. */
const messageField = z
  .unknown()
  .optional()
  .transform((v) => (typeof v === "string" && v.trim() !== "" ? v : null));

// `data` is optional: KIE's documented 400/401/404/429 replies carry no `data` key at all, others carry `data: null`.
const envelopeSchema = z.looseObject({
  code: z.union([z.number().int(), z.string().trim().regex(/^\d+$/).transform(Number)]),
  msg: messageField,
  message: messageField,
  data: z.unknown().optional(),
});

export interface KieEnvelope {
  code: number;
  msg: string | null;
  data: unknown;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Parse KIE's `{code, msg|message, data?}` envelope. KIE answers HTTP 200 even on failure, so this throws when
 * EITHER the HTTP status is non-2xx OR `code !== 200`. The envelope code wins when it is more specific.
 * `outcomeCodes` are codes that carry the task's own outcome on a record read (e.g. 501 "Generation Failed"): their
 * envelope is returned, not thrown, when the HTTP status is 2xx or equals the code.
 */
export function parseEnvelope(
  httpStatus: number,
  bodyText: string,
  retryAfterMs: number | null = null,
  outcomeCodes: ReadonlySet<number> = new Set(),
): KieEnvelope {
  const parsed = envelopeSchema.safeParse(parseJson(bodyText));
  const httpOk = httpStatus >= 200 && httpStatus < 300;
  if (!parsed.success) {
    if (!httpOk) throw kieErrorFromCode(httpStatus, null, httpStatus, retryAfterMs);
    throw new KieApiError({
      code: httpStatus,
      httpStatus,
      kind: "bad_response",
      retryable: false,
      message: "KIE returned a response that is not a valid envelope",
      kieMessage: bodyText.slice(0, 200),
    });
  }
  const msg = parsed.data.msg ?? parsed.data.message ?? null;
  const code = parsed.data.code;
  const envelope: KieEnvelope = { code, msg, data: parsed.data.data ?? null };
  if (outcomeCodes.has(code) && (httpOk || httpStatus === code)) return envelope;
  if (code !== 200) throw kieErrorFromCode(code, msg, httpStatus, retryAfterMs);
  if (!httpOk) throw kieErrorFromCode(httpStatus, msg, httpStatus, retryAfterMs);
  return envelope;
}
