import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKieClient, type KieClient } from "../src/client";
import { KieApiError } from "../src/errors";
import { kieFamilies } from "../src/families";

/** A loopback KIE that answers every request with the queued replies in order (the last one repeats). */
let replies: Array<{ http: number; body: unknown }> = [];
let hits = 0;
let server: Server;
let kie: KieClient;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    const reply = replies[Math.min(hits, replies.length - 1)] ?? { http: 500, body: {} };
    hits++;
    res.writeHead(reply.http, { "content-type": "application/json" });
    res.end(JSON.stringify(reply.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  kie = createKieClient({
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    apiKey: "k",
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
  });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function serve(...r: Array<{ http: number; body: unknown }>): void {
  replies = r;
  hits = 0;
}

async function rejection(p: Promise<unknown>): Promise<KieApiError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof KieApiError) return err;
    throw err;
  }
  throw new Error("expected a KieApiError");
}

const id = "task12345";

describe("record reads: terminal envelope codes are failed statuses", () => {
  it.each(kieFamilies.flatMap((family) => [400, 408, 451, 501].map((code) => [family, code] as const)))(
    "%s + envelope %i → failed, one attempt",
    async (family, code) => {
      serve({ http: 200, body: { code, msg: `reason ${code}` } });
      const s = await kie.getTaskStatus(family, id);
      expect(s).toMatchObject({ taskId: id, family, state: "failed", failCode: String(code), failMessage: `reason ${code}`, resultUrls: [], coverUrl: null });
      expect(hits).toBe(1);
    },
  );

  it("a transient code is retried and then succeeds", async () => {
    serve(
      { http: 200, body: { code: 429, msg: "Rate limit exceeded" } },
      { http: 200, body: { code: 455, msg: "maintenance" } },
      { http: 200, body: { code: 200, msg: "success", data: { taskId: id, state: "generating" } } },
    );
    expect((await kie.getTaskStatus("market", id)).state).toBe("generating");
    expect(hits).toBe(3);
  });

  it.each([429, 455, 500, 502, 503, 504])("envelope %i keeps throwing a retryable error after backing off", async (code) => {
    serve({ http: 200, body: { code, msg: `m${code}` } });
    const err = await rejection(kie.getTaskStatus("veo", id));
    expect(err).toMatchObject({ retryable: true, code, kieMessage: `m${code}` });
    expect(hits).toBe(3);
  });

  it("422 recordInfo is null without data is recordMissing, not bad_response", async () => {
    serve({ http: 200, body: { code: 422, msg: "recordInfo is null" } });
    expect(await rejection(kie.getTaskStatus("market", id))).toMatchObject({ kind: "not_found", recordMissing: true, code: 422 });
    expect(hits).toBe(1);
  });
});

describe("creates map documented codes", () => {
  const spec = { family: "market", model: "google/imagen4", prompt: "p", callBackUrl: "https://x/cb" } as const;
  it("429 without data backs off and retries; 402 is insufficient credits after one attempt; 401 unauthorized", async () => {
    serve({ http: 200, body: { code: 429, msg: "Rate limit exceeded" } }, { http: 200, body: { code: 200, msg: "success", data: { taskId: "t1" } } });
    expect((await kie.createTask(spec)).taskId).toBe("t1");
    expect(hits).toBe(2);
    serve({ http: 200, body: { code: 402, msg: "Credits insufficient" } });
    expect(await rejection(kie.createTask(spec))).toMatchObject({ kind: "insufficient_credits", kieMessage: "Credits insufficient" });
    expect(hits).toBe(1);
    serve({ http: 200, body: { code: 401, msg: "You do not have access permissions" } });
    expect(await rejection(kie.createTask(spec))).toMatchObject({ kind: "unauthorized", retryable: false });
  });
  it("501 on a create is a generation_failed error, not a status", async () => {
    serve({ http: 200, body: { code: 501, msg: "Generation Failed" } });
    expect(await rejection(kie.createTask(spec))).toMatchObject({ kind: "generation_failed", retryable: false, code: 501 });
    expect(hits).toBe(1);
  });
});
