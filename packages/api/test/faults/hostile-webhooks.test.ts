import { createHash } from "node:crypto";
import http from "node:http";

import { generations, webhookDeliveries, webhookRejectionCounts, webhookRejectionSamples } from "@lensroom/db";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { createKieWebhookHandler } from "../../src/http/kie-webhook";
import { queueDefinitions } from "../../src/jobs/queues";
import { REJECTION_SAMPLES_KEPT } from "../../src/services/store-rejections";
import { createTestServices } from "../../src/testing";
import { serveFetchHandler } from "../../src/testing/serve-fetch-handler";
import { USER_A } from "../helpers";
import { FAULT_SIZES } from "./fault-sizes";
import { hostileCorpus, KNOWN_TASK, OTHER_KNOWN_TASK, type HostileCase } from "./hostile-corpus";

const corpus = hostileCorpus(FAULT_SIZES.hostileFuzzCases);

/** One raw HTTP request (any method, repeated headers, chunked bodies) to the webhook on loopback. */
function send(baseUrl: string, c: HostileCase): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const url = new URL(c.path ?? "/api/webhooks/kie", baseUrl);
  return new Promise((resolve, reject) => {
    const body = c.body === undefined ? undefined : Buffer.isBuffer(c.body) ? c.body : Buffer.from(c.body, "utf8");
    const headers: http.OutgoingHttpHeaders = { ...c.headers };
    if (body && !c.chunked) headers["content-length"] = String(body.length);
    const request = http.request(url, { method: c.method ?? "POST", headers, timeout: 15_000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString("utf8") }));
    });
    request.on("timeout", () => request.destroy(new Error("no answer within 15 s")));
    // The server may answer (413) and close before the whole body is written.
    request.on("error", (error: NodeJS.ErrnoException) => (error.code === "EPIPE" || error.code === "ECONNRESET" ? undefined : reject(error)));
    if (body) request.write(body);
    request.end();
  });
}

// Table-driven: every hostile request gets the right 4xx (202 only for a correctly signed unknown task), never a 5xx,
// and nothing changes but the audit log: signed unknown ones are stored as unknown_task deliveries; rejected ones are
// only counted (bad_signature for 401, bad_request for 400/413/415) with the newest few kept as samples.
describe(`fault: ${corpus.length} hostile webhook requests`, () => {
  let env: Awaited<ReturnType<typeof createTestServices>>;
  let server: Awaited<ReturnType<typeof serveFetchHandler>>;

  const fingerprint = async () => {
    const [g] = await env.services.db.execute<{ h: string | null; n: number }>(
      sql`select md5(coalesce(string_agg(g::text, '|' order by id), '')) as h, count(*)::int as n from generations g`,
    );
    const all = (await Promise.all(Object.keys(queueDefinitions).map((queue) => env.services.jobs.boss.findJobs(queue)))).flat();
    const j = {
      h: createHash("md5")
        .update(JSON.stringify(all.toSorted((a, b) => a.id.localeCompare(b.id))))
        .digest("hex"),
      n: all.length,
    };
    return { generations: g, jobs: j };
  };

  beforeAll(async () => {
    env = await createTestServices({ adminUrl: inject("pgAdminUrl"), template: inject("pgTemplate"), kieBaseUrl: "http://127.0.0.1:9" });
    const handle = createKieWebhookHandler(async () => env.services);
    server = await serveFetchHandler(handle);
    for (const taskId of [KNOWN_TASK, OTHER_KNOWN_TASK]) {
      await env.services.db.insert(generations).values({ userId: USER_A, type: "photo", model: "google/imagen4", prompt: "p", status: "generating", taskId });
    }
  });
  afterAll(async () => {
    await server?.close();
    await env?.services.close();
  });

  it("has at least 100 cases, every expected status represented", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(100);
    expect(new Set(corpus.map((c) => c.expect))).toEqual(new Set([400, 401, 405, 413, 415, 202]));
    expect(new Set(corpus.map((c) => c.name)).size).toBe(corpus.length);
  });

  it("answers each with its 4xx (or 202), zero 5xx, and changes nothing but the audit log", async () => {
    const before = await fingerprint();
    const wrong: string[] = [];
    let expectedDeliveries = 0;
    const rejectedCount = async () =>
      (await env.services.db.select({ n: sql<number>`coalesce(sum(${webhookRejectionCounts.count}), 0)::int` }).from(webhookRejectionCounts))[0]?.n ?? 0;
    for (const c of corpus) {
      const deliveriesBefore = await env.services.db.select({ n: sql<number>`count(*)::int` }).from(webhookDeliveries);
      const rejectedBefore = await rejectedCount();
      const reply = await send(server.url, c);
      if (reply.status !== c.expect) wrong.push(`${c.name}: ${reply.status} ${reply.body.slice(0, 200)}`);
      if (c.method !== "HEAD") {
        expect(reply.headers["content-type"], c.name).toContain("application/json");
        const parsed = JSON.parse(reply.body) as Record<string, unknown>;
        if (reply.status >= 400) expect(typeof parsed.error, c.name).toBe("string");
      }
      const logged = c.expect === 202 ? 1 : 0;
      expectedDeliveries += logged;
      const deliveriesAfter = await env.services.db.select({ n: sql<number>`count(*)::int` }).from(webhookDeliveries);
      if (reply.status === c.expect) {
        expect((deliveriesAfter[0]?.n ?? 0) - (deliveriesBefore[0]?.n ?? 0), c.name).toBe(logged);
        expect((await rejectedCount()) - rejectedBefore, c.name).toBe(c.expect === 405 || c.expect === 202 ? 0 : 1);
      }
    }
    expect(wrong).toEqual([]);

    // Generations and the job queue are byte-for-byte what they were; the audit log holds exactly the expected rows.
    expect(await fingerprint()).toEqual(before);
    const log = await env.services.db.select().from(webhookDeliveries);
    expect(log).toHaveLength(expectedDeliveries);
    const verdicts = new Map<string, number>();
    for (const d of log) verdicts.set(d.verdict, (verdicts.get(d.verdict) ?? 0) + 1);
    expect(Object.fromEntries(verdicts)).toEqual({ unknown_task: corpus.filter((c) => c.expect === 202).length });
    const counted = new Map<string, number>();
    for (const c of await env.services.db.select().from(webhookRejectionCounts)) counted.set(c.verdict, (counted.get(c.verdict) ?? 0) + c.count);
    expect(Object.fromEntries(counted)).toEqual({
      bad_signature: corpus.filter((c) => c.expect === 401).length,
      bad_request: corpus.filter((c) => c.expect === 400 || c.expect === 413 || c.expect === 415).length,
    });
    const samples = await env.services.db.select().from(webhookRejectionSamples);
    for (const verdict of ["bad_signature", "bad_request"]) {
      expect(samples.filter((s) => s.verdict === verdict).length, verdict).toBe(Math.min(REJECTION_SAMPLES_KEPT, counted.get(verdict) ?? 0));
    }
    expect(log.every((d) => d.processedAt !== null && d.generationId === null)).toBe(true);
    // No request reached Object.prototype.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("taskId");
  }, 120_000);
});
