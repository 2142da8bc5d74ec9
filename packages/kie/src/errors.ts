export type KieErrorKind =
  | "unauthorized"
  | "insufficient_credits"
  | "validation"
  | "not_found"
  | "rate_limited"
  | "input_fetch_failed"
  | "maintenance"
  | "server"
  | "queue_full"
  | "feature_disabled"
  /** 501 "Generation Failed" outside a record read (a record read returns it as a failed status instead). */
  | "generation_failed"
  | "timeout"
  | "network"
  | "bad_response";

export interface KieApiErrorInit {
  /** Envelope `code` or HTTP status; 0 when KIE gave no code (network, timeout, local validation). */
  code: number;
  kind: KieErrorKind;
  retryable: boolean;
  message: string;
  httpStatus?: number | null;
  kieMessage?: string | null;
  recordMissing?: boolean;
  retryAfterMs?: number | null;
  cause?: unknown;
}

/** Every failure of a KIE call, classified so callers can decide what to do without parsing strings. */
export class KieApiError extends Error {
  override readonly name = "KieApiError";
  readonly code: number;
  readonly kind: KieErrorKind;
  readonly retryable: boolean;
  readonly httpStatus: number | null;
  /** KIE's own `msg`, untranslated. */
  readonly kieMessage: string | null;
  /** 422 "recordInfo is null": the task is unknown or not visible yet (normal right after creation). */
  readonly recordMissing: boolean;
  readonly retryAfterMs: number | null;

  constructor(init: KieApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.kind = init.kind;
    this.retryable = init.retryable;
    this.httpStatus = init.httpStatus ?? null;
    this.kieMessage = init.kieMessage ?? null;
    this.recordMissing = init.recordMissing ?? false;
    this.retryAfterMs = init.retryAfterMs ?? null;
  }
}

export function isKieApiError(err: unknown): err is KieApiError {
  return err instanceof KieApiError;
}
