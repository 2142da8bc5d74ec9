import { localUserId, mintAccessToken, SESSION_COOKIE } from "@lensroom/api/auth";
import { DOCTOR_PROBE_HEADER } from "@lensroom/api/http";

import type { RunningSystem } from "../../scripts/lib/start-system";

/**
 * Compile the pages the tests visit once (Turbopack compiles on first request), signed in as a staff user so
 * protected pages render instead of redirecting. Returns a short timing summary.
 */
export async function warmRoutes(system: RunningSystem): Promise<string> {
  const secret = system.env.AUTH_JWT_SECRET;
  if (!secret) return "not warmed: no AUTH_JWT_SECRET";
  const email = "warmup@example.test";
  const token = await mintAccessToken({ userId: localUserId(email), email, role: "staff", expiresInSeconds: 600 }, { secret });
  const page = (url: string): [string, RequestInit] => [url, { headers: { cookie: `${SESSION_COOKIE}=${token}` } }];
  // The webhook route, as the doctor's probe reaches it (marked, so it is not counted as a rejected callback).
  const probe: RequestInit = { method: "POST", headers: { "content-type": "application/json", [DOCTOR_PROBE_HEADER]: "1" }, body: "{}" };
  const targets: Array<[string, RequestInit]> = [
    page(`${system.webUrl}/sign-in`),
    page(`${system.webUrl}/create/studio`),
    page(`${system.webUrl}/library`),
    [`${system.webUrl}/api/webhooks/kie`, probe],
    page(`${system.adminUrl}/`),
  ];
  const timings: string[] = [];
  for (const [url, init] of targets) {
    const t = Date.now();
    const status = await fetch(url, { ...init, redirect: "manual", signal: AbortSignal.timeout(120_000) })
      .then(async (response) => {
        await response.text();
        return response.status;
      })
      .catch((error: unknown) => `error ${String(error)}`);
    timings.push(`${new URL(url).pathname} ${status} ${Date.now() - t}ms`);
  }
  return timings.join(", ");
}
