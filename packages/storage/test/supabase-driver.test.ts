import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BUCKET, bucketSpec, createSupabaseStorageDriver, objectPath, type StorageDriver } from "../src/index";
import { startFakeSupabaseStorage, type FakeSupabaseStorage } from "./fake-supabase-storage";
import { GEN, PNG_PATH, USER, newUuid, patternBuffer, rejection, zeroStream } from "./helpers";

let fake: FakeSupabaseStorage;
let driver: StorageDriver;
const png = { contentType: "image/png" };
const MP4_PATH = objectPath(USER, GEN, "original.mp4");

beforeEach(async () => {
  fake = await startFakeSupabaseStorage();
  driver = createSupabaseStorageDriver({ url: fake.url, serviceRoleKey: fake.serviceRoleKey });
});
afterEach(async () => {
  await fake.close();
});

const writes = () => fake.requests.filter((request) => request.method !== "GET").map((r) => `${r.method} ${r.path}`);

describe("supabase driver: bucket", () => {
  it("creates the bucket with the spec and authenticates with the service role key", async () => {
    expect(await driver.getBucket()).toBeNull();
    expect(await driver.ensureBucket()).toEqual(bucketSpec);
    expect(fake.buckets.get(BUCKET)).toMatchObject({
      public: true,
      file_size_limit: 50_000_000,
      allowed_mime_types: ["image/*", "video/*"],
    });
    expect(writes()).toEqual(["POST /storage/v1/bucket"]);
    for (const request of fake.requests) {
      expect(request.headers.apikey).toBe(fake.serviceRoleKey);
      expect(request.headers.authorization).toBe(`Bearer ${fake.serviceRoleKey}`);
    }
  });

  it("corrects drifted settings and leaves matching ones alone", async () => {
    await driver.ensureBucket();
    const bucket = fake.buckets.get(BUCKET);
    if (bucket === undefined) throw new Error("bucket not created");
    fake.buckets.set(BUCKET, { ...bucket, public: false, file_size_limit: 1000, allowed_mime_types: ["image/png"] });
    fake.requests.length = 0;

    expect(await driver.ensureBucket()).toEqual(bucketSpec);
    expect(writes()).toEqual([`PUT /storage/v1/bucket/${BUCKET}`]);
    fake.requests.length = 0;
    await driver.ensureBucket();
    expect(writes()).toEqual([]);
  });

  it("refuses uploads while the bucket is missing", async () => {
    const error = await rejection(driver.upload(PNG_PATH, Buffer.from("x"), png));
    expect(error).toMatchObject({ code: "bucket_missing", status: 404 });
  });
});

describe("supabase driver: upload", () => {
  beforeEach(async () => {
    await driver.ensureBucket();
    fake.requests.length = 0;
  });

  it("sends an explicit content type, upsert and cache control", async () => {
    expect(await driver.upload(PNG_PATH, Buffer.from("hello"), png)).toEqual({ path: PNG_PATH, bytes: 5 });
    const [request] = fake.requests;
    expect(request?.path).toBe(`/storage/v1/object/${BUCKET}/${PNG_PATH}`);
    expect(request?.headers).toMatchObject({ "content-type": "image/png", "x-upsert": "true", "cache-control": "max-age=3600" });
    expect(fake.objects.get(`${BUCKET}/${PNG_PATH}`)).toMatchObject({ contentType: "image/png", size: 5 });
  });

  it("replaces by default and maps a 409 to duplicate with upsert: false", async () => {
    await driver.upload(PNG_PATH, Buffer.from("one"), png);
    await driver.upload(PNG_PATH, Buffer.from("three"), png);
    expect(fake.objects.get(`${BUCKET}/${PNG_PATH}`)?.size).toBe(5);

    const error = await rejection(driver.upload(PNG_PATH, Buffer.from("x"), { ...png, upsert: false }));
    expect(error).toMatchObject({ code: "duplicate", status: 409 });
    expect(fake.requests.at(-1)?.headers["x-upsert"]).toBe("false");
  });

  it("streams exactly 50,000,000 bytes", { timeout: 60_000 }, async () => {
    const result = await driver.upload(MP4_PATH, zeroStream(50_000_000), { contentType: "video/mp4" });
    expect(result).toEqual({ path: MP4_PATH, bytes: 50_000_000 });
    expect(fake.objects.get(`${BUCKET}/${MP4_PATH}`)?.size).toBe(50_000_000);
  });

  it("aborts a stream of 50,000,001 bytes", { timeout: 60_000 }, async () => {
    const error = await rejection(driver.upload(MP4_PATH, zeroStream(50_000_001), { contentType: "video/mp4" }));
    expect(error).toMatchObject({ code: "too_large" });
    expect(fake.objects.has(`${BUCKET}/${MP4_PATH}`)).toBe(false);
  });

  it("rejects a declared size over the limit without a request", async () => {
    const declared = driver.upload(MP4_PATH, zeroStream(1), { contentType: "video/mp4", contentLength: 50_000_001 });
    expect(await rejection(declared)).toMatchObject({ code: "too_large" });
    expect(fake.requests).toEqual([]);
  });

  it("maps the server's 413 to too_large", async () => {
    const bucket = fake.buckets.get(BUCKET);
    if (bucket !== undefined) fake.buckets.set(BUCKET, { ...bucket, file_size_limit: 10 });
    const error = await rejection(driver.upload(PNG_PATH, Buffer.alloc(11), png));
    expect(error).toMatchObject({ code: "too_large", status: 413 });
  });

  it("rejects a wrong mime type locally, and maps the server's 415", async () => {
    expect(await rejection(driver.upload(PNG_PATH, Buffer.from("x"), { contentType: "text/plain" }))).toMatchObject({
      code: "mime_not_allowed",
    });
    expect(fake.requests).toEqual([]);

    const bucket = fake.buckets.get(BUCKET);
    if (bucket !== undefined) fake.buckets.set(BUCKET, { ...bucket, allowed_mime_types: ["video/*"] });
    const error = await rejection(driver.upload(PNG_PATH, Buffer.from("x"), png));
    expect(error).toMatchObject({ code: "mime_not_allowed", status: 415 });
  });

  it("rejects invalid paths without a request", async () => {
    expect(await rejection(driver.upload(`../${PNG_PATH}`, Buffer.from("x"), png))).toMatchObject({ code: "invalid_path" });
    expect(fake.requests).toEqual([]);
  });
});

describe("supabase driver: remove, list, exists, publicUrl", () => {
  beforeEach(async () => {
    await driver.ensureBucket();
  });

  it("lists, checks, and removes objects", async () => {
    const other = newUuid();
    await driver.upload(PNG_PATH, Buffer.from("12345"), png);
    await driver.upload(objectPath(USER, GEN, "thumb.webp"), Buffer.from("12"), { contentType: "image/webp" });
    await driver.upload(objectPath(USER, other, "original.png"), Buffer.from("1"), png);

    expect(await driver.list(USER)).toEqual([GEN, other].sort().map((name) => ({ name, bytes: null })));
    expect(await driver.list(`${USER}/${GEN}`)).toEqual([
      { name: "original.png", bytes: 5 },
      { name: "thumb.webp", bytes: 2 },
    ]);
    expect(await driver.exists(PNG_PATH)).toBe(true);

    await driver.remove([PNG_PATH, objectPath(USER, GEN, "missing.png")]);
    expect(await driver.exists(PNG_PATH)).toBe(false);
    expect(await driver.list(`${USER}/${GEN}`)).toEqual([{ name: "thumb.webp", bytes: 2 }]);
    await driver.remove([]);
  });

  it("builds Supabase public URLs", () => {
    expect(driver.publicUrl(PNG_PATH)).toBe(`${fake.url}/storage/v1/object/public/${BUCKET}/${PNG_PATH}`);
  });
});

describe("supabase driver: download", () => {
  const OLD_PATH = `${USER}/video/${GEN}_1718000000000.mp4`;
  let out: string;

  beforeEach(async () => {
    await driver.ensureBucket();
    out = await mkdtemp(join(tmpdir(), "lensroom-supabase-download-"));
  });
  afterEach(async () => {
    await rm(out, { recursive: true, force: true });
  });

  /** The old site's objects were written by its own code: put one straight into the fake bucket. */
  function placeOld(path: string, data: Buffer, contentType: string): void {
    fake.objects.set(`${BUCKET}/${path}`, {
      id: newUuid(),
      contentType,
      cacheControl: "max-age=3600",
      size: data.length,
      sha256: "0".repeat(64),
      updatedAt: new Date().toISOString(),
      data,
    });
  }

  it("streams an uploaded object into a file with its content type", async () => {
    const bytes = patternBuffer(70_000);
    await driver.upload(PNG_PATH, bytes, png);
    fake.requests.length = 0;
    const dest = join(out, "a.png");
    expect(await driver.download(PNG_PATH, dest)).toEqual({ bytes: 70_000, contentType: "image/png" });
    expect((await readFile(dest)).equals(bytes)).toBe(true);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /storage/v1/object/info/${BUCKET}/${PNG_PATH}`,
      `GET /storage/v1/object/${BUCKET}/${PNG_PATH}`,
    ]);
  });

  it("reads, checks and removes objects at old paths, and builds their public URLs", async () => {
    placeOld(OLD_PATH, Buffer.from("old video"), "video/mp4");
    expect(await driver.exists(OLD_PATH)).toBe(true);
    expect(await driver.download(OLD_PATH, join(out, "v"))).toEqual({ bytes: 9, contentType: "video/mp4" });
    expect(await readFile(join(out, "v"), "utf8")).toBe("old video");
    expect(driver.publicUrl(OLD_PATH)).toBe(`${driver.publicBaseUrl}/${BUCKET}/${OLD_PATH}`);
    expect(driver.publicBaseUrl).toBe(`${fake.url}/storage/v1/object/public`);
    await driver.remove([OLD_PATH]);
    expect(fake.objects.has(`${BUCKET}/${OLD_PATH}`)).toBe(false);
  });

  it("says not_found for a missing object, without creating a file", async () => {
    expect(await rejection(driver.download(OLD_PATH, join(out, "v")))).toMatchObject({ code: "not_found" });
    expect(await readdir(out)).toEqual([]);
  });

  it("refuses an object over the cap before its body is asked for", async () => {
    placeOld(OLD_PATH, Buffer.alloc(2000), "video/mp4");
    fake.requests.length = 0;
    expect(await rejection(driver.download(OLD_PATH, join(out, "v"), { maxBytes: 1999 }))).toMatchObject({ code: "too_large" });
    expect(fake.requests.map((r) => r.path)).toEqual([`/storage/v1/object/info/${BUCKET}/${OLD_PATH}`]);
    expect(await readdir(out)).toEqual([]);
  });

  it("cuts off a body longer than the cap even when the size was not declared", async () => {
    placeOld(OLD_PATH, Buffer.alloc(2000), "video/mp4");
    const object = fake.objects.get(`${BUCKET}/${OLD_PATH}`);
    if (object !== undefined) object.size = 10;
    expect(await rejection(driver.download(OLD_PATH, join(out, "v"), { maxBytes: 1000 }))).toMatchObject({ code: "too_large" });
    expect(await readdir(out)).toEqual([]);
  });

  it("refuses unreadable paths without a request", async () => {
    fake.requests.length = 0;
    expect(await rejection(driver.download(`${USER}/../x.png`, join(out, "v")))).toMatchObject({ code: "invalid_path" });
    expect(fake.requests).toEqual([]);
  });

  it("times out a hanging download with the driver's timeout", async () => {
    placeOld(OLD_PATH, Buffer.from("v"), "video/mp4");
    const hangOnBody: typeof fetch = (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.includes("/object/info/")) return fetch(input, init);
      return new Promise((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal?.reason)));
    };
    const slow = createSupabaseStorageDriver({ url: fake.url, serviceRoleKey: fake.serviceRoleKey, fetch: hangOnBody, downloadTimeoutMs: 50 });
    expect(await rejection(slow.download(OLD_PATH, join(out, "v")))).toMatchObject({ code: "unavailable" });
    expect(await readdir(out)).toEqual([]);
  });
});

describe("supabase driver: failures", () => {
  it("maps an unreachable server to unavailable", async () => {
    const gone = await startFakeSupabaseStorage();
    await gone.close();
    const unreachable = createSupabaseStorageDriver({ url: gone.url, serviceRoleKey: gone.serviceRoleKey });
    expect(await rejection(unreachable.ensureBucket())).toMatchObject({ code: "unavailable" });
  });

  it("times out a hanging request", async () => {
    const hanging: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal?.reason)));
    const slow = createSupabaseStorageDriver({ url: fake.url, serviceRoleKey: "k", fetch: hanging, requestTimeoutMs: 50 });
    expect(await rejection(slow.getBucket())).toMatchObject({ code: "unavailable" });
  });
});
