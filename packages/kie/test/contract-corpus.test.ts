import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { summarizeCallback } from "../src/callback";
import { createKieClient, type KieClient } from "../src/client";
import { KieApiError } from "../src/errors";
import { familyAdapters, type KieCreateTaskSpec } from "../src/families/index";
import type { KieFamily } from "../src/families";
import { loadCorpus, type CorpusSample } from "./fixtures/corpus";

/**
 * KIE's own published samples (test/fixtures/*.json) served from a loopback server, so the client is held to KIE's
 * documentation rather than to our simulator's reading of it.
 */
const corpus = loadCorpus();
let current: CorpusSample | undefined;
let hits = 0;
let server: Server;
let kie: KieClient;

const defaultTaskIds: Record<KieFamily, string> = {
  market: "bd8f4b1a52048d0f17a38b49591abfa1",
  gpt4o: "task12345",
  flux: "task12345",
  veo: "veo_task_abcdef123456",
  runway: "ee603959-debb-48d1-98c4-a6d1c717eba6",
};

const createSpecs: Record<KieFamily, KieCreateTaskSpec> = {
  market: { family: "market", model: "google/imagen4", prompt: "p", callBackUrl: "https://example.com/cb" },
  gpt4o: { family: "gpt4o", model: "gpt-4o-image", prompt: "p", callBackUrl: "https://example.com/cb" },
  flux: { family: "flux", model: "flux-kontext-pro", prompt: "p", callBackUrl: "https://example.com/cb" },
  veo: { family: "veo", model: "veo3_fast", prompt: "p", callBackUrl: "https://example.com/cb" },
  runway: { family: "runway", model: "runway-gen4", prompt: "p", callBackUrl: "https://example.com/cb" },
};

beforeAll(async () => {
  server = createServer((req, res) => {
    hits++;
    req.resume();
    const sample = current;
    res.writeHead(sample?.http ?? 500, { "content-type": "application/json" });
    res.end(sample ? JSON.stringify(sample.body) : "{}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  kie = createKieClient({
    baseUrl: `http://127.0.0.1:${port}`,
    apiKey: "corpus-key",
    timeoutMs: 2000,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
    limits: { create: { limit: 1000, windowMs: 1000 }, status: { limit: 1000, windowMs: 1000 } },
  });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function serve<T>(sample: CorpusSample, run: () => Promise<T>): Promise<{ value?: T; error?: KieApiError; hits: number }> {
  current = sample;
  hits = 0;
  try {
    return { value: await run(), hits };
  } catch (err) {
    if (err instanceof KieApiError) return { error: err, hits };
    throw err;
  } finally {
    current = undefined;
  }
}

function expectError(sample: CorpusSample, error: KieApiError | undefined, attempts: number, retriedOn: boolean): void {
  const want = sample.expected.error;
  expect(want, "sample must document an error").toBeDefined();
  expect(error).toBeInstanceOf(KieApiError);
  expect(error).toMatchObject({ kind: want?.kind, retryable: want?.retryable, code: want?.code, recordMissing: want?.recordMissing ?? false });
  if (want?.kieMessage !== undefined) {
    expect(error?.kieMessage).toBe(want.kieMessage);
    expect(error?.message).toContain(want.kieMessage);
  }
  // A retryable error is sent again (backs off); anything else is given up on after one attempt.
  expect(attempts).toBe(retriedOn ? 3 : 1);
}

function expectStatus(sample: CorpusSample, status: Record<string, unknown>): void {
  const { expected } = sample;
  for (const key of ["state", "resultUrls", "coverUrl", "failCode", "failMessage"] as const) {
    if (expected[key] !== undefined) expect(status[key], `${key}`).toEqual(expected[key]);
  }
}

describe("KIE documentation corpus", () => {
  it("covers every family and every kind, and names a source for each sample", () => {
    const families = new Set(corpus.map((s) => s.family));
    expect([...families].sort()).toEqual(["flux", "gpt4o", "market", "runway", "veo"]);
    for (const kind of ["record", "envelope", "callback", "create"]) expect(corpus.some((s) => s.kind === kind)).toBe(true);
    expect(corpus.length).toBeGreaterThanOrEqual(60);
  });

  const reads = corpus.filter((s) => s.kind === "record" || s.kind === "envelope");
  it.each(reads.map((s) => [`${s.family}: ${s.name}`, s] as const))("getTaskStatus — %s", async (_name, sample) => {
    const taskId = sample.expected.taskId ?? defaultTaskIds[sample.family];
    const got = await serve(sample, () => kie.getTaskStatus(sample.family, taskId));
    if (sample.kind === "envelope") {
      expectError(sample, got.error, got.hits, sample.expected.error?.retryable ?? false);
      return;
    }
    expect(got.error).toBeUndefined();
    expect(got.hits).toBe(1);
    expect(got.value?.taskId).toBe(taskId);
    expectStatus(sample, { ...got.value });
  });

  const creates = corpus.filter((s) => s.kind === "create");
  it.each(creates.map((s) => [`${s.family}: ${s.name}`, s] as const))("createTask — %s", async (_name, sample) => {
    const got = await serve(sample, () => kie.createTask(createSpecs[sample.family]));
    if (sample.expected.error) {
      // Creates are resent only on definite rejections (429/455/550): never a double task.
      const definite = ["rate_limited", "maintenance", "queue_full"].includes(sample.expected.error.kind);
      expectError(sample, got.error, got.hits, definite);
      return;
    }
    expect(got.value?.taskId).toBe(sample.expected.taskId);
  });

  const callbacks = corpus.filter((s) => s.kind === "callback");
  it.each(callbacks.map((s) => [`${s.family}: ${s.name}`, s] as const))("callback — %s", (_name, sample) => {
    const summary = summarizeCallback(sample.body);
    expect(summary.taskId).toBe(sample.expected.taskId);
    if (sample.expected.stateHint !== undefined) expect(summary.stateHint).toBe(sample.expected.stateHint);
    if (sample.expected.failCode !== undefined) expect(summary.failCode).toBe(sample.expected.failCode);
    if (sample.expected.state !== undefined) {
      // A callback's `data` read as a record gives the same URLs. Outside market, the callback's `code` carries the state
      // a record would spell as successFlag/state, so it is added here (the product still re-reads the record).
      const data = (sample.body as { data?: Record<string, unknown> }).data ?? {};
      const stated =
        sample.family === "market"
          ? data
          : { ...data, successFlag: summary.stateHint === "success" ? 1 : 2, state: summary.stateHint === "success" ? "success" : "fail" };
      expectStatus(sample, { ...familyAdapters[sample.family].parseStatus(stated, sample.expected.taskId) });
    }
  });
});
