import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startKieSimulator, type KieSimulator } from "../src/index";
import { rec, startReceiver, waitFor } from "./helpers";

/**
 * Fault modes for each way KIE's documented replies differ from a happy-path reading (fact sheet §1, §3, §4, §5, §7).
 * Every case configures the fault over the control API (`POST /__sim/faults`) and checks the raw HTTP body.
 */
let sim: KieSimulator;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  sim = await startKieSimulator({ renderDelayMs: 60, timeScale: 0.0002 });
  receiver = await startReceiver();
  sim.faults.set({ enforceRateLimits: false }); // many creates in a few seconds; the 429 limit has its own test
});
afterEach(async () => {
  await fetch(`${sim.url}/__sim/faults`, { method: "DELETE" });
  sim.faults.set({ enforceRateLimits: false });
});
afterAll(async () => {
  await sim.close();
  await receiver.close();
});

async function raw(method: "GET" | "POST", path: string, body?: unknown): Promise<{ http: number; body: Record<string, unknown> }> {
  const res = await fetch(`${sim.url}${path}`, {
    method,
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { http: res.status, body: rec(await res.json()) };
}

async function setFault(body: unknown): Promise<number> {
  const res = await fetch(`${sim.url}/__sim/faults`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  return res.status;
}

const families = {
  market: {
    create: "/api/v1/jobs/createTask",
    record: "/api/v1/jobs/recordInfo",
    body: (p: string) => ({ model: "google/imagen4", callBackUrl: receiver.url, input: { prompt: p } }),
  },
  gpt4o: {
    create: "/api/v1/gpt4o-image/generate",
    record: "/api/v1/gpt4o-image/record-info",
    body: (p: string) => ({ prompt: p, size: "1:1", callBackUrl: receiver.url }),
  },
  flux: {
    create: "/api/v1/flux/kontext/generate",
    record: "/api/v1/flux/kontext/record-info",
    body: (p: string) => ({ prompt: p, callBackUrl: receiver.url }),
  },
  veo: { create: "/api/v1/veo/generate", record: "/api/v1/veo/record-info", body: (p: string) => ({ prompt: p, callBackUrl: receiver.url }) },
  runway: {
    create: "/api/v1/runway/generate",
    record: "/api/v1/runway/record-detail",
    body: (p: string) => ({ prompt: p, aspectRatio: "16:9", callBackUrl: receiver.url }),
  },
} as const;
type Family = keyof typeof families;

async function create(family: Family, prompt = "variant"): Promise<string> {
  const r = await raw("POST", families[family].create, families[family].body(prompt));
  expect(r.body["code"]).toBe(200);
  return String(rec(r.body["data"])["taskId"]);
}
const read = (family: Family, taskId: string) => raw("GET", `${families[family].record}?taskId=${taskId}`);
const settled = (taskId: string) =>
  waitFor(() => {
    const t = sim.tasks.get(taskId);
    return t && (t.state === "success" || t.state === "fail") ? t : undefined;
  }, 30_000);
const callbackFor = (taskId: string) => waitFor(() => receiver.received.find((r) => JSON.stringify(r.body).includes(taskId)), 30_000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("1. bareEnvelope: error envelopes without data (§1)", () => {
  it("create answers HTTP 200 {code,msg} with no data key: 429, 402, 401; message key and string code", async () => {
    const cases = [
      { code: 429, msg: "Rate limit exceeded" },
      { code: 402, msg: "Credits insufficient" },
      { code: 401, msg: "You do not have access permissions" },
    ];
    for (const c of cases) {
      expect(await setFault({ count: 1, bareEnvelope: { on: "create", ...c } })).toBe(200);
      const r = await raw("POST", families.market.create, families.market.body("bare"));
      expect(r).toStrictEqual({ http: 200, body: c });
    }
    expect(await setFault({ bareEnvelope: { on: "create", code: "429", msg: "Rate limit exceeded", msgKey: "message", count: 1 } })).toBe(200);
    expect((await raw("POST", families.veo.create, families.veo.body("bare"))).body).toStrictEqual({ code: "429", message: "Rate limit exceeded" });
    // Counts used up: creates work again.
    expect((await raw("POST", families.veo.create, families.veo.body("bare"))).body["code"]).toBe(200);
  });

  it("record read answers {code:422,msg:'recordInfo is null'} without data for one task, then the real record", async () => {
    const taskId = await create("market");
    await settled(taskId);
    expect(await setFault({ taskId, bareEnvelope: { on: "record", code: 422, msg: "recordInfo is null", count: 2 } })).toBe(200);
    expect((await read("market", taskId)).body).toStrictEqual({ code: 422, msg: "recordInfo is null" });
    expect((await read("market", taskId)).body).toStrictEqual({ code: 422, msg: "recordInfo is null" });
    const after = await read("market", taskId);
    expect(after.body["code"]).toBe(200);
    expect(rec(after.body["data"])["state"]).toBe("success");
  });

  it("8. record read answers {code:408,msg:'Upstream returned no result in 10 minutes'} (with data:null when asked)", async () => {
    const taskId = await create("flux");
    expect(await setFault({ taskId, bareEnvelope: { on: "record", code: 408, msg: "Upstream returned no result in 10 minutes" } })).toBe(200);
    expect(await read("flux", taskId)).toStrictEqual({ http: 200, body: { code: 408, msg: "Upstream returned no result in 10 minutes" } });
    await fetch(`${sim.url}/__sim/faults`, { method: "DELETE" });
    sim.faults.set({ enforceRateLimits: false });
    expect(await setFault({ bareEnvelope: { on: "record", code: 408, msg: "Upstream returned no result in 10 minutes", data: "null" } })).toBe(200);
    expect((await read("veo", "any-task")).body).toStrictEqual({ code: 408, msg: "Upstream returned no result in 10 minutes", data: null });
  });
});

describe("2./3. recordFailure: envelope code on record reads means the task failed (§1, §3, §4.2)", () => {
  it("Market 501 Generation Failed: record envelope with data:null; callback 501 'Playground task failed.'", async () => {
    expect(await setFault({ count: 1, recordFailure: { code: 501, msg: "Generation Failed", data: "null" } })).toBe(200);
    const taskId = await create("market", "fails");
    await settled(taskId);
    expect(await read("market", taskId)).toStrictEqual({ http: 200, body: { code: 501, msg: "Generation Failed", data: null } });
    const cb = rec((await callbackFor(taskId)).body);
    expect(cb).toMatchObject({
      code: 501,
      msg: "Playground task failed.",
      data: { taskId, state: "fail", failCode: "501", failMsg: "Generation Failed", creditsConsumed: 0 },
    });
    expect(typeof rec(cb["data"])["failCode"]).toBe("string");
  });

  it("Flux record-info 501 without data", async () => {
    expect(await setFault({ count: 1, recordFailure: { code: 501, msg: "Generation Failed" } })).toBe(200);
    const taskId = await create("flux", "fails");
    await settled(taskId);
    expect((await read("flux", taskId)).body).toStrictEqual({ code: 501, msg: "Generation Failed" });
    expect((await callbackFor(taskId)).body).toStrictEqual({ code: 501, msg: "Generation Failed", data: { taskId, info: null } });
  });

  it("Veo 400 (prompt flagged) and Runway 451 (image fetch): record envelopes and the families' failure callbacks", async () => {
    const flagged = "Your prompt was flagged by Website as violating content policies.";
    expect(await setFault({ count: 1, recordFailure: { code: 400, msg: flagged } })).toBe(200);
    const veoId = await create("veo", "flagged");
    expect(
      await setFault({
        count: 1,
        recordFailure: { code: 451, msg: "Failed to fetch the image. Kindly verify any access limits set by you or your service provider." },
      }),
    ).toBe(200);
    const runwayId = await create("runway", "fetch fails");
    await settled(veoId);
    await settled(runwayId);
    expect((await read("veo", veoId)).body).toStrictEqual({ code: 400, msg: flagged });
    expect((await read("runway", runwayId)).body).toStrictEqual({
      code: 451,
      msg: "Failed to fetch the image. Kindly verify any access limits set by you or your service provider.",
    });
    expect((await callbackFor(veoId)).body).toStrictEqual({ code: 400, msg: flagged, data: { taskId: veoId, info: null, fallbackFlag: false } });
    expect((await callbackFor(runwayId)).body).toStrictEqual({
      code: 451,
      msg: "Failed to fetch the image. Kindly verify any access limits set by you or your service provider.",
      data: { task_id: runwayId, video_id: "", video_url: "", image_url: "" },
    });
  });
});

describe("4. emptyResult: success without readable URLs (§3, §4.2)", () => {
  it("Market resultJson '{not json' (permanent) and '{\"resultUrls\":[]}' for the first 2 reads only (transient)", async () => {
    expect(await setFault({ count: 1, emptyResult: { variant: "malformedJson" } })).toBe(200);
    const bad = await create("market", "malformed");
    expect(await setFault({ count: 1, emptyResult: { variant: "emptyList", reads: 2 } })).toBe(200);
    const transient = await create("market", "transient");
    await settled(bad);
    await settled(transient);
    for (let i = 0; i < 3; i++) expect(rec((await read("market", bad)).body["data"])).toMatchObject({ state: "success", resultJson: "{not json" });
    expect(rec((await callbackFor(bad)).body)).toMatchObject({ code: 200, data: { state: "success", resultJson: "{not json" } });
    const json = async () => String(rec((await read("market", transient)).body["data"])["resultJson"]);
    expect(await json()).toBe('{"resultUrls":[]}');
    expect(await json()).toBe('{"resultUrls":[]}');
    const third = JSON.parse(await json()) as { resultUrls: string[] };
    expect(third.resultUrls).toHaveLength(1);
    expect((await fetch(String(third.resultUrls[0]))).status).toBe(200);
  });

  it("4o response:null with successFlag 1, and URLs only under data.info.result_urls", async () => {
    expect(await setFault({ count: 1, emptyResult: { variant: "nullResponse" } })).toBe(200);
    const nul = await create("gpt4o", "null");
    expect(await setFault({ count: 1, emptyResult: { variant: "nestedInfo" } })).toBe(200);
    const nested = await create("gpt4o", "nested");
    await settled(nul);
    await settled(nested);
    const a = rec((await read("gpt4o", nul)).body["data"]);
    expect(a).toMatchObject({ successFlag: 1, status: "SUCCESS", response: null });
    expect("info" in a).toBe(false);
    const b = rec((await read("gpt4o", nested)).body["data"]);
    expect(b).toMatchObject({ successFlag: 1, response: null });
    const urls = rec(b["info"])["result_urls"] as string[];
    expect(urls).toHaveLength(1);
    expect((await fetch(String(urls[0]))).status).toBe(200);
  });

  it("Veo and Flux response without the URL field", async () => {
    expect(await setFault({ count: 2, emptyResult: { variant: "missingUrlField" } })).toBe(200);
    const v = await create("veo", "no url");
    const f = await create("flux", "no url");
    await settled(v);
    await settled(f);
    const vr = rec(rec((await read("veo", v)).body["data"])["response"]);
    expect(vr).toStrictEqual({ taskId: v, resolution: "720p" });
    expect(rec((await read("flux", f)).body["data"])).toMatchObject({ successFlag: 1, response: {} });
    expect(rec(rec((await callbackFor(v)).body)["data"])["info"]).toStrictEqual({ resolution: "720p" });
    expect(rec(rec((await callbackFor(f)).body)["data"])["info"]).toStrictEqual({});
  });
});

describe("5./6. resultGone: expired links (§5.1, §7)", () => {
  it("Runway expireFlag 1 and its video URL answering 410 from the start", async () => {
    expect(await setFault({ count: 1, resultGone: { status: 410 } })).toBe(200);
    const taskId = await create("runway", "expired");
    await settled(taskId);
    const data = rec((await read("runway", taskId)).body["data"]);
    expect(data).toMatchObject({ state: "success", expireFlag: 1 });
    const videoUrl = String(rec(data["videoInfo"])["videoUrl"]);
    expect((await fetch(videoUrl)).status).toBe(410);
  });

  it("result URL answers 404 after a TTL (afterMs), 200 before", async () => {
    const taskId = await create("market", "ttl");
    const t = await settled(taskId);
    expect(await setFault({ taskId, resultGone: { status: 404, afterMs: 400 } })).toBe(200);
    const url = String(t.files[0]?.url);
    if (Date.now() < (t.completedAt ?? 0) + 300) expect((await fetch(url)).status).toBe(200);
    await waitFor(async () => (await fetch(url)).status === 404, 5_000); // 400 ms after completion
    expect((await fetch(url, { method: "HEAD" })).status).toBe(404);
  });

  it("a 404 from the start, and Runway live before its afterMs", async () => {
    expect(await setFault({ count: 1, resultGone: { status: 404 } })).toBe(200);
    const taskId = await create("gpt4o", "gone");
    const t = await settled(taskId);
    expect((await fetch(String(t.files[0]?.url))).status).toBe(404);
    expect(await setFault({ count: 1, resultGone: { status: 410, afterMs: 3_600_000 } })).toBe(200);
    const live = await create("runway", "live");
    await settled(live);
    expect(rec((await read("runway", live)).body["data"])["expireFlag"]).toBe(0);
  });
});

describe("7. neverFinish (§3.1)", () => {
  it("the task stays generating (or queuing) forever and sends no callback", async () => {
    expect(await setFault({ count: 1, neverFinish: true })).toBe(200);
    const gen = await create("market", "forever");
    expect(await setFault({ count: 1, neverFinish: "queuing" })).toBe(200);
    const queued = await create("runway", "forever queued");
    await sleep(600); // under test: nothing finishes in 10× the render delay
    const m = rec((await read("market", gen)).body["data"]);
    expect(m).toMatchObject({ state: "generating", resultJson: "", completeTime: null });
    expect(rec((await read("runway", queued)).body["data"])).toMatchObject({ state: "queueing", videoInfo: null });
    expect(sim.tasks.get(gen)?.callbacks).toEqual([]);
    expect(sim.tasks.get(queued)?.callbacks).toEqual([]);
    expect(receiver.received.some((r) => JSON.stringify(r.body).includes(gen) || JSON.stringify(r.body).includes(queued))).toBe(false);
  });
});

describe("validation (zod, like the other faults)", () => {
  it("rejects malformed bodies for the new modes with 400", async () => {
    const bad = [
      { bareEnvelope: { on: "create", code: 429 } },
      { bareEnvelope: { on: "elsewhere", code: 429, msg: "x" } },
      { bareEnvelope: { on: "record", code: "abc", msg: "x" } },
      { bareEnvelope: { on: "record", code: 429, msg: "x", data: "empty" } },
      { recordFailure: { code: "501", msg: "Generation Failed" } },
      { emptyResult: { variant: "nothing" } },
      { emptyResult: { variant: "emptyList", reads: 0 } },
      { resultGone: { status: 403 } },
      { neverFinish: "success" },
    ];
    for (const body of bad) expect(await setFault(body), JSON.stringify(body)).toBe(400);
  });
});
