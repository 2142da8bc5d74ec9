import { setTimeout as sleep } from "node:timers/promises";

import { generations } from "@lensroom/db";
import { startKieSimulator, type KieSimulator } from "@lensroom/kie-simulator";
import { inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { createCaller } from "../../src";
import { createKieWebhookHandler } from "../../src/http/kie-webhook";
import { startWorkers } from "../../src/jobs/worker";
import { runSweep } from "../../src/services/sweep";
import { createTestServices, TEST_SECRETS } from "../../src/testing";
import { serveFetchHandler } from "../../src/testing/serve-fetch-handler";
import { createTRPCContext } from "../../src/trpc";
import { USER_A } from "../helpers";
import { startCountingProxy } from "./counting-proxy";
import { auditBucket, shortenRetryDelays } from "./end-state";
import { FAULT_SIZES, faultTimeout } from "./fault-sizes";

const N = FAULT_SIZES.statusStormGenerations;
/** The KIE client tries a status read at most 3 times per sync (withRetry), and a kie-sync job runs at most 6 times. */
const READS_PER_SYNC_RUN = 3;

// KIE's status endpoint fails half of all reads (HTTP 500/503 or envelope 500) and enforces its 10 reads/s limit,
// while a noisy neighbour on the same API key eats part of that budget (so 429s are real). Every generation still
// succeeds, through bounded retries with backoff, and the reads per task stay within the product's retry policy.
describe(`fault: KIE status endpoint failing (50% 5xx, rate limited) over ${N} generations`, () => {
  let simulator: KieSimulator;
  let proxy: Awaited<ReturnType<typeof startCountingProxy>>;
  let env: Awaited<ReturnType<typeof createTestServices>>;
  let webhook: Awaited<ReturnType<typeof serveFetchHandler>>;
  let workers: Awaited<ReturnType<typeof startWorkers>> | null = null;

  beforeAll(async () => {
    simulator = await startKieSimulator({ port: 0, apiKey: TEST_SECRETS.KIE_API_KEY, hmacKey: TEST_SECRETS.KIE_CALLBACK_SECRET, renderDelayMs: 300 });
    proxy = await startCountingProxy(simulator.url);
    let handler: ((r: Request) => Promise<Response>) | null = null;
    webhook = await serveFetchHandler((request) => (handler ? handler(request) : Promise.resolve(new Response(null, { status: 503 }))));
    env = await createTestServices({ adminUrl: inject("pgAdminUrl"), template: inject("pgTemplate"), kieBaseUrl: proxy.url, publicWebUrl: webhook.url });
    await shortenRetryDelays(env.services.jobs.boss, 1);
    const services = env.services;
    handler = createKieWebhookHandler(async () => services);
    workers = await startWorkers(services, { concurrency: 2 });
  });
  afterAll(async () => {
    await workers?.stop().catch(() => undefined);
    await env?.services.close();
    await webhook?.close();
    await proxy?.close();
    await simulator?.close();
  });

  it(
    "backs off, never storms, and every generation succeeds",
    async () => {
      const { services } = env;
      const ctx = await createTRPCContext({ services, headers: new Headers() });
      const caller = createCaller({ ...ctx, identity: { userId: USER_A, email: null, role: "user" } });
      simulator.faults.set({ status5xx: { probability: 0.5 } });

      // The neighbour: 6 status reads per second straight at KIE with our key.
      let neighbourOn = true;
      let neighbourReads = 0;
      const neighbour = (async () => {
        while (neighbourOn) {
          await fetch(`${simulator.url}/api/v1/jobs/recordInfo?taskId=neighbour`, { headers: { authorization: `Bearer ${TEST_SECRETS.KIE_API_KEY}` } }).catch(
            () => null,
          );
          neighbourReads++;
          await sleep(1000 / 6); // the neighbour's pace, under test
        }
      })();

      const created = await Promise.all(
        Array.from({ length: N }, (_, i) => caller.studio.create({ type: "photo", modelId: "google/imagen4", prompt: `status storm ${i}` })),
      );
      const ids = created.map((c) => c.id);
      const taskIds = created.map((c) => c.taskId ?? "");
      const deadline = Date.now() + faultTimeout(150_000, 400_000);
      let sweeps = 0;
      for (let i = 0; ; i++) {
        const rows = await services.db.select().from(generations).where(inArray(generations.id, ids));
        if (rows.every((r) => r.status === "success" && r.mediaStatus === "ready")) break;
        if (Date.now() > deadline) throw new Error(`not all succeeded: ${rows.map((r) => `${r.status}/${r.mediaStatus}`).join(", ")}`);
        // The cron's sweep, every 20 s of waiting (a sync that ran out of attempts is picked up again).
        if (i > 0 && i % 40 === 0) {
          await runSweep(services, new Date(Date.now() + 10 * 60_000));
          sweeps++;
        }
        await sleep(500);
      }
      neighbourOn = false;
      await neighbour;

      const statusReads = proxy.log.filter((r) => r.path === "/api/v1/jobs/recordInfo");
      const failed5xx = statusReads.filter((r) => r.status >= 500).length;
      const limited = statusReads.filter((r) => r.status === 429).length;
      expect(failed5xx).toBeGreaterThan(0);

      // Bounded per task: never more reads than the retry policy allows for the sync runs that happened.
      const runsByTask = new Map<string, number>();
      for (const job of await services.jobs.boss.findJobs<{ taskId: string }>("kie-sync")) {
        runsByTask.set(job.data.taskId, (runsByTask.get(job.data.taskId) ?? 0) + job.retryCount + 1);
      }
      const perTask = taskIds.map((t) => ({ t, reads: statusReads.filter((r) => r.taskId === t).length, runs: runsByTask.get(t) ?? 0 }));
      for (const { t, reads, runs: n } of perTask) expect(reads, t).toBeLessThanOrEqual(READS_PER_SYNC_RUN * n);
      expect(Math.max(...perTask.map((p) => p.reads))).toBeLessThanOrEqual(READS_PER_SYNC_RUN * 6 * (1 + sweeps));

      // No storm: our client never exceeded KIE's 10 reads per second in any one-second window.
      const times = statusReads.map((r) => r.at).sort((a, b) => a - b);
      let busiest = 0;
      for (let i = 0, j = 0; i < times.length; i++) {
        while ((times[i] ?? 0) - (times[j] ?? 0) >= 1000) j++;
        busiest = Math.max(busiest, i - j + 1);
      }
      expect(busiest).toBeLessThanOrEqual(10);
      const audit = await auditBucket(services.db, services.storage);
      expect(audit.dangling).toEqual([]);
      expect(audit.orphans).toEqual([]);
      console.log(
        `[faults] ${statusReads.length} status reads for ${N} tasks (${failed5xx} answered 5xx, ${limited} answered 429; neighbour made ${neighbourReads}); ` +
          `reads per task ${perTask.map((p) => p.reads).join(",")}; sync runs per task ${perTask.map((p) => p.runs).join(",")}; busiest second ${busiest}; ${sweeps} sweeps`,
      );
    },
    faultTimeout(200_000, 500_000),
  );
});
