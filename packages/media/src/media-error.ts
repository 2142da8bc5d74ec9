export type MediaErrorCode = "corrupt" | "unsupported" | "timeout" | "too_large" | "tool_failed";

/** The one error type thrown by `@lensroom/media`; `code` says what kind of failure it was. */
export class MediaError extends Error {
  override readonly name = "MediaError";

  constructor(
    readonly code: MediaErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isMediaError(error: unknown): error is MediaError {
  return error instanceof MediaError;
}
