// The load generator of `bench webhook`, run as its own process: signed KIE callbacks at an evenly paced rate
// (open loop: request i is due at start + i / rate, whether or not earlier ones were answered), over keep-alive
// loopback connections. Reply time is measured from when a request was DUE, so a server that falls behind is
// charged for the wait (no coordinated omission). The first `warmupSeconds` run at the same rate and are reported
// apart (JIT, connections on both sides); it prints `measuring` when the measured part starts. Config: JSON in
// BENCH_LOAD_CONFIG; the result is written as JSON to its `resultFile`, then the process prints `done`.
import { createHmac, randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";

import { createRawHttpClient } from "./raw-http-client";

interface LoadConfig {
  url: string;
  rate: number;
  /** Measured seconds, after the warm-up. */
  seconds: number;
  warmupSeconds: number;
  taskIds: string[];
  secret: string;
  /** Most requests in flight at once (keep-alive sockets); more due requests wait for a free one, charged. */
  connections: number;
  timeoutMs: number;
  resultFile: string;
}

const config = JSON.parse(process.env.BENCH_LOAD_CONFIG ?? "") as LoadConfig;
const target = new URL(config.url);
const client = createRawHttpClient({ host: target.hostname, port: Number(target.port), maxConnections: config.connections });
const intervalMs = 1000 / config.rate;
const warmupCount = Math.round(config.rate * config.warmupSeconds);
const total = warmupCount + Math.round(config.rate * config.seconds);

/** What one phase (warm-up or measured) saw. */
function createPhase() {
  return {
    fromDue: [] as number[],
    fromWritten: [] as number[],
    /** Per second of the phase (by when requests were due): replies and the slowest reply time. */
    perSecond: [] as Array<{ n: number; maxMs: number }>,
    statuses: {} as Record<string, number>,
    sent: 0,
    finished: 0,
    errors: 0,
    timeouts: 0,
    lateStarts: 0,
  };
}
const phases = { warmup: createPhase(), measured: createPhase() };
const deliveryIds: string[] = [];
let maxInFlight = 0;
let inFlight = 0;

function sign(taskId: string, timestamp: number) {
  return createHmac("sha256", config.secret).update(`${taskId}.${timestamp}`, "utf8").digest("base64");
}

function send(index: number, due: number, phaseStart: number): Promise<void> {
  const phase = index < warmupCount ? phases.warmup : phases.measured;
  const taskId = config.taskIds[index % config.taskIds.length] ?? "";
  const timestamp = Math.floor(Date.now() / 1000);
  const body = JSON.stringify({ code: 200, msg: "Playground task completed successfully.", data: { taskId, state: "success", callbackId: randomUUID() } });
  const text =
    `POST /api/webhooks/kie HTTP/1.1\r\nHost: ${target.host}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
    `X-Webhook-Timestamp: ${timestamp}\r\nX-Webhook-Signature: ${sign(taskId, timestamp)}\r\n\r\n${body}`;
  phase.sent++;
  if (performance.now() - due > intervalMs) phase.lateStarts++;
  inFlight++;
  maxInFlight = Math.max(maxInFlight, inFlight);
  const request = client.request(text);
  return new Promise<void>((resolve) => {
    let settled = false;
    const done = (outcome: "ok" | "error" | "timeout", status?: number, text?: string, writtenAt?: number) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      inFlight--;
      phase.finished++;
      const end = performance.now();
      if (outcome === "timeout") phase.timeouts++;
      else if (outcome === "error") phase.errors++;
      else {
        phase.statuses[String(status)] = (phase.statuses[String(status)] ?? 0) + 1;
        phase.fromDue.push(end - due);
        phase.fromWritten.push(end - (writtenAt ?? due));
        const bucket = (phase.perSecond[Math.floor((due - phaseStart) / 1000)] ??= { n: 0, maxMs: 0 });
        bucket.n++;
        bucket.maxMs = Math.max(bucket.maxMs, end - due);
        if (status !== undefined && status >= 200 && status < 300 && text) deliveryIds.push((JSON.parse(text) as { delivery: string }).delivery);
      }
      resolve();
    };
    // The deadline runs from when the request was due, so one waiting for a free connection times out too.
    const deadline = setTimeout(() => (request.cancel(), done("timeout")), Math.max(0, due + config.timeoutMs - performance.now()));
    request.promise.then(
      (reply) => done("ok", reply.status, reply.body, reply.writtenAt),
      () => done("error"),
    );
  });
}

const pending: Array<Promise<void>> = [];
const started = performance.now();
const measuredStart = started + warmupCount * intervalMs;
let cpuAtMeasuredStart = process.cpuUsage();
let next = 0;
await new Promise<void>((resolve) => {
  const tick = () => {
    const now = performance.now();
    while (next < total && started + next * intervalMs <= now) {
      if (next === warmupCount) {
        cpuAtMeasuredStart = process.cpuUsage();
        console.log("measuring");
      }
      pending.push(send(next, started + next * intervalMs, next < warmupCount ? started : measuredStart));
      next++;
    }
    if (next >= total) return resolve();
    setTimeout(tick, Math.max(0, started + next * intervalMs - performance.now()));
  };
  tick();
});
await Promise.all(pending);
const wallSeconds = (performance.now() - measuredStart) / 1000;
const cpu = process.cpuUsage(cpuAtMeasuredStart);
client.close();

const summary = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
  return { n: sorted.length, p50: at(50), p90: at(90), p99: at(99), p999: at(99.9), max: sorted[sorted.length - 1] ?? Number.NaN };
};
const report = (phase: ReturnType<typeof createPhase>, seconds: number) => {
  const ok2xx = Object.entries(phase.statuses).reduce((sum, [status, n]) => (Number(status) >= 200 && Number(status) < 300 ? sum + n : sum), 0);
  return {
    seconds,
    sent: phase.sent,
    ok2xx,
    non2xx: phase.finished - phase.errors - phase.timeouts - ok2xx,
    statuses: phase.statuses,
    errors: phase.errors,
    timeouts: phase.timeouts,
    lateStarts: phase.lateStarts,
    latencyFromDueMs: summary(phase.fromDue),
    latencyFromSentMs: summary(phase.fromWritten),
    perSecond: Array.from(phase.perSecond, (b) => b ?? { n: 0, maxMs: 0 }),
  };
};
await writeFile(
  config.resultFile,
  JSON.stringify({
    rate: config.rate,
    connections: config.connections,
    ...report(phases.measured, config.seconds),
    warmup: { ...report(phases.warmup, config.warmupSeconds), perSecond: undefined },
    maxInFlight,
    wallSeconds,
    // Replies (any status) per second; errors and timeouts are not answers.
    achievedPerSecond: (phases.measured.finished - phases.measured.errors - phases.measured.timeouts) / wallSeconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    deliveryIds,
  }),
);
console.log("done");
