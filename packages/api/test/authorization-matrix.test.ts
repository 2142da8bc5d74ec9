import { generations, webhookDeliveries } from "@lensroom/db";
import { signCallback } from "@lensroom/kie/signature";
import { startKieSimulator } from "@lensroom/kie-simulator";
import { TRPCError, type AnyTRPCRouter } from "@trpc/server";
import { eq } from "drizzle-orm";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { adminRouter } from "../src/admin";
import { SESSION_COOKIE } from "../src/auth/identity";
import { tokenVerifierConfigFromEnv } from "../src/auth/token-config";
import { localUserId, verifyAccessToken } from "../src/auth/tokens";
import * as httpRoutes from "../src/http";
import { startWorkers } from "../src/jobs/worker";
import { appRouter } from "../src/root";
import { startBulkRun } from "../src/services/bulk/start-bulk-run";
import { createTestServices, hostileIdentities, TEST_SECRETS, type HostileIdentityCorpus } from "../src/testing";
import { serveFetchHandler } from "../src/testing/serve-fetch-handler";
import { createCallerFactory, createTRPCContext } from "../src/trpc";
import { startFakeSupabaseAuth, type FakeSupabaseAuth } from "./fake-supabase-auth";
import { sessionTokenSetBy, USER_A, USER_B } from "./helpers";

// Every tRPC procedure and every HTTP route × every kind of caller → the expected allow or deny. Procedures are
// enumerated from the routers at run time: a procedure without a row here fails this file.

const WHO = ["anonymous", "userA", "userB", "staff", "expired", "otherKey", "algNone"] as const;
type Who = (typeof WHO)[number];
const STAFF = "3c9e1f4a-6b2d-4e8f-9a1c-5d7e2f8a0b6c";
const LEGACY_SECRET = "legacy-supabase-jwt-secret-0123456789abcdef";

type Code = "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "BAD_REQUEST" | "CONFLICT";
type Expectation =
  | { ok: true; check?: (result: unknown, who: Who) => void | Promise<void> }
  | { error: Code }
  /** Past authentication and authorization; the procedure itself may still refuse (e.g. CONFLICT for a run state). */
  | { passesAuth: true };
interface ProcedureRow {
  input?: (who: Who) => unknown;
  expect: Record<Who, Expectation>;
}

const allow = (check?: (result: unknown, who: Who) => void | Promise<void>): Expectation => ({ ok: true, check });
const deny = (error: Code): Expectation => ({ error });
const passesAuth: Expectation = { passesAuth: true };
// Forged and stale tokens claim app_metadata.role = admin: they must still be nobody.
const BAD_TOKENS = { anonymous: deny("UNAUTHORIZED"), expired: deny("UNAUTHORIZED"), otherKey: deny("UNAUTHORIZED"), algNone: deny("UNAUTHORIZED") };
const signedIn = (check?: (result: unknown, who: Who) => void | Promise<void>) => ({
  ...BAD_TOKENS,
  userA: allow(check),
  userB: allow(check),
  staff: allow(check),
});
const staffOnly = (staff: Expectation = allow()) => ({ ...BAD_TOKENS, userA: deny("FORBIDDEN"), userB: deny("FORBIDDEN"), staff });
const USER_OF: Record<Who, string | null> = { anonymous: null, userA: USER_A, userB: USER_B, staff: STAFF, expired: null, otherKey: null, algNone: null };
const everyone = (check: (result: unknown, who: Who) => void) => Object.fromEntries(WHO.map((who) => [who, allow(check)])) as Record<Who, Expectation>;

const seeded = { generatingId: "", successId: "", taskId: "", objectPath: "", runId: "", deliveryId: "", bOwnId: "", deletableId: "", deletablePath: "" };
const ids = (result: unknown) => ((result as { items?: { id: string }[] }).items ?? (result as { id: string }[])).map((item) => item.id);
const meCheck = (result: unknown, who: Who) => {
  const user = USER_OF[who];
  expect(result === null ? null : (result as { userId: string }).userId).toBe(user);
  if (who === "staff") expect(result).toMatchObject({ role: "staff" });
  if (who === "userA" || who === "userB") expect(result).toMatchObject({ role: "user" });
};

let env: Awaited<ReturnType<typeof createTestServices>>;

const APP_MATRIX: Record<string, ProcedureRow> = {
  me: { expect: everyone(meCheck) },
  "studio.models": { expect: signedIn((r) => expect(Array.isArray(r) && r.length > 0).toBe(true)) },
  "studio.create": {
    input: () => ({ type: "photo", modelId: "google/imagen4", prompt: "a lighthouse at dusk" }),
    expect: signedIn(async (result, who) => {
      const [row] = await env.services.db
        .select({ userId: generations.userId })
        .from(generations)
        .where(eq(generations.id, (result as { id: string }).id));
      expect(row?.userId).toBe(USER_OF[who]);
    }),
  },
  "library.list": {
    input: () => ({ limit: 100 }),
    expect: signedIn((result, who) => {
      const own = (result as { items: { userId: string }[] }).items.map((item) => item.userId);
      expect(own.every((userId) => userId === USER_OF[who])).toBe(true);
      if (who === "userA") expect(ids(result)).toEqual(expect.arrayContaining([seeded.generatingId, seeded.successId]));
      else expect(ids(result)).not.toContain(seeded.successId);
    }),
  },
  "library.byIds": {
    input: () => ({ ids: [seeded.generatingId, seeded.successId, seeded.bOwnId] }),
    expect: signedIn((result, who) => {
      const expected = { userA: [seeded.generatingId, seeded.successId], userB: [seeded.bOwnId] }[who as "userA" | "userB"] ?? [];
      expect(ids(result).sort()).toEqual([...expected].sort());
    }),
  },
  "library.fallbackSync": { expect: signedIn() },
  "library.delete": {
    // User A deletes a generation of their own; everyone else aims at A's other generation, which must survive.
    input: (who) => ({ id: who === "userA" ? seeded.deletableId : seeded.successId }),
    expect: {
      ...BAD_TOKENS,
      userA: allow(async () => {
        expect(await env.services.db.select().from(generations).where(eq(generations.id, seeded.deletableId))).toHaveLength(0);
        expect(await env.services.storage.exists(seeded.deletablePath)).toBe(false);
      }),
      userB: deny("NOT_FOUND"),
      staff: deny("NOT_FOUND"),
    },
  },
};

const ADMIN_MATRIX: Record<string, ProcedureRow> = {
  me: { expect: everyone(meCheck) },
  "health.report": { expect: staffOnly() },
  "health.doctor": { expect: staffOnly() },
  "health.ensureBucket": { expect: staffOnly() },
  "health.testGeneration": { expect: staffOnly() },
  "health.deepScan": { expect: staffOnly() },
  "health.failedJobs": { input: () => ({}), expect: staffOnly() },
  "generations.problems": { input: () => ({}), expect: staffOnly() },
  "generations.detail": {
    input: () => ({ id: seeded.successId }),
    expect: staffOnly(allow((result) => expect(JSON.stringify(result)).toContain(seeded.successId))),
  },
  "generations.resync": { input: () => ({ id: seeded.generatingId }), expect: staffOnly() },
  "generations.rederive": { input: () => ({ id: seeded.successId }), expect: staffOnly() },
  "bulk.start": { input: () => ({ kind: "resync_missing" }), expect: staffOnly(passesAuth) },
  "bulk.runs": { expect: staffOnly() },
  "bulk.progress": { input: () => ({ runId: seeded.runId }), expect: staffOnly() },
  "bulk.pause": { input: () => ({ runId: seeded.runId }), expect: staffOnly(passesAuth) },
  "bulk.resume": { input: () => ({ runId: seeded.runId }), expect: staffOnly(passesAuth) },
  "bulk.cancel": { input: () => ({ runId: seeded.runId }), expect: staffOnly(passesAuth) },
  "bulk.retryFailed": { input: () => ({ runId: seeded.runId }), expect: staffOnly(passesAuth) },
  "webhooks.list": { input: () => ({}), expect: staffOnly(allow((result) => expect(JSON.stringify(result)).toContain(seeded.deliveryId))) },
  "webhooks.replay": { input: () => ({ id: seeded.deliveryId }), expect: staffOnly(passesAuth) },
  "webhooks.rejected": { input: () => ({}), expect: staffOnly() },
};

const ROUTE_HANDLERS = [
  "createKieWebhookHandler",
  "createSyncTaskHandler",
  "createLocalSignInHandler",
  "createPasswordSignInHandler",
  "createSessionHandoffHandler",
  "createLocalStorageHandler",
  "createTrpcHandler",
  "createMetricsHandler",
  "handleSignOut",
];

const ROUTERS = [
  { name: "appRouter", router: appRouter as AnyTRPCRouter, matrix: APP_MATRIX },
  { name: "adminRouter", router: adminRouter as AnyTRPCRouter, matrix: ADMIN_MATRIX },
];
const trpcGet = (path: string, input: unknown) => `/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;
const proceduresOf = (router: AnyTRPCRouter) => Object.keys(router._def.procedures as Record<string, unknown>).sort();

describe("authorization matrix", () => {
  let auth: FakeSupabaseAuth;
  let simulator: Awaited<ReturnType<typeof startKieSimulator>>;
  let webhook: Awaited<ReturnType<typeof serveFetchHandler>>;
  let workers: Awaited<ReturnType<typeof startWorkers>>;
  const tokens = {} as Record<Who, string | null>;

  beforeAll(async () => {
    auth = await startFakeSupabaseAuth();
    simulator = await startKieSimulator({ port: 0, apiKey: TEST_SECRETS.KIE_API_KEY, hmacKey: TEST_SECRETS.KIE_CALLBACK_SECRET, renderDelayMs: 200 });
    let handler: ((r: Request) => Promise<Response>) | null = null;
    webhook = await serveFetchHandler((request) => (handler ? handler(request) : Promise.resolve(new Response(null, { status: 503 }))));
    env = await createTestServices({ adminUrl: inject("pgAdminUrl"), template: inject("pgTemplate"), kieBaseUrl: simulator.url, publicWebUrl: webhook.url });
    // Production-shaped identity: SUPABASE_URL names the issuer and the JWKS (served on loopback), plus a legacy secret.
    // (Storage stays local: only the token verifier is switched.)
    env.services.tokens = tokenVerifierConfigFromEnv({ ...env.services.env, SUPABASE_URL: auth.url, SUPABASE_JWT_SECRET: LEGACY_SECRET });
    handler = httpRoutes.createKieWebhookHandler(async () => env.services);
    workers = await startWorkers(env.services, { concurrency: 2 });

    tokens.anonymous = null;
    tokens.userA = await auth.sign(USER_A); // ES256 from the project's JWKS
    tokens.userB = await auth.signHs256(USER_B, LEGACY_SECRET); // legacy HS256 project secret
    tokens.staff = await auth.sign(STAFF, { appRole: "admin" });
    tokens.expired = await auth.sign(USER_A, { appRole: "admin", expiresInSeconds: -120 });
    tokens.otherKey = await auth.sign(USER_A, { appRole: "admin", key: "other" });
    tokens.algNone = auth.unsigned(USER_A, { appRole: "admin" });

    const task = await env.services.kie.createTask({
      family: "market",
      model: "google/imagen4",
      prompt: "a lighthouse",
      callBackUrl: "http://127.0.0.1:9/none",
    });
    seeded.taskId = task.taskId;
    const [generating] = await env.services.db
      .insert(generations)
      .values({
        userId: USER_A,
        type: "photo",
        kieFamily: "market",
        model: "google/imagen4",
        prompt: "a lighthouse",
        status: "generating",
        taskId: task.taskId,
      })
      .returning({ id: generations.id });
    const [success] = await env.services.db
      .insert(generations)
      .values({ userId: USER_A, type: "photo", model: "google/imagen4", prompt: "a harbour", status: "success" })
      .returning({ id: generations.id });
    const [bOwn] = await env.services.db
      .insert(generations)
      .values({ userId: USER_B, type: "photo", model: "google/imagen4", prompt: "b's own", status: "queued" })
      .returning({ id: generations.id });
    seeded.generatingId = generating?.id ?? "";
    seeded.successId = success?.id ?? "";
    seeded.bOwnId = bOwn?.id ?? "";
    seeded.objectPath = `${USER_A}/${seeded.successId}/original.png`;
    await env.services.storage.upload(seeded.objectPath, Buffer.from("\x89PNG\r\n\x1a\n-not-really"), { contentType: "image/png" });
    await env.services.db
      .update(generations)
      .set({ assetUrl: env.services.storage.publicUrl(seeded.objectPath), assetPath: seeded.objectPath })
      .where(eq(generations.id, seeded.successId));
    const [deletable] = await env.services.db
      .insert(generations)
      .values({ userId: USER_A, type: "photo", model: "google/imagen4", prompt: "to delete", status: "success" })
      .returning({ id: generations.id });
    seeded.deletableId = deletable?.id ?? "";
    seeded.deletablePath = `${USER_A}/${seeded.deletableId}/original.png`;
    await env.services.storage.upload(seeded.deletablePath, Buffer.from("\x89PNG\r\n\x1a\n-not-really"), { contentType: "image/png" });
    await env.services.db.update(generations).set({ assetPath: seeded.deletablePath }).where(eq(generations.id, seeded.deletableId));
    seeded.runId = await startBulkRun(env.services, { kind: "resync_selected", createdBy: STAFF, ids: [seeded.generatingId] });

    // A correctly signed callback (no user token) is accepted: the webhook's 401s below are about tokens, not a broken route.
    const ts = Math.floor(Date.now() / 1000);
    const signed = await handler(
      new Request(`${webhook.url}/api/webhooks/kie`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-webhook-timestamp": String(ts),
          "x-webhook-signature": signCallback(TEST_SECRETS.KIE_CALLBACK_SECRET, task.taskId, ts),
        },
        body: JSON.stringify({ code: 200, data: { taskId: task.taskId, state: "success" } }),
      }),
    );
    expect(signed.status).toBe(200);
    const [delivery] = await env.services.db.select({ id: webhookDeliveries.id }).from(webhookDeliveries).where(eq(webhookDeliveries.taskId, task.taskId));
    seeded.deliveryId = delivery?.id ?? "";
  }, 120_000);

  afterAll(async () => {
    await workers?.stop();
    await env?.services.close();
    await webhook?.close();
    await simulator?.close();
    await auth?.close();
  });

  const headersFor = (who: Who) => {
    const token = tokens[who];
    return new Headers(token ? { authorization: `Bearer ${token}` } : {});
  };

  /** A request to `url` from a caller with `callerHeaders`, plus the route's own headers. */
  const requestWith = (callerHeaders: Headers, url: string, init: RequestInit = {}) => {
    const headers = new Headers(callerHeaders);
    for (const [k, v] of Object.entries((init.headers as Record<string, string> | undefined) ?? {})) headers.set(k, v);
    return new Request(`http://127.0.0.1${url}`, { ...init, headers });
  };

  for (const { name, router, matrix } of ROUTERS) {
    describe(`${name} procedures`, () => {
      it("has exactly one matrix row per procedure", () => {
        const procedures = proceduresOf(router);
        const missing = procedures.filter((path) => !(path in matrix));
        const stale = Object.keys(matrix).filter((path) => !procedures.includes(path));
        expect(missing, `procedures without a row in ${name}'s authorization matrix`).toEqual([]);
        expect(stale, `matrix rows for procedures that no longer exist`).toEqual([]);
      });

      const createCaller = createCallerFactory(router);
      for (const path of proceduresOf(router)) {
        it.each(WHO)(`${path} × %s`, async (who) => {
          const row = matrix[path];
          if (!row) throw new Error(`${name}.${path} has no row in the authorization matrix (packages/api/test/authorization-matrix.test.ts)`);
          const ctx = await createTRPCContext({ headers: headersFor(who), services: env.services });
          const procedure = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], createCaller(ctx));
          const outcome = await (procedure as (input?: unknown) => Promise<unknown>)(row.input?.(who)).then(
            (result) => ({ result }),
            (error: unknown) => ({ error }),
          );
          const expected = row.expect[who];
          if ("error" in expected) {
            expect("error" in outcome ? outcome.error : outcome).toBeInstanceOf(TRPCError);
            expect((outcome as { error: TRPCError }).error.code).toBe(expected.error);
          } else if ("passesAuth" in expected) {
            if ("error" in outcome) {
              expect(outcome.error).toBeInstanceOf(TRPCError);
              expect(["UNAUTHORIZED", "FORBIDDEN"]).not.toContain((outcome.error as TRPCError).code);
            }
          } else {
            if ("error" in outcome) throw outcome.error;
            await expected.check?.(outcome.result, who);
          }
        });
      }
    });
  }

  describe("HTTP routes", () => {
    it("covers every route handler the http entry exports", () => {
      const exported = Object.keys(httpRoutes).filter((key) => /^create\w+Handler$/.test(key) || key === "handleSignOut");
      expect(exported.sort()).toEqual([...ROUTE_HANDLERS].sort());
    });

    const request = (who: Who, url: string, init: RequestInit = {}) => requestWith(headersFor(who), url, init);

    it.each(WHO)("POST /api/sync-task × %s", async (who) => {
      const handle = httpRoutes.createSyncTaskHandler(async () => env.services);
      const response = await handle(request(who, `/api/sync-task?taskId=${seeded.taskId}`, { method: "POST" }));
      const expected = { anonymous: 401, userA: 200, userB: 404, staff: 200, expired: 401, otherKey: 401, algNone: 401 }[who];
      expect(response.status).toBe(expected);
      if (who === "userB") {
        const missing = await handle(request(who, "/api/sync-task?taskId=no-such-task", { method: "POST" }));
        expect(await response.json()).toEqual(await missing.json());
      }
    });

    it.each(WHO)("GET /metrics in production × %s → 401 (only METRICS_TOKEN opens it, never a user's token)", async (who) => {
      const prodEnv = { ...env.services.env, LENSROOM_MODE: "production" as const, METRICS_TOKEN: "metrics-token-0123456789abcdef" };
      const handle = httpRoutes.createMetricsHandler(async () => ({ ...env.services, env: prodEnv }));
      const response = await handle(request(who, "/metrics"));
      expect(response.status).toBe(401);
      expect(await response.text()).not.toContain("lensroom_");
    });

    it.each(WHO)("POST /api/auth/session from no listed origin × %s → 403 (the caller's own token hands over nothing)", async (who) => {
      const handle = httpRoutes.createSessionHandoffHandler(async () => env.services);
      const response = await handle(
        request(who, "/api/auth/session", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "access_token=x" }),
      );
      expect(response.status).toBe(403);
      expect(response.headers.get("set-cookie")).toBeNull();
    });

    it.each(WHO)("POST /api/webhooks/kie without a signature × %s → 401 (user tokens never authenticate KIE)", async (who) => {
      const handle = httpRoutes.createKieWebhookHandler(async () => env.services);
      const body = JSON.stringify({ code: 200, data: { taskId: seeded.taskId, state: "success" } });
      const response = await handle(request(who, "/api/webhooks/kie", { method: "POST", headers: { "content-type": "application/json" }, body }));
      expect(response.status).toBe(401);
    });

    it.each(WHO)("POST /api/auth/local-sign-in × %s signs in the form's email, never the caller", async (who) => {
      const handle = httpRoutes.createLocalSignInHandler(async () => env.services);
      const form = new URLSearchParams({ email: "someone@example.test" });
      const response = await handle(
        request(who, "/api/auth/local-sign-in", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form.toString() }),
      );
      expect(response.status).toBe(303);
      const token = sessionTokenSetBy(response);
      expect((await verifyAccessToken(token, env.services.tokens)).userId).toBe(localUserId("someone@example.test"));
    });

    it.each(WHO)("POST /api/auth/local-sign-in with NODE_ENV=production × %s → 404", async (who) => {
      const prodEnv = { ...env.services.env, NODE_ENV: "production" as const };
      const handle = httpRoutes.createLocalSignInHandler(async () => ({ env: prodEnv, tokens: tokenVerifierConfigFromEnv(prodEnv) }));
      const form = new URLSearchParams({ email: "someone@example.test", staff: "on" });
      const response = await handle(
        request(who, "/api/auth/local-sign-in", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form.toString() }),
      );
      expect(response.status).toBe(404);
      expect(response.headers.get("set-cookie")).toBeNull();
    });

    it.each(WHO)("POST /api/auth/password × %s: the caller's token grants nothing; Supabase decides (404 when not configured)", async (who) => {
      const handle = httpRoutes.createPasswordSignInHandler(async () => env.services);
      const form = new URLSearchParams({ email: "someone@example.test", password: "x" });
      const response = await handle(
        request(who, "/api/auth/password", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form.toString() }),
      );
      expect(response.status).toBe(404);
      expect(response.headers.get("set-cookie")).toBeNull();
    });

    it.each(WHO)("POST /api/auth/sign-out × %s only clears the cookie", async (who) => {
      const response = httpRoutes.handleSignOut(request(who, "/api/auth/sign-out", { method: "POST" }));
      expect(response.status).toBe(303);
      expect(response.headers.get("set-cookie")).toContain("Max-Age=0");
    });

    it.each(WHO)("/storage/v1/object/public/generations/... × %s: reads by URL (public bucket), never writes", async (who) => {
      const handle = httpRoutes.createLocalStorageHandler(async () => env.services);
      const url = `/storage/v1/object/public/generations/${seeded.objectPath}`;
      const read = await handle(request(who, url), seeded.objectPath);
      expect(read.status).toBe(200);
      await read.body?.cancel();
      for (const method of ["PUT", "POST", "DELETE"]) {
        expect((await handle(request(who, url, { method, body: method === "DELETE" ? undefined : "x" }), seeded.objectPath)).status).toBe(405);
      }
      expect(await env.services.storage.exists(seeded.objectPath)).toBe(true);
    });

    it.each(WHO)("GET /api/trpc (web) × %s", async (who) => {
      const handle = httpRoutes.createTrpcHandler(appRouter, async () => env.services);
      const list = await handle(request(who, trpcGet("library.byIds", { ids: [seeded.successId] })));
      const expected = { anonymous: 401, userA: 200, userB: 200, staff: 200, expired: 401, otherKey: 401, algNone: 401 }[who];
      expect(list.status).toBe(expected);
      if (expected === 200) {
        const body = (await list.json()) as { result: { data: { json: { id: string }[] } } };
        expect(body.result.data.json.map((item) => item.id)).toEqual(who === "userA" ? [seeded.successId] : []);
      }
      const mutation = await handle(
        request(who, "/api/trpc/library.fallbackSync", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }),
      );
      expect(mutation.status).toBe(expected);
    });

    it.each(WHO)("GET /api/trpc (admin) × %s", async (who) => {
      const handle = httpRoutes.createTrpcHandler(adminRouter, async () => env.services);
      const response = await handle(request(who, trpcGet("health.report", undefined)));
      const expected = { anonymous: 401, userA: 403, userB: 403, staff: 200, expired: 401, otherKey: 401, algNone: 401 }[who];
      expect(response.status).toBe(expected);
    });
  });

  // The shared hostile-identity corpus (malformed, empty, duplicated and oversized cookies; empty, unsigned,
  // foreign-key, expired and non-uuid-sub tokens): each must be exactly the anonymous caller, never a 5xx.
  describe("hostile identities", () => {
    let hostile: HostileIdentityCorpus;
    beforeAll(async () => {
      hostile = await hostileIdentities({ secret: LEGACY_SECRET, issuer: auth.issuer });
    });

    it("are refused for their flaw alone: the corpus's genuine token is staff here", async () => {
      const caller = createCallerFactory(appRouter)(
        await createTRPCContext({ headers: new Headers({ cookie: `${SESSION_COOKIE}=${hostile.genuine.token}` }), services: env.services }),
      );
      expect(await caller.me()).toMatchObject({ userId: hostile.genuine.userId, role: "staff" });
    });

    for (const { name, router, matrix } of ROUTERS) {
      const createCaller = createCallerFactory(router);
      for (const path of proceduresOf(router)) {
        it(`${name}.${path} × every hostile identity answers as to an anonymous caller`, async () => {
          const row = matrix[path];
          const expected = row?.expect.anonymous;
          if (!row || !expected || "passesAuth" in expected) throw new Error(`${name}.${path} needs an anonymous row that allows or denies`);
          const wrong: string[] = [];
          for (const entry of hostile.entries) {
            const ctx = await createTRPCContext({ headers: new Headers(entry.headers), services: env.services });
            const procedure = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], createCaller(ctx));
            try {
              const result = await (procedure as (input?: unknown) => Promise<unknown>)(row.input?.("anonymous"));
              if ("error" in expected) wrong.push(`${entry.name}: answered instead of ${expected.error}`);
              else await expected.check?.(result, "anonymous");
            } catch (error) {
              const code = error instanceof TRPCError ? error.code : String(error);
              if (!("error" in expected) || code !== expected.error) wrong.push(`${entry.name}: ${code}`);
            }
          }
          expect(wrong).toEqual([]);
        });
      }
    }

    const HTTP_PROBES: Array<{ handler: (typeof ROUTE_HANDLERS)[number]; route: string; anonymous: number; send: (caller: Headers) => Promise<Response> }> = [
      {
        handler: "createSyncTaskHandler",
        route: "POST /api/sync-task",
        anonymous: 401,
        send: (caller) =>
          httpRoutes.createSyncTaskHandler(async () => env.services)(requestWith(caller, `/api/sync-task?taskId=${seeded.taskId}`, { method: "POST" })),
      },
      {
        handler: "createTrpcHandler",
        route: "GET /api/trpc/library.byIds (web)",
        anonymous: 401,
        send: (caller) =>
          httpRoutes.createTrpcHandler(appRouter, async () => env.services)(requestWith(caller, trpcGet("library.byIds", { ids: [seeded.successId] }))),
      },
      {
        handler: "createTrpcHandler",
        route: "POST /api/trpc/library.fallbackSync (web)",
        anonymous: 401,
        send: (caller) =>
          httpRoutes.createTrpcHandler(
            appRouter,
            async () => env.services,
          )(requestWith(caller, "/api/trpc/library.fallbackSync", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })),
      },
      {
        handler: "createTrpcHandler",
        route: "GET /api/trpc/health.report (admin)",
        anonymous: 401,
        send: (caller) => httpRoutes.createTrpcHandler(adminRouter, async () => env.services)(requestWith(caller, trpcGet("health.report", undefined))),
      },
      {
        handler: "createKieWebhookHandler",
        route: "POST /api/webhooks/kie without a signature",
        anonymous: 401,
        send: (caller) =>
          httpRoutes.createKieWebhookHandler(async () => env.services)(
            requestWith(caller, "/api/webhooks/kie", {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ code: 200, data: { taskId: seeded.taskId, state: "success" } }),
            }),
          ),
      },
      {
        handler: "createSessionHandoffHandler",
        route: "POST /api/auth/session from no listed origin",
        anonymous: 403,
        send: (caller) =>
          httpRoutes.createSessionHandoffHandler(async () => env.services)(
            requestWith(caller, "/api/auth/session", {
              method: "POST",
              headers: { "content-type": "application/x-www-form-urlencoded" },
              body: "access_token=x",
            }),
          ),
      },
      {
        handler: "createLocalSignInHandler",
        route: "POST /api/auth/local-sign-in",
        anonymous: 303,
        send: (caller) =>
          httpRoutes.createLocalSignInHandler(async () => env.services)(
            requestWith(caller, "/api/auth/local-sign-in", {
              method: "POST",
              headers: { "content-type": "application/x-www-form-urlencoded" },
              body: "email=someone%40example.test",
            }),
          ),
      },
      {
        handler: "createPasswordSignInHandler",
        route: "POST /api/auth/password (not configured)",
        anonymous: 404,
        send: (caller) =>
          httpRoutes.createPasswordSignInHandler(async () => env.services)(
            requestWith(caller, "/api/auth/password", {
              method: "POST",
              headers: { "content-type": "application/x-www-form-urlencoded" },
              body: "email=someone%40example.test&password=x",
            }),
          ),
      },
      {
        handler: "createMetricsHandler",
        route: "GET /metrics (production)",
        anonymous: 401,
        send: (caller) =>
          httpRoutes.createMetricsHandler(async () => ({
            ...env.services,
            env: { ...env.services.env, LENSROOM_MODE: "production" as const, METRICS_TOKEN: "metrics-token-0123456789abcdef" },
          }))(requestWith(caller, "/metrics")),
      },
      {
        handler: "handleSignOut",
        route: "POST /api/auth/sign-out",
        anonymous: 303,
        send: async (caller) => httpRoutes.handleSignOut(requestWith(caller, "/api/auth/sign-out", { method: "POST" })),
      },
      {
        handler: "createLocalStorageHandler",
        route: "GET /storage/v1/object/public/generations/...",
        anonymous: 200,
        send: (caller) =>
          httpRoutes.createLocalStorageHandler(async () => env.services)(
            requestWith(caller, `/storage/v1/object/public/generations/${seeded.objectPath}`),
            seeded.objectPath,
          ),
      },
    ];

    it("probes every route handler the http entry exports", () => {
      expect([...new Set(HTTP_PROBES.map((probe) => probe.handler))].sort()).toEqual([...ROUTE_HANDLERS].sort());
    });

    for (const probe of HTTP_PROBES) {
      it(`${probe.route} × every hostile identity → ${probe.anonymous}, as to an anonymous caller`, async () => {
        // The body is not read, only released (a local object's file handle closes with it).
        const statusFor = async (caller: Headers) => {
          const response = await probe.send(caller);
          await response.body?.cancel();
          return response.status;
        };
        expect(await statusFor(new Headers())).toBe(probe.anonymous);
        const wrong: string[] = [];
        for (const entry of hostile.entries) {
          const status = await statusFor(new Headers(entry.headers));
          if (status !== probe.anonymous) wrong.push(`${entry.name}: ${status}`);
        }
        expect(wrong).toEqual([]);
      });
    }
  });

  it("answers user B's attempts on A's generation exactly like a missing one", async () => {
    const caller = createCallerFactory(appRouter)(await createTRPCContext({ headers: headersFor("userB"), services: env.services }));
    const others = await caller.library.delete({ id: seeded.successId }).catch((error: unknown) => error);
    const missing = await caller.library.delete({ id: "9b2f6c1e-0d3a-4e5b-8c7d-1a2b3c4d5e6f" }).catch((error: unknown) => error);
    expect(others).toBeInstanceOf(TRPCError);
    expect({ code: (others as TRPCError).code, message: (others as TRPCError).message }).toEqual({
      code: (missing as TRPCError).code,
      message: (missing as TRPCError).message,
    });
    expect(await caller.library.byIds({ ids: [seeded.successId, seeded.generatingId] })).toEqual([]);
  });

  it("left user A's generations untouched by anyone else", async () => {
    const rows = await env.services.db.select({ id: generations.id, userId: generations.userId }).from(generations).where(eq(generations.userId, USER_A));
    expect(rows.map((r) => r.id)).toEqual(expect.arrayContaining([seeded.generatingId, seeded.successId]));
    expect(await env.services.storage.exists(seeded.objectPath)).toBe(true);
  });
});
