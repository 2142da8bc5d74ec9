import { generations } from "@lensroom/db";
import { startKieSimulator } from "@lensroom/kie-simulator";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { createCaller } from "../src";
import { createKieWebhookHandler } from "../src/http/kie-webhook";
import { startWorkers } from "../src/jobs/worker";
import { createTestServices, TEST_SECRETS } from "../src/testing";
import { serveFetchHandler } from "../src/testing/serve-fetch-handler";
import { createTRPCContext } from "../src/trpc";
import { USER_A, USER_B, waitFor } from "./helpers";

// The whole path on real parts: tRPC create → real KIE simulator over HTTP → signed callback → webhook → pg-boss
// job → sync against the simulator → ingest into the bucket → library.list.
describe("studio → KIE simulator → webhook → bucket → library", () => {
  let env: Awaited<ReturnType<typeof createTestServices>>;
  let simulator: Awaited<ReturnType<typeof startKieSimulator>>;
  let webhook: Awaited<ReturnType<typeof serveFetchHandler>>;
  let workers: Awaited<ReturnType<typeof startWorkers>>;

  beforeAll(async () => {
    simulator = await startKieSimulator({ port: 0, apiKey: TEST_SECRETS.KIE_API_KEY, hmacKey: TEST_SECRETS.KIE_CALLBACK_SECRET, renderDelayMs: 300 });
    // The webhook needs the services, which need the callback URL: bind late.
    let handler: ((r: Request) => Promise<Response>) | null = null;
    webhook = await serveFetchHandler((request) => (handler ? handler(request) : Promise.resolve(new Response(null, { status: 503 }))));
    env = await createTestServices({ adminUrl: inject("pgAdminUrl"), template: inject("pgTemplate"), kieBaseUrl: simulator.url, publicWebUrl: webhook.url });
    handler = createKieWebhookHandler(async () => env.services);
    workers = await startWorkers(env.services, { concurrency: 2 });
  });
  afterAll(async () => {
    await workers?.stop();
    await env?.services.close();
    await webhook?.close();
    await simulator?.close();
  });

  const callerFor = async (userId: string) =>
    createCaller(
      await createTRPCContext({ services: env.services, headers: new Headers() }).then((ctx) => ({
        ...ctx,
        identity: { userId, email: null, role: "user" as const },
      })),
    );

  it.each([
    { type: "photo" as const, modelId: "google/imagen4", mime: "image/png" },
    { type: "video" as const, modelId: "kling-2.6/text-to-video", mime: "video/mp4" },
  ])("a $type ends with its original, thumbnail and preview in the bucket", async ({ type, modelId, mime }) => {
    const caller = await callerFor(USER_A);
    const created = await caller.studio.create({ type, modelId, prompt: `a calm ${type} of the sea at dawn` });
    expect(created.status).toBe("generating");
    expect(created.taskId).toBeTruthy();

    const done = await waitFor(
      async () => {
        const [item] = await caller.library.byIds({ ids: [created.id] });
        return item?.status === "success" && item.mediaStatus === "ready" ? item : null;
      },
      45_000,
      `${type} to finish`,
    );

    expect(done.assetMime).toBe(mime);
    expect(done.thumbnailUrl).toMatch(new RegExp(`/generations/${USER_A}/${created.id}/thumb\\.webp\\?v=\\d+$`));
    expect(done.previewUrl).toMatch(/preview\.webp\?v=\d+$/);
    expect(done.placeholder).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
    expect(done.width).toBeGreaterThan(0);
    if (type === "video") expect(done.durationMs).toBeGreaterThan(0);

    const [row] = await env.services.db.select().from(generations).where(eq(generations.id, created.id));
    for (const objectKey of [row?.assetPath, row?.thumbnailPath, row?.previewPath]) {
      expect(objectKey && (await env.services.storage.exists(objectKey))).toBe(true);
    }
    expect(row?.resultUrls?.[0]).toContain(simulator.url);

    // Another user sees nothing of it.
    const other = await callerFor(USER_B);
    expect((await other.library.list({})).items).toEqual([]);
    expect(await other.library.byIds({ ids: [created.id] })).toEqual([]);
  });

  it("lists newest first on a keyset cursor", async () => {
    const caller = await callerFor(USER_A);
    const first = await caller.library.list({ limit: 1 });
    expect(first.items).toHaveLength(1);
    expect(first.items[0]?.type).toBe("video");
    const second = await caller.library.list({ limit: 1, cursor: first.nextCursor });
    expect(second.items[0]?.type).toBe("photo");
    expect(second.nextCursor).toBeNull();
  });

  it("deletes a generation with its files; another user's id answers like a missing one", async () => {
    const owner = await callerFor(USER_A);
    const { items } = await owner.library.list({ type: "photo" });
    const photo = items[0];
    expect(photo).toBeDefined();
    const [row] = await env.services.db
      .select()
      .from(generations)
      .where(eq(generations.id, photo?.id ?? ""));

    const other = await callerFor(USER_B);
    await expect(other.library.delete({ id: photo?.id ?? "" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await env.services.storage.exists(row?.assetPath ?? "")).toBe(true);

    await owner.library.delete({ id: photo?.id ?? "" });
    expect(await owner.library.byIds({ ids: [photo?.id ?? ""] })).toEqual([]);
    for (const objectKey of [row?.assetPath, row?.thumbnailPath, row?.previewPath]) {
      expect(await env.services.storage.exists(objectKey ?? "")).toBe(false);
    }
    await expect(owner.library.delete({ id: photo?.id ?? "" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
