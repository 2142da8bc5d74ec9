import { generations } from "@lensroom/db";
import { signCallback } from "@lensroom/kie";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createMetricsHandler } from "../src/http/metrics-route";
import { doctorCheckIds } from "../src/services/admin/doctor-findings";
import { queueDefinitions } from "../src/jobs/queues";
import { TEST_SECRETS } from "../src/testing";
import { serveFetchHandler } from "../src/testing/serve-fetch-handler";
import { parseExposition, samplesOf, valueOf, type Exposition } from "./fixtures/prometheus-text";
import { USER_A, waitFor } from "./helpers";
import { startPipeline, type Pipeline } from "./pipeline-harness";

const TOKEN = TEST_SECRETS.METRICS_TOKEN;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

// A worker process's /metrics server scraped over HTTP, on the real pipeline: a photo made through the simulator
// (signed callback → sync → ingest), a callback with a bad signature, rows the scrape-time count must see.
describe("GET /metrics", { timeout: 120_000 }, () => {
  let pipeline: Pipeline;
  let metricsUrl: string;

  const scrape = async (headers: Record<string, string> = bearer(TOKEN)): Promise<Exposition> => {
    const response = await fetch(metricsUrl, { headers, signal: AbortSignal.timeout(15_000) });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    return parseExposition(await response.text());
  };
  const counter = (exposition: Exposition, name: string, labels: Record<string, string>) => valueOf(exposition, name, labels) ?? 0;

  beforeAll(async () => {
    pipeline = await startPipeline({ env: { METRICS_PORT: "0" } });
    if (!pipeline.metricsUrl) throw new Error("the workers started no metrics server");
    metricsUrl = pipeline.metricsUrl;
  });
  afterAll(async () => pipeline?.stop());

  it("serves a worker's metrics on loopback and refuses a missing or wrong bearer", async () => {
    expect(new URL(metricsUrl).hostname).toBe("127.0.0.1");
    const refused: Array<Record<string, string>> = [{}, bearer("wrong-metrics-token-0123456789abcdef"), { cookie: `lr_session=${TOKEN}` }];
    for (const headers of refused) {
      const response = await fetch(metricsUrl, { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe("Bearer");
    }
    expect((await fetch(new URL("/other", metricsUrl))).status).toBe(404);
  });

  it("counts webhook verdicts, ingest and derive durations and KIE calls of a real generation", async () => {
    const before = await scrape();
    const caller = await pipeline.callerFor(USER_A);
    const created = await caller.studio.create({ type: "photo", modelId: "google/imagen4", prompt: "a lighthouse in fog" });
    await waitFor(
      async () => {
        const [item] = await caller.library.byIds({ ids: [created.id] });
        return item?.mediaStatus === "ready";
      },
      60_000,
      "the photo to be ingested",
    );

    // A callback for the same task signed with another key: refused, and counted as such.
    const ts = Math.floor(Date.now() / 1000);
    const forged = await fetch(new URL("/api/webhooks/kie", pipeline.webhookUrl), {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-webhook-timestamp": String(ts),
        "x-webhook-signature": signCallback("another-key-0123456789", created.taskId ?? "", ts),
      },
      body: JSON.stringify({ code: 200, data: { taskId: created.taskId, state: "success" } }),
    });
    expect(forged.status).toBe(401);

    const after = await scrape();
    expect(after.types.get("lensroom_webhook_deliveries_total")).toBe("counter");
    const delta = (name: string, labels: Record<string, string>) => counter(after, name, labels) - counter(before, name, labels);
    expect(delta("lensroom_webhook_deliveries_total", { verdict: "accepted" })).toBeGreaterThanOrEqual(1);
    expect(delta("lensroom_webhook_deliveries_total", { verdict: "bad_signature" })).toBe(1);

    // One ingest of a photo, published: a histogram sample whose buckets add up.
    expect(after.types.get("lensroom_ingest_duration_seconds")).toBe("histogram");
    const ingest = { type: "photo", outcome: "ingested" };
    expect(delta("lensroom_ingest_duration_seconds_count", ingest)).toBe(1);
    expect(delta("lensroom_ingest_duration_seconds_sum", ingest)).toBeGreaterThan(0);
    const buckets = samplesOf(after, "lensroom_ingest_duration_seconds_bucket", ingest);
    expect(buckets.find((b) => b.labels.le === "+Inf")?.value).toBe(valueOf(after, "lensroom_ingest_duration_seconds_count", ingest));
    const counts = buckets.map((b) => b.value);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(delta("lensroom_derive_duration_seconds_count", { type: "photo" })).toBe(1);

    // The create went to KIE's market family; the sync read its status, each after the shared limiter.
    const [row] = await pipeline.services.db.select({ family: generations.kieFamily }).from(generations).where(eq(generations.id, created.id));
    expect(delta("lensroom_kie_calls_total", { family: row?.family ?? "?", operation: "create_task", outcome: "ok" })).toBe(1);
    expect(delta("lensroom_kie_calls_total", { family: row?.family ?? "?", operation: "task_status", outcome: "ok" })).toBeGreaterThanOrEqual(1);
    expect(delta("lensroom_kie_limiter_wait_seconds_count", { kind: "status", limiter: "shared" })).toBeGreaterThanOrEqual(1);
  });

  it("reads every queue's depth, active and failed jobs, and the rows that succeeded without an asset, at scrape time", async () => {
    const exposition = await scrape();
    for (const queue of Object.keys(queueDefinitions)) {
      expect(valueOf(exposition, "lensroom_queue_depth", { queue })).toBeGreaterThanOrEqual(0);
      expect(valueOf(exposition, "lensroom_queue_active_jobs", { queue })).toBeGreaterThanOrEqual(0);
      expect(valueOf(exposition, "lensroom_queue_failed_jobs", { queue })).toBeGreaterThanOrEqual(0);
    }
    expect(valueOf(exposition, "lensroom_scrape_collector_up", { collector: "queues" })).toBe(1);
    const withoutAsset = (scraped: Exposition, type: string) => valueOf(scraped, "lensroom_generations_succeeded_without_asset", { type });
    expect([withoutAsset(exposition, "photo"), withoutAsset(exposition, "video")]).toEqual([0, 0]);

    // A shown success and a legacy `completed` without our copy count; a hidden one and a failed one do not.
    const row = { userId: USER_A, model: "fixture", prompt: "fixture" };
    await pipeline.services.db.insert(generations).values([
      { ...row, type: "photo", status: "success" },
      { ...row, type: "photo", status: "completed" },
      { ...row, type: "video", status: "success" },
      { ...row, type: "photo", status: "success", hiddenReason: "duplicate_task" },
      { ...row, type: "video", status: "failed" },
    ]);
    const after = await scrape();
    expect([withoutAsset(after, "photo"), withoutAsset(after, "video")]).toEqual([2, 1]);
  });

  it("reports the doctor's last run per check", async () => {
    const exposition = await waitFor(
      async () => {
        const scraped = await scrape();
        return samplesOf(scraped, "lensroom_doctor_check_ok").length > 0 ? scraped : null;
      },
      30_000,
      "the doctor's first run to show",
    );
    expect(
      samplesOf(exposition, "lensroom_doctor_check_ok")
        .map((s) => s.labels.check)
        .sort(),
    ).toEqual([...doctorCheckIds].sort());
    for (const sample of samplesOf(exposition, "lensroom_doctor_check_ok")) expect([0, 1]).toContain(sample.value);
    expect(valueOf(exposition, "lensroom_doctor_check_ok", { check: "columns" })).toBe(1);
    expect(valueOf(exposition, "lensroom_doctor_last_run_timestamp_seconds")).toBeGreaterThan(0);
  });

  it("answers without a reading the database cannot give within its deadline", async () => {
    // An exclusive lock holds every read of `generations` (the count) until the transaction ends.
    await pipeline.database.sql.begin(async (tx) => {
      await tx`lock table generations in access exclusive mode`;
      const exposition = await scrape();
      expect(valueOf(exposition, "lensroom_scrape_collector_up", { collector: "succeeded_without_asset" })).toBe(0);
      expect(samplesOf(exposition, "lensroom_generations_succeeded_without_asset")).toEqual([]);
      expect(valueOf(exposition, "lensroom_scrape_collector_up", { collector: "queues" })).toBe(1);
    });
    expect(valueOf(await scrape(), "lensroom_scrape_collector_up", { collector: "succeeded_without_asset" })).toBe(1);
  });

  it("requires the bearer in production mode and is open in embedded mode without a METRICS_TOKEN", async () => {
    const { services } = pipeline;
    const production = await serveFetchHandler(createMetricsHandler(async () => ({ ...services, env: { ...services.env, LENSROOM_MODE: "production" } })));
    const embedded = await serveFetchHandler(createMetricsHandler(async () => ({ ...services, env: { ...services.env, METRICS_TOKEN: undefined } })));
    try {
      const url = (server: { url: string }) => `${server.url}/metrics`;
      expect((await fetch(url(production))).status).toBe(401);
      expect((await fetch(url(production), { headers: bearer(`${TOKEN}x`) })).status).toBe(401);
      const allowed = await fetch(url(production), { headers: bearer(TOKEN) });
      expect(allowed.status).toBe(200);
      expect(samplesOf(parseExposition(await allowed.text()), "lensroom_queue_depth")).toHaveLength(Object.keys(queueDefinitions).length);
      expect((await fetch(url(embedded))).status).toBe(200);
      expect((await fetch(url(embedded), { method: "POST" })).status).toBe(405);
    } finally {
      await production.close();
      await embedded.close();
    }
  });
});
