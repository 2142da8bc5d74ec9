import { KieApiError } from "./errors";
import { parseEnvelope, type KieEnvelope } from "./envelope";

export interface KieTransport {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
  fetch: typeof globalThis.fetch;
}

export interface KieCall {
  method: "GET" | "POST";
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** The caller giving up: ends limiter waits, retry pauses and the request itself with the signal's reason. */
  signal?: AbortSignal;
  /** Envelope codes that carry the task's own outcome on this call: returned, not thrown. */
  outcomeCodes?: ReadonlySet<number>;
}

function retryAfterMs(header: string | null): number | null {
  if (!header) return null;
  const secs = Number(header);
  if (Number.isFinite(secs) && secs >= 0) return Math.min(secs * 1000, 60_000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.min(Math.max(0, at - Date.now()), 60_000);
}

function transportError(err: unknown, timeoutMs: number): KieApiError {
  const name = err instanceof Error ? err.name : "";
  if (name === "TimeoutError" || name === "AbortError") {
    return new KieApiError({ code: 0, kind: "timeout", retryable: true, message: `KIE did not answer within ${timeoutMs} ms`, cause: err });
  }
  return new KieApiError({ code: 0, kind: "network", retryable: true, message: "Could not reach KIE (network error)", cause: err });
}

/** One HTTP call to KIE: bearer auth, timeout, envelope check. Returns the envelope (code 200, or an outcome code). */
export async function kieRequest(t: KieTransport, call: KieCall): Promise<KieEnvelope> {
  const url = new URL(call.path, t.baseUrl);
  for (const [k, v] of Object.entries(call.query ?? {})) url.searchParams.set(k, v);
  const timeout = AbortSignal.timeout(t.timeoutMs);
  const signal = call.signal ? AbortSignal.any([timeout, call.signal]) : timeout;
  let res: Response;
  let text: string;
  try {
    res = await t.fetch(url, {
      method: call.method,
      headers: {
        Authorization: `Bearer ${t.apiKey}`,
        Accept: "application/json",
        ...(call.body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
      signal,
    });
    text = await res.text();
  } catch (err) {
    call.signal?.throwIfAborted();
    throw transportError(err, t.timeoutMs);
  }
  return parseEnvelope(res.status, text, retryAfterMs(res.headers.get("retry-after")), call.outcomeCodes);
}
