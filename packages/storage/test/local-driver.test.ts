import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it, vi } from "vitest";
import { BUCKET, bucketSpec, createLocalStorageDriver, objectPath, type StorageDriver } from "../src/index";
import { GEN, PNG_PATH, USER, newUuid, rejection, useTempDir, zeroStream } from "./helpers";

const tempDir = useTempDir();
const BASE = "http://localhost:3000/storage/v1/object/public";

async function setup(): Promise<{ root: string; driver: StorageDriver; genDir: string }> {
  const root = await tempDir();
  const driver = createLocalStorageDriver({ rootDir: root, publicBaseUrl: BASE });
  await driver.ensureBucket();
  return { root, driver, genDir: join(root, BUCKET, USER, GEN) };
}

const png = { contentType: "image/png" };

describe("local driver: bucket", () => {
  it("creates the bucket, then corrects drifted settings", async () => {
    const root = await tempDir();
    const driver = createLocalStorageDriver({ rootDir: root, publicBaseUrl: BASE });
    expect(await driver.getBucket()).toBeNull();
    expect(await driver.ensureBucket()).toEqual(bucketSpec);

    const settingsFile = join(root, `${BUCKET}.bucket.json`);
    await writeFile(settingsFile, JSON.stringify({ ...bucketSpec, public: false, fileSizeLimit: 10, allowedMimeTypes: null }));
    expect((await driver.getBucket())?.public).toBe(false);
    expect(await driver.ensureBucket()).toEqual(bucketSpec);
    expect(JSON.parse(await readFile(settingsFile, "utf8"))).toEqual(bucketSpec);
  });

  it("refuses uploads before the bucket exists", async () => {
    const driver = createLocalStorageDriver({ rootDir: await tempDir(), publicBaseUrl: BASE });
    expect(await rejection(driver.upload(PNG_PATH, Buffer.from("x"), png))).toMatchObject({ code: "bucket_missing" });
  });
});

describe("local driver: upload rules", () => {
  it("stores bytes and metadata and reports size", async () => {
    const { driver, genDir } = await setup();
    expect(await driver.upload(PNG_PATH, Buffer.from("hello"), png)).toEqual({ path: PNG_PATH, bytes: 5 });
    expect(await readFile(join(genDir, "original.png"), "utf8")).toBe("hello");
    const meta = JSON.parse(await readFile(join(genDir, ".original.png.meta.json"), "utf8"));
    expect(meta).toMatchObject({ contentType: "image/png", bytes: 5, cacheControl: "public, max-age=3600" });
    expect(meta.sha256).toBe("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    expect(await driver.exists(PNG_PATH)).toBe(true);
  });

  it("rejects invalid paths and disallowed mime types", async () => {
    const { driver } = await setup();
    for (const path of [`../${PNG_PATH}`, `/${PNG_PATH}`, `${USER}/${GEN}/../x.png`, `${USER}/${GEN}`, "a.png"]) {
      expect(await rejection(driver.upload(path, Buffer.from("x"), png))).toMatchObject({ code: "invalid_path" });
    }
    for (const contentType of ["text/html", "application/json", "nonsense"]) {
      const error = await rejection(driver.upload(PNG_PATH, Buffer.from("x"), { contentType }));
      expect(error).toMatchObject({ code: "mime_not_allowed" });
    }
    expect(await driver.exists(PNG_PATH)).toBe(false);
  });

  it("replaces by default and reports duplicate with upsert: false", async () => {
    const { driver, genDir } = await setup();
    await driver.upload(PNG_PATH, Buffer.from("one"), png);
    await driver.upload(PNG_PATH, Buffer.from("two"), png);
    expect(await readFile(join(genDir, "original.png"), "utf8")).toBe("two");

    const error = await rejection(driver.upload(PNG_PATH, Buffer.from("three"), { ...png, upsert: false }));
    expect(error).toMatchObject({ code: "duplicate" });
    expect(await readFile(join(genDir, "original.png"), "utf8")).toBe("two");
  });

  it("lets exactly one of two racing upsert:false uploads win", async () => {
    const { driver } = await setup();
    const path = objectPath(USER, newUuid(), "original.png");
    const results = await Promise.allSettled(["a", "b"].map((body) => driver.upload(path, Buffer.from(body), { ...png, upsert: false })));
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((result) => result.status === "rejected");
    expect(rejected?.status === "rejected" && rejected.reason).toMatchObject({ code: "duplicate" });
  });

  it("accepts exactly 50,000,000 streamed bytes", { timeout: 30_000 }, async () => {
    const { driver } = await setup();
    const path = objectPath(USER, GEN, "original.mp4");
    expect(await driver.upload(path, zeroStream(50_000_000), { contentType: "video/mp4" })).toEqual({
      path,
      bytes: 50_000_000,
    });
    expect(await driver.list(`${USER}/${GEN}`)).toEqual([{ name: "original.mp4", bytes: 50_000_000 }]);
  });

  it("aborts a stream at 50,000,001 bytes and leaves nothing behind", { timeout: 30_000 }, async () => {
    const { driver, genDir } = await setup();
    const path = objectPath(USER, GEN, "original.mp4");
    const error = await rejection(driver.upload(path, zeroStream(50_000_001), { contentType: "video/mp4" }));
    expect(error).toMatchObject({ code: "too_large" });
    expect(await driver.exists(path)).toBe(false);
    expect(await readdir(genDir)).toEqual([]);
  });

  it("rejects a declared or buffered size over the limit before reading", async () => {
    const { driver } = await setup();
    const source = zeroStream(10);
    const declared = driver.upload(PNG_PATH, source, { ...png, contentLength: 50_000_001 });
    expect(await rejection(declared)).toMatchObject({ code: "too_large" });
    expect(source.readableEnded).toBe(false);
  });
});

describe("local driver: atomic writes", () => {
  it("never shows a partial file at the final path, and cleans up a failed stream", async () => {
    const { driver, genDir } = await setup();
    await driver.upload(PNG_PATH, Buffer.from("previous"), png);

    const source = new PassThrough();
    const pending = rejection(driver.upload(PNG_PATH, source, png));
    source.write(Buffer.alloc(1000, 1));
    // The write is under way once its temporary file exists.
    await vi.waitUntil(async () => (await readdir(genDir)).some((name) => name.startsWith(".original.png.") && name.endsWith(".tmp")), { timeout: 5_000 });
    expect(await readFile(join(genDir, "original.png"), "utf8")).toBe("previous");

    source.destroy(new Error("download dropped"));
    expect(await pending).toMatchObject({ code: "unknown", message: expect.stringContaining("download dropped") });
    expect(await readFile(join(genDir, "original.png"), "utf8")).toBe("previous");
    expect((await readdir(genDir)).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });
});

describe("local driver: remove, list, exists, publicUrl", () => {
  it("lists folders and files of an owner, removes objects and empty folders", async () => {
    const { root, driver } = await setup();
    const other = newUuid();
    await driver.upload(PNG_PATH, Buffer.from("12345"), png);
    await driver.upload(objectPath(USER, GEN, "thumb.webp"), Buffer.from("12"), { contentType: "image/webp" });
    await driver.upload(objectPath(USER, other, "original.png"), Buffer.from("1"), png);

    expect(await driver.list(USER)).toEqual([GEN, other].sort().map((name) => ({ name, bytes: null })));
    expect(await driver.list(`${USER}/${GEN}`)).toEqual([
      { name: "original.png", bytes: 5 },
      { name: "thumb.webp", bytes: 2 },
    ]);
    expect(await rejection(driver.list(""))).toMatchObject({ code: "invalid_path" });

    await driver.remove([PNG_PATH, objectPath(USER, GEN, "thumb.webp"), objectPath(USER, GEN, "missing.png")]);
    expect(await driver.exists(PNG_PATH)).toBe(false);
    expect(await driver.list(USER)).toEqual([{ name: other, bytes: null }]);
    await driver.remove([objectPath(USER, other, "original.png")]);
    expect(await readdir(join(root, BUCKET))).toEqual([]);
    expect(await driver.list(USER)).toEqual([]);
  });

  it("builds encoded public URLs and rejects bad paths", async () => {
    const { driver } = await setup();
    expect(driver.publicUrl(PNG_PATH)).toBe(`${BASE}/generations/${PNG_PATH}`);
    expect(() => driver.publicUrl("../x")).toThrow(expect.objectContaining({ code: "invalid_path" }));
  });
});
