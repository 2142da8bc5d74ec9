import { KieApiError, type KieErrorKind } from "./errors";

interface CodeRule {
  kind: KieErrorKind;
  retryable: boolean;
  message: string;
}

/** Every code KIE documents (fact sheet §5.6 and the endpoints' code lists), with its meaning. */
const rules: Record<number, CodeRule> = {
  400: { kind: "validation", retryable: false, message: "KIE rejected the request as invalid" },
  401: { kind: "unauthorized", retryable: false, message: "KIE rejected the API key; check KIE_API_KEY" },
  402: { kind: "insufficient_credits", retryable: false, message: "Insufficient KIE credits" },
  404: { kind: "not_found", retryable: false, message: "KIE could not find the requested resource" },
  // 408 is "no result for over 10 minutes": a task outcome on record reads; on other calls a retryable timeout.
  408: { kind: "timeout", retryable: true, message: "KIE timed out, retrying" },
  422: { kind: "validation", retryable: false, message: "KIE rejected the request parameters" },
  429: { kind: "rate_limited", retryable: true, message: "KIE rate limit reached, retrying" },
  // 433 is in KIE's enum without a documented meaning: not safe to repeat blindly.
  433: { kind: "server", retryable: false, message: "KIE returned undocumented error 433" },
  451: { kind: "input_fetch_failed", retryable: false, message: "KIE could not download the input image" },
  455: { kind: "maintenance", retryable: true, message: "KIE is under maintenance, retrying" },
  501: { kind: "generation_failed", retryable: false, message: "KIE reported that the generation failed" },
  505: { kind: "feature_disabled", retryable: false, message: "This KIE feature is currently disabled" },
  550: { kind: "queue_full", retryable: true, message: "KIE's queue is full, retrying" },
};

const recordMissingPattern = /record(info)? is null/i;
/** KIE sometimes answers 500 for validation problems ("This field is required"). */
const validationPattern = /required|invalid|must be|not supported|format/i;

/** Map a KIE envelope code (or HTTP status) and message to a typed error; KIE's message stays in the text. */
export function kieErrorFromCode(code: number, kieMessage: string | null, httpStatus: number | null, retryAfterMs: number | null = null): KieApiError {
  const detail = kieMessage ? `: ${kieMessage}` : "";
  const base = { code, httpStatus, kieMessage, retryAfterMs };
  if (code === 422 && kieMessage !== null && recordMissingPattern.test(kieMessage)) {
    return new KieApiError({
      ...base,
      kind: "not_found",
      retryable: false,
      recordMissing: true,
      message: `KIE has no record of this task (yet); it may appear shortly after creation${detail}`,
    });
  }
  const rule = rules[code];
  if (rule) return new KieApiError({ ...base, ...rule, message: `${rule.message}${detail}` });
  if (code >= 500 && code < 600) {
    if (kieMessage !== null && validationPattern.test(kieMessage)) {
      return new KieApiError({ ...base, kind: "validation", retryable: false, message: `KIE rejected the request${detail}` });
    }
    return new KieApiError({ ...base, kind: "server", retryable: true, message: `KIE server error (${code}), retrying${detail}` });
  }
  return new KieApiError({ ...base, kind: "validation", retryable: false, message: `KIE returned error ${code}${detail}` });
}
