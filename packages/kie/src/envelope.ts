import { z } from "zod";
import { KieApiError } from "./errors";
import { kieErrorFromCode } from "./error-mapping";

const envelopeSchema = z.looseObject({
  code: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]),
  msg: z.string().nullish(),
  message: z.string().nullish(),
  data: z.unknown(),
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
 * Parse KIE's `{code, msg|message, data}` envelope. KIE answers HTTP 200 even on failure, so this throws when
 * EITHER the HTTP status is non-2xx OR `code !== 200`. The envelope code wins when it is more specific.
 */
export function parseEnvelope(httpStatus: number, bodyText: string, retryAfterMs: number | null = null): KieEnvelope {
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
  if (code !== 200) throw kieErrorFromCode(code, msg, httpStatus, retryAfterMs);
  if (!httpOk) throw kieErrorFromCode(httpStatus, msg, httpStatus, retryAfterMs);
  return { code, msg, data: parsed.data.data };
}
