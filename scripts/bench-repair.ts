// `pnpm bench --only repair`: an admin "resync_missing" bulk run over asset-less rows — half legacy rows whose
// result_urls still work (no KIE call needed), half needing KIE's status endpoint (simulator, 10 reads/s enforced,
// 429s counted by the simulator itself) — run by 2 `pnpm worker` processes, against the bound set by KIE's rate
// limit and by CPU (steady ingest throughput measured first on the same workers: 200 plain ingests after 20 to warm up).
// The default is the issue's full size, 10,000 rows (5,000 status reads: at least 500 s), with 256 px photos so that
// KIE's rate limit, not this machine's CPU, is the bound (docs/performance.md §4).
// Options: --rows N (10000), --workers N (2), --photo-side N (256: the simulator's photo long side, for both halves
// and the calibration).
import path from "node:path";
import { parseArgs } from "node:util";

import { createTestServices, TEST_SECRETS } from "@lensroom/api/testing";
import { generations } from "@lensroom/db";
import { startTestPostgres } from "@lensroom/db/testing";

import { KIE_LANES_PER_CONCURRENCY } from "../packages/api/src/jobs/worker";
import { startBulkRun } from "../packages/api/src/services/bulk/start-bulk-run";
import { FEED_INTERVAL_SECONDS, FEED_KIE_QUEUE_DEPTH, FEED_QUEUE_DEPTH } from "../packages/api/src/services/bulk/feed-bulk-run";
import { startFixtureServer } from "../packages/api/test/fixtures/fixture-server";
import { startChild, type Child } from "./bench/child";
import { printTable, ROOT_DIR, waitFor, writeResult } from "./bench/report";
import { startSimulatorProcess } from "./bench/sim-process";
import { createSimTasks } from "./bench/sim-tasks";

const { values } = parseArgs({
  options: { rows: { type: "string", default: "10000" }, workers: { type: "string", default: "2" }, "photo-side": { type: "string", default: "256" } },
  strict: false,
});
const ROWS = Number(values.rows);
const WORKERS = Number(values.workers);
const PHOTO_SIDE = Number(values["photo-side"]);
const LIVE = Math.floor(ROWS / 2);
const NEEDS_KIE = ROWS - LIVE;
const CONCURRENCY = 2; // LENSROOM_WORKER_CONCURRENCY of each worker process
const WARM_UP = 20;
const CALIBRATION = 200;
const USER = "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f";
const STAFF = "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a";

const benchStarted = performance.now();
const phase = (what: string) => console.log(`  ${((performance.now() - benchStarted) / 1000).toFixed(1)} s: ${what}`);
const pg = await startTestPostgres();
// Its own process: KIE's rate window is stamped on the simulator's clock, which must not stall with the bench's.
const simulator = await startSimulatorProcess({ renderDelayMs: 20, callbackRetries: false, photoLongSide: PHOTO_SIDE });
const files = await startFixtureServer();
const { services, storageDir } = await createTestServices({ adminUrl: pg.adminUrl, template: pg.template, kieBaseUrl: simulator.url });
const children: Child[] = [];

try {
  // The legacy rows point at a file the simulator rendered (the same 1:1 PNG the KIE half will get).
  const [sampleTask] = await createSimTasks(simulator, 1, { media: "photo", prompts: 1 });
  const sampleUrl = await waitFor("sample render", async () => (await simulator.task(sampleTask ?? "")).files[0]?.url ?? null, 60_000);
  const png = Buffer.from(await (await fetch(sampleUrl, { signal: AbortSignal.timeout(30_000) })).arrayBuffer());
  const liveUrl = (i: number) => files.route(`/legacy/${i}.png`, { body: png, headers: { "content-type": "image/png" } });

  phase("database, simulator and file server up");
  const kieTasks = await createSimTasks(simulator, NEEDS_KIE, { media: "photo", prompts: 1 });
  phase(`${NEEDS_KIE} KIE tasks created`);
  // Tasks finish in the order they were created: wait for the last, then check every one once.
  await waitFor("simulator tasks finished", async () => (await simulator.task(kieTasks.at(-1) ?? "")).state === "success", 120_000, 250);
  for (const taskId of kieTasks) if ((await simulator.task(taskId)).state !== "success") throw new Error(`simulator task ${taskId} did not succeed`);
  phase("every KIE task finished");
  const legacy = (i: number, urls: string[]) => ({
    userId: USER,
    type: "photo" as const,
    model: "google/nano-banana",
    prompt: `legacy ${i}`,
    status: "completed" as const,
    resultUrls: urls,
  });
  await services.db
    .insert(generations)
    .values(Array.from({ length: WARM_UP + CALIBRATION }, (_, i) => ({ ...legacy(i, [liveUrl(100_000 + i)]), status: "generating" as const })));
  for (let from = 0; from < LIVE; from += 500) {
    await services.db.insert(generations).values(Array.from({ length: Math.min(500, LIVE - from) }, (_, k) => legacy(from + k, [liveUrl(from + k)])));
  }
  for (let from = 0; from < NEEDS_KIE; from += 500) {
    await services.db.insert(generations).values(
      kieTasks.slice(from, from + 500).map((taskId, k) => ({
        userId: USER,
        type: "photo" as const,
        model: "google/nano-banana",
        prompt: `kie ${from + k}`,
        status: "success" as const,
        taskId,
      })),
    );
  }

  const env = {
    NODE_ENV: "test",
    LENSROOM_MODE: "embedded",
    DATABASE_URL: services.env.DATABASE_URL,
    KIE_BASE_URL: simulator.url,
    PUBLIC_WEB_URL: "http://127.0.0.1:9",
    STORAGE_LOCAL_DIR: storageDir,
    STORAGE_PUBLIC_BASE_URL: "http://127.0.0.1:9/storage/v1/object/public",
    LENSROOM_STUCK_AFTER_SECONDS: "3600",
    LENSROOM_WORKER_CONCURRENCY: String(CONCURRENCY),
    ...TEST_SECRETS,
  };
  const workers = Array.from({ length: WORKERS }, () => startChild(path.join(ROOT_DIR, "packages/api/scripts/worker.ts"), env));
  children.push(...workers);
  phase(`${ROWS + WARM_UP + CALIBRATION} rows seeded`);
  await Promise.all(workers.map((w) => w.waitForLine(/ready/, 120_000)));
  phase(`${WORKERS} worker processes ready`);

  // CPU bound: plain ingest throughput of the same file on the same workers, once they are warm (calibration rows are
  // `generating`, so the bulk run below does not pick them up).
  const calibration = (await services.sql`select id from generations where status = 'generating'`) as unknown as Array<{ id: string }>;
  const ingestAll = async (rows: Array<{ id: string }>) => {
    for (const { id } of rows) await services.jobs.send("media-ingest", { generationId: id });
    await waitFor(
      "calibration ingests",
      async () => {
        const [row] =
          (await services.sql`select count(*)::int as n from generations where id = any(${rows.map((c) => c.id)}::uuid[]) and media_status = 'ready'`) as unknown as [
            { n: number },
          ];
        return row.n >= rows.length;
      },
      300_000,
      50,
    );
  };
  await ingestAll(calibration.slice(0, WARM_UP));
  const calStarted = performance.now();
  await ingestAll(calibration.slice(WARM_UP));
  const ingestPerSecond = CALIBRATION / ((performance.now() - calStarted) / 1000);
  phase(`calibrated: ${ingestPerSecond.toFixed(1)} plain ingests/s`);
  await simulator.resetRateLimitCounts();
  const statusBefore = (await simulator.rateLimitCounts()).status;
  // Grants the shared KIE limiter logged (its log's id sequence; rows leave the log once they stop counting): every
  // grant is one request, so this must equal the reads KIE saw.
  const grantsLogged = async () => {
    const [row] = (await services.sql`select (case when is_called then last_value else 0 end)::int as n from kie_rate_log_id_seq`) as unknown as [
      { n: number } | undefined,
    ];
    return row?.n ?? 0;
  };
  const grantsBefore = await grantsLogged();

  const started = performance.now();
  const runId = await startBulkRun(services, { kind: "resync_missing", createdBy: STAFF });
  const [{ total }] = (await services.sql`select total from bulk_runs where id = ${runId}`) as unknown as [{ total: number }];
  if (total !== ROWS) throw new Error(`bulk run picked ${total} rows, expected ${ROWS}`);
  // KIE's pace over the run, from the simulator's own count: status reads accepted by the end of each second.
  const readsBySecond: number[] = [];
  const pacing = setInterval(() => {
    void simulator.rateLimitCounts().then(
      (c) => readsBySecond.push(c.status.accepted - statusBefore.accepted),
      () => undefined,
    );
  }, 1_000);
  let lastReport = 0;
  await waitFor(
    "bulk run done",
    async () => {
      const [run] =
        (await services.sql`select status, (select count(*)::int from bulk_run_items where run_id = ${runId} and state in ('done', 'failed')) as finished
      from bulk_runs where id = ${runId}`) as unknown as [{ status: string; finished: number }];
      if (performance.now() - lastReport > 15_000) {
        lastReport = performance.now();
        console.log(`  ${((performance.now() - started) / 1000).toFixed(0)} s: ${run.finished}/${ROWS} items finished`);
      }
      return run.status === "done";
    },
    1_200_000,
    250,
  );
  const seconds = (performance.now() - started) / 1000;
  clearInterval(pacing);
  const items = (await services.sql`select state, count(*)::int as n from bulk_run_items where run_id = ${runId} group by 1`) as unknown as Array<{
    state: string;
    n: number;
  }>;
  const [published] =
    (await services.sql`select count(*)::int as n from generations where status = 'success' and asset_url is not null and thumbnail_url is not null
    and id in (select generation_id from bulk_run_items where run_id = ${runId})`) as unknown as [{ n: number }];
  const grants = (await grantsLogged()) - grantsBefore;
  const simulatorAfter = await simulator.rateLimitCounts();
  const statusAfter = simulatorAfter.status;
  const statusReads = statusAfter.accepted + statusAfter.rejected - statusBefore.accepted - statusBefore.rejected;
  const rateBound = NEEDS_KIE / 10;
  const cpuBound = ROWS / ingestPerSecond;
  const bound = Math.max(rateBound, cpuBound);
  const tooMany = statusAfter.rejected - statusBefore.rejected;

  console.log(
    `\nRepair: "resync_missing" over ${ROWS} asset-less rows (${LIVE} legacy with live result_urls + ${NEEDS_KIE} needing KIE status), ${PHOTO_SIDE} px photos, ${WORKERS} worker processes × (${CONCURRENCY} lanes + ${CONCURRENCY * KIE_LANES_PER_CONCURRENCY} asking KIE)\n`,
  );
  printTable(
    ["what", "seconds"],
    [
      [`KIE rate bound (${NEEDS_KIE} status reads ÷ 10/s)`, rateBound.toFixed(1)],
      [`CPU bound (${ROWS} ingests ÷ ${ingestPerSecond.toFixed(2)}/s measured)`, cpuBound.toFixed(1)],
      ["**bound = max(rate, CPU)**", bound.toFixed(1)],
      ["**measured run**", seconds.toFixed(1)],
      ["measured ÷ bound", `${(seconds / bound).toFixed(2)}×`],
    ],
  );
  console.log(
    `\nitems: ${items.map((i) => `${i.state} ${i.n}`).join(", ")}; rows published ${published.n}/${ROWS}; KIE status reads ${statusReads}; 429s ${tooMany}`,
  );
  console.log(`shared KIE limiter: ${grants} grants for ${statusReads} reads`);
  // How close the reads came to KIE's limit, as KIE (the simulator) stamped them; stamps are taken when its event loop
  // reads a request, so its own stalls are printed too.
  console.log(
    `KIE's view: tightest 11 reads ${statusAfter.tightestSpanMs ?? "-"} ms (under 1000 is a 429); its event loop stalled at most ${simulatorAfter.eventLoopDelayMaxMs} ms` +
      (statusAfter.lastRefusal ? `; the last refused read and the 10 before it arrived at ${statusAfter.lastRefusal.join(", ")} ms` : ""),
  );
  // The slowest 10 s while KIE items were still being read (ideal: 10 reads per status window of the shared limiter).
  const lastReadSecond = readsBySecond.findIndex((n) => n >= NEEDS_KIE);
  const readingSeconds = lastReadSecond >= 0 ? lastReadSecond + 1 : readsBySecond.length;
  const stretches = readsBySecond.slice(10, readingSeconds).map((n, i) => ({ endsAt: i + 11, reads: n - (readsBySecond[i] ?? 0) }));
  const slowest = stretches.reduce<(typeof stretches)[number] | null>((a, b) => (a === null || b.reads < a.reads ? b : a), null);
  const firstRead = readsBySecond.findIndex((n) => n > 0) + 1;
  console.log(`KIE pace: first read within ${firstRead} s; slowest 10 s stretch ${slowest ? `${slowest.reads} reads, ending at ${slowest.endsAt} s` : "-"}`);
  const targets = { within10PercentOfBound: seconds <= bound * 1.1, zero429: tooMany === 0, allRepaired: published.n === ROWS };
  console.log(
    `targets: within 10% of bound: ${targets.within10PercentOfBound ? "met" : "MISSED"}; zero 429s: ${targets.zero429 ? "met" : "MISSED"}; all repaired: ${targets.allRepaired ? "met" : "MISSED"}`,
  );
  await writeResult("repair", {
    rows: ROWS,
    live: LIVE,
    needsKie: NEEDS_KIE,
    photoSide: PHOTO_SIDE,
    workers: WORKERS,
    lanesPerWorker: CONCURRENCY,
    kieLanesPerWorker: CONCURRENCY * KIE_LANES_PER_CONCURRENCY,
    feed: { intervalSeconds: FEED_INTERVAL_SECONDS, kieQueueDepth: FEED_KIE_QUEUE_DEPTH, queueDepth: FEED_QUEUE_DEPTH },
    seconds,
    ingestPerSecond,
    rateBound,
    cpuBound,
    bound,
    items,
    published: published.n,
    statusReads,
    limiterGrants: grants,
    simulatorRateLimits: simulatorAfter,
    tooManyRequests: tooMany,
    readsBySecond,
    targets,
  });
} finally {
  for (const child of children) await child.stop(5_000);
  await files.close();
  await services.close();
  await simulator.stop();
  await pg.teardown();
}
