import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import sharp from "sharp";
import { startKieSimulator, type KieSimulator } from "../src/index";
import { api, isJpeg, isPng, mp4Info, rec, startReceiver, waitFor } from "./helpers";

const apiKey = "sim-key";
const hmacKey = "sim-hmac";
let sim: KieSimulator;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  sim = await startKieSimulator({ apiKey, hmacKey, renderDelayMs: 150 });
  sim.faults.set({ enforceRateLimits: false }); // polling here is quick; limits are covered in faults.test.ts
  receiver = await startReceiver();
});
afterAll(async () => {
  await sim.close();
  await receiver.close();
});

interface Case {
  family: string;
  create: string;
  record: string;
  body: (cb: string) => Record<string, unknown>;
  idPattern: RegExp;
  done: (data: Record<string, unknown>) => boolean;
  urls: (data: Record<string, unknown>) => string[];
  cbUrls: (cbData: Record<string, unknown>) => string[];
  cbTaskId: (cbData: Record<string, unknown>) => unknown;
  kind: "png" | "jpeg" | "mp4";
}

const cases: Case[] = [
  {
    family: "market",
    create: "/api/v1/jobs/createTask",
    record: "/api/v1/jobs/recordInfo",
    body: (cb) => ({ model: "google/imagen4", callBackUrl: cb, input: { prompt: "a lighthouse at dusk", aspect_ratio: "16:9" } }),
    idPattern: /^[0-9a-f]{32}$/,
    done: (d) => d["state"] === "success",
    urls: (d) => rec(JSON.parse(String(d["resultJson"])))["resultUrls"] as string[],
    cbUrls: (d) => rec(JSON.parse(String(d["resultJson"])))["resultUrls"] as string[],
    cbTaskId: (d) => d["taskId"],
    kind: "png",
  },
  {
    family: "gpt4o",
    create: "/api/v1/gpt4o-image/generate",
    record: "/api/v1/gpt4o-image/record-info",
    body: (cb) => ({ prompt: "a paper crane", size: "3:2", nVariants: 1, callBackUrl: cb }),
    idPattern: /^[0-9a-f]{32}$/,
    done: (d) => d["successFlag"] === 1,
    urls: (d) => rec(d["response"])["resultUrls"] as string[],
    cbUrls: (d) => rec(d["info"])["result_urls"] as string[],
    cbTaskId: (d) => d["taskId"],
    kind: "png",
  },
  {
    family: "flux",
    create: "/api/v1/flux/kontext/generate",
    record: "/api/v1/flux/kontext/record-info",
    body: (cb) => ({ prompt: "a glass city", aspectRatio: "1:1", model: "flux-kontext-pro", outputFormat: "jpeg", callBackUrl: cb }),
    idPattern: /^[0-9a-f]{32}$/,
    done: (d) => d["successFlag"] === 1,
    urls: (d) => [String(rec(d["response"])["resultImageUrl"])],
    cbUrls: (d) => [String(rec(d["info"])["resultImageUrl"])],
    cbTaskId: (d) => d["taskId"],
    kind: "jpeg",
  },
  {
    family: "veo",
    create: "/api/v1/veo/generate",
    record: "/api/v1/veo/record-info",
    body: (cb) => ({ prompt: "waves", model: "veo3_fast", aspectRatio: "16:9", generationType: "TEXT_2_VIDEO", callBackUrl: cb }),
    idPattern: /^veo_task_[0-9a-f]+$/,
    done: (d) => d["successFlag"] === 1,
    urls: (d) => rec(d["response"])["resultUrls"] as string[],
    cbUrls: (d) => rec(d["info"])["resultUrls"] as string[],
    cbTaskId: (d) => d["taskId"],
    kind: "mp4",
  },
  {
    family: "runway",
    create: "/api/v1/runway/generate",
    record: "/api/v1/runway/record-detail",
    body: (cb) => ({ prompt: "a fox running", aspectRatio: "9:16", duration: 5, quality: "720p", waterMark: "", callBackUrl: cb }),
    idPattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    done: (d) => d["state"] === "success",
    urls: (d) => [String(rec(d["videoInfo"])["videoUrl"])],
    cbUrls: (d) => [String(d["video_url"])],
    cbTaskId: (d) => d["task_id"],
    kind: "mp4",
  },
];

describe.each(cases)("$family", (c) => {
  it("create → record walk → success with a real downloadable file and a signed callback", async () => {
    const created = await api(sim.url, "POST", c.create, c.body(receiver.url), apiKey);
    expect(created.http).toBe(200);
    expect(created.env.code).toBe(200);
    const taskId = String(rec(created.env.data)["taskId"]);
    expect(taskId).toMatch(c.idPattern);

    let final: Record<string, unknown> | undefined;
    const until = Date.now() + 20_000;
    while (!final && Date.now() < until) {
      const r = await api(sim.url, "GET", `${c.record}?taskId=${taskId}`, undefined, apiKey);
      expect(r.env.code).toBe(200);
      const d = rec(r.env.data);
      if (c.done(d)) final = d;
      else await new Promise((res) => setTimeout(res, 120));
    }
    expect(final).toBeDefined();
    if (c.family === "market") expect(typeof final?.["param"]).toBe("string");
    if (c.family === "runway") expect(rec(final?.["videoInfo"])["imageUrl"]).toMatch(/cover\.png$/);

    const [url] = c.urls(final ?? {});
    const file = await fetch(String(url));
    expect(file.status).toBe(200);
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(Number(file.headers.get("content-length"))).toBe(bytes.length);
    if (c.kind === "png") {
      expect(file.headers.get("content-type")).toBe("image/png");
      expect(isPng(bytes)).toBe(true);
    } else if (c.kind === "jpeg") {
      expect(file.headers.get("content-type")).toBe("image/jpeg");
      expect(isJpeg(bytes)).toBe(true);
    } else {
      expect(file.headers.get("content-type")).toBe("video/mp4");
      expect(mp4Info(bytes)).toEqual({ ftyp: true, faststart: true });
    }
    if (c.kind !== "mp4") {
      const meta = await sharp(bytes).metadata();
      expect((meta.width ?? 0) / (meta.height ?? 1)).toBeCloseTo(c.family === "market" ? 16 / 9 : c.family === "gpt4o" ? 3 / 2 : 1, 1);
    }

    const cb = await waitFor(() => receiver.received.find((r) => JSON.stringify(r.body).includes(taskId)));
    const body = rec(cb.body);
    const cbData = rec(body["data"]);
    expect(body["code"]).toBe(200);
    expect(c.cbTaskId(cbData)).toBe(taskId);
    expect(c.cbUrls(cbData)).toEqual([url]);
    const ts = String(cb.headers["x-webhook-timestamp"]);
    expect(ts).toMatch(/^\d+$/);
    expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(30);
    const expected = createHmac("sha256", hmacKey).update(`${taskId}.${ts}`).digest("base64");
    expect(cb.headers["x-webhook-signature"]).toBe(expected);
  });
});

describe("common endpoints", () => {
  it("auth mismatch answers HTTP 200 with code 401", async () => {
    const r = await api(sim.url, "GET", "/api/v1/chat/credit", undefined, "wrong");
    expect(r).toEqual({ http: 200, env: { code: 401, msg: "You do not have access permissions", data: null } });
  });
  it("credit, unknown ids, missing fields, bad JSON", async () => {
    expect((await api(sim.url, "GET", "/api/v1/chat/credit", undefined, apiKey)).env).toEqual({ code: 200, msg: "success", data: 1000 });
    expect((await api(sim.url, "GET", "/api/v1/jobs/recordInfo?taskId=deadbeef", undefined, apiKey)).env).toEqual({
      code: 422,
      msg: "recordInfo is null",
      data: null,
    });
    expect((await api(sim.url, "GET", "/api/v1/veo/record-info?taskId=nope", undefined, apiKey)).env.code).toBe(422);
    expect((await api(sim.url, "POST", "/api/v1/jobs/createTask", { model: "google/imagen4" }, apiKey)).env).toEqual({
      code: 500,
      msg: "This field is required",
      data: null,
    });
    expect((await api(sim.url, "POST", "/api/v1/gpt4o-image/generate", { prompt: "x" }, apiKey)).env).toEqual({
      code: 422,
      msg: "This field is required",
      data: null,
    });
    expect((await api(sim.url, "POST", "/api/v1/runway/generate", { aspectRatio: "16:9" }, apiKey)).env.code).toBe(422);
    const bad = await fetch(`${sim.url}/api/v1/veo/generate`, { method: "POST", headers: { Authorization: `Bearer ${apiKey}` }, body: "{nope" });
    expect(((await bad.json()) as { code: number }).code).toBe(400);
  });
});

describe("photo size", () => {
  it("renders photos at the configured long side, keeping the aspect ratio", async () => {
    const small = await startKieSimulator({ apiKey, renderDelayMs: 50, photoLongSide: 256 });
    try {
      const created = await api(
        small.url,
        "POST",
        "/api/v1/jobs/createTask",
        { model: "google/imagen4", input: { prompt: "a small lighthouse", aspect_ratio: "16:9" } },
        apiKey,
      );
      const taskId = String(rec(created.env.data)["taskId"]);
      const url = await waitFor(() => small.tasks.get(taskId)?.files[0]?.url);
      const meta = await sharp(Buffer.from(await (await fetch(url)).arrayBuffer())).metadata();
      expect({ width: meta.width, height: meta.height }).toEqual({ width: 256, height: 144 });
    } finally {
      await small.close();
    }
  });

  it("refuses a nonsensical size", async () => {
    await expect(startKieSimulator({ photoLongSide: 0 })).rejects.toThrow(/photoLongSide/);
  });
});

describe("environment", () => {
  it("reads the benchmark knobs from the environment, and refuses nonsense with the variable's name", async () => {
    const { readEnv } = await import("../src/env");
    expect(readEnv({ KIE_SIM_RENDER_DELAY_MS: "20", KIE_SIM_PHOTO_LONG_SIDE: "256", KIE_SIM_CALLBACK_RETRIES: "false" })).toMatchObject({
      KIE_SIM_RENDER_DELAY_MS: 20,
      KIE_SIM_PHOTO_LONG_SIDE: 256,
      KIE_SIM_CALLBACK_RETRIES: "false",
    });
    expect(readEnv({})).toMatchObject({ KIE_SIM_PORT: 4010, KIE_SIM_CALLBACK_RETRIES: "true" });
    expect(() => readEnv({ KIE_SIM_PHOTO_LONG_SIDE: "8" })).toThrow(/KIE_SIM_PHOTO_LONG_SIDE/);
  });
});
