import { bulkRunItems, bulkRuns, generations } from "@lensroom/db";
import { startKieSimulator } from "@lensroom/kie-simulator";
import { TRPCError } from "@trpc/server";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { createAdminCaller } from "../src/admin";
import { createKieWebhookHandler } from "../src/http/kie-webhook";
import { startWorkers } from "../src/jobs/worker";
import { bulkCandidates } from "../src/services/bulk/bulk-candidates";
import { startBulkRun } from "../src/services/bulk/start-bulk-run";
import { createTestServices, TEST_SECRETS } from "../src/testing";
import { serveFetchHandler } from "../src/testing/serve-fetch-handler";
import { USER_A, USER_B, waitFor } from "./helpers";

const STAFF = "5d1f0c2b-3a4e-4b6d-8f9a-0b1c2d3e4f5a";

// The old five-step runbook, done by staff from the admin API: find asset-less rows, re-sync them in bulk, verify.
describe("admin repair", () => {
  let env: Awaited<ReturnType<typeof createTestServices>>;
  let simulator: Awaited<ReturnType<typeof startKieSimulator>>;
  let webhook: Awaited<ReturnType<typeof serveFetchHandler>>;
  let workers: Awaited<ReturnType<typeof startWorkers>>;
  let brokenIds: string[] = [];

  const admin = (role: "staff" | "user" = "staff") =>
    createAdminCaller({ services: env.services, headers: new Headers(), identity: { userId: STAFF, email: null, role } });

  beforeAll(async () => {
    simulator = await startKieSimulator({ port: 0, apiKey: TEST_SECRETS.KIE_API_KEY, hmacKey: TEST_SECRETS.KIE_CALLBACK_SECRET, renderDelayMs: 200 });
    let handler: ((r: Request) => Promise<Response>) | null = null;
    webhook = await serveFetchHandler((request) => (handler ? handler(request) : Promise.resolve(new Response(null, { status: 503 }))));
    env = await createTestServices({ adminUrl: inject("pgAdminUrl"), template: inject("pgTemplate"), kieBaseUrl: simulator.url, publicWebUrl: webhook.url });
    handler = createKieWebhookHandler(async () => env.services);

    // Rows the old system left behind: "success"/"completed" with KIE task ids but no asset, callbacks long lost.
    const rows = [];
    for (let i = 0; i < 8; i++) {
      const task = await env.services.kie.createTask({
        family: "market",
        model: "google/imagen4",
        prompt: `lost ${i}`,
        callBackUrl: "http://127.0.0.1:9/lost",
      });
      rows.push({
        userId: i % 2 ? USER_A : USER_B,
        type: "photo" as const,
        model: "google/imagen4",
        prompt: `lost ${i}`,
        status: i < 6 ? ("success" as const) : ("completed" as const),
        taskId: task.taskId,
      });
    }
    brokenIds = (await env.services.db.insert(generations).values(rows).returning({ id: generations.id })).map((r) => r.id);
    const taskIds = rows.map((r) => r.taskId);
    await waitFor(async () => taskIds.every((t) => simulator.tasks.get(t)?.state === "success"), 20_000, "KIE to finish every task");
    workers = await startWorkers(env.services, { concurrency: 2 });
  });
  afterAll(async () => {
    await workers?.stop();
    await env?.services.close();
    await webhook?.close();
    await simulator?.close();
  });

  it("shows the runbook's stuck rows, legacy 'completed' included", async () => {
    const report = await admin().health.report();
    expect(report.succeededWithoutAsset).toBe(8);
    const problems = await admin().generations.problems({ kind: "no_asset", limit: 5 });
    expect(problems.items).toHaveLength(5);
    const rest = await admin().generations.problems({ kind: "no_asset", limit: 5, cursor: problems.nextCursor });
    expect(rest.items).toHaveLength(3);
    expect(rest.nextCursor).toBeNull();
    expect(new Set([...problems.items, ...rest.items].map((r) => r.id))).toEqual(new Set(brokenIds));
  });

  it("refuses non-staff with FORBIDDEN", async () => {
    await expect(admin("user").health.report()).rejects.toMatchObject({ code: "FORBIDDEN" } satisfies Partial<TRPCError>);
  });

  it("re-syncs every missing row in one bulk run, refusing a second identical run meanwhile", async () => {
    const { runId } = await admin().bulk.start({ kind: "resync_missing" });
    await expect(admin().bulk.start({ kind: "resync_missing" })).rejects.toMatchObject({ code: "CONFLICT" });

    const progress = await waitFor(
      async () => {
        const p = await admin().bulk.progress({ runId });
        return p.percent === 100 && p.run.status === "done" ? p : null;
      },
      60_000,
      "bulk run to finish",
    );
    expect(progress).toMatchObject({ total: 8, done: 8, failed: 0, remaining: 0 });

    const repaired = await env.services.db.select().from(generations).where(inArray(generations.id, brokenIds));
    for (const row of repaired) {
      expect(row.status).toBe("success");
      expect(row.thumbnailUrl).toMatch(/thumb\.webp\?v=\d+$/);
      expect(await env.services.storage.exists(row.assetPath ?? "")).toBe(true);
    }
    expect((await admin().health.report()).succeededWithoutAsset).toBe(0);
    // Nothing left to do: a new run has no items and is done at once.
    const again = await admin().bulk.start({ kind: "resync_missing" });
    expect(await admin().bulk.progress({ runId: again.runId })).toMatchObject({ total: 0, percent: 100 });
  });

  it("replays a stored delivery and lists it in the webhook log", async () => {
    const [target] = brokenIds;
    const detail = await admin().generations.detail({ id: target ?? "" });
    expect(detail.kieRecord).toMatchObject({ ok: true });
    const { items } = await admin().webhooks.list({ limit: 10 });
    expect(Array.isArray(items)).toBe(true);
  });

  it("runs the doctor: schema and bucket pass, a deleted object is found by the deep scan", async () => {
    const checks = await admin().health.doctor();
    const byId = Object.fromEntries(checks.map((c) => [c.id, c]));
    expect(byId.columns?.ok).toBe(true);
    expect(byId.bucket?.ok).toBe(true);
    expect(byId.previews?.ok).toBe(true);
    expect(byId["callback-url"]?.ok).toBe(true);
    // What was found comes as codes with parameters, for each surface to word in its own language.
    expect(byId.columns?.findings).toEqual([{ code: "columns_present", params: { count: expect.any(Number) } }]);
    expect(byId.bucket?.findings).toEqual([{ code: "bucket_ok", params: { driver: "local" } }]);
    expect(byId.policies?.findings).toEqual([{ code: "policies_not_applicable", params: {} }]);
    expect(byId["callback-url"]?.findings).toEqual([
      { code: "callback_answered", params: { url: expect.stringMatching(/\/api\/webhooks\/kie$/), status: 400 } },
    ]);
    expect(byId.previews?.findings).toEqual([{ code: "previews_thumbnails", params: { withThumbnail: 8, total: 8 } }]);

    const [row] = await env.services.db
      .select()
      .from(generations)
      .where(inArray(generations.id, brokenIds.slice(0, 1)));
    await env.services.storage.remove([row?.thumbnailPath ?? ""]);
    const scan = await admin().health.deepScan();
    expect(scan.missing).toEqual([{ id: row?.id, taskId: row?.taskId, path: row?.thumbnailPath }]);
  });

  it("offers re-sync on our own failures but not on KIE's, and re-syncing KIE's failure leaves it alone", async () => {
    const [refused, ours] = await env.services.db
      .insert(generations)
      .values([
        {
          userId: USER_A,
          type: "photo",
          model: "google/imagen4",
          prompt: "refused",
          status: "failed",
          taskId: "kie-refused-1",
          errorCode: "400",
          errorMessage: "content policy",
        },
        { userId: USER_A, type: "photo", model: "google/imagen4", prompt: "ours", status: "failed", mediaStatus: "failed", mediaError: "download refused" },
      ])
      .returning({ id: generations.id });
    const { items } = await admin().generations.problems({ kind: "failed", userId: USER_A, limit: 10 });
    const byId = new Map(items.map((item) => [item.id, item]));
    expect(byId.get(refused?.id ?? "")).toMatchObject({ errorCode: "400", canResync: false, reason: "content policy" });
    expect(byId.get(ours?.id ?? "")).toMatchObject({ errorCode: null, canResync: true, reason: "download refused" });

    // KIE is not asked again: a sync would have counted an attempt on the row.
    expect(await admin().generations.resync({ id: refused?.id ?? "" })).toEqual({ outcome: "kie_failed" });
    const [after] = await env.services.db
      .select()
      .from(generations)
      .where(inArray(generations.id, [refused?.id ?? ""]));
    expect(after).toMatchObject({ status: "failed", errorCode: "400", syncAttempts: 0, lastSyncedAt: null });

    // Nor does a bulk run take it: selected with ours, or found by "re-sync missing" through its failed media.
    await env.services.db
      .update(generations)
      .set({ mediaStatus: "failed" })
      .where(inArray(generations.id, [refused?.id ?? ""]));
    const bulkTotal = async (runId: string) => (await env.services.db.select({ total: bulkRuns.total }).from(bulkRuns).where(eq(bulkRuns.id, runId)))[0]?.total;
    const selected = await startBulkRun(env.services, { kind: "resync_selected", createdBy: STAFF, ids: [refused?.id ?? "", ours?.id ?? ""] });
    expect(await bulkTotal(selected)).toBe(1);
    const picked = await env.services.db.select({ id: bulkRunItems.generationId }).from(bulkRunItems).where(eq(bulkRunItems.runId, selected));
    expect(picked.map((p) => p.id)).toEqual([ours?.id]);
    const missing = await env.services.db
      .select({ id: generations.id })
      .from(generations)
      .where(bulkCandidates("resync_missing", { stuckBefore: new Date() }));
    expect(missing.map((m) => m.id)).toContain(ours?.id);
    expect(missing.map((m) => m.id)).not.toContain(refused?.id);
  });
});
