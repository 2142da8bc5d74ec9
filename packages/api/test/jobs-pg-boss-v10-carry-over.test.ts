import { createTestDatabase, type TestDatabase } from "@lensroom/db/testing";
import type { JobWithMetadata } from "pg-boss";
import PgBossV10 from "pg-boss-v10";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { JOB_SCHEMA, startJobQueue, type JobQueue } from "../src/jobs/job-queue";
import { queueDefinitions, type QueueName } from "../src/jobs/queues";
import { waitFor } from "./helpers";

const GENERATION = "c0000000-0000-4000-8000-000000000001";
const RUN = "c0000000-0000-4000-8000-000000000002";
const TASK = "task-from-v10";

// A database that pg-boss 10.4 ran on (the `pg-boss-v10` alias), then this version's job queue started on it.
describe("a pg-boss 10 database under pg-boss 12", () => {
  let database: TestDatabase;
  const queues: JobQueue[] = [];
  const v10: { created: string; retry: string; active: string; completed: string } = { created: "", retry: "", active: "", completed: "" };

  beforeAll(async () => {
    database = await createTestDatabase(inject("pgAdminUrl"), inject("pgTemplate"));
    const old = new PgBossV10({ connectionString: database.url, schema: JOB_SCHEMA, supervise: false, schedule: false, max: 2 });
    await old.start();
    for (const [name, definition] of Object.entries(queueDefinitions)) await old.createQueue(name, { name, ...definition } as PgBossV10.Queue);
    const sent = async (name: QueueName, data: object, options: PgBossV10.SendOptions) => {
      const id = await old.send(name, data, options);
      if (!id) throw new Error(`pg-boss 10 did not create the ${name} job`);
      return id;
    };
    // created: waiting
    v10.created = await sent("media-ingest", { generationId: GENERATION }, { singletonKey: GENERATION });
    // retry: its first attempt failed, one attempt of three is used
    v10.retry = await sent(
      "bulk-item",
      { runId: RUN, generationId: GENERATION },
      { singletonKey: `${RUN}:${GENERATION}`, retryLimit: 2, retryDelay: 0, retryBackoff: false },
    );
    const [first] = await old.fetch("bulk-item");
    expect(first?.id).toBe(v10.retry);
    await old.fail("bulk-item", v10.retry, { message: "first attempt failed" });
    // active: its worker stopped with it
    v10.active = await sent("kie-sync", { taskId: TASK, reason: "webhook" }, { singletonKey: TASK });
    const [running] = await old.fetch("kie-sync");
    expect(running?.id).toBe(v10.active);
    // completed: history, not carried over
    v10.completed = await sent("bulk-feed", { runId: RUN }, { singletonKey: RUN });
    await old.fetch("bulk-feed");
    await old.complete("bulk-feed", v10.completed);
    const states = await Promise.all(
      (
        [
          ["media-ingest", v10.created],
          ["bulk-item", v10.retry],
          ["kie-sync", v10.active],
          ["bulk-feed", v10.completed],
        ] as const
      ).map(async ([queue, id]) => (await old.getJobById(queue, id))?.state),
    );
    expect(states).toEqual(["created", "retry", "active", "completed"]);
    await old.stop({ graceful: false, wait: true });
  });
  afterAll(async () => {
    for (const queue of queues) await queue.stop({ graceful: false, timeoutMs: 5_000 }).catch(() => undefined);
    await database?.drop();
  });

  it("keeps its waiting, retrying and running jobs (once, however many processes start together) and works them", async () => {
    // A web and a worker process starting at the same moment: the jobs move once.
    const started = await Promise.all([0, 1].map(() => startJobQueue({ connectionString: database.url, supervise: false, max: 2 })));
    queues.push(...started);
    const boss = started[0]?.boss;
    if (!boss) throw new Error("no job queue");

    const find = async (queue: QueueName, id: string) => (await boss.findJobs(queue, { id }))[0];
    const created = await find("media-ingest", v10.created);
    const retry = await find("bulk-item", v10.retry);
    const active = await find("kie-sync", v10.active);
    expect(created).toMatchObject({ state: "created", data: { generationId: GENERATION }, singletonKey: GENERATION, retryLimit: 5, policy: "stately" });
    // The attempt pg-boss 10 used is counted: two of three were left.
    expect(retry).toMatchObject({ state: "created", data: { runId: RUN, generationId: GENERATION }, retryLimit: 1 });
    expect(active).toMatchObject({ state: "created", data: { taskId: TASK, reason: "webhook" }, singletonKey: TASK, expireInSeconds: 120, retryLimit: 4 });
    expect(await boss.findJobs("bulk-feed")).toEqual([]);
    for (const queue of Object.keys(queueDefinitions)) {
      const jobs = await boss.findJobs(queue);
      expect(jobs.length, queue).toBeLessThanOrEqual(1);
    }
    const [schemas] = await database.sql<Array<{ aside: boolean }>>`select to_regnamespace(${`${JOB_SCHEMA}_v10`}) is not null as aside`;
    expect(schemas?.aside).toBe(false);

    // pg-boss 12 hands each carried job to a worker, which completes it.
    const worked = new Map<string, JobWithMetadata<object>>();
    for (const queue of ["media-ingest", "bulk-item", "kie-sync"] as const) {
      await boss.work<object, unknown, { includeMetadata: true; pollingIntervalSeconds: number }>(
        queue,
        { includeMetadata: true, pollingIntervalSeconds: 0.5 },
        async ([job]) => {
          if (job) worked.set(job.id, job);
          return { carried: true };
        },
      );
    }
    await waitFor(
      async () => {
        const states = await Promise.all([find("media-ingest", v10.created), find("bulk-item", v10.retry), find("kie-sync", v10.active)]);
        return states.every((job) => job?.state === "completed");
      },
      30_000,
      "the carried jobs to complete",
    );
    expect([...worked.keys()].sort()).toEqual([v10.created, v10.retry, v10.active].sort());
  });

  it("starts again on the upgraded database without moving anything", async () => {
    const again = await startJobQueue({ connectionString: database.url, supervise: false, max: 1 });
    queues.push(again);
    expect(await again.boss.schemaVersion()).toBeGreaterThan(24);
    expect((await again.boss.findJobs("kie-sync")).map((j) => j.id)).toEqual([v10.active]);
  });
});
