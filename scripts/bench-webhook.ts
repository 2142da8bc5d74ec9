// `pnpm bench --only webhook`: signed KIE callbacks at an evenly paced rate from a second process
// (`bench/webhook-load.ts`) to the webhook server in a third, while a `pnpm worker` process syncs the queued tasks
// against the simulator. Then: every 2xx delivery stored exactly once and all of them processed. For comparison, the
// naive handler that syncs before answering, and on request autocannon's `overallRate` (which sends each
// connection's per-second quota back to back, see docs/performance.md).
// Options: --rate N (500/s), --seconds N (30, measured after --warmup-seconds N (5) at the same rate),
// --connections N (100), --autocannon-seconds N (0: skipped; 10 compares autocannon's pacing, docs/performance.md §2),
// --naive-seconds N (5; 0 skips), --tasks N (200), --worker-concurrency N (2),
// --profile DIR (write a `--cpu-prof` profile of the webhook server process into DIR).
import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

import { createTestServices, TEST_SECRETS } from "@lensroom/api/testing";
import { generations } from "@lensroom/db";
import { startTestPostgres } from "@lensroom/db/testing";
import { startKieSimulator } from "@lensroom/kie-simulator";
import autocannon from "autocannon";

import { signCallback } from "../packages/kie/src/signature";
import { startChild, type Child } from "./bench/child";
import { cpuSeconds, machineBusySeconds, treeCpuSeconds } from "./bench/process-cpu";
import { createSimTasks } from "./bench/sim-tasks";
import { ms, printTable, ratio, ROOT_DIR, waitFor, writeResult } from "./bench/report";

const { values } = parseArgs({
  options: {
    rate: { type: "string", default: "500" },
    seconds: { type: "string", default: "30" },
    "warmup-seconds": { type: "string", default: "5" },
    "naive-seconds": { type: "string", default: "5" },
    "autocannon-seconds": { type: "string", default: "0" },
    connections: { type: "string", default: "100" },
    tasks: { type: "string", default: "200" },
    "worker-concurrency": { type: "string", default: "2" },
    profile: { type: "string" },
  },
  strict: false,
});
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const WARMUP_SECONDS = Number(values["warmup-seconds"]);
const NAIVE_SECONDS = Number(values["naive-seconds"]);
const AUTOCANNON_SECONDS = Number(values["autocannon-seconds"]);
const CONNECTIONS = Number(values.connections);
const TASKS = Number(values.tasks);
const WORKER_CONCURRENCY = String(values["worker-concurrency"]);
const PROFILE_DIR = typeof values.profile === "string" ? path.resolve(values.profile) : null;
const USER = "5b0f7c9e-2a41-4d6b-8e3f-0c1d2e3f4a5b";

const pg = await startTestPostgres();
// Tasks never finish (1 h render): every sync reads KIE's status ("generating") and marks its deliveries processed,
// without starting ingests, so this section measures intake and sync only (ingest is sections media/ingest).
const simulator = await startKieSimulator({
  port: 0,
  apiKey: TEST_SECRETS.KIE_API_KEY,
  hmacKey: TEST_SECRETS.KIE_CALLBACK_SECRET,
  renderDelayMs: 3_600_000,
  callbackRetries: false,
});
const { services } = await createTestServices({ adminUrl: pg.adminUrl, template: pg.template, kieBaseUrl: simulator.url });
const storageDir = await mkdtemp(path.join(os.tmpdir(), "lensroom-bench-webhook-"));
const children: Child[] = [];
const env = {
  // As deployed: NODE_ENV=production in the server and worker processes (embedded mode, local services).
  NODE_ENV: "production",
  LENSROOM_MODE: "embedded",
  DATABASE_URL: services.env.DATABASE_URL,
  KIE_BASE_URL: simulator.url,
  PUBLIC_WEB_URL: "http://127.0.0.1:9",
  STORAGE_LOCAL_DIR: storageDir,
  LENSROOM_STUCK_AFTER_SECONDS: "3600",
  ...TEST_SECRETS,
};

/** What `bench/webhook-load.ts` writes (the measured part; `warmup` the same without the timeline). */
interface LoadPhase {
  seconds: number;
  sent: number;
  ok2xx: number;
  non2xx: number;
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
  lateStarts: number;
  latencyFromDueMs: { n: number; p50: number; p90: number; p99: number; p999: number; max: number };
  latencyFromSentMs: { n: number; p50: number; p90: number; p99: number; p999: number; max: number };
  perSecond: Array<{ n: number; maxMs: number }>;
}
interface PacedResult extends LoadPhase {
  rate: number;
  connections: number;
  warmup: Omit<LoadPhase, "perSecond">;
  maxInFlight: number;
  wallSeconds: number;
  achievedPerSecond: number;
  cpuSeconds: number;
  deliveryIds: string[];
}

try {
  const taskIds = await createSimTasks(simulator, TASKS, { media: "photo" });
  await services.db
    .insert(generations)
    .values(
      taskIds.map((taskId) => ({ userId: USER, type: "photo" as const, model: "google/nano-banana", prompt: "bench", status: "generating" as const, taskId })),
    );

  // The measured load: its own process, evenly paced, every request waited for (so nothing is left in flight).
  const pacedLoad = async (url: string, rate: number, seconds: number, warmupSeconds: number, atMeasuredStart = () => {}): Promise<PacedResult> => {
    const resultFile = path.join(storageDir, `load-${randomUUID()}.json`);
    const config = {
      url,
      rate,
      seconds,
      warmupSeconds,
      taskIds,
      secret: TEST_SECRETS.KIE_CALLBACK_SECRET,
      connections: CONNECTIONS,
      timeoutMs: 10_000,
      resultFile,
    };
    const load = startChild(path.join(ROOT_DIR, "scripts/bench/webhook-load.ts"), { BENCH_LOAD_CONFIG: JSON.stringify(config) }, { echo: "load" });
    children.push(load);
    await load.waitForLine(/^measuring$/, (warmupSeconds + 60) * 1000);
    atMeasuredStart();
    await load.waitForLine(/^done$/, (seconds + 120) * 1000);
    await load.exit;
    return JSON.parse(await readFile(resultFile, "utf8")) as PacedResult;
  };

  // For comparison with the autocannon figures in docs/performance.md: autocannon in this process.
  let next = 0;
  const signedCallback = () => {
    const taskId = taskIds[next++ % taskIds.length] ?? "";
    const timestamp = Math.floor(Date.now() / 1000);
    return {
      body: JSON.stringify({ code: 200, msg: "Playground task completed successfully.", data: { taskId, state: "success", callbackId: randomUUID() } }),
      headers: {
        "content-type": "application/json",
        "x-webhook-timestamp": String(timestamp),
        "x-webhook-signature": signCallback(TEST_SECRETS.KIE_CALLBACK_SECRET, taskId, timestamp),
      },
    };
  };
  const autocannonIds: string[] = [];
  const autocannonLoad = (url: string, rate: number, seconds: number) =>
    autocannon({
      url: `${url}/api/webhooks/kie`,
      connections: CONNECTIONS,
      overallRate: rate,
      duration: seconds,
      timeout: 10,
      requests: [
        {
          method: "POST",
          setupRequest: (request) => ({ ...request, ...signedCallback() }),
          onResponse: (status, body) => {
            if (status >= 200 && status < 300) autocannonIds.push((JSON.parse(body) as { delivery: string }).delivery);
          },
        },
      ],
    });
  const startServer = async (mode: string) => {
    const nodeArgs = PROFILE_DIR && mode === "ours" ? ["--cpu-prof", `--cpu-prof-dir=${PROFILE_DIR}`] : [];
    const server = startChild(
      path.join(ROOT_DIR, "scripts/bench/webhook-server.ts"),
      { ...env, BENCH_WEBHOOK_MODE: mode },
      { echo: `webhook ${mode}`, nodeArgs },
    );
    children.push(server);
    const line = await server.waitForLine(/^listening /);
    return { server, url: line.replace(/^listening /, "").trim() };
  };
  const postmasterPid = async () => {
    try {
      const [row] = (await services.sql`select current_setting('data_directory') as dir`) as unknown as [{ dir: string }];
      return Number((await readFile(path.join(row.dir, "postmaster.pid"), "utf8")).split("\n")[0]);
    } catch {
      return null; // a server we did not start (DATABASE_URL) or cannot read
    }
  };
  const countRows = async () => {
    const [row] = (await services.sql`select count(*)::int as stored, count(*) filter (where processed_at is null)::int as unprocessed,
      count(*) filter (where verdict = 'accepted')::int as accepted from webhook_deliveries`) as unknown as [
      { stored: number; unprocessed: number; accepted: number },
    ];
    return row;
  };

  // Ours: store + queue in one statement, answer; a separate worker process syncs.
  const worker = startChild(
    path.join(ROOT_DIR, "packages/api/scripts/worker.ts"),
    { ...env, LENSROOM_WORKER_CONCURRENCY: WORKER_CONCURRENCY },
    { echo: "worker" },
  );
  children.push(worker);
  await worker.waitForLine(/ready/);
  const ours = await startServer("ours");
  const loadBefore = os.loadavg();
  const before = await countRows();
  // Where the CPU goes during the measured run, process by process (Postgres: the postmaster and its backends).
  const postmaster = await postmasterPid();
  const cpu = () => ({
    machine: machineBusySeconds(),
    handler: cpuSeconds(ours.server.pid),
    worker: cpuSeconds(worker.pid),
    postgres: postmaster ? treeCpuSeconds(postmaster) : Number.NaN,
    bench: process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6,
  });
  // From the start of the measured part: CPU per second of the machine and of our processes (a timeline, to tell
  // our own stalls from a busy machine) and in total.
  let cpuBefore = cpu();
  const cpuTimeline: Array<ReturnType<typeof cpu>> = [];
  let sampler: NodeJS.Timeout | undefined;
  const paced = await pacedLoad(ours.url, RATE, SECONDS, WARMUP_SECONDS, () => {
    cpuBefore = cpu();
    cpuTimeline.push(cpuBefore);
    sampler = setInterval(() => cpuTimeline.push(cpu()), 1000);
  });
  clearInterval(sampler);
  const cpuAfter = cpu();
  const loadAfterPaced = os.loadavg();
  const afterPaced = await countRows();
  const burst = AUTOCANNON_SECONDS > 0 ? await autocannonLoad(ours.url, RATE, AUTOCANNON_SECONDS) : null;
  const afterLoad = await countRows();
  const drainStarted = performance.now();
  await waitFor("every delivery processed", async () => (await countRows()).unprocessed === 0, 180_000, 500);
  const drainSeconds = (performance.now() - drainStarted) / 1000;
  const after = await countRows();
  const syncJobs = await services.jobs.boss.findJobs("kie-sync", { limit: 100_000 });
  const jobs = { completed: syncJobs.filter((j) => j.state === "completed").length, failed: syncJobs.filter((j) => j.state === "failed").length };
  await ours.server.stop();
  await worker.stop();

  const answeredIds = [...paced.deliveryIds, ...autocannonIds];
  const [exact] = (await services.sql`select
      (select count(*)::int from webhook_deliveries where id = any(${answeredIds}::uuid[])) as answered_and_stored,
      (select count(*)::int from webhook_deliveries) as stored_total,
      (select count(*)::int - count(distinct body::jsonb -> 'data' ->> 'callbackId')::int from webhook_deliveries) as duplicate_rows`) as unknown as [
    { answered_and_stored: number; stored_total: number; duplicate_rows: number },
  ];
  const pacedStored = afterPaced.stored - before.stored;
  const intake = {
    load: "paced (open loop), own process",
    rate: RATE,
    seconds: SECONDS,
    connections: CONNECTIONS,
    workerConcurrency: Number(WORKER_CONCURRENCY),
    sent: paced.sent,
    ok2xx: paced.ok2xx,
    non2xx: paced.non2xx,
    errors: paced.errors,
    timeouts: paced.timeouts,
    latencyFromDueMs: paced.latencyFromDueMs,
    latencyFromSentMs: paced.latencyFromSentMs,
    achievedPerSecond: paced.achievedPerSecond,
    wallSeconds: paced.wallSeconds,
    lateStarts: paced.lateStarts,
    maxInFlight: paced.maxInFlight,
    stored: pacedStored,
    warmup: paced.warmup,
    storedEqualsAnswered: pacedStored === paced.ok2xx + paced.warmup.ok2xx,
    loadAverageBefore: loadBefore,
    loadAverageAfter: loadAfterPaced,
    // CPU seconds used during the measured run (2 cores give 2 s per second of wall time).
    cpuSeconds: (() => {
      const used = {
        handler: cpuAfter.handler - cpuBefore.handler,
        postgres: cpuAfter.postgres - cpuBefore.postgres,
        loadGenerator: paced.cpuSeconds,
        worker: cpuAfter.worker - cpuBefore.worker,
        benchAndSimulator: cpuAfter.bench - cpuBefore.bench,
        machine: cpuAfter.machine - cpuBefore.machine,
      };
      const ours = used.handler + used.postgres + used.loadGenerator + used.worker + used.benchAndSimulator;
      return {
        ...used,
        otherProcesses: used.machine - ours,
        handlerMsPerRequest: (used.handler * 1000) / paced.sent,
        postgresMsPerRequest: (used.postgres * 1000) / paced.sent,
      };
    })(),
  };
  // autocannon leaves up to one request per connection unanswered when it stops; those may still be stored.
  const burstStored = afterLoad.stored - afterPaced.stored;
  const autocannonSummary = burst && {
    load: "autocannon overallRate, this process",
    rate: RATE,
    seconds: AUTOCANNON_SECONDS,
    connections: CONNECTIONS,
    sentAsCounted: burst.requests.sent,
    // autocannon adds its per-connection rate (not 1) per connection for the first request: see docs/performance.md.
    overcountedSent: (Math.max(1, Math.floor(RATE / CONNECTIONS)) - 1) * CONNECTIONS,
    ok2xx: burst["2xx"],
    non2xx: burst.non2xx,
    errors: burst.errors,
    timeouts: burst.timeouts,
    latencyMs: { p50: burst.latency.p50, p90: burst.latency.p90, p99: burst.latency.p99, max: burst.latency.max },
    achievedPerSecond: burst.requests.average,
    stored: burstStored,
    storedAfterLoadEnd: burstStored - burst["2xx"],
  };
  const checks = {
    answeredIds: answeredIds.length,
    answeredAndStored: exact.answered_and_stored,
    storedTotal: exact.stored_total,
    duplicateRows: exact.duplicate_rows,
    everyAnsweredStored: exact.answered_and_stored === answeredIds.length,
    unprocessedAfterDrain: after.unprocessed,
    drainSecondsAfterLoad: drainSeconds,
    syncJobsCompleted: jobs.completed,
    syncJobsFailed: jobs.failed,
  };

  // Naive: the sync inside the request. First under KIE's real 10 reads/s (client limiter + simulator limit),
  // then with both limits lifted, which shows the cost of the round trip alone. Same paced load.
  const naiveRuns: Array<{ mode: string; result: PacedResult }> = [];
  for (const mode of NAIVE_SECONDS > 0 ? ["naive", "naive-unlimited"] : []) {
    const lifted = mode === "naive-unlimited" ? simulator.faults.set({ enforceRateLimits: false }) : null;
    const naive = await startServer(mode);
    // No warm-up: the naive handler cannot keep up, so a warm-up's backlog would only eat into the measured part.
    naiveRuns.push({ mode, result: await pacedLoad(naive.url, RATE, NAIVE_SECONDS, 0) });
    await naive.server.stop();
    if (lifted !== null) simulator.faults.remove(lifted);
  }

  console.log(`\nWebhook intake at ${RATE}/s, reply time in ms (paced: measured from when each request was due)\n`);
  const oursP99 = paced.latencyFromDueMs.p99;
  const pacedRow = (label: string, r: PacedResult) => [
    label,
    "paced",
    r.seconds,
    r.sent,
    r.ok2xx,
    r.non2xx,
    r.errors,
    r.timeouts,
    r.achievedPerSecond.toFixed(0),
    ms(r.latencyFromDueMs.p50, 1),
    ms(r.latencyFromDueMs.p99, 1),
    ms(r.latencyFromDueMs.max, 0),
    Number.isFinite(r.latencyFromDueMs.p99) ? ratio(r.latencyFromDueMs.p99, oursP99) : "no replies",
  ];
  printTable(
    ["handler", "load", "s", "sent", "2xx", "non-2xx", "errors", "timeouts", "answered/s", "p50", "p99", "max", "p99 vs ours"],
    [
      pacedRow("ours: store + queue, answer", paced),
      ...(burst
        ? [
            [
              "ours: store + queue, answer",
              `autocannon ${CONNECTIONS} conn.`,
              AUTOCANNON_SECONDS,
              `${burst.requests.sent} (${autocannonSummary?.overcountedSent ?? 0} over)`,
              burst["2xx"],
              burst.non2xx,
              burst.errors,
              burst.timeouts,
              burst.requests.average.toFixed(0),
              ms(burst.latency.p50, 1),
              ms(burst.latency.p99, 1),
              ms(burst.latency.max, 0),
              ratio(burst.latency.p99, oursP99),
            ],
          ]
        : []),
      ...naiveRuns.map((n) => pacedRow(n.mode === "naive" ? "naive: sync inline (KIE 10 reads/s)" : "naive: sync inline, KIE limits lifted", n.result)),
    ],
  );
  console.log(
    `\npaced: after a ${WARMUP_SECONDS} s warm-up at the same rate (${paced.warmup.ok2xx} 2xx of ${paced.warmup.sent}, p50 ${ms(paced.warmup.latencyFromDueMs.p50, 1)} / p99 ` +
      `${ms(paced.warmup.latencyFromDueMs.p99, 1)} ms, not in the table), ${paced.ok2xx} 2xx; ${pacedStored} stored in all (${intake.storedEqualsAnswered ? "equal to the 2xx" : "MISMATCH"}); from write to a socket: p50 ${ms(paced.latencyFromSentMs.p50, 1)} / p99 ${ms(paced.latencyFromSentMs.p99, 1)} ms; ` +
      `late starts ${paced.lateStarts}, at most ${paced.maxInFlight} in flight; load average ${loadBefore.map((l) => l.toFixed(2)).join(" ")} before, ${loadAfterPaced.map((l) => l.toFixed(2)).join(" ")} after`,
  );
  const c = intake.cpuSeconds;
  const timeline = paced.perSecond.map((second, i) => {
    const [a, b] = [cpuTimeline[i], cpuTimeline[i + 1]];
    const delta = (key: keyof ReturnType<typeof cpu>) => (a && b ? b[key] - a[key] : Number.NaN);
    const ours = delta("handler") + delta("postgres") + delta("worker") + delta("bench");
    return {
      second: i,
      replies: second.n,
      maxMs: Math.round(second.maxMs),
      handlerCpu: delta("handler"),
      postgresCpu: delta("postgres"),
      machineCpu: delta("machine"),
      othersCpu: delta("machine") - ours,
    };
  });
  const worst = [...timeline].sort((x, y) => y.maxMs - x.maxMs).slice(0, 5);
  console.log(
    `slowest seconds of the run (CPU seconds used in that second; the load generator is counted in "others"): ` +
      worst
        .map(
          (t) =>
            `s${t.second}: max ${t.maxMs} ms, machine ${t.machineCpu.toFixed(2)}, handler ${t.handlerCpu.toFixed(2)}, postgres ${t.postgresCpu.toFixed(2)}, others ${t.othersCpu.toFixed(2)}`,
        )
        .join("; "),
  );
  console.log(
    `CPU seconds during the paced run (${paced.wallSeconds.toFixed(1)} s wall, ${os.availableParallelism()} cores): handler ${c.handler.toFixed(1)} ` +
      `(${c.handlerMsPerRequest.toFixed(2)} ms/request), postgres ${c.postgres.toFixed(1)} (${c.postgresMsPerRequest.toFixed(2)} ms/request), load generator ${c.loadGenerator.toFixed(1)}, ` +
      `worker ${c.worker.toFixed(1)}, bench + simulator ${c.benchAndSimulator.toFixed(1)}, other processes on the machine ${c.otherProcesses.toFixed(1)} (machine busy ${c.machine.toFixed(1)})`,
  );
  if (autocannonSummary)
    console.log(`autocannon: ${autocannonSummary.stored} stored, ${autocannonSummary.storedAfterLoadEnd} of them from requests left in flight when it stopped`);
  console.log(
    `all: ${checks.answeredAndStored}/${checks.answeredIds} answered delivery ids stored; duplicate rows: ${checks.duplicateRows}; ` +
      `all processed ${drainSeconds.toFixed(1)} s after the load ended by ${jobs.completed} kie-sync jobs (stately queue collapses bursts per task; ${jobs.failed} failed); unprocessed now: ${after.unprocessed}`,
  );
  const zeroLost =
    checks.everyAnsweredStored &&
    intake.storedEqualsAnswered &&
    checks.duplicateRows === 0 &&
    after.unprocessed === 0 &&
    paced.errors === 0 &&
    paced.timeouts === 0 &&
    paced.non2xx === 0 &&
    paced.warmup.errors + paced.warmup.timeouts + paced.warmup.non2xx === 0;
  const targets = { p99Under25ms: oursP99 < 25, zeroLost };
  console.log(`targets: p99 < 25 ms: ${targets.p99Under25ms ? "met" : "MISSED"}; zero lost: ${targets.zeroLost ? "met" : "MISSED"}`);
  await writeResult("webhook", {
    intake: { ...intake, timeline },
    autocannon: autocannonSummary,
    checks,
    naive: naiveRuns.map(({ mode, result: r }) => ({ mode, ...r, deliveryIds: undefined })),
    targets,
    processing: `measured: a pnpm worker process (${WORKER_CONCURRENCY} kie-sync lanes) ran during the load; each sync reads KIE status from the simulator (10/s limit)`,
  });
} finally {
  for (const child of children) await child.stop(5_000);
  await services.close();
  await simulator.close();
  await pg.teardown();
  await rm(storageDir, { recursive: true, force: true });
}
