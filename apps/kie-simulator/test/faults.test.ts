import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startKieSimulator, type KieSimulator } from "../src/index";
import { api, isPng, rec, startReceiver, waitFor } from "./helpers";

let sim: KieSimulator;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let receiverStatus = 200;

beforeAll(async () => {
  // timeScale 0.0002: callback retries after 12 / 60 / 180 ms.
  sim = await startKieSimulator({ renderDelayMs: 60, timeScale: 0.0002 });
  receiver = await startReceiver(() => receiverStatus);
});
afterEach(async () => {
  receiverStatus = 200;
  await fetch(`${sim.url}/__sim/faults`, { method: "DELETE" });
});
afterAll(async () => {
  await sim.close();
  await receiver.close();
});

const imagen = (cb: string, prompt = "fault test") => ({ model: "google/imagen4", callBackUrl: cb, input: { prompt, aspect_ratio: "1:1" } });

async function createMarket(prompt?: string): Promise<string> {
  const r = await api(sim.url, "POST", "/api/v1/jobs/createTask", imagen(receiver.url, prompt));
  expect(r.env.code).toBe(200);
  return String(rec(r.env.data)["taskId"]);
}

async function setFault(body: unknown): Promise<Response> {
  return fetch(`${sim.url}/__sim/faults`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
}

const settled = (taskId: string) =>
  waitFor(() => {
    const t = sim.tasks.get(taskId);
    return t && (t.state === "success" || t.state === "fail") ? t : undefined;
  });
const callbacksFor = (taskId: string) => receiver.received.filter((r) => JSON.stringify(r.body).includes(taskId));

describe("faults", () => {
  it("validates fault bodies (400 with issues) and lists rules", async () => {
    expect((await setFault({ callbackLost: 2 })).status).toBe(400);
    expect((await setFault({ nonsense: true })).status).toBe(400);
    expect((await setFault({ taskId: "a", count: 2, callbackLost: true })).status).toBe(400);
    expect((await setFault({ callbackDuplicates: 1 })).status).toBe(200);
    const list = (await (await fetch(`${sim.url}/__sim/faults`)).json()) as { faults: unknown[] };
    expect(list.faults).toHaveLength(1);
  });

  it("walks waiting → queuing → generating → success and exposes the task", async () => {
    sim.faults.set({ count: 1, renderDelayMs: 400 });
    const taskId = await createMarket("walk");
    const states = new Set<string>();
    await waitFor(() => {
      const s = sim.tasks.get(taskId)?.state;
      if (s) states.add(s);
      return s === "success";
    });
    expect([...states]).toEqual(["waiting", "queuing", "generating", "success"]);
    const viaHttp = (await (await fetch(`${sim.url}/__sim/tasks/${taskId}`)).json()) as { task: { state: string; files: unknown[] } };
    expect(viaHttp.task.state).toBe("success");
    expect(viaHttp.task.files).toHaveLength(1);
  });

  it("fail: each family's fail shape (market record + 501 callback)", async () => {
    await setFault({ count: 1, fail: { code: 400, message: "Your content was flagged" } });
    const taskId = await createMarket();
    await settled(taskId);
    const r = await api(sim.url, "GET", `/api/v1/jobs/recordInfo?taskId=${taskId}`);
    expect(rec(r.env.data)).toMatchObject({ state: "fail", failCode: "400", failMsg: "Your content was flagged", resultJson: "", creditsConsumed: 0 });
    const cb = await waitFor(() => callbacksFor(taskId)[0]);
    expect(rec(cb.body)).toMatchObject({ code: 501, msg: "Playground task failed.", data: { state: "fail", failCode: "400", resultJson: null } });

    sim.faults.set({ count: 1, fail: { code: 451, message: "image fetch failed" } });
    const g = await api(sim.url, "POST", "/api/v1/gpt4o-image/generate", { prompt: "x", size: "1:1", callBackUrl: receiver.url });
    const gid = String(rec(g.env.data)["taskId"]);
    await settled(gid);
    const gcb = await waitFor(() => callbacksFor(gid)[0]);
    expect(gcb.body).toEqual({ code: 451, msg: "image fetch failed", data: { taskId: gid, info: null } });
    const grec = await api(sim.url, "GET", `/api/v1/gpt4o-image/record-info?taskId=${gid}`);
    expect(rec(grec.env.data)).toMatchObject({ successFlag: 2, status: "GENERATE_FAILED", errorCode: 451, response: null });
  });

  it("callbackDuplicates, staleAfterSuccess and callbackDelayMs", async () => {
    sim.faults.set({ count: 1, callbackDuplicates: 2, staleAfterSuccess: true, callbackDelayMs: 150 });
    const taskId = await createMarket();
    const done = await settled(taskId);
    const got = await waitFor(() => (callbacksFor(taskId).length >= 4 ? callbacksFor(taskId) : undefined));
    expect(got[0]?.at).toBeGreaterThanOrEqual((done.completedAt ?? 0) + 140);
    expect(got.map((c) => rec(rec(c.body)["data"])["state"])).toEqual(["success", "success", "success", "generating"]);
    expect(sim.tasks.get(taskId)?.callbacks.map((c) => c.kind)).toEqual(["final", "duplicate", "duplicate", "stale"]);
  });

  it("callbackLost drops the callback; the record still reads success", async () => {
    sim.faults.set({ count: 1, callbackLost: true });
    const taskId = await createMarket();
    await settled(taskId);
    await waitFor(() => sim.tasks.get(taskId)?.callbacks.length); // the delivery is decided (and logged) at once
    expect(sim.tasks.get(taskId)?.callbacks).toMatchObject([{ kind: "final", lost: true }]);
    expect(callbacksFor(taskId)).toHaveLength(0);
  });

  it("retries callbacks 3× (1/5/15 min × timeScale) while the receiver answers non-2xx", async () => {
    receiverStatus = 503;
    const taskId = await createMarket();
    await settled(taskId);
    const attempts = await waitFor(() => {
      const cbs = sim.tasks.get(taskId)?.callbacks ?? [];
      return cbs.length >= 4 && cbs.every((c) => c.status !== null) ? cbs : undefined; // attempts are logged before the reply
    });
    expect(attempts.map((a) => [a.kind, a.status])).toEqual([
      ["final", 503],
      ["retry", 503],
      ["retry", 503],
      ["retry", 503],
    ]);
    // Under test: no fourth retry. The wait spans past where one would fall (the last came 180 ms after its predecessor).
    await new Promise((r) => setTimeout(r, 250));
    expect(sim.tasks.get(taskId)?.callbacks).toHaveLength(4);
  });

  it("resultTtlMs expires result URLs; download-url mints a fresh link that still works", async () => {
    sim.faults.set({ count: 1, resultTtlMs: 50 });
    const taskId = await createMarket();
    const t = await settled(taskId);
    const url = String(t.files[0]?.url);
    await waitFor(async () => (await fetch(url)).status === 404, 5_000); // 50 ms after completion
    const d = await api(sim.url, "POST", "/api/v1/common/download-url", { url });
    expect(d.env.code).toBe(200);
    const fresh = String(d.env.data);
    expect(fresh).not.toBe(url);
    const res = await fetch(fresh);
    expect(res.status).toBe(200);
    expect(isPng(Buffer.from(await res.arrayBuffer()))).toBe(true);
    expect((await api(sim.url, "POST", "/api/v1/common/download-url", { url: "https://example.com/x.png" })).env.code).toBe(422);
    expect((await api(sim.url, "POST", "/api/v1/common/download-url", {})).env).toEqual({ code: 422, msg: "This field is required", data: null });
  });

  it("resultContentType wrong/missing and oversizedBytes", async () => {
    const taskId = await createMarket("content type");
    const t = await settled(taskId);
    const url = String(t.files[0]?.url);
    sim.faults.set({ taskId, resultContentType: "wrong" });
    expect((await fetch(url)).headers.get("content-type")).toBe("text/plain");
    sim.faults.set({ taskId, resultContentType: "missing" });
    expect((await fetch(url)).headers.get("content-type")).toBeNull();
    sim.faults.set({ taskId, oversizedBytes: 3_000_000 });
    const big = await fetch(url);
    expect(big.headers.get("content-length")).toBe("3000000");
    const bytes = Buffer.from(await big.arrayBuffer());
    expect(bytes.length).toBe(3_000_000);
    expect(isPng(bytes)).toBe(true);
  });

  it("status5xx by count cycles HTTP 500, HTTP 503, envelope 500; statusLatencyMs delays reads", async () => {
    const taskId = await createMarket();
    sim.faults.set({ taskId, status5xx: { count: 3 } });
    const path = `/api/v1/jobs/recordInfo?taskId=${taskId}`;
    const answers = [];
    for (let i = 0; i < 4; i++) {
      const r = await api(sim.url, "GET", path);
      answers.push([r.http, r.env.code]);
    }
    expect(answers).toEqual([
      [500, 500],
      [503, 503],
      [200, 500],
      [200, 200],
    ]);
    // A delayed read answers after an undelayed one sent after it (the order, not a wall-clock figure).
    const other = await createMarket("undelayed");
    sim.faults.set({ taskId, statusLatencyMs: 1_000 });
    const order: string[] = [];
    const delayed = api(sim.url, "GET", path).then(() => order.push("delayed"));
    await api(sim.url, "GET", `/api/v1/jobs/recordInfo?taskId=${other}`).then(() => order.push("undelayed"));
    await delayed;
    expect(order).toEqual(["undelayed", "delayed"]);
  });

  it("createReject (next N) and enforceRateLimits (20 creates / 10 s, 10 reads / s per key)", async () => {
    sim.faults.set({ count: 2, createReject: { code: 455, message: "Service maintenance" } });
    const rejected = await api(sim.url, "POST", "/api/v1/jobs/createTask", imagen(receiver.url), "k-reject");
    expect(rejected).toEqual({ http: 200, env: { code: 455, msg: "Service maintenance", data: null } });
    expect((await api(sim.url, "POST", "/api/v1/jobs/createTask", imagen(receiver.url), "k-reject")).env.code).toBe(455);
    expect((await api(sim.url, "POST", "/api/v1/jobs/createTask", imagen(receiver.url), "k-reject")).env.code).toBe(200);

    const before = sim.rateLimitCounts().status;
    const reads = await Promise.all(Array.from({ length: 12 }, () => api(sim.url, "GET", "/api/v1/jobs/recordInfo?taskId=x", undefined, "k-reads")));
    expect(reads.filter((r) => r.http === 429 && r.env.code === 429)).toHaveLength(2);
    const after = sim.rateLimitCounts().status;
    expect({ accepted: after.accepted - before.accepted, rejected: after.rejected - before.rejected }).toEqual({ accepted: 10, rejected: 2 });
    const overHttp = (await (await fetch(`${sim.url}/__sim/rate-limits`)).json()) as { status: unknown };
    expect(overHttp.status).toEqual(after);
    expect((await fetch(`${sim.url}/__sim/rate-limits`, { method: "DELETE" })).status).toBe(200);
    expect(sim.rateLimitCounts().status).toEqual({ accepted: 0, rejected: 0, tightestSpanMs: null, lastRefusal: null });
    const creates = [];
    for (let i = 0; i < 21; i++) creates.push(await api(sim.url, "POST", "/api/v1/jobs/createTask", { model: "google/imagen4" }, "k-creates"));
    expect(creates.slice(0, 20).every((r) => r.env.code === 500)).toBe(true); // missing input: counted, then rejected
    expect(creates[20]?.env.code).toBe(429);
    sim.faults.set({ enforceRateLimits: false });
    expect((await api(sim.url, "POST", "/api/v1/jobs/createTask", { model: "google/imagen4" }, "k-creates")).env.code).toBe(500);
  });

  it("shapeVariant alternate: market `message` key and string input; 4o result_urls + string times", async () => {
    sim.faults.set({ shapeVariant: "alternate" });
    const taskId = await createMarket("variant");
    await settled(taskId);
    const r = await api(sim.url, "GET", `/api/v1/jobs/recordInfo?taskId=${taskId}`);
    expect(r.env.message).toBe("success");
    expect(r.env.msg).toBeUndefined();
    expect(typeof rec(JSON.parse(String(rec(r.env.data)["param"])))["input"]).toBe("string");
    const g = await api(sim.url, "POST", "/api/v1/gpt4o-image/generate", { prompt: "variant", size: "1:1" });
    const gid = String(rec(g.env.data)["taskId"]);
    await settled(gid);
    const gr = rec((await api(sim.url, "GET", `/api/v1/gpt4o-image/record-info?taskId=${gid}`)).env.data);
    expect(rec(gr["response"])["result_urls"]).toHaveLength(1);
    expect(String(gr["completeTime"])).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });
});
