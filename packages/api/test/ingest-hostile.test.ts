import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

import { generations } from "@lensroom/db";
import { startKieSimulator } from "@lensroom/kie-simulator";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { KIE_RESULT_HOSTS } from "../src/env";
import type { LookupAll } from "../src/media-io/safe-download";
import { ingestGeneration, type DownloadPolicyOverrides } from "../src/services/ingest-generation";
import { createTestServices, TEST_SECRETS } from "../src/testing";
import { startFixtureServer, type FixtureServer } from "./fixtures/fixture-server";
import { insertFinishedGeneration, objectNames, readGeneration, referencedObjects } from "./fixtures/generation-rows";
import * as media from "./fixtures/media-files";
import { USER_A } from "./helpers";

/** KIE's result host, pointed at the loopback fixture server (no real DNS, no outside call). */
const KIE_HOST = "tempfile.aiquickdraw.com";
const kieHostOnLoopback: LookupAll = async (hostname) => {
  if (hostname === KIE_HOST) return [{ address: "127.0.0.1", family: 4 }];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
};

// Real files through the real ingest (safe download → bucket → sharp/ffmpeg → one conditional UPDATE) on a real
// database and a local bucket, each run as the job's final attempt so every failure is recorded on the row.
describe("ingest of hostile and ordinary results", { timeout: 120_000 }, () => {
  let env: Awaited<ReturnType<typeof createTestServices>>;
  let simulator: Awaited<ReturnType<typeof startKieSimulator>>;
  let files: FixtureServer;

  beforeAll(async () => {
    simulator = await startKieSimulator({ port: 0, apiKey: TEST_SECRETS.KIE_API_KEY, hmacKey: TEST_SECRETS.KIE_CALLBACK_SECRET });
    files = await startFixtureServer();
    env = await createTestServices({ adminUrl: inject("pgAdminUrl"), template: inject("pgTemplate"), kieBaseUrl: simulator.url });
    await mkdir(media.ARTIFACTS_DIR, { recursive: true });
  });
  afterAll(async () => {
    await files?.close();
    await env?.services.close();
    await simulator?.close();
  });

  async function ingest(urls: string[], options: { type?: "photo" | "video"; download?: DownloadPolicyOverrides } = {}) {
    const id = await insertFinishedGeneration(env.services.db, { userId: USER_A, urls, type: options.type });
    const outcome = await ingestGeneration(env.services, id, { finalAttempt: true, download: options.download });
    const row = await readGeneration(env.services.db, id);
    return { id, outcome, row, objects: await objectNames(env.services.storage, USER_A, id) };
  }

  /** The bytes of a stored object, read from the local bucket directory. */
  async function storedBytes(objectKey: string): Promise<Buffer> {
    const entries = await readdir(env.storageDir, { recursive: true });
    const match = entries.find((entry) => entry.endsWith(objectKey));
    if (!match) throw new Error(`${objectKey} is not in the bucket`);
    return readFile(path.join(env.storageDir, match));
  }

  async function saveArtifacts(prefix: string, row: { thumbnailPath: string | null; previewPath: string | null }) {
    for (const [name, key] of [
      ["thumb", row.thumbnailPath],
      ["preview", row.previewPath],
    ] as const) {
      if (key) await writeFile(path.join(media.ARTIFACTS_DIR, `${prefix}-${name}.webp`), await storedBytes(key));
    }
  }

  async function expectSucceeded(result: Awaited<ReturnType<typeof ingest>>) {
    expect(result.outcome).toBe("ingested");
    expect(result.row).toMatchObject({ status: "success", mediaStatus: "ready", mediaError: null, mediaAttempts: 1 });
    expect(result.row.thumbhash).toBeTruthy();
    expect((await referencedObjects(env.services.storage, result.row)).every((o) => o.exists)).toBe(true);
    const thumb = await sharp(await storedBytes(result.row.thumbnailPath ?? "")).metadata();
    const preview = await sharp(await storedBytes(result.row.previewPath ?? "")).metadata();
    return { thumb, preview };
  }

  /** A refused input: the row says why, and nothing of it is in the bucket. */
  function expectRefused(result: Awaited<ReturnType<typeof ingest>>, status: "failed" | "expired", reason: RegExp) {
    expect(result.outcome).toBe(status);
    expect(result.row).toMatchObject({ status, mediaStatus: status, assetPath: null, assetUrl: null, thumbnailPath: null, errorCode: null });
    expect(result.row.mediaError).toMatch(reason);
    expect(result.objects).toEqual([]);
  }

  it("PNG: original + thumb (400 px short side) + preview (never upscaled) + thumbhash", async () => {
    const result = await ingest([files.route("/ok/photo.png", { body: await media.colourfulPng(1024, 768), headers: { "content-type": "text/plain" } })]);
    const { thumb, preview } = await expectSucceeded(result);
    expect(result.row).toMatchObject({ assetMime: "image/png", width: 1024, height: 768 });
    expect([thumb.format, thumb.width, thumb.height]).toEqual(["webp", 533, 400]);
    expect([preview.format, preview.width, preview.height]).toEqual(["webp", 1024, 768]);
    expect(result.objects).toEqual(["original.png", "preview.webp", "thumb.webp"]);
    await saveArtifacts("png", result.row);
  });

  it("JPEG with EXIF orientation 6: dimensions swapped, pixels upright (red on the right)", async () => {
    const result = await ingest([files.route("/ok/rotated.jpg", { body: await media.jpegWithOrientation6() })]);
    const { thumb } = await expectSucceeded(result);
    expect(result.row).toMatchObject({ assetMime: "image/jpeg", width: 600, height: 800 });
    expect([thumb.width, thumb.height]).toEqual([400, 533]);
    const { data, info } = await sharp(await storedBytes(result.row.thumbnailPath ?? ""))
      .raw()
      .toBuffer({ resolveWithObject: true });
    const pixel = (x: number, y: number) => [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)];
    expect(pixel(info.width - 20, Math.floor(info.height / 2))[0]).toBeGreaterThan(200); // right: red
    expect(pixel(20, Math.floor(info.height / 2))[2]).toBeGreaterThan(200); // left: blue
    await saveArtifacts("jpeg-exif6", result.row);
  });

  it("WebP", async () => {
    const result = await ingest([files.route("/ok/picture.webp", { body: await media.webpImage() })]);
    await expectSucceeded(result);
    expect(result.row).toMatchObject({ assetMime: "image/webp", width: 640, height: 480 });
    expect(result.objects).toEqual(["original.webp", "preview.webp", "thumb.webp"]);
  });

  it("video whose first 1.5 s are black: the poster is a real frame, not black", async () => {
    const result = await ingest([files.route("/ok/black-start.mp4", { body: await media.blackStartMp4() })], { type: "video" });
    const { thumb } = await expectSucceeded(result);
    expect(result.row).toMatchObject({ assetMime: "video/mp4", width: 1280, height: 720 });
    expect(result.row.durationMs).toBeGreaterThan(4500);
    expect([thumb.width, thumb.height]).toEqual([711, 400]);
    const stats = await sharp(await storedBytes(result.row.thumbnailPath ?? "")).stats();
    const meanBrightness = stats.channels.slice(0, 3).reduce((sum, c) => sum + c.mean, 0) / 3;
    expect(meanBrightness).toBeGreaterThan(40);
    expect(result.objects).toEqual(["original.mp4", "preview.webp", "thumb.webp"]);
    await saveArtifacts("video-black-start", result.row);
  });

  it("a clip with a single keyframe", async () => {
    const result = await ingest([files.route("/ok/one-keyframe.mp4", { body: await media.oneKeyframeMp4() })], { type: "video" });
    await expectSucceeded(result);
    expect(result.row).toMatchObject({ assetMime: "video/mp4", width: 640, height: 360 });
    expect(result.row.durationMs).toBeGreaterThan(1500);
  });

  it("a corrupt image (PNG signature, garbage body) fails the generation, and its unusable copy is removed", async () => {
    const result = await ingest([files.route("/bad/corrupt.png", { body: await media.corruptPng() })]);
    expectRefused(result, "failed", /image could not be decoded/);
    expect(result.row.errorCode).toBeNull();
  });

  it("a text file served as image/png is refused by its bytes", async () => {
    const result = await ingest([files.route("/bad/not-an-image.png", { body: media.textPretendingToBePng(), headers: { "content-type": "image/png" } })]);
    expectRefused(result, "failed", /did not send an image or video/);
  });

  it.each([
    { label: "declared with Content-Length", declareLength: true },
    { label: "streamed without a length", declareLength: false },
  ])("a 60 MB file ($label) is stopped at the 50 MB cap", async ({ declareLength }) => {
    const result = await ingest([files.route(`/bad/huge-${declareLength}.png`, { streamBytes: 60_000_000, declareLength })]);
    expectRefused(result, "failed", /50000000/);
  });

  it("a redirect from KIE's host to 127.0.0.1 is refused under the production allow-list", async () => {
    const secret = files.route("/internal/secret.png", { body: await media.colourfulPng(64) });
    files.route("/kie/redirect.png", { redirect: secret });
    // The production host list; private addresses allowed only so the loopback fixture can stand in for KIE's host.
    const download = { allowedHosts: KIE_RESULT_HOSTS, allowPrivateAddresses: true, lookup: kieHostOnLoopback };
    const result = await ingest([files.url("/kie/redirect.png", KIE_HOST)], { download });
    expectRefused(result, "failed", /127\.0\.0\.1 is not an allowed host/);
    expect(files.hits("/kie/redirect.png")).toBe(1);
    expect(files.hits("/internal/secret.png")).toBe(0);
  });

  it("with the production address policy an allowed name resolving to loopback is refused before connecting", async () => {
    files.route("/kie/direct.png", { body: await media.colourfulPng(64) });
    const production = { allowedHosts: [...KIE_RESULT_HOSTS, "127.0.0.1"], allowPrivateAddresses: false, lookup: kieHostOnLoopback };
    const byName = await ingest([files.url("/kie/direct.png", KIE_HOST)], { download: production });
    expectRefused(byName, "failed", /resolves to a non-public address \(127\.0\.0\.1\)/);
    const byLiteral = await ingest([files.url("/kie/redirect.png")], { download: production });
    expectRefused(byLiteral, "failed", /non-public address/);
    expect(files.hits("/kie/direct.png")).toBe(0);
  });

  it("a URL on a host that is not allowed is refused without a request", async () => {
    const result = await ingest(["http://files.not-allowed.example/picture.png"]);
    expectRefused(result, "failed", /files\.not-allowed\.example is not an allowed host/);
  });

  it("a result link that is gone (404) ends expired", async () => {
    const result = await ingest([files.url("/gone/picture.png")]);
    expectRefused(result, "expired", /answered 404/);
  });

  it("a bad second output fails the generation and leaves no orphan copy of the first", async () => {
    const good = files.route("/mixed/good.png", { body: await media.colourfulPng(256) });
    const bad = files.route("/mixed/bad.png", { body: media.textPretendingToBePng() });
    const result = await ingest([good, bad]);
    expectRefused(result, "failed", /did not send an image or video/);
  });

  it("a failure KIE reported is never ingested, whatever its code; a failure of ours with live links is", async () => {
    const url = files.route("/failed-rows/picture.png", { body: await media.colourfulPng(128) });
    const outcomes: Record<string, string> = {};
    for (const errorCode of ["501", "", null]) {
      const id = await insertFinishedGeneration(env.services.db, { userId: USER_A, urls: [url] });
      await env.services.db.update(generations).set({ status: "failed", errorCode }).where(eq(generations.id, id));
      outcomes[String(errorCode)] = await ingestGeneration(env.services, id, { finalAttempt: true });
      const row = await readGeneration(env.services.db, id);
      expect(row.assetPath === null, `code ${errorCode}`).toBe(errorCode !== null);
      expect(await objectNames(env.services.storage, USER_A, id), `code ${errorCode}`).toEqual(
        errorCode === null ? ["original.png", "preview.webp", "thumb.webp"] : [],
      );
    }
    expect(outcomes).toEqual({ "501": "skipped_failed", "": "skipped_failed", null: "ingested" });
  });
});
