import { DownloadError } from "./download-error";

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ERR_STREAM_PREMATURE_CLOSE",
  "HPE_INVALID_CONSTANT",
  "HPE_INVALID_HEADER_TOKEN",
]);

function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  return typeof error.code === "string" ? error.code : undefined;
}

/**
 * What a failed download step means: our own errors pass through, an abort of the overall `signal` is a
 * timeout, socket/TLS/HTTP-parser failures are `network`. Undefined for anything else (bugs, local
 * disk errors), which the caller rethrows unchanged.
 */
export function classifyFailure(error: unknown, signal: AbortSignal, timeoutMs: number): DownloadError | undefined {
  if (error instanceof DownloadError) return error;
  if (signal.aborted) return new DownloadError("timeout", `the download did not finish within ${timeoutMs} ms`, { cause: error });
  const message = error instanceof Error ? error.message : String(error);
  const code = errorCode(error);
  const isNetwork =
    (code !== undefined && (NETWORK_CODES.has(code) || code.startsWith("ERR_TLS") || code.includes("CERT"))) ||
    message === "socket hang up" ||
    message === "aborted";
  return isNetwork ? new DownloadError("network", `network failure${code ? ` (${code})` : ""}: ${message}`, { cause: error }) : undefined;
}
