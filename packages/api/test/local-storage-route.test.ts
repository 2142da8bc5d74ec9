import { startKieSimulator } from "@lensroom/kie-simulator";
import { objectPath } from "@lensroom/storage";
import { placeLegacyObject } from "@lensroom/storage/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { createLocalStorageHandler } from "../src/http/local-storage-route";
import { createTestServices, TEST_SECRETS } from "../src/testing";
import { USER_A } from "./helpers";

const GEN = "3e1f5c7a-9b2d-4e6f-8a0b-1c2d3e4f5a6b";
const BYTES = Buffer.from(Array.from({ length: 4096 }, (_, index) => index % 251));

// The handler the web app mounts at /storage/v1/object/public/generations/[...path], over a real local bucket.
describe("local storage route", () => {
  let env: Awaited<ReturnType<typeof createTestServices>>;
  let simulator: Awaited<ReturnType<typeof startKieSimulator>>;
  let handle: ReturnType<typeof createLocalStorageHandler>;

  beforeAll(async () => {
    simulator = await startKieSimulator({ port: 0, apiKey: TEST_SECRETS.KIE_API_KEY, hmacKey: TEST_SECRETS.KIE_CALLBACK_SECRET });
    env = await createTestServices({ adminUrl: inject("pgAdminUrl"), template: inject("pgTemplate"), kieBaseUrl: simulator.url });
    handle = createLocalStorageHandler(async () => env.services);
  });
  afterAll(async () => {
    await env?.services.close();
    await simulator?.close();
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    handle(new Request(`http://127.0.0.1/storage/v1/object/public/generations/${path}`, { headers }), path);

  it.each([`${USER_A}/video/${GEN}_1718000000000.mp4`, `${USER_A}/previews/${GEN}_preview.mp4`, `${USER_A}/fal_job-17.mp4`])(
    "serves the old path %s with its content type and byte ranges",
    async (path) => {
      await placeLegacyObject(env.storageDir, path, BYTES, "video/mp4");
      const full = await get(path);
      expect(full.status).toBe(200);
      expect(full.headers.get("content-type")).toBe("video/mp4");
      expect(Buffer.from(await full.arrayBuffer()).equals(BYTES)).toBe(true);

      const partial = await get(path, { Range: "bytes=100-199" });
      expect(partial.status).toBe(206);
      expect(partial.headers.get("content-range")).toBe(`bytes 100-199/${BYTES.length}`);
      expect(Buffer.from(await partial.arrayBuffer()).equals(BYTES.subarray(100, 200))).toBe(true);
    },
  );

  it("serves new paths as before and answers 404 for what is not an object", async () => {
    const path = objectPath(USER_A, GEN, "thumb.webp");
    await env.services.storage.upload(path, BYTES, { contentType: "image/webp" });
    expect((await get(path)).headers.get("content-type")).toBe("image/webp");
    for (const missing of [`${USER_A}/image/missing.png`, `${USER_A}/../generations.bucket.json`, `${USER_A}/${GEN}/.thumb.webp.meta.json`]) {
      expect((await get(missing)).status).toBe(404);
    }
  });
});
