import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { rename } from "node:fs/promises";
import path from "node:path";
import { sniffMedia, SNIFF_HEAD_BYTES, type SniffedMedia } from "@lensroom/media";
import { DownloadError } from "./download-error";
import { isHostAllowed, normaliseHost } from "./host-allowlist";
import { requestPinned } from "./request-pinned";
import { resolveAddress, systemLookup, type LookupAll } from "./resolve-address";
import { classifyFailure } from "./classify-failure";
import { writeCappedFile } from "./write-capped-file";

export interface DownloadOptions {
  /** Exact host names (or IP literals) and `*.suffix` patterns; checked on every redirect hop. */
  allowedHosts: readonly string[];
  /** True only in embedded/dev mode, where the simulator listens on loopback. */
  allowPrivateAddresses: boolean;
  destDir: string;
  maxBytes?: number;
  /** For the whole download: every hop, DNS and the body. */
  timeoutMs?: number;
  maxRedirects?: number;
  /** DNS resolution; tests inject one that maps names to loopback. */
  lookup?: LookupAll;
}

export interface DownloadedFile {
  filePath: string;
  bytes: number;
  /** Decided from the file's first bytes; the server's Content-Type is ignored. */
  media: SniffedMedia;
  /** The URL the file was finally served from, after redirects. */
  finalUrl: string;
}

export { DownloadError } from "./download-error";
export type { LookupAll } from "./resolve-address";

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const EXPIRED_STATUSES = new Set([403, 404, 410]);

/**
 * Downloads an image or video from an allow-listed host into `destDir`, streaming with a byte cap and
 * an overall timeout, following at most `maxRedirects` redirects, connecting only to addresses that
 * were checked. Throws `DownloadError` (anything else is a bug or a local disk failure, rethrown as is);
 * never leaves a partial file behind.
 */
export async function downloadToFile(url: string, options: DownloadOptions): Promise<DownloadedFile> {
  const { maxBytes = 50_000_000, timeoutMs = 60_000, maxRedirects = 3, lookup = systemLookup } = options;
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    let current = parseUrl(url);
    for (let redirects = 0; ; redirects++) {
      const response = await requestHop(current, options, lookup, signal);
      const location = redirectTarget(response, current);
      if (!location) return await saveBody(response, current, options.destDir, maxBytes, signal);
      if (redirects >= maxRedirects) throw new DownloadError("too_many_redirects", `more than ${maxRedirects} redirects`);
      current = location;
    }
  } catch (error) {
    throw classifyFailure(error, signal, timeoutMs) ?? error;
  }
}

function parseUrl(raw: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch (error) {
    throw new DownloadError("bad_scheme", `not a valid URL: ${raw}`, { cause: error });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new DownloadError("bad_scheme", `only http and https URLs can be downloaded, not ${url.protocol}`);
  }
  return url;
}

async function requestHop(url: URL, options: DownloadOptions, lookup: LookupAll, signal: AbortSignal): Promise<IncomingMessage> {
  const host = normaliseHost(url.hostname);
  if (!isHostAllowed(host, options.allowedHosts)) throw new DownloadError("host_not_allowed", `${host} is not an allowed host`);
  const pinned = await raceAbort(resolveAddress(host, lookup, options.allowPrivateAddresses), signal);
  return requestPinned(url, pinned, signal);
}

/** The next URL when the response is a redirect (its body is discarded), else null after checking the status. */
function redirectTarget(response: IncomingMessage, current: URL): URL | null {
  const status = response.statusCode ?? 0;
  if (status >= 200 && status < 300) return null;
  response.destroy();
  const location = response.headers.location;
  if (REDIRECT_STATUSES.has(status) && location) return parseUrl(location, current);
  if (EXPIRED_STATUSES.has(status)) throw new DownloadError("expired", `${current.host} answered ${status}: the file is gone`, { status });
  throw new DownloadError("http_error", `${current.host} answered HTTP ${status}`, { status });
}

async function saveBody(response: IncomingMessage, url: URL, destDir: string, maxBytes: number, signal: AbortSignal): Promise<DownloadedFile> {
  const declared = Number(response.headers["content-length"]);
  if (declared > maxBytes) {
    response.destroy();
    throw new DownloadError("too_large", `the file is ${declared} bytes, more than the ${maxBytes} allowed`);
  }
  const id = randomUUID();
  const partPath = path.join(destDir, `.download-${id}.part`);
  const { bytes, inspected: media } = await writeCappedFile(response, partPath, {
    maxBytes,
    headBytes: SNIFF_HEAD_BYTES,
    inspectHead: (head) => {
      const sniffed = sniffMedia(head);
      if (!sniffed) throw new DownloadError("not_media", `${url.host} did not send an image or video`);
      return sniffed;
    },
    signal,
  });
  const filePath = path.join(destDir, `download-${id}.${media.ext}`);
  await rename(partPath, filePath);
  return { filePath, bytes, media, finalUrl: url.href };
}

/** Rejects as soon as `signal` aborts (for steps such as DNS that take no signal). */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
