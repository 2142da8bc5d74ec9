export type DownloadErrorCode =
  "host_not_allowed" | "private_address" | "bad_scheme" | "too_many_redirects" | "too_large" | "timeout" | "not_media" | "expired" | "http_error" | "network";

const ALWAYS_RETRYABLE: ReadonlySet<DownloadErrorCode> = new Set(["network", "timeout"]);

/** Why a download was refused or failed. `retryable` says whether trying the same URL later can help. */
export class DownloadError extends Error {
  override readonly name = "DownloadError";
  readonly retryable: boolean;
  /** The HTTP status, when the failure was an HTTP answer. */
  readonly status: number | undefined;

  constructor(
    readonly code: DownloadErrorCode,
    message: string,
    options: { status?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.status = options.status;
    this.retryable = ALWAYS_RETRYABLE.has(code) || (code === "http_error" && isTransientStatus(options.status));
  }
}

/** 408, 425, 429 and 5xx: the server may answer differently later. */
function isTransientStatus(status: number | undefined): boolean {
  return status !== undefined && (status >= 500 || status === 408 || status === 425 || status === 429);
}
