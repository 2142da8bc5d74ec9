import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BUCKET, createLocalStorageDriver, type StorageDriver } from "../src/index";
import { placeLegacyObject } from "../src/testing";
import { GEN, PNG_PATH, USER, patternBuffer, rejection, useTempDir } from "./helpers";

const tempDir = useTempDir();
const BASE = "http://localhost:3000/storage/v1/object/public";
const OLD_PATH = `${USER}/image/${GEN}_1718000000000.png`;

async function setup(): Promise<{ root: string; out: string; driver: StorageDriver }> {
  const root = await tempDir();
  const out = await tempDir();
  const driver = createLocalStorageDriver({ rootDir: root, publicBaseUrl: `${BASE}/` });
  await driver.ensureBucket();
  return { root, out, driver };
}

describe("local driver: download", () => {
  it("copies an uploaded object with its stored content type", async () => {
    const { out, driver } = await setup();
    const bytes = patternBuffer(5000);
    await driver.upload(PNG_PATH, bytes, { contentType: "image/png" });
    const dest = join(out, "copy.png");
    expect(await driver.download(PNG_PATH, dest)).toEqual({ bytes: 5000, contentType: "image/png" });
    expect((await readFile(dest)).equals(bytes)).toBe(true);
  });

  it("reads an object at an old path, placed as the old bucket holds it", async () => {
    const { root, out, driver } = await setup();
    const bytes = patternBuffer(300);
    await placeLegacyObject(root, OLD_PATH, bytes, "image/png");
    expect(await driver.exists(OLD_PATH)).toBe(true);
    expect(await driver.download(OLD_PATH, join(out, "a"))).toEqual({ bytes: 300, contentType: "image/png" });
    expect((await readFile(join(out, "a"))).equals(bytes)).toBe(true);
    expect(driver.publicUrl(OLD_PATH)).toBe(`${BASE}/generations/${OLD_PATH}`);
    expect(driver.publicBaseUrl).toBe(BASE);
  });

  it("says not_found for a missing object and bucket_missing without the bucket", async () => {
    const { root, out, driver } = await setup();
    expect(await rejection(driver.download(`${USER}/image/missing.png`, join(out, "a")))).toMatchObject({ code: "not_found" });
    expect(await rejection(driver.download(`${USER}/${GEN}`, join(out, "a")))).toMatchObject({ code: "not_found" });
    await rm(join(root, `${BUCKET}.bucket.json`));
    expect(await rejection(driver.download(PNG_PATH, join(out, "a")))).toMatchObject({ code: "bucket_missing" });
    expect(await readdir(out)).toEqual([]);
  });

  it("refuses unreadable paths", async () => {
    const { out, driver } = await setup();
    for (const path of [`${USER}/../x.png`, `${USER}/${GEN}/.original.png.meta.json`, "x.png"]) {
      expect(await rejection(driver.download(path, join(out, "a")))).toMatchObject({ code: "invalid_path" });
    }
  });

  it("refuses an object over the cap and leaves no file", async () => {
    const { out, driver } = await setup();
    await driver.upload(PNG_PATH, patternBuffer(1001), { contentType: "image/png" });
    const error = await rejection(driver.download(PNG_PATH, join(out, "a"), { maxBytes: 1000 }));
    expect(error).toMatchObject({ code: "too_large" });
    expect(await readdir(out)).toEqual([]);
    expect(await driver.download(PNG_PATH, join(out, "a"), { maxBytes: 1001 })).toMatchObject({ bytes: 1001 });
  });

  it("replaces an existing destination file whole", async () => {
    const { out, driver } = await setup();
    await driver.upload(PNG_PATH, Buffer.from("new"), { contentType: "image/png" });
    const dest = join(out, "a");
    await writeFile(dest, "an older, longer file");
    await driver.download(PNG_PATH, dest);
    expect(await readFile(dest, "utf8")).toBe("new");
    expect(await readdir(out)).toEqual(["a"]);
  });

  it("reports application/octet-stream when no sidecar describes the file", async () => {
    const { root, out, driver } = await setup();
    await placeLegacyObject(root, OLD_PATH, Buffer.from("abc"), "image/png");
    await writeFile(join(root, BUCKET, USER, "image", `${GEN}_1718000000000.png`), "changed");
    expect(await driver.download(OLD_PATH, join(out, "a"))).toEqual({ bytes: 7, contentType: "application/octet-stream" });
  });

  it("removes objects at old paths and their sidecars", async () => {
    const { root, driver } = await setup();
    await placeLegacyObject(root, OLD_PATH, Buffer.from("abc"), "image/png");
    await driver.remove([OLD_PATH]);
    expect(await driver.exists(OLD_PATH)).toBe(false);
    expect(await readdir(join(root, BUCKET))).toEqual([]);
  });
});

describe("placeLegacyObject", () => {
  it("creates the bucket settings when the folder has none, and refuses unreadable paths", async () => {
    const root = await tempDir();
    await placeLegacyObject(root, `${USER}/fal_job-1.mp4`, Buffer.from("v"), "Video/MP4");
    const driver = createLocalStorageDriver({ rootDir: root, publicBaseUrl: BASE });
    expect((await driver.getBucket())?.public).toBe(true);
    const out = await tempDir();
    expect(await driver.download(`${USER}/fal_job-1.mp4`, join(out, "v"))).toEqual({ bytes: 1, contentType: "video/mp4" });
    expect(await rejection(placeLegacyObject(root, `../${USER}/x.png`, Buffer.from("x"), "image/png"))).toMatchObject({
      code: "invalid_path",
    });
  });
});
