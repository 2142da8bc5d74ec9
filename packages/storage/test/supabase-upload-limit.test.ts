import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BUCKET, bucketSpec, createSupabaseStorageDriver, objectPath, type StorageDriver } from "../src/index";
import { startFakeSupabaseStorage, type FakeSupabaseStorage } from "./fake-supabase-storage";
import { GEN, USER, rejection, zeroStream } from "./helpers";

// The server size-checks an upload only by its Content-Length, so a chunked upload is held to the bucket's limit
// by the driver's own cap, which it reads from the bucket.
let fake: FakeSupabaseStorage;
const MP4 = objectPath(USER, GEN, "original.mp4");
const mp4 = { contentType: "video/mp4" };
const stored = () => fake.objects.get(`${BUCKET}/${MP4}`);
const uploads = () => fake.requests.filter((r) => r.method === "POST" && r.path.includes("/object/"));
const bucketReads = () => fake.requests.filter((r) => r.method === "GET" && r.path === `/storage/v1/bucket/${BUCKET}`);

/** The bucket as an operator left it: our spec, with another size limit. */
function placeBucket(fileSizeLimit: number | null): void {
  const now = new Date().toISOString();
  fake.buckets.set(BUCKET, {
    id: BUCKET,
    name: BUCKET,
    owner: "",
    public: true,
    file_size_limit: fileSizeLimit,
    allowed_mime_types: bucketSpec.allowedMimeTypes,
    created_at: now,
    updated_at: now,
  });
}

function driverWith(fetch?: typeof globalThis.fetch): StorageDriver {
  return createSupabaseStorageDriver({ url: fake.url, serviceRoleKey: fake.serviceRoleKey, fetch });
}

beforeEach(async () => {
  fake = await startFakeSupabaseStorage();
});
afterEach(async () => {
  await fake.close();
});

describe("supabase driver: the upload limit comes from the bucket", () => {
  it("stops a chunked upload over the bucket's limit with its own cap, reading the bucket once", async () => {
    placeBucket(1000);
    const driver = driverWith();
    expect(await driver.upload(MP4, zeroStream(1000), mp4)).toEqual({ path: MP4, bytes: 1000 });
    const error = await rejection(driver.upload(MP4, zeroStream(1001, 100), { ...mp4, upsert: true }));
    expect(error).toMatchObject({ code: "too_large", message: expect.stringContaining("1000 bytes") });
    expect(stored()?.size).toBe(1000);
    expect(bucketReads()).toHaveLength(1);
    // It went out chunked, which the server does not count: only our cap stopped it.
    expect(uploads().at(-1)?.headers["transfer-encoding"]).toBe("chunked");
  });

  it("refuses a declared length over the bucket's limit before sending anything", async () => {
    placeBucket(1000);
    const driver = driverWith();
    const error = await rejection(driver.upload(MP4, zeroStream(1001), { ...mp4, contentLength: 1001 }));
    expect(error).toMatchObject({ code: "too_large" });
    expect(uploads()).toEqual([]);
  });

  it("takes the limit ensureBucket has just set, without reading it again", async () => {
    placeBucket(1000);
    const driver = driverWith();
    expect((await driver.ensureBucket()).fileSizeLimit).toBe(bucketSpec.fileSizeLimit);
    fake.requests.length = 0;
    expect(await driver.upload(MP4, zeroStream(5000), mp4)).toEqual({ path: MP4, bytes: 5000 });
    expect(bucketReads()).toEqual([]);
  });

  it("uses the spec's limit for a bucket without one", async () => {
    placeBucket(null);
    const error = await rejection(driverWith().upload(MP4, zeroStream(50_000_001), mp4));
    expect(error).toMatchObject({ code: "too_large", message: expect.stringContaining("50000000 bytes") });
  });

  it("falls back to the spec's limit while the bucket cannot be read, and reads it on the next upload", async () => {
    placeBucket(1000);
    let failedReads = 0;
    const failFirstBucketRead: typeof fetch = (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.endsWith(`/bucket/${BUCKET}`) && failedReads === 0) {
        failedReads += 1;
        return Promise.reject(new TypeError("fetch failed"));
      }
      return fetch(input, init);
    };
    const driver = driverWith(failFirstBucketRead);
    expect(await driver.upload(MP4, zeroStream(1001), mp4)).toEqual({ path: MP4, bytes: 1001 });
    expect(await rejection(driver.upload(MP4, zeroStream(1001), mp4))).toMatchObject({ code: "too_large" });
    expect(failedReads).toBe(1);
    expect(bucketReads()).toHaveLength(1);
  });
});

describe("supabase driver: Content-Length", () => {
  beforeEach(() => placeBucket(1000));

  it("sends the declared length of a stream instead of chunking it", async () => {
    const driver = driverWith();
    expect(await driver.upload(MP4, zeroStream(700), { ...mp4, contentLength: 700 })).toEqual({ path: MP4, bytes: 700 });
    expect(uploads().at(-1)?.headers).toMatchObject({ "content-length": "700" });
    expect(uploads().at(-1)?.headers["transfer-encoding"]).toBeUndefined();
    await driver.upload(MP4, zeroStream(700), mp4);
    expect(uploads().at(-1)?.headers["content-length"]).toBeUndefined();
  });

  it("lets the server refuse a declared length over a limit lowered since the driver read it", async () => {
    const driver = driverWith();
    await driver.upload(MP4, zeroStream(10), mp4);
    placeBucket(100);
    const error = await rejection(driver.upload(MP4, zeroStream(101), { ...mp4, contentLength: 101 }));
    expect(error).toMatchObject({ code: "too_large", status: 413 });
    expect(stored()?.size).toBe(10);
  });

  it.each([
    ["shorter", 699],
    ["longer", 701],
  ])("fails a stream %s than its declared length, saying so, and stores nothing", async (_how, actual) => {
    const error = await rejection(driverWith().upload(MP4, Readable.from([Buffer.alloc(actual)]), { ...mp4, contentLength: 700 }));
    expect(error).toMatchObject({ code: "unknown", message: expect.stringContaining("declared contentLength of 700") });
    expect(stored()).toBeUndefined();
  });

  it("refuses a declared length that is not a whole number of bytes", async () => {
    const error = await rejection(driverWith().upload(MP4, zeroStream(1), { ...mp4, contentLength: 1.5 }));
    expect(error).toMatchObject({ code: "unknown", message: expect.stringContaining("contentLength") });
    expect(fake.requests).toEqual([]);
  });
});
