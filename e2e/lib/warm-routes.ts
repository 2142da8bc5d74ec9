import { localUserId, mintAccessToken, SESSION_COOKIE } from "@lensroom/api/auth";

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
  const targets = [
    `${system.webUrl}/sign-in`,
    `${system.webUrl}/create/studio`,
    `${system.webUrl}/library`,
    `${system.adminUrl}/`,
  ];
  const timings: string[] = [];
  for (const url of targets) {
    const t = Date.now();
    const status = await fetch(url, { headers: { cookie: `${SESSION_COOKIE}=${token}` }, redirect: "manual", signal: AbortSignal.timeout(120_000) })
      .then(async (response) => {
        await response.text();
        return response.status;
      })
      .catch((error: unknown) => `error ${String(error)}`);
    timings.push(`${new URL(url).pathname} ${status} ${Date.now() - t}ms`);
  }
  return timings.join(", ");
}
