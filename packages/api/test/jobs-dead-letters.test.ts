import { startKieSimulator } from "@lensroom/kie-simulator";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { startWorkers } from "../src/jobs/worker";
import { InvalidCursorError } from "../src/lib/keyset-cursor";
import { listFailedJobs } from "../src/services/list-failed-jobs";
import { createTestServices, TEST_SECRETS } from "../src/testing";
import { startFixtureServer, type FixtureServer } from "./fixtures/fixture-server";
import { insertFinishedGeneration } from "./fixtures/generation-rows";
import { colourfulPng } from "./fixtures/media-files";
import { USER_A, waitFor } from "./helpers";

// Jobs that ended without doing their work are listed for staff with a readable reason, newest first, paged.
describe("dead letters", () => {
  let env: Awaited<ReturnType<typeof createTestServices>>;
  let simulator: Awaited<ReturnType<typeof startKieSimulator>>;
  let files: FixtureServer;
  let workers: Awaited<ReturnType<typeof startWorkers>>;

  beforeAll(async () => {
    simulator = await startKieSimulator({ port: 0, apiKey: TEST_SECRETS.KIE_API_KEY, hmacKey: TEST_SECRETS.KIE_CALLBACK_SECRET });
    files = await startFixtureServer();
    env = await createTestServices({ adminUrl: inject("pgAdminUrl"), template: inject("pgTemplate"), kieBaseUrl: simulator.url });
    workers = await startWorkers(env.services, { concurrency: 1 });
  });
  afterAll(async () => {
    await workers?.stop();
    await files?.close();
    await env?.services.close();
    await simulator?.close();
  });

  it("lists a refused ingest and a job pg-boss failed, not the successful one", async () => {
    const { services } = env;
    const refused = await insertFinishedGeneration(services.db, { userId: USER_A, urls: ["http://files.not-allowed.example/a.png"] });
    const fine = await insertFinishedGeneration(services.db, { userId: USER_A, urls: [files.route("/fine.png", { body: await colourfulPng(128) })] });
    await services.jobs.send("media-ingest", { generationId: refused });
    await services.jobs.send("media-ingest", { generationId: fine });
    // A job that throws with no retries left: pg-boss marks it failed (here: an id the database rejects).
    await services.jobs.send("media-ingest", { generationId: "not-a-uuid" }, { retryLimit: 0 });

    await waitFor(
      async () => {
        const jobs = await services.jobs.boss.findJobs("media-ingest");
        return jobs.filter((j) => j.state === "completed" || j.state === "failed").length === 3;
      },
      60_000,
      "all three jobs to end",
    );

    const all = await listFailedJobs(services, { queue: "media-ingest" });
    expect(all.nextCursor).toBeNull();
    expect(all.items).toHaveLength(2);
    const byGeneration = new Map(all.items.map((item) => [(item.data as { generationId: string }).generationId, item]));
    expect(byGeneration.get(refused)).toMatchObject({ queue: "media-ingest", state: "completed", output: { outcome: "failed" } });
    expect(byGeneration.get(refused)?.reason).toMatch(/files\.not-allowed\.example is not an allowed host/);
    expect(byGeneration.get("not-a-uuid")).toMatchObject({ state: "failed", retryCount: 0, retryLimit: 0 });
    expect(byGeneration.get("not-a-uuid")?.reason).toMatch(/uuid/i);
    expect(byGeneration.has(fine)).toBe(false);

    // Keyset pages of one, newest first, cover the same two.
    const first = await listFailedJobs(services, { limit: 1 });
    const second = await listFailedJobs(services, { limit: 1, cursor: first.nextCursor });
    expect(second.nextCursor).toBeNull();
    expect([...first.items, ...second.items].map((i) => i.id)).toEqual(all.items.map((i) => i.id));
    expect(first.items[0]!.completedOn.getTime()).toBeGreaterThanOrEqual(second.items[0]!.completedOn.getTime());

    expect(await listFailedJobs(services, { queue: "kie-sync" })).toEqual({ items: [], nextCursor: null });
    await expect(listFailedJobs(services, { cursor: "garbage" })).rejects.toBeInstanceOf(InvalidCursorError);
  });
});
