export interface KieSimulatorOptions {
  /** 0 = random free port (default 0). */
  port?: number;
  host?: string;
  /** When set, `Authorization: Bearer <apiKey>` is required; otherwise HTTP 200 `{code:401}`. */
  apiKey?: string;
  /** When set, callbacks carry X-Webhook-Timestamp / X-Webhook-Signature. */
  hmacKey?: string;
  /**
   * Scales the simulator's built-in realistic durations: default render delay, callback retry schedule (1/5/15 min),
   * download-url life (20 min) and default result TTL (14 days). Explicit ms options/faults are used as given.
   */
  timeScale?: number;
  /** waiting → queuing → generating → success/fail over this time (default 1500 ms × timeScale). */
  renderDelayMs?: number;
  /** Result URLs 404 this long after completion (default 14 days × timeScale). */
  resultTtlMs?: number;
  /** Base URL put into result/file links (default: the server's own URL). */
  publicBaseUrl?: string;
  /** Callback receiver timeout (default 15 000 ms, as documented). */
  callbackTimeoutMs?: number;
  /** Retry failed callbacks 3× after 1, 5, 15 min × timeScale (default true). */
  callbackRetries?: boolean;
  /** What `GET /api/v1/chat/credit` reports (default 1000). */
  credits?: number;
  /** Long side of rendered photos in px (default 1024). Benchmarks that are about orchestration, not pixels, go smaller. */
  photoLongSide?: number;
}

export interface ResolvedOptions {
  port: number;
  host: string;
  apiKey: string | null;
  hmacKey: string | null;
  timeScale: number;
  renderDelayMs: number;
  resultTtlMs: number;
  publicBaseUrl: string | null;
  callbackTimeoutMs: number;
  callbackRetryDelaysMs: readonly number[];
  downloadUrlTtlMs: number;
  credits: number;
  photoLongSide: number;
}

const minute = 60_000;

export function resolveOptions(o: KieSimulatorOptions): ResolvedOptions {
  const timeScale = o.timeScale ?? 1;
  if (!(timeScale > 0)) throw new RangeError("timeScale must be > 0");
  if (o.photoLongSide !== undefined && !(Number.isInteger(o.photoLongSide) && o.photoLongSide >= 16 && o.photoLongSide <= 4096)) {
    throw new RangeError("photoLongSide must be an integer from 16 to 4096");
  }
  return {
    port: o.port ?? 0,
    host: o.host ?? "127.0.0.1",
    apiKey: o.apiKey || null,
    hmacKey: o.hmacKey || null,
    timeScale,
    renderDelayMs: o.renderDelayMs ?? 1500 * timeScale,
    resultTtlMs: o.resultTtlMs ?? 14 * 24 * 60 * minute * timeScale,
    publicBaseUrl: o.publicBaseUrl?.replace(/\/+$/, "") ?? null,
    callbackTimeoutMs: o.callbackTimeoutMs ?? 15_000,
    callbackRetryDelaysMs: o.callbackRetries === false ? [] : [1, 5, 15].map((m) => m * minute * timeScale),
    downloadUrlTtlMs: 20 * minute * timeScale,
    credits: o.credits ?? 1000,
    photoLongSide: o.photoLongSide ?? 1024,
  };
}
