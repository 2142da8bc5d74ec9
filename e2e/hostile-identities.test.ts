import { LOCAL_ISSUER, SESSION_COOKIE } from "@lensroom/api/auth";
import { hostileIdentities, type HostileIdentity, type HostileIdentityCorpus } from "@lensroom/api/testing";
import { beforeAll, describe, expect, inject, it } from "vitest";

import { appRoutes, type AppRoute } from "./lib/app-routes";

// Every page and route handler of both apps, found from their app/ folders at run time (a new one is covered), is
// requested over HTTP with each entry of the shared hostile-identity corpus: pages end at the sign-in page, routes
// answer exactly as to an anonymous caller, and nothing answers 5xx.

const secret = inject("authJwtSecret");
const APPS = [
  { app: "web", baseUrl: inject("webUrl"), signedInPage: "/library", samples: { trpc: "library.list" } },
  { app: "admin", baseUrl: inject("adminUrl"), signedInPage: "/", samples: { trpc: "health.report" } },
];
/** Queries a route needs before it reads the caller at all (sync-task checks its taskId first). */
const QUERIES: Record<string, string> = { "/api/sync-task": "?taskId=hostile-check" };
/** What an anonymous caller gets from the routes that read identity: the corpus must get exactly that. */
const ANONYMOUS: Record<string, number> = { "POST /api/sync-task": 401, "GET /api/trpc/library.list": 401, "GET /api/trpc/health.report": 401 };

const TIMEOUT_MS = 60_000;

/** A request, its body released; a redirect is not followed. */
async function statusOf(url: string, init: RequestInit): Promise<{ status: number; location: string | null }> {
  const response = await fetch(url, { ...init, redirect: "manual", signal: AbortSignal.timeout(TIMEOUT_MS) });
  await response.body?.cancel();
  return { status: response.status, location: response.headers.get("location") };
}

/** Each hop of a page visit with `headers`, redirects followed by hand (the same headers every time, as a browser). */
async function visit(url: string, headers: Record<string, string>): Promise<Array<{ url: string; status: number }>> {
  const hops: Array<{ url: string; status: number }> = [];
  let next: string | null = url;
  while (next && hops.length < 6) {
    const { status, location } = await statusOf(next, { headers });
    hops.push({ url: next, status });
    next = status >= 300 && status < 400 && location ? new URL(location, next).toString() : null;
  }
  return hops;
}

/** Why a page visit is wrong for an anonymous caller, or null: it must end on the sign-in page (or 401), never 5xx. */
function wrongPageVisit(entry: HostileIdentity, hops: Array<{ url: string; status: number }>): string | null {
  const trail = hops.map((hop) => `${new URL(hop.url).pathname} ${hop.status}`).join(" → ");
  if (entry.refusedOverHttp && hops.length === 1 && hops[0]?.status === 431) return null;
  if (hops.some((hop) => hop.status >= 500)) return trail;
  const last = hops.at(-1);
  if (!last || (last.status !== 401 && !(last.status === 200 && new URL(last.url).pathname === "/sign-in"))) return trail;
  return null;
}

function requestInit(method: string, headers: Record<string, string>): RequestInit {
  if (method === "GET" || method === "HEAD") return { method, headers };
  return { method, headers: { ...headers, "content-type": "application/json" }, body: "{}" };
}

describe.skipIf(!secret)("hostile identities over HTTP", () => {
  let corpus: HostileIdentityCorpus;
  const routesByApp = new Map<string, AppRoute[]>();

  beforeAll(async () => {
    corpus = await hostileIdentities({ secret, issuer: LOCAL_ISSUER });
    for (const { app, samples } of APPS) routesByApp.set(app, await appRoutes(app, samples));
  });

  for (const { app, baseUrl, signedInPage } of APPS) {
    describe(app, () => {
      it("finds the app's pages and /api routes", () => {
        const routes = routesByApp.get(app) ?? [];
        expect(routes.filter((route) => route.kind === "page").map((route) => route.path)).toContain("/sign-in");
        expect(routes.some((route) => route.kind === "route" && route.path.startsWith("/api/trpc/") && route.methods.includes("GET"))).toBe(true);
      });

      it(`lets the corpus's genuine token in (${signedInPage} renders), so the corpus is refused for its flaws alone`, async () => {
        const { status } = await statusOf(`${baseUrl}${signedInPage}`, { headers: { cookie: `${SESSION_COOKIE}=${corpus.genuine.token}` } });
        expect(status).toBe(200);
      });

      it("sends every hostile identity on every page to the sign-in page, never a 5xx", async () => {
        const pages = (routesByApp.get(app) ?? []).filter((route) => route.kind === "page");
        const wrong: string[] = [];
        for (const page of pages) {
          const anonymous = wrongPageVisit({ name: "anonymous", headers: {} }, await visit(`${baseUrl}${page.path}`, {}));
          if (anonymous) wrong.push(`${page.path} × anonymous: ${anonymous}`);
          for (const entry of corpus.entries) {
            const why = wrongPageVisit(entry, await visit(`${baseUrl}${page.path}`, entry.headers));
            if (why) wrong.push(`${page.path} × ${entry.name}: ${why}`);
          }
        }
        expect(wrong).toEqual([]);
      });

      it("answers every hostile identity on every route handler as an anonymous caller, never a 5xx", async () => {
        const routes = (routesByApp.get(app) ?? []).flatMap((route) => (route.kind === "route" ? route.methods.map((method) => ({ method, route })) : []));
        const wrong: string[] = [];
        for (const { method, route } of routes) {
          const url = `${baseUrl}${route.path}${QUERIES[route.path] ?? ""}`;
          const anonymous = (await statusOf(url, requestInit(method, {}))).status;
          const expected = ANONYMOUS[`${method} ${route.path}`];
          if (anonymous >= 500 || (expected !== undefined && anonymous !== expected)) wrong.push(`${method} ${route.path} × anonymous: ${anonymous}`);
          for (const entry of corpus.entries) {
            const { status } = await statusOf(url, requestInit(method, entry.headers));
            const refused = entry.refusedOverHttp && status === 431;
            if (!refused && status !== anonymous) wrong.push(`${method} ${route.path} × ${entry.name}: ${status} (anonymous: ${anonymous})`);
          }
        }
        expect(wrong).toEqual([]);
      });
    });
  }
});
