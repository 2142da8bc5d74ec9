import { randomUUID } from "node:crypto";

import { bulkRunItems, bulkRuns, generations } from "@lensroom/db";
import { startKieSimulator } from "@lensroom/kie-simulator";
import { objectPath } from "@lensroom/storage";
import { placeLegacyObject } from "@lensroom/storage/testing";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import type { QueueName, QueuePayloads } from "../src/jobs/queues";
import { pendingReason, runBulkItem } from "../src/services/bulk/run-bulk-item";
import { deleteGeneration } from "../src/services/delete-generation";
import { runSweep } from "../src/services/sweep";
import { createTestServices, serveKieSyncJobs, TEST_SECRETS } from "../src/testing";
import { readGeneration } from "./fixtures/generation-rows";
import { insertAdoptedRow, kieThatMustNotBeAsked } from "./fixtures/legacy-rows";
import * as media from "./fixtures/media-files";
import { USER_A, USER_B } from "./helpers";

const STAFF = "5d1f0c2b-3a4e-4b6d-8f9a-0b1c2d3e4f5a";
const HOUR_AGO = () => new Date(Date.now() - 3600_000);

// The healing paths (sweep, staff bulk re-sync, delete) for rows adopted with their file already in the bucket.
describe("healing rows whose file is already in the bucket", { timeout: 120_000 }, () => {
  let env: Awaited<ReturnType<typeof createTestServices>>;
  let simulator: Awaited<ReturnType<typeof startKieSimulator>>;
  let png: Buffer;

  beforeAll(async () => {
    simulator = await startKieSimulator({ port: 0, apiKey: TEST_SECRETS.KIE_API_KEY, hmacKey: TEST_SECRETS.KIE_CALLBACK_SECRET });
    env = await createTestServices({ adminUrl: inject("pgAdminUrl"), template: inject("pgTemplate"), kieBaseUrl: simulator.url });
    png = await media.colourfulPng(640, 480);
  });
  afterAll(async () => {
    await env?.services.close();
    await simulator?.close();
  });

  const storage = () => env.services.storage;
  const oldPhotoPath = (userId: string, id: string) => `${userId}/image/${id}_1718000000000.png`;

  /** An adopted row as the adoption leaves it, its object placed (unless `placed: false`) at the old path. */
  async function adopted(row: Partial<typeof generations.$inferInsert> = {}, placed = true) {
    const id = randomUUID();
    const userId = row.userId ?? USER_A;
    const assetPath = oldPhotoPath(userId, id);
    if (placed) await placeLegacyObject(env.storageDir, assetPath, png, "image/png");
    await insertAdoptedRow(env.services.db, {
      id,
      userId,
      taskId: `legacy-${id}`,
      assetPath,
      assetUrl: storage().publicUrl(assetPath),
      updatedAt: HOUR_AGO(),
      ...row,
    });
    return { id, assetPath };
  }

  describe("sweep", () => {
    /** The sweep with a job queue that records what it is asked to send. */
    async function sweep(now = new Date()) {
      const sent: Array<{ queue: QueueName; data: unknown }> = [];
      const send = async <Q extends QueueName>(queue: Q, data: QueuePayloads[Q]) => {
        sent.push({ queue, data });
        return randomUUID();
      };
      const result = await runSweep({ ...env.services, jobs: { send } }, now);
      return { result, sent };
    }
    const ingestsOf = (sent: Array<{ queue: QueueName; data: unknown }>) =>
      sent.filter((s) => s.queue === "media-ingest").map((s) => (s.data as QueuePayloads["media-ingest"]).generationId);
    const syncsOf = (sent: Array<{ queue: QueueName; data: unknown }>) =>
      sent.filter((s) => s.queue === "kie-sync").map((s) => (s.data as QueuePayloads["kie-sync"]).taskId);

    it("queues media-ingest, never kie-sync, for successful rows in the bucket without previews", async () => {
      const pending = await adopted();
      const completed = await adopted({ status: "completed", mediaStatus: "none" });
      const hidden = await adopted({ hiddenReason: "duplicate_task" });
      const ready = await adopted({ mediaStatus: "ready", thumbnailPath: "x", thumbnailUrl: "x" });
      const failedMedia = await adopted({ mediaStatus: "failed", mediaError: "The file is not in the bucket any more" });
      // Pending with a thumbnail: the old sweep asked KIE about it (media pending, not updated for long).
      const pendingWithThumb = await adopted({ thumbnailPath: objectPath(USER_A, randomUUID(), "thumb.webp") });
      const [stuck] = await env.services.db
        .insert(generations)
        .values({ userId: USER_A, type: "photo", model: "m", prompt: "p", status: "generating", taskId: `stuck-${randomUUID()}`, updatedAt: HOUR_AGO() })
        .returning({ id: generations.id, taskId: generations.taskId });

      const { result, sent } = await sweep();
      const ingested = ingestsOf(sent);
      expect(ingested).toEqual(expect.arrayContaining([pending.id, completed.id]));
      for (const skipped of [hidden, ready, failedMedia, pendingWithThumb]) expect(ingested).not.toContain(skipped.id);
      const synced = syncsOf(sent);
      expect(synced).toContain(stuck?.taskId);
      for (const row of [pending, completed, hidden, ready, failedMedia, pendingWithThumb]) expect(synced).not.toContain(`legacy-${row.id}`);
      expect(result.unhealed).toBeGreaterThanOrEqual(2);
      await env.services.db.update(generations).set({ mediaStatus: "failed" }).where(eq(generations.id, completed.id));
      await env.services.db.update(generations).set({ mediaStatus: "failed" }).where(eq(generations.id, pending.id));
    });

    it("queues media-ingest for an adopted row with only a provider's links and no KIE task, and not once it failed", async () => {
      const insert = (values: Partial<typeof generations.$inferInsert>) =>
        insertAdoptedRow(env.services.db, { userId: USER_A, taskId: null, mediaStatus: "none", resultUrls: ["https://fal.example/a.png"], ...values });
      const linkOnly = await insert({});
      const gaveUp = await insert({ mediaStatus: "failed", mediaError: "Download refused" });
      const withTask = await insert({ taskId: `kie-${randomUUID()}` });
      const noLinks = await insert({ resultUrls: [] });
      const ingested = ingestsOf((await sweep()).sent);
      expect(ingested).toContain(linkOnly);
      for (const skipped of [gaveUp, withTask, noLinks]) expect(ingested).not.toContain(skipped);
      await env.services.db.update(generations).set({ mediaStatus: "failed" }).where(eq(generations.id, linkOnly));
    });

    it("spaces its re-queues of a row by the ingest attempts it already had", async () => {
      const retried = await adopted({ mediaAttempts: 3, updatedAt: new Date() });
      expect(ingestsOf((await sweep()).sent)).not.toContain(retried.id);
      // 30 s × 2³ = 4 minutes after the last attempt it is due again.
      expect(ingestsOf((await sweep(new Date(Date.now() + 3 * 60_000))).sent)).not.toContain(retried.id);
      expect(ingestsOf((await sweep(new Date(Date.now() + 5 * 60_000))).sent)).toContain(retried.id);
      await env.services.db.update(generations).set({ mediaStatus: "failed" }).where(eq(generations.id, retried.id));
    });

    it("leaves rows of a running bulk run to the run", async () => {
      const row = await adopted();
      const [run] = await env.services.db.insert(bulkRuns).values({ kind: "resync_selected", createdBy: STAFF, total: 1 }).returning();
      if (!run) throw new Error("no run");
      await env.services.db.insert(bulkRunItems).values({ runId: run.id, generationId: row.id, state: "pending" });
      expect(ingestsOf((await sweep()).sent)).not.toContain(row.id);
      await env.services.db.update(bulkRuns).set({ status: "done" }).where(eq(bulkRuns.id, run.id));
      expect(ingestsOf((await sweep()).sent)).toContain(row.id);
      await env.services.db.update(generations).set({ mediaStatus: "failed" }).where(eq(generations.id, row.id));
    });
  });

  describe("bulk re-sync of missing previews", () => {
    async function runItem(deps: Parameters<typeof runBulkItem>[0], generationId: string) {
      const [run] = await env.services.db.insert(bulkRuns).values({ kind: "resync_missing", createdBy: STAFF, total: 1 }).returning();
      if (!run) throw new Error("no run");
      await env.services.db.insert(bulkRunItems).values({ runId: run.id, generationId, state: "queued" });
      const outcome = await runBulkItem(deps, { runId: run.id, generationId }, true);
      const [item] = await env.services.db
        .select()
        .from(bulkRunItems)
        .where(and(eq(bulkRunItems.runId, run.id), eq(bulkRunItems.generationId, generationId)));
      await env.services.db.update(bulkRuns).set({ status: "done" }).where(eq(bulkRuns.id, run.id));
      return { outcome, error: item?.error ?? null };
    }

    it("ingests a row with asset_path straight from the bucket, without asking KIE", async () => {
      const row = await adopted();
      const trapped = kieThatMustNotBeAsked(env.services.kie);
      expect(await runItem({ ...env.services, kie: trapped.kie }, row.id)).toEqual({ outcome: "done", error: null });
      expect(trapped.calls).toEqual([]);
      const healed = await readGeneration(env.services.db, row.id);
      expect(healed).toMatchObject({ mediaStatus: "ready", assetPath: row.assetPath, thumbnailPath: objectPath(USER_A, row.id, "thumb.webp") });
      expect(healed.thumbhash).toBeTruthy();
    });

    it("says the object is gone when it is, still without asking KIE", async () => {
      const row = await adopted({}, false);
      const trapped = kieThatMustNotBeAsked(env.services.kie);
      expect(await runItem({ ...env.services, kie: trapped.kie }, row.id)).toEqual({
        outcome: "failed",
        error: "The file is not in the bucket any more",
      });
      expect(trapped.calls).toEqual([]);
    });

    it("says KIE does not show a task it does not know yet, as the task's sync job found", async () => {
      const taskId = `unknown-${randomUUID()}`;
      const [row] = await env.services.db
        .insert(generations)
        .values({ userId: USER_A, type: "photo", model: "m", prompt: "p", status: "generating", taskId })
        .returning({ id: generations.id });
      const stopServing = await serveKieSyncJobs(env.services);
      try {
        expect(await runItem(env.services, row?.id ?? "")).toEqual({ outcome: "failed", error: "KIE does not show this task yet" });
      } finally {
        await stopServing();
      }
      const [job] = await env.services.jobs.boss.findJobs<QueuePayloads["kie-sync"]>("kie-sync", { key: taskId });
      expect(job).toMatchObject({ state: "completed", data: { taskId, reason: "bulk", ingestBy: "caller" } });
    });

    it("words each pending state truthfully", () => {
      expect(pendingReason("not_visible_yet")).toBe("KIE does not show this task yet");
      expect(pendingReason("queued")).toBe("KIE is still generating this task");
      expect(pendingReason("generating")).toBe("KIE is still generating this task");
    });
  });

  describe("delete", () => {
    it("removes the generation's objects at old paths, only inside its owner's folder", async () => {
      const { id, assetPath } = await adopted();
      const secondOutput = `${USER_A}/video/${id}_1718000000009.mp4`;
      const providerFile = `${USER_A}/fal_job-${id}.png`;
      const othersFile = `${USER_B}/image/${id}_1718000000000.png`;
      const otherGeneration = objectPath(USER_A, randomUUID(), "original.png");
      const oldPreview = `${USER_A}/previews/${id}_preview.webp`;
      const oldPoster = `${USER_A}/posters/${id}_poster.webp`;
      const othersPoster = `${USER_A}/posters/${randomUUID()}_poster.webp`;
      for (const path of [secondOutput, providerFile, othersFile, oldPreview, oldPoster, othersPoster]) {
        await placeLegacyObject(env.storageDir, path, png, "image/png");
      }
      await storage().upload(otherGeneration, png, { contentType: "image/png" });
      const thumb = objectPath(USER_A, id, "thumb.webp");
      await storage().upload(thumb, png, { contentType: "image/webp" });
      await env.services.db
        .update(generations)
        .set({ outputPaths: [assetPath, secondOutput, providerFile, othersFile, otherGeneration], thumbnailPath: thumb })
        .where(eq(generations.id, id));

      expect(await deleteGeneration(env.services, USER_B, id)).toBe(false);
      expect(await storage().exists(assetPath)).toBe(true);

      expect(await deleteGeneration(env.services, USER_A, id)).toBe(true);
      for (const gone of [assetPath, secondOutput, providerFile, thumb, oldPreview, oldPoster]) expect(await storage().exists(gone)).toBe(false);
      for (const kept of [othersFile, otherGeneration, othersPoster]) expect(await storage().exists(kept)).toBe(true);
    });
  });
});
