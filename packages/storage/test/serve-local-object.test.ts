import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { BUCKET, bucketSpec, createLocalStorageDriver, objectPath, type StorageDriver } from "../src/index";
import { serveLocalObject } from "../src/serve-local-object";
import { placeLegacyObject } from "../src/testing";
import { GEN, PNG_PATH, USER, patternBuffer, useTempDir } from "./helpers";

const tempDir = useTempDir();
const PNG = patternBuffer(1000);
const MP4_PATH = objectPath(USER, GEN, "original.mp4");
const MP4 = patternBuffer(3 * 1024 * 1024 + 7);

let root: string;
let driver: StorageDriver;

beforeEach(async () => {
  root = await tempDir();
  driver = createLocalStorageDriver({ rootDir: root, publicBaseUrl: "http://localhost:3000/storage/v1/object/public" });
  await driver.ensureBucket();
  await driver.upload(PNG_PATH, PNG, { contentType: "image/png" });
  await driver.upload(MP4_PATH, MP4, { contentType: "video/mp4", cacheControl: "60" });
});

function serve(path: string, init: RequestInit & { query?: string } = {}): Promise<Response> {
  const url = `http://localhost:3000/storage/v1/object/public/generations/${path}${init.query ?? ""}`;
  return serveLocalObject({ rootDir: root }, new Request(url, init), path);
}

const bytesOf = async (response: Response): Promise<Buffer> => Buffer.from(await response.arrayBuffer());

describe("serveLocalObject: full responses", () => {
  it("serves stored content type, length and validators", async () => {
    const response = await serve(PNG_PATH);
    expect(response.status).toBe(200);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      "content-type": "image/png",
      "content-length": "1000",
      "accept-ranges": "bytes",
      "cache-control": "public, max-age=3600",
      "x-content-type-options": "nosniff",
    });
    expect(response.headers.get("etag")).toMatch(/^"[0-9a-f]{64}"$/);
    expect(Date.parse(response.headers.get("last-modified") ?? "")).not.toBeNaN();
    expect((await bytesOf(response)).equals(PNG)).toBe(true);
  });

  it("streams a multi-megabyte video intact and uses its stored cache control", async () => {
    const response = await serve(MP4_PATH);
    expect(response.headers.get("content-type")).toBe("video/mp4");
    expect(response.headers.get("cache-control")).toBe("public, max-age=60");
    expect((await bytesOf(response)).equals(MP4)).toBe(true);
  });

  it("marks versioned URLs immutable", async () => {
    const response = await serve(PNG_PATH, { query: "?v=3" });
    expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    await response.body?.cancel();
  });

  it("answers HEAD with headers only", async () => {
    const response = await serve(MP4_PATH, { method: "HEAD" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-length")).toBe(String(MP4.length));
    expect(response.body).toBeNull();
  });

  it("refuses other methods", async () => {
    const response = await serve(PNG_PATH, { method: "DELETE" });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, HEAD");
  });
});

describe("serveLocalObject: ranges", () => {
  it.each([
    ["bytes=0-99", 0, 99],
    ["bytes=900-", 900, 999],
    ["bytes=-100", 900, 999],
    ["bytes=10-10", 10, 10],
    ["bytes=990-5000", 990, 999],
    ["bytes=-5000", 0, 999],
  ])("answers %s with 206", async (range, start, end) => {
    const response = await serve(PNG_PATH, { headers: { Range: range } });
    expect(response.status).toBe(206);
    expect(response.headers.get("content-range")).toBe(`bytes ${start}-${end}/1000`);
    expect(response.headers.get("content-length")).toBe(String(end - start + 1));
    expect((await bytesOf(response)).equals(PNG.subarray(start, end + 1))).toBe(true);
  });

  it("serves a range from the middle of a video", async () => {
    const response = await serve(MP4_PATH, { headers: { Range: "bytes=2000000-2099999" } });
    expect(response.status).toBe(206);
    expect((await bytesOf(response)).equals(MP4.subarray(2_000_000, 2_100_000))).toBe(true);
  });

  it.each(["bytes=1000-", "bytes=5000-6000", "bytes=-0"])("answers unsatisfiable %s with 416", async (range) => {
    const response = await serve(PNG_PATH, { headers: { Range: range } });
    expect(response.status).toBe(416);
    expect(response.headers.get("content-range")).toBe("bytes */1000");
  });

  it.each(["bytes=0-1,5-6", "items=0-5", "bytes=5-1", "bytes=abc"])("answers %s in full", async (range) => {
    const response = await serve(PNG_PATH, { headers: { Range: range } });
    expect(response.status).toBe(200);
    expect((await bytesOf(response)).length).toBe(1000);
  });

  it("ignores a range whose If-Range no longer matches", async () => {
    const etag = (await serve(PNG_PATH, { method: "HEAD" })).headers.get("etag") ?? "";
    const matching = await serve(PNG_PATH, { headers: { Range: "bytes=0-9", "If-Range": etag } });
    expect(matching.status).toBe(206);
    await matching.body?.cancel();
    const stale = await serve(PNG_PATH, { headers: { Range: "bytes=0-9", "If-Range": '"old"' } });
    expect(stale.status).toBe(200);
    await stale.body?.cancel();
  });
});

describe("serveLocalObject: revalidation", () => {
  it("answers a matching If-None-Match with 304", async () => {
    const first = await serve(PNG_PATH, { method: "HEAD" });
    const etag = first.headers.get("etag") ?? "";
    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, "*"]) {
      const response = await serve(PNG_PATH, { headers: { "If-None-Match": ifNoneMatch } });
      expect(response.status).toBe(304);
      expect(response.headers.get("etag")).toBe(etag);
      expect(response.body).toBeNull();
    }
    const changed = await serve(PNG_PATH, { headers: { "If-None-Match": '"other"' } });
    expect(changed.status).toBe(200);
    await changed.body?.cancel();
  });

  it("answers If-Modified-Since with 304 when unchanged", async () => {
    const lastModified = (await serve(PNG_PATH, { method: "HEAD" })).headers.get("last-modified") ?? "";
    expect((await serve(PNG_PATH, { headers: { "If-Modified-Since": lastModified } })).status).toBe(304);
    const old = await serve(PNG_PATH, { headers: { "If-Modified-Since": new Date(0).toUTCString() } });
    expect(old.status).toBe(200);
    await old.body?.cancel();
  });

  it("changes the ETag when the object is replaced", async () => {
    const before = (await serve(PNG_PATH, { method: "HEAD" })).headers.get("etag");
    await driver.upload(PNG_PATH, Buffer.from("new bytes"), { contentType: "image/png" });
    const after = await serve(PNG_PATH);
    expect(after.headers.get("etag")).not.toBe(before);
    expect(await after.text()).toBe("new bytes");
  });
});

describe("serveLocalObject: objects at the old site's paths", () => {
  const OLD_VIDEO = `${USER}/video/${GEN}_1718000000000.mp4`;
  const OLD_POSTER = `${USER}/posters/${GEN}_poster.webp`;

  it("serves an old-path video with its content type and byte ranges", async () => {
    await placeLegacyObject(root, OLD_VIDEO, MP4, "video/mp4");
    const full = await serve(OLD_VIDEO, { method: "HEAD" });
    expect(full.status).toBe(200);
    expect(full.headers.get("content-type")).toBe("video/mp4");
    expect(full.headers.get("content-length")).toBe(String(MP4.length));
    expect(full.headers.get("etag")).toMatch(/^"[0-9a-f]{64}"$/);

    const partial = await serve(OLD_VIDEO, { headers: { Range: "bytes=1000000-1000999" } });
    expect(partial.status).toBe(206);
    expect(partial.headers.get("content-range")).toBe(`bytes 1000000-1000999/${MP4.length}`);
    expect((await bytesOf(partial)).equals(MP4.subarray(1_000_000, 1_001_000))).toBe(true);
  });

  it("serves an old-path poster and a provider file at the owner's root", async () => {
    await placeLegacyObject(root, OLD_POSTER, PNG, "image/webp");
    await placeLegacyObject(root, `${USER}/fal_abc-123.png`, PNG, "image/png");
    const poster = await serve(OLD_POSTER, { query: "?v=2" });
    expect(poster.headers.get("content-type")).toBe("image/webp");
    expect(poster.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect((await bytesOf(poster)).equals(PNG)).toBe(true);
    expect((await bytesOf(await serve(`${USER}/fal_abc-123.png`))).equals(PNG)).toBe(true);
  });

  it("answers 404 for a missing old path and refuses a hidden one", async () => {
    await placeLegacyObject(root, OLD_POSTER, PNG, "image/webp");
    expect((await serve(`${USER}/posters/missing_poster.webp`)).status).toBe(404);
    expect((await serve(`${USER}/posters/.${GEN}_poster.webp.meta.json`)).status).toBe(404);
  });
});

describe("serveLocalObject: refusals", () => {
  it.each([
    `../${BUCKET}.bucket.json`,
    `${USER}/${GEN}/../../../${BUCKET}.bucket.json`,
    `%2e%2e/%2e%2e/${BUCKET}.bucket.json`,
    `${USER}/${GEN}/%2e%2e%2foriginal.png`,
    "/etc/passwd",
    `${USER}/${GEN}/.original.png.meta.json`,
    `${USER}/${GEN}`,
    "",
  ])("does not serve %s", async (path) => {
    const response = await serve(path);
    expect([400, 404]).toContain(response.status);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
  });

  it("answers 404 for a missing object", async () => {
    expect((await serve(objectPath(USER, GEN, "missing.png"))).status).toBe(404);
  });

  it("answers 404 when the bucket is not public", async () => {
    await writeFile(join(root, `${BUCKET}.bucket.json`), JSON.stringify({ ...bucketSpec, public: false }));
    expect((await serve(PNG_PATH)).status).toBe(404);
  });
});
