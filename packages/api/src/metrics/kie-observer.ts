import type { KieClientObserver } from "@lensroom/kie";

import type { Metrics } from "./registry";

/** Counts KIE calls and times limiter waits on `metrics`, so the KIE client itself stays free of prom-client. */
export function kieMetricsObserver(metrics: Pick<Metrics, "kieCalls" | "kieLimiterWait">): KieClientObserver {
  return {
    onCall: ({ family, operation, outcome }) => metrics.kieCalls.inc({ family, operation, outcome }),
    onLimiterWait: ({ kind, limiter, seconds }) => metrics.kieLimiterWait.observe({ kind, limiter }, seconds),
  };
}
