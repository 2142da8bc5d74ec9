import { safeEqualSecret } from "@lensroom/kie/signature";

import type { AppServices } from "../app-services";
import { createDoctorState, type DoctorState } from "../metrics/doctor-state";
import { getMetrics } from "../metrics/registry";
import { refreshScrapeGauges } from "../metrics/scrape-gauges";
import { runDoctor } from "../services/admin/doctor";
import { json } from "./json-response";

export type MetricsDeps = Pick<AppServices, "env" | "db" | "storage" | "kie"> & { jobs: Pick<AppServices["jobs"], "boss"> };

/** The bearer in `Authorization` only (a session cookie never opens /metrics). */
function bearerOf(request: Request): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
  return match?.[1] ?? null;
}

/**
 * `GET /metrics`: this process's Prometheus metrics, the scrape-time gauges read first (each within its deadline).
 * Production mode requires `Authorization: Bearer $METRICS_TOKEN` (401 otherwise); embedded mode is open unless a
 * METRICS_TOKEN is set. The web app serves it as a route, every worker process on its own port (`serve-metrics.ts`).
 */
export function createMetricsHandler(getDeps: () => Promise<MetricsDeps>) {
  let doctor: DoctorState | undefined;
  return async function handleMetrics(request: Request): Promise<Response> {
    if (request.method !== "GET") return json(405, { error: "Use GET" }, { allow: "GET" });
    let deps: MetricsDeps;
    try {
      deps = await getDeps();
    } catch {
      return json(503, { error: "Service unavailable, retry later" }, { "retry-after": "30" });
    }
    const token = deps.env.METRICS_TOKEN;
    if (token || deps.env.LENSROOM_MODE !== "embedded") {
      if (!safeEqualSecret(bearerOf(request), token))
        return json(401, { error: "Send Authorization: Bearer <METRICS_TOKEN>" }, { "www-authenticate": "Bearer" });
    }
    doctor ??= createDoctorState(() => runDoctor(deps), { intervalMs: deps.env.METRICS_DOCTOR_INTERVAL_SECONDS * 1000 });
    const metrics = getMetrics();
    await refreshScrapeGauges(metrics, { boss: deps.jobs.boss, db: deps.db, doctor });
    return new Response(await metrics.registry.metrics(), {
      status: 200,
      headers: { "content-type": metrics.registry.contentType, "cache-control": "no-store" },
    });
  };
}
