// The load generator of `bench webhook`, run as its own process: signed KIE callbacks at an evenly paced rate
// (open loop: request i is due at start + i / rate, whether or not earlier ones were answered), over keep-alive
// loopback connections. Reply time is measured from when a request was DUE, so a server that falls behind is
// charged for the wait (no coordinated omission). Config: JSON in BENCH_LOAD_CONFIG; the result is written as JSON to
// its `resultFile`, then the process prints `done`.
import { createHmac, randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";

import { createRawHttpClient } from "./raw-http-client";

interface LoadConfig {
  url: string;
  rate: number;
  seconds: number;
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
const total = Math.round(config.rate * config.seconds);
const intervalMs = 1000 / config.rate;

const fromDue: number[] = [];
const fromSent: number[] = [];
const deliveryIds: string[] = [];
const statuses: Record<string, number> = {};
let errors = 0;
let timeouts = 0;
let finished = 0;
let maxInFlight = 0;
let inFlight = 0;
let lateStarts = 0;

function sign(taskId: string, timestamp: number) {
  return createHmac("sha256", config.secret).update(`${taskId}.${timestamp}`, "utf8").digest("base64");
}

function send(index: number, due: number): Promise<void> {
  const taskId = config.taskIds[index % config.taskIds.length] ?? "";
  const timestamp = Math.floor(Date.now() / 1000);
  const body = JSON.stringify({ code: 200, msg: "Playground task completed successfully.", data: { taskId, state: "success", callbackId: randomUUID() } });
  const text =
    `POST /api/webhooks/kie HTTP/1.1\r\nHost: ${target.host}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
    `X-Webhook-Timestamp: ${timestamp}\r\nX-Webhook-Signature: ${sign(taskId, timestamp)}\r\n\r\n${body}`;
  if (performance.now() - due > intervalMs) lateStarts++;
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
      finished++;
      const end = performance.now();
      if (outcome === "timeout") timeouts++;
      else if (outcome === "error") errors++;
      else {
        statuses[String(status)] = (statuses[String(status)] ?? 0) + 1;
        fromDue.push(end - due);
        fromSent.push(end - (writtenAt ?? due));
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
const cpuAtStart = process.cpuUsage();
const started = performance.now();
let next = 0;
await new Promise<void>((resolve) => {
  const tick = () => {
    const now = performance.now();
    while (next < total && started + next * intervalMs <= now) {
      pending.push(send(next, started + next * intervalMs));
      next++;
    }
    if (next >= total) return resolve();
    setTimeout(tick, Math.max(0, started + next * intervalMs - performance.now()));
  };
  tick();
});
const sendSeconds = (performance.now() - started) / 1000;
await Promise.all(pending);
const wallSeconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuAtStart);
client.close();

const summary = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
  return { n: sorted.length, p50: at(50), p90: at(90), p99: at(99), p999: at(99.9), max: sorted[sorted.length - 1] ?? Number.NaN };
};
const ok2xx = Object.entries(statuses).reduce((sum, [status, n]) => (Number(status) >= 200 && Number(status) < 300 ? sum + n : sum), 0);
await writeFile(
  config.resultFile,
  JSON.stringify({
    rate: config.rate,
    seconds: config.seconds,
    connections: config.connections,
    sent: next,
    finished,
    ok2xx,
    non2xx: finished - errors - timeouts - ok2xx,
    statuses,
    errors,
    timeouts,
    lateStarts,
    maxInFlight,
    sendSeconds,
    wallSeconds,
    achievedPerSecond: finished / wallSeconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    latencyFromDueMs: summary(fromDue),
    latencyFromSentMs: summary(fromSent),
    deliveryIds,
  }),
);
console.log("done");
