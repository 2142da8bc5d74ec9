import { applyAdoption } from "@lensroom/db/adopt";
import { migrateDatabase } from "@lensroom/db/migrate";
import { createEmptyTestDatabase } from "@lensroom/db/testing";
import { legacyScenario, type LegacyScenarioRow } from "@lensroom/db/testing-legacy-scenario";
import { addLegacyChecks, insertLegacyRows, installLegacySite } from "@lensroom/db/testing-legacy-site";
import { createKieClient, type KieFamily } from "@lensroom/kie";
import { placeLegacyObject } from "@lensroom/storage/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { startWorkers } from "../src/jobs/worker";
import { runDoctor } from "../src/services/admin/doctor";
import { kieCallbackUrl } from "../src/services/callback-url";
import { startBulkRun } from "../src/services/bulk/start-bulk-run";
import { runSweep } from "../src/services/sweep";
import { colourfulPng, oneKeyframeMp4 } from "./fixtures/media-files";
import { USER_A, USER_B, waitFor } from "./helpers";
import { startPipeline, type Pipeline } from "./pipeline-harness";

const STAFF = "5e7d9c1b-3a2f-4e6d-8c0b-1a2b3c4d5e6f";

// The old site's database, adopted, then repaired by staff's "Re-sync missing" against the simulator: every row
// ends in the state its scenario names, healed or with the reason why not.
describe("healing an adopted site", () => {
  let pipeline: Pipeline;
  let scenario: LegacyScenarioRow[];
  let stopWorkers: (() => Promise<void>) | null = null;

  beforeAll(async () => {
    const database = await createEmptyTestDatabase(inject("pgAdminUrl"));
    pipeline = await startPipeline({ workers: false, database });
    const { services } = pipeline;
    // Tasks KIE (the simulator) still knows: the old site created them (with its own client), and they finished.
    const oldSite = createKieClient({ baseUrl: services.env.KIE_BASE_URL, apiKey: services.env.KIE_API_KEY, timeoutMs: 5_000 });
    const task = async (family: KieFamily, model: string) =>
      (await oldSite.createTask({ family, model, prompt: "an old prompt", callBackUrl: kieCallbackUrl(services.env) })).taskId;
    const tasks = { photo: await task("market", "google/imagen4"), video: await task("veo", "veo3_fast"), photo2: await task("market", "google/imagen4") };
    for (const [family, id] of [
      ["market", tasks.photo],
      ["veo", tasks.video],
      ["market", tasks.photo2],
    ] as const) {
      await waitFor(async () => (await oldSite.getTaskStatus(family, id)).state === "success", 30_000, `KIE task ${id}`);
    }
    scenario = legacyScenario({ userA: USER_A, userB: USER_B, tasks });

    await installLegacySite(database.sql, { supabase: false });
    await insertLegacyRows(
      database.sql,
      scenario.map((s) => s.row),
    );
    await addLegacyChecks(database.sql);
    const publicBaseUrl = services.storage.publicBaseUrl;
    await applyAdoption(database.sql, { publicBaseUrl });
    await migrateDatabase(database.url, { log: () => undefined });
    const photo = await colourfulPng(640, 480);
    const video = await oneKeyframeMp4();
    for (const s of scenario) {
      for (const [path, kind] of Object.entries(s.objects)) {
        await placeLegacyObject(pipeline.storageDir, path, kind === "photo" ? photo : video, kind === "photo" ? "image/png" : "video/mp4");
      }
    }
    const workers = await startWorkers(services, { concurrency: 2 });
    stopWorkers = () => workers.stop();
  }, 120_000);
  afterAll(async () => {
    await stopWorkers?.();
    await pipeline?.stop();
  });

  it("a Re-sync missing run heals or explains every adopted row", async () => {
    const { services } = pipeline;
    const runId = await startBulkRun(services, { kind: "resync_missing", createdBy: STAFF });
    await waitFor(
      async () => {
        const [run] = await services.sql<{ status: string }[]>`select status from bulk_runs where id = ${runId}`;
        return run?.status === "done";
      },
      120_000,
      "the repair run",
    );
    // Ingests the run queued finish on their own: wait until nothing is pending any more.
    await waitFor(
      async () => {
        const [row] = await services.sql<
          { n: number }[]
        >`select count(*)::int as n from generations where media_status = 'pending' or status in ('queued', 'generating')`;
        return row?.n === 0;
      },
      60_000,
      "pending media",
    ).catch(async (error: unknown) => {
      // Name what is still moving, so a failure says which row and why.
      console.log(
        await services.sql`select id, status, media_status, error_code, media_error, task_id, asset_path, updated_at from generations
        where media_status = 'pending' or status in ('queued', 'generating')`,
      );
      throw error;
    });

    const rows = await services.sql<
      Array<{
        id: string;
        status: string;
        media_status: string;
        error_code: string | null;
        asset_path: string | null;
        thumbnail_path: string | null;
        thumbhash: string | null;
      }>
    >`
      select id, status, media_status, error_code, asset_path, thumbnail_path, thumbhash from generations`;
    const actual = scenario.map((s) => {
      const row = rows.find((r) => r.id === s.row.id);
      return { name: s.name, status: row?.status, media: row?.media_status, errorCode: row?.error_code ?? undefined };
    });
    expect(actual).toEqual(
      scenario.map((s) => ({ name: s.name, status: s.expect.healed.status, media: s.expect.healed.media, errorCode: s.expect.healed.errorCode })),
    );

    for (const s of scenario.filter((x) => Object.keys(x.objects).length > 0 && x.expect.healed.media === "ready")) {
      const row = rows.find((r) => r.id === s.row.id);
      // Used where it is: the original stays at its old path, only the derivatives are new.
      expect(row?.asset_path, s.name).toBe(Object.keys(s.objects)[0]);
      expect(row?.thumbnail_path, s.name).toBe(`${s.row.user_id}/${s.row.id}/thumb.webp`);
      expect(row?.thumbhash, s.name).toBeTruthy();
    }
  }, 240_000);

  it("the sweep finds nothing left to do", async () => {
    const swept = await runSweep(pipeline.services);
    expect(swept).toMatchObject({ stuck: 0, queued: 0 });
  });

  it("the doctor reports rows an old-site process writes after the adoption, until an apply takes them in", async () => {
    const { services } = pipeline;
    const oldWriters = async () => (await runDoctor(services)).find((c) => c.id === "old-writers");
    expect(await oldWriters()).toEqual({ id: "old-writers", ok: true, findings: [{ code: "old_writers_none", params: { adopted: scenario.length } }] });
    await services.sql`insert into generations (user_id, type, model_id, model_name, prompt, status, task_id)
      values (${USER_A}, 'photo', 'nano-banana', 'Nano Banana', 'written by the old site', 'queued', 'old-writer-late-task')`;
    expect(await oldWriters()).toEqual({ id: "old-writers", ok: false, findings: [{ code: "old_writers_rows", params: { rows: 1 } }] });
    const publicBaseUrl = services.storage.publicBaseUrl;
    expect((await applyAdoption(services.sql, { publicBaseUrl })).kind).toBe("stragglers");
    expect((await oldWriters())?.ok).toBe(true);
  });
});
