import { generations, webhookDeliveries, webhookRejectionCounts, webhookRejectionSamples } from "@lensroom/db";
import { signCallback } from "@lensroom/kie/signature";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";

import { createKieWebhookHandler } from "../src/http/kie-webhook";
import { createTestServices, TEST_SECRETS } from "../src/testing";
import { USER_A } from "./helpers";

const SECRET = TEST_SECRETS.KIE_CALLBACK_SECRET;
const KNOWN_TASK = "bd8f4b1a52048d0f17a38b49591abfa1";
const now = () => Math.floor(Date.now() / 1000);

function marketCallback(taskId: string) {
  return {
    code: 200,
    msg: "Playground task completed successfully.",
    data: { taskId, state: "success", resultJson: '{"resultUrls":["https://tempfile.aiquickdraw.com/x.png"]}' },
  };
}

function signedHeaders(taskId: string, ts = now(), key = SECRET): Record<string, string> {
  return { "content-type": "application/json", "x-webhook-timestamp": String(ts), "x-webhook-signature": signCallback(key, taskId, ts) };
}

interface Case {
  name: string;
  status: number;
  request: () => Request;
  /** The stored delivery's verdict; null: nothing stored as a delivery. */
  verdict: string | null;
  /** The verdict a rejected request is counted under (and sampled as); null: not counted. */
  rejected: "bad_signature" | "bad_request" | null;
}

const url = "http://127.0.0.1/api/webhooks/kie";
const post = (body: string, headers: Record<string, string>, target = url) => new Request(target, { method: "POST", body, headers });

const cases: Case[] = [
  { name: "GET", status: 405, request: () => new Request(url), verdict: null, rejected: null },
  {
    name: "text/plain body",
    status: 415,
    request: () => post(JSON.stringify(marketCallback(KNOWN_TASK)), { ...signedHeaders(KNOWN_TASK), "content-type": "text/plain" }),
    verdict: null,
    rejected: "bad_request",
  },
  {
    name: "body over 1 MB",
    status: 413,
    request: () => post(JSON.stringify({ taskId: KNOWN_TASK, pad: "x".repeat(1_100_000) }), signedHeaders(KNOWN_TASK)),
    verdict: null,
    rejected: "bad_request",
  },
  { name: "malformed JSON", status: 400, request: () => post("{not json", signedHeaders(KNOWN_TASK)), verdict: null, rejected: "bad_request" },
  { name: "JSON array", status: 400, request: () => post("[1,2]", signedHeaders(KNOWN_TASK)), verdict: null, rejected: "bad_request" },
  {
    name: "no task id",
    status: 400,
    request: () => post(JSON.stringify({ code: 200, data: {} }), signedHeaders(KNOWN_TASK)),
    verdict: null,
    rejected: "bad_request",
  },
  {
    name: "task id with hostile characters",
    status: 400,
    request: () => post(JSON.stringify({ taskId: "'; drop table generations;--" }), signedHeaders("x")),
    verdict: null,
    rejected: "bad_request",
  },
  {
    name: "no signature, no token",
    status: 401,
    request: () => post(JSON.stringify(marketCallback(KNOWN_TASK)), { "content-type": "application/json" }),
    verdict: null,
    rejected: "bad_signature",
  },
  {
    name: "signature by another key",
    status: 401,
    request: () => post(JSON.stringify(marketCallback(KNOWN_TASK)), signedHeaders(KNOWN_TASK, now(), "another-key-0123456789")),
    verdict: null,
    rejected: "bad_signature",
  },
  {
    name: "signature for another task",
    status: 401,
    request: () => post(JSON.stringify(marketCallback(KNOWN_TASK)), signedHeaders("other-task")),
    verdict: null,
    rejected: "bad_signature",
  },
  {
    name: "timestamp 10 minutes old",
    status: 401,
    request: () => post(JSON.stringify(marketCallback(KNOWN_TASK)), signedHeaders(KNOWN_TASK, now() - 600)),
    verdict: null,
    rejected: "bad_signature",
  },
  {
    name: "wrong ?secret= token",
    status: 401,
    request: () => post(JSON.stringify(marketCallback(KNOWN_TASK)), { "content-type": "application/json" }, `${url}?secret=wrong`),
    verdict: null,
    rejected: "bad_signature",
  },
  {
    name: "signed, unknown task",
    status: 202,
    request: () => post(JSON.stringify(marketCallback("unknown-task-1")), signedHeaders("unknown-task-1")),
    verdict: "unknown_task",
    rejected: null,
  },
  {
    name: "signed, known task",
    status: 200,
    request: () => post(JSON.stringify(marketCallback(KNOWN_TASK)), signedHeaders(KNOWN_TASK)),
    verdict: "accepted",
    rejected: null,
  },
  {
    name: "legacy ?secret= token, known task",
    status: 200,
    request: () => post(JSON.stringify(marketCallback(KNOWN_TASK)), { "content-type": "application/json" }, `${url}?secret=${SECRET}`),
    verdict: "accepted",
    rejected: null,
  },
  {
    name: "Runway shape (data.task_id)",
    status: 200,
    request: () =>
      post(JSON.stringify({ code: 200, msg: "All generated successfully.", data: { task_id: KNOWN_TASK, video_url: "" } }), signedHeaders(KNOWN_TASK)),
    verdict: "accepted",
    rejected: null,
  },
];

describe("POST /api/webhooks/kie", () => {
  let env: Awaited<ReturnType<typeof createTestServices>>;
  let handle: (request: Request) => Promise<Response>;

  beforeAll(async () => {
    env = await createTestServices({ adminUrl: inject("pgAdminUrl"), template: inject("pgTemplate"), kieBaseUrl: "http://127.0.0.1:9" });
    handle = createKieWebhookHandler(async () => env.services);
  });
  afterAll(async () => env?.services.close());
  beforeEach(async () => {
    await env.database.reset();
    await env.services.db
      .insert(generations)
      .values({ userId: USER_A, type: "photo", model: "google/imagen4", prompt: "p", status: "generating", taskId: KNOWN_TASK });
  });

  it.each(cases)("$name → $status", async ({ request, status, verdict, rejected }) => {
    const before = await env.services.db.select().from(generations);
    const response = await handle(request());
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toContain("application/json");
    const body = (await response.json()) as Record<string, unknown>;
    if (status >= 400) expect(typeof body.error).toBe("string");

    const deliveries = await env.services.db.select().from(webhookDeliveries);
    expect(deliveries.map((d) => d.verdict)).toEqual(verdict ? [verdict] : []);
    // A rejected request is counted under its verdict and kept as a sample with the reason it was answered.
    const counts = await env.services.db.select().from(webhookRejectionCounts);
    expect(counts.map((c) => [c.verdict, c.count])).toEqual(rejected ? [[rejected, 1]] : []);
    const samples = await env.services.db.select().from(webhookRejectionSamples);
    expect(samples.map((c) => [c.verdict, c.reason])).toEqual(rejected ? [[rejected, body.error]] : []);
    // A callback never changes a generation by itself: the sync job does, after asking KIE.
    expect(await env.services.db.select().from(generations)).toEqual(before);
  });

  it("queues exactly one sync for a burst of identical callbacks", async () => {
    const responses = await Promise.all(Array.from({ length: 50 }, () => handle(post(JSON.stringify(marketCallback(KNOWN_TASK)), signedHeaders(KNOWN_TASK)))));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(await env.services.jobs.boss.findJobs("kie-sync", { data: { taskId: KNOWN_TASK } })).toHaveLength(1);
    const stored = await env.services.db.select().from(webhookDeliveries);
    expect(stored).toHaveLength(50);
  });

  it("answers 503 when the database cannot be reached, so KIE retries", async () => {
    const broken = createKieWebhookHandler(async () => {
      throw new Error("database down");
    });
    const response = await broken(post(JSON.stringify(marketCallback(KNOWN_TASK)), signedHeaders(KNOWN_TASK)));
    expect(response.status).toBe(503);
  });

  it("still answers malformed and unsigned requests with their 4xx when the services are down", async () => {
    const broken = createKieWebhookHandler(async () => {
      throw new Error("database down");
    });
    const malformed = await broken(post("{not json", { "content-type": "application/json" }));
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: string }).error).toBe("Body is not a JSON object");
    // Services that never come up (a start that hangs) do not hold the answer either.
    const hanging = createKieWebhookHandler(() => new Promise(() => undefined));
    const unanswered = await hanging(post("[1,2]", { "content-type": "application/json" }));
    expect(unanswered.status).toBe(400);
  });
});
