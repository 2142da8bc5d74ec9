import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { generations } from "@lensroom/db";
import { startKieSimulator } from "@lensroom/kie-simulator";
import { placeLegacyObject } from "@lensroom/storage/testing";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";

import type { LookupAll } from "../src/media-io/safe-download";
import type { ServiceDeps } from "../src/services/deps";
import { ingestGeneration } from "../src/services/ingest-generation";
import { createTestServices, TEST_SECRETS } from "../src/testing";
import { startFixtureServer, type FixtureServer } from "./fixtures/fixture-server";
import { objectNames, readGeneration } from "./fixtures/generation-rows";
import { insertAdoptedRow, kieThatMustNotBeAsked } from "./fixtures/legacy-rows";
import * as media from "./fixtures/media-files";
import { USER_A, USER_B } from "./helpers";

/** No host is allowed: any HTTP download fails, so an ingest that succeeds read everything through the driver. */
const NO_HTTP = { allowedHosts: [] };

// Rows adopted from the old site whose files are already in our bucket, at the old site's paths: the real ingest
// (driver read → sharp/ffmpeg → derivative uploads → one conditional UPDATE) on a real database and local bucket.
describe("ingest of files already in the bucket", { timeout: 120_000 }, () => {
  let env: Awaited<ReturnType<typeof createTestServices>>;
  let simulator: Awaited<ReturnType<typeof startKieSimulator>>;
  let files: FixtureServer;
  let deps: ServiceDeps;
  let kieCalls: string[];
  let png: Buffer;

  beforeAll(async () => {
    simulator = await startKieSimulator({ port: 0, apiKey: TEST_SECRETS.KIE_API_KEY, hmacKey: TEST_SECRETS.KIE_CALLBACK_SECRET });
    files = await startFixtureServer();
    env = await createTestServices({ adminUrl: inject("pgAdminUrl"), template: inject("pgTemplate"), kieBaseUrl: simulator.url });
    png = await media.colourfulPng(1024, 768);
  });
  beforeEach(() => {
    const trapped = kieThatMustNotBeAsked(env.services.kie);
    deps = { ...env.services, kie: trapped.kie };
    kieCalls = trapped.calls;
  });
  afterAll(async () => {
    await files?.close();
    await env?.services.close();
    await simulator?.close();
  });

  const place = (path: string, bytes: Buffer, contentType: string) => placeLegacyObject(env.storageDir, path, bytes, contentType);
  const storage = () => env.services.storage;

  async function expectHealedInPlace(id: string, assetPath: string) {
    const row = await readGeneration(env.services.db, id);
    expect(row).toMatchObject({
      status: "success",
      mediaStatus: "ready",
      mediaError: null,
      assetPath,
      outputPaths: [assetPath],
      thumbnailPath: `${row.userId}/${id}/thumb.webp`,
      previewPath: `${row.userId}/${id}/preview.webp`,
    });
    expect(row.assetUrl).toBe(`${storage().publicUrl(assetPath)}?v=${row.mediaVersion}`);
    expect(row.thumbnailUrl).toBe(`${storage().publicUrl(row.thumbnailPath ?? "")}?v=${row.mediaVersion}`);
    expect(row.thumbhash).toBeTruthy();
    // Only the derivatives were written; the original stays where the old site left it.
    expect(await objectNames(storage(), row.userId, id)).toEqual(["preview.webp", "thumb.webp"]);
    expect(await storage().exists(assetPath)).toBe(true);
    expect(kieCalls).toEqual([]);
    return row;
  }

  it("heals a photo at the old KIE path with no provider link: thumbnail, preview, thumbhash, asset_path kept", async () => {
    const id = randomUUID();
    const oldPath = `${USER_A}/image/${id}_1718000000000.png`;
    await place(oldPath, png, "image/png");
    await insertAdoptedRow(env.services.db, {
      id,
      userId: USER_A,
      taskId: `legacy-${id}`,
      assetPath: oldPath,
      assetUrl: storage().publicUrl(oldPath),
    });

    expect(await ingestGeneration(deps, id, { finalAttempt: true, download: NO_HTTP })).toBe("ingested");
    const row = await expectHealedInPlace(id, oldPath);
    expect(row).toMatchObject({ assetMime: "image/png", assetBytes: png.length, width: 1024, height: 768, mediaAttempts: 1 });
    const thumb = await sharp(await bucketBytes(row.thumbnailPath)).metadata();
    expect([thumb.format, thumb.width, thumb.height]).toEqual(["webp", 533, 400]);
  });

  it("heals a video at the old KIE path from its poster frame", async () => {
    const id = randomUUID();
    const oldPath = `${USER_A}/video/${id}_1718000000001.mp4`;
    await place(oldPath, await media.oneKeyframeMp4(), "video/mp4");
    await insertAdoptedRow(env.services.db, { id, userId: USER_A, type: "video", assetPath: oldPath, assetUrl: storage().publicUrl(oldPath) });

    expect(await ingestGeneration(deps, id, { finalAttempt: true, download: NO_HTTP })).toBe("ingested");
    const row = await expectHealedInPlace(id, oldPath);
    expect(row).toMatchObject({ assetMime: "video/mp4", width: 640, height: 360 });
    expect(row.durationMs).toBeGreaterThan(1500);
    const poster = await sharp(await bucketBytes(row.thumbnailPath)).metadata();
    // The poster frame, never upscaled past the clip's own 640×360.
    expect([poster.format, poster.width, poster.height]).toEqual(["webp", 640, 360]);
  });

  it("heals a row whose asset_url is our own bucket's URL and asset_path is NULL, from the bucket", async () => {
    const id = randomUUID();
    const oldPath = `${USER_A}/replicate_1718000000002_k3j4h5.png`;
    await place(oldPath, png, "image/png");
    await insertAdoptedRow(env.services.db, { id, userId: USER_A, assetUrl: `${storage().publicUrl(oldPath)}?v=1` });

    expect(await ingestGeneration(deps, id, { finalAttempt: true, download: NO_HTTP })).toBe("ingested");
    await expectHealedInPlace(id, oldPath);
  });

  it("reads a result link that is a signed URL of our bucket through the driver too", async () => {
    const id = randomUUID();
    const oldPath = `${USER_A}/fal_job-${id}.png`;
    await place(oldPath, png, "image/png");
    const signed = `${storage().publicBaseUrl.replace("/object/public", "/object/sign")}/generations/${oldPath}?token=abc`;
    await insertAdoptedRow(env.services.db, { id, userId: USER_A, status: "completed", resultUrls: [signed] });

    expect(await ingestGeneration(deps, id, { finalAttempt: true, download: NO_HTTP })).toBe("ingested");
    await expectHealedInPlace(id, oldPath);
  });

  it("copies into the row's own folder a bucket object that belongs to someone else", async () => {
    const id = randomUUID();
    const othersPath = `${USER_B}/image/${randomUUID()}_1718000000003.png`;
    await place(othersPath, png, "image/png");
    await insertAdoptedRow(env.services.db, { id, userId: USER_A, assetUrl: storage().publicUrl(othersPath) });

    expect(await ingestGeneration(deps, id, { finalAttempt: true, download: NO_HTTP })).toBe("ingested");
    const row = await readGeneration(env.services.db, id);
    expect(row).toMatchObject({ mediaStatus: "ready", assetPath: `${USER_A}/${id}/original.png` });
    expect(await objectNames(storage(), USER_A, id)).toEqual(["original.png", "preview.webp", "thumb.webp"]);
    expect(await storage().exists(othersPath)).toBe(true);
  });

  it("records 'The file is not in the bucket any more' when the object is gone and there is no link", async () => {
    const id = randomUUID();
    const oldPath = `${USER_A}/image/${id}_1718000000004.png`;
    await insertAdoptedRow(env.services.db, { id, userId: USER_A, assetPath: oldPath, assetUrl: storage().publicUrl(oldPath) });

    expect(await ingestGeneration(deps, id, { finalAttempt: true, download: NO_HTTP })).toBe("failed");
    const row = await readGeneration(env.services.db, id);
    // As every media failure of a row that has its asset: the status stays, the reason is the media error.
    expect(row).toMatchObject({
      status: "success",
      mediaStatus: "failed",
      mediaError: "The file is not in the bucket any more",
      assetPath: oldPath,
      thumbnailPath: null,
      errorCode: null,
    });
    expect(kieCalls).toEqual([]);
  });

  it("does not wait for a missing object to come back: the first attempt records it", async () => {
    const id = randomUUID();
    const oldPath = `${USER_A}/image/${id}_1718000000005.png`;
    await insertAdoptedRow(env.services.db, { id, userId: USER_A, assetUrl: storage().publicUrl(oldPath) });

    expect(await ingestGeneration(deps, id, { download: NO_HTTP })).toBe("failed");
    const row = await readGeneration(env.services.db, id);
    expect(row).toMatchObject({ status: "failed", mediaStatus: "failed", mediaError: "The file is not in the bucket any more" });
  });

  it("falls back to the row's provider links when its object is gone from the bucket", async () => {
    const host = "cdn.provider.example";
    const lookup: LookupAll = async (hostname) => {
      if (hostname === host) return [{ address: "127.0.0.1", family: 4 }];
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    };
    const route = files.route(`/fallback/${randomUUID()}.png`, { body: png });
    const link = route.replace(/^http:\/\/127\.0\.0\.1/, `http://${host}`);
    const id = randomUUID();
    const oldPath = `${USER_A}/image/${id}_1718000000006.png`;
    await insertAdoptedRow(env.services.db, { id, userId: USER_A, assetPath: oldPath, assetUrl: storage().publicUrl(oldPath), resultUrls: [link] });

    const outcome = await ingestGeneration(deps, id, { finalAttempt: true, download: { allowedHosts: [host], lookup } });
    expect(outcome).toBe("ingested");
    const row = await readGeneration(env.services.db, id);
    expect(row).toMatchObject({ mediaStatus: "ready", assetPath: `${USER_A}/${id}/original.png`, outputPaths: [`${USER_A}/${id}/original.png`] });
    expect(files.hits(new URL(route).pathname)).toBe(1);
  });

  it("falls back to the links when asset_path cannot be read at all", async () => {
    const route = files.route(`/fallback/${randomUUID()}.png`, { body: png });
    const host = "cdn.provider.example";
    const lookup: LookupAll = async () => [{ address: "127.0.0.1", family: 4 }];
    const id = randomUUID();
    await insertAdoptedRow(env.services.db, {
      id,
      userId: USER_A,
      assetPath: `public/${id}.png`,
      resultUrls: [route.replace(/^http:\/\/127\.0\.0\.1/, `http://${host}`)],
    });
    expect(await ingestGeneration(deps, id, { finalAttempt: true, download: { allowedHosts: [host], lookup } })).toBe("ingested");
    expect(await readGeneration(env.services.db, id)).toMatchObject({ mediaStatus: "ready", assetPath: `${USER_A}/${id}/original.png` });
  });

  it("rebuilds the previews of a ready row from its bucket object on rederive, without a download", async () => {
    const id = randomUUID();
    const oldPath = `${USER_A}/image/${id}_1718000000007.png`;
    await place(oldPath, png, "image/png");
    await insertAdoptedRow(env.services.db, { id, userId: USER_A, assetPath: oldPath, assetUrl: storage().publicUrl(oldPath) });
    expect(await ingestGeneration(deps, id, { finalAttempt: true, download: NO_HTTP })).toBe("ingested");
    expect(await ingestGeneration(deps, id, { download: NO_HTTP })).toBe("already_done");
    await env.services.db.update(generations).set({ thumbhash: null }).where(eq(generations.id, id));

    expect(await ingestGeneration(deps, id, { rederive: true, finalAttempt: true, download: NO_HTTP })).toBe("ingested");
    const row = await expectHealedInPlace(id, oldPath);
    expect(row.mediaAttempts).toBe(2);
  });

  /** An object's bytes, read back through the driver. */
  async function bucketBytes(objectKey: string | null): Promise<Buffer> {
    const dir = await mkdtemp(path.join(tmpdir(), "lensroom-test-"));
    try {
      await storage().download(objectKey ?? "", path.join(dir, "object"));
      return await readFile(path.join(dir, "object"));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
});
