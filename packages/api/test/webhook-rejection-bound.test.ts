import { generations, webhookDeliveries, webhookRejectionCounts, webhookRejectionSamples } from "@lensroom/db";
import { signCallback } from "@lensroom/kie/signature";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { createAdminCaller } from "../src/admin";
import { DOCTOR_PROBE_HEADER } from "../src/http/judge-callback";
import { createKieWebhookHandler } from "../src/http/kie-webhook";
import { SAMPLE_BODY_CHARS } from "../src/services/rejection-sample";
import { REJECTION_SAMPLES_KEPT } from "../src/services/store-rejections";
import { createTestServices } from "../src/testing";
import { USER_A, waitFor } from "./helpers";

const REQUESTS = 50_000;
/** Requests in flight at once, like a sender with this many connections. */
const CONCURRENCY = 64;
const KNOWN_TASK = "flood-known-task";
const url = "http://127.0.0.1/api/webhooks/kie";

/** The i-th unsigned request of the flood: no signature, a signature by another key, or a wrong `?secret=`; every 1000th carries a 200 KB body. */
function unsignedRequest(i: number): Request {
  const taskId = i % 3 === 0 ? KNOWN_TASK : `flood-task-${i % 977}`;
  const body = JSON.stringify({ code: 200, data: { taskId, state: "success" }, ...(i % 1000 === 0 ? { pad: "x".repeat(200_000) } : {}) });
  const headers: Record<string, string> = { "content-type": "application/json", "x-forwarded-for": `198.51.100.${i % 250}` };
  if (i % 3 === 1) {
    const ts = Math.floor(Date.now() / 1000);
    Object.assign(headers, { "x-webhook-timestamp": String(ts), "x-webhook-signature": signCallback("another-key-0123456789", taskId, ts) });
  }
  return new Request(i % 3 === 2 ? `${url}?secret=wrong-${i}` : url, { method: "POST", headers, body });
}

describe(`${REQUESTS} unsigned webhook requests`, () => {
  let env: Awaited<ReturnType<typeof createTestServices>>;

  beforeAll(async () => {
    env = await createTestServices({ adminUrl: inject("pgAdminUrl"), template: inject("pgTemplate"), kieBaseUrl: "http://127.0.0.1:9" });
    await env.services.db
      .insert(generations)
      .values({ userId: USER_A, type: "photo", model: "google/imagen4", prompt: "p", status: "generating", taskId: KNOWN_TASK });
  });
  afterAll(async () => env?.services.close());

  it("are all answered 401 and leave a bounded number of rows", async () => {
    const handle = createKieWebhookHandler(async () => env.services);
    const statuses = new Map<number, number>();
    const messages = new Set<string>();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < REQUESTS) {
          const response = await handle(unsignedRequest(next++));
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          messages.add(((await response.json()) as { error: string }).error);
        }
      }),
    );
    expect(Object.fromEntries(statuses)).toEqual({ 401: REQUESTS });
    expect([...messages].sort()).toEqual(["Callback signature mismatch", "Callback signature missing"]);

    // Every request is counted (a count the answer did not wait for is written moments later).
    const counted = async () => {
      const [row] = await env.services.db.select({ n: sql<number>`coalesce(sum(${webhookRejectionCounts.count}), 0)::int` }).from(webhookRejectionCounts);
      return row?.n === REQUESTS ? row : null;
    };
    await waitFor(counted, 60_000, `${REQUESTS} rejections counted`);

    // Nothing is stored as a delivery; the counts take one row per minute, the samples at most the kept number.
    expect(await env.services.db.select({ id: webhookDeliveries.id }).from(webhookDeliveries)).toEqual([]);
    const counts = await env.services.db.select().from(webhookRejectionCounts);
    expect(new Set(counts.map((c) => c.verdict))).toEqual(new Set(["bad_signature"]));
    expect(new Set(counts.map((c) => c.minute.getTime())).size).toBe(counts.length);
    for (const c of counts) expect(c.minute.getTime() % 60_000).toBe(0);
    const samples = await env.services.db.select().from(webhookRejectionSamples);
    expect(samples).toHaveLength(REJECTION_SAMPLES_KEPT);
    expect(samples.every((s) => s.verdict === "bad_signature" && s.body.length <= SAMPLE_BODY_CHARS)).toBe(true);

    // The whole intake's footprint on disk does not depend on how many were sent.
    const [size] = await env.services.db.execute<{ rows: number }>(sql`
      select (select count(*) from webhook_rejection_counts) + (select count(*) from webhook_rejection_samples) + (select count(*) from webhook_deliveries) as rows`);
    expect(Number(size?.rows)).toBe(counts.length + REJECTION_SAMPLES_KEPT);
    // And nothing else changed: no job queued, the generation untouched.
    expect(await env.services.jobs.boss.findJobs("kie-sync")).toHaveLength(0);
  }, 300_000);

  it("keeps the newest samples per verdict and counts bad requests apart", async () => {
    await env.database.reset();
    const handle = createKieWebhookHandler(async () => env.services);
    const post = (body: string, headers: Record<string, string> = { "content-type": "application/json" }) =>
      handle(new Request(url, { method: "POST", headers, body }));
    for (let i = 0; i < REJECTION_SAMPLES_KEPT + 20; i++) {
      expect((await post(`{"not json ${i}`)).status).toBe(400);
      expect((await post(JSON.stringify({ code: 200, data: { taskId: `sample-${i}` } }))).status).toBe(401);
    }
    expect((await post("{}", { "content-type": "text/plain" })).status).toBe(415);
    // The doctor's reachability probe is answered like any callback without a task, but not counted; the same body
    // without its mark is.
    expect((await post("{}", { "content-type": "application/json", [DOCTOR_PROBE_HEADER]: "1" })).status).toBe(400);
    expect((await post("{}")).status).toBe(400);
    const counts = await env.services.db.select().from(webhookRejectionCounts);
    const total = (verdict: string) => counts.filter((c) => c.verdict === verdict).reduce((sum, c) => sum + c.count, 0);
    expect({ bad_request: total("bad_request"), bad_signature: total("bad_signature") }).toEqual({
      bad_request: REJECTION_SAMPLES_KEPT + 22,
      bad_signature: REJECTION_SAMPLES_KEPT + 20,
    });
    const samples = await env.services.db.select().from(webhookRejectionSamples);
    const unsignedTasks = samples.filter((s) => s.verdict === "bad_signature").map((s) => s.taskId);
    expect(unsignedTasks.sort()).toEqual(Array.from({ length: REJECTION_SAMPLES_KEPT }, (_, i) => `sample-${i + 20}`).sort());
    const badRequests = samples.filter((s) => s.verdict === "bad_request");
    expect(badRequests).toHaveLength(REJECTION_SAMPLES_KEPT);
    expect(badRequests.map((s) => s.reason)).toContain("Content-Type must be application/json");
    expect(badRequests.filter((s) => s.reason === "Body is not a JSON object").map((s) => s.body)).not.toContain('{"not json 0');

    // Staff see the counts per verdict and the newest samples, in the webhook log and on the health page.
    const admin = createAdminCaller({ services: env.services, headers: new Headers(), identity: { userId: USER_A, email: null, role: "staff" } });
    const summary = await admin.webhooks.rejected({ sampleLimit: 5 });
    expect(summary.counts).toEqual([
      { verdict: "bad_signature", lastHour: REJECTION_SAMPLES_KEPT + 20, last24h: REJECTION_SAMPLES_KEPT + 20 },
      { verdict: "bad_request", lastHour: REJECTION_SAMPLES_KEPT + 22, last24h: REJECTION_SAMPLES_KEPT + 22 },
    ]);
    expect(summary.samples.map((s) => s.reason)).toEqual([
      "No task id in taskId, data.taskId or data.task_id",
      "Content-Type must be application/json",
      "Callback signature missing",
      "Body is not a JSON object",
      "Callback signature missing",
    ]);
    expect(summary.samples[2]?.taskId).toBe(`sample-${REJECTION_SAMPLES_KEPT + 19}`);
    const unsignedOnly = await admin.webhooks.rejected({ verdict: "bad_signature", sampleLimit: 100 });
    expect(unsignedOnly.samples).toHaveLength(REJECTION_SAMPLES_KEPT);
    const report = await admin.health.report();
    expect(report.webhooksLast24h).toEqual(
      expect.arrayContaining([
        { verdict: "bad_signature", count: REJECTION_SAMPLES_KEPT + 20 },
        { verdict: "bad_request", count: REJECTION_SAMPLES_KEPT + 22 },
      ]),
    );
  });
});
