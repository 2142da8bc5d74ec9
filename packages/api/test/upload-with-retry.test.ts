import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { createLocalStorageDriver, objectPath, StorageError } from "@lensroom/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { UPLOAD_TRIES, uploadWithRetry } from "../src/services/upload-with-retry";
import { flakyStorage } from "./faults/flaky-storage";

const rootDir = mkdtempSync(path.join(tmpdir(), "lensroom-upload-retry-"));
afterAll(() => rmSync(rootDir, { recursive: true, force: true }));
const local = createLocalStorageDriver({ rootDir, publicBaseUrl: "http://127.0.0.1:1/storage/v1/object/public" });
beforeAll(() => local.ensureBucket());
const webp = { contentType: "image/webp" };
const pathFor = (name: string) => objectPath("00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002", name);

describe("uploadWithRetry", () => {
  it("gets an upload through a transient outage shorter than its tries", async () => {
    const flaky = flakyStorage(local, 0, { firstPathStreak: UPLOAD_TRIES - 1 });
    await uploadWithRetry(flaky.driver, pathFor("thumb.webp"), () => Buffer.from("webp"), webp);
    expect(flaky.stats).toMatchObject({ uploads: UPLOAD_TRIES, failed: UPLOAD_TRIES - 1 });
    expect(await local.exists(pathFor("thumb.webp"))).toBe(true);
  });

  it("gives up after UPLOAD_TRIES tries with the storage error", async () => {
    const flaky = flakyStorage(local, 0, { firstPathStreak: UPLOAD_TRIES + 5 });
    const error = await uploadWithRetry(flaky.driver, pathFor("preview.webp"), () => Buffer.from("webp"), webp).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "StorageError", code: "unavailable" });
    expect(flaky.stats.uploads).toBe(UPLOAD_TRIES);
  });

  it("does not retry an error that another try cannot fix", async () => {
    let tries = 0;
    const refusing = {
      ...local,
      upload: () => {
        tries += 1;
        return Promise.reject(new StorageError("too_large", "the object is too large", { status: 413 }));
      },
    };
    const error = await uploadWithRetry(refusing, pathFor("big.webp"), () => Buffer.from("webp"), webp).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "too_large" });
    expect(tries).toBe(1);
  });
});
