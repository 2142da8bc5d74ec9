// `pnpm bench media`: media ingestion throughput on this machine, through the real `ingestGeneration` (safe download
// over loopback → local bucket → sharp/ffmpeg derivatives → one conditional UPDATE on a real Postgres).
// Prints a table and writes bench-results/media-<time>.json. Options: --photos N (default 24), --videos N (default 6).
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

import { ingestGeneration } from "../packages/api/src/services/ingest-generation";
import { createTestServices } from "@lensroom/api/testing";
import { deriveImage, deriveVideo } from "../packages/media/src/index";
import { startTestPostgres } from "@lensroom/db/testing";

import { startFixtureServer } from "../packages/api/test/fixtures/fixture-server";
import { insertFinishedGeneration, readGeneration } from "../packages/api/test/fixtures/generation-rows";
import { colourfulPng, pattern720pMp4 } from "../packages/api/test/fixtures/media-files";
import { machine, runPool, type Measurement } from "./bench/measure";

const ROOT_DIR = path.resolve(import.meta.dirname, "..");
const USER = "0d2c3f8e-1b6a-4c1e-9a4b-6f3e2d1c0b9a";
const { values } = parseArgs({ options: { photos: { type: "string", default: "24" }, videos: { type: "string", default: "6" } } });
const PHOTOS = Number(values.photos);
const VIDEOS = Number(values.videos);

const loadBefore = os.loadavg();
const pg = await startTestPostgres();
const files = await startFixtureServer();
const env = await createTestServices({ adminUrl: pg.adminUrl, template: pg.template, kieBaseUrl: "http://127.0.0.1:9" });
const { services } = env;

try {
  const png = await colourfulPng(1024);
  const mp4 = await pattern720pMp4();
  let serial = 0;

  /** Ingest `count` fresh generations of one file, `concurrency` at a time; returns per-item rows and wall time. */
  async function ingestMany(kind: "photo" | "video", body: Buffer, count: number, concurrency: number): Promise<Measurement> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const url = files.route(`/bench/${serial++}.${kind === "photo" ? "png" : "mp4"}`, { body });
      ids.push(await insertFinishedGeneration(services.db, { userId: USER, urls: [url], type: kind }));
    }
    const started = performance.now();
    const outcomes = await runPool(ids, concurrency, (id) => ingestGeneration(services, id, { finalAttempt: true }));
    const seconds = (performance.now() - started) / 1000;
    if (outcomes.some((o) => o !== "ingested")) throw new Error(`unexpected outcomes: ${outcomes.join(", ")}`);
    const row = await readGeneration(services.db, ids[0] ?? "");
    if (row.mediaStatus !== "ready") throw new Error(`media not ready: ${row.mediaError}`);
    return { kind, concurrency, count, seconds, perSecond: count / seconds, msPerItem: (seconds * 1000) / count, sample: row };
  }

  // Warm-up: first sharp/ffmpeg runs pay for library loading and caches.
  await ingestMany("photo", png, 2, 1);
  await ingestMany("video", mp4, 1, 1);

  const measurements: Measurement[] = [];
  for (const concurrency of [1, 2]) measurements.push(await ingestMany("photo", png, PHOTOS, concurrency));
  for (const concurrency of [1, 2]) measurements.push(await ingestMany("video", mp4, VIDEOS, concurrency));

  // The derivation alone (no download, upload or database), sequential: where the time of an ingest goes.
  const timeEach = async (count: number, task: () => Promise<unknown>) => {
    const started = performance.now();
    for (let i = 0; i < count; i++) await task();
    return (performance.now() - started) / count;
  };
  const videoDir = await mkdtemp(path.join(os.tmpdir(), "lensroom-bench-"));
  const videoFile = path.join(videoDir, "clip.mp4");
  await writeFile(videoFile, mp4);
  const deriveOnly = {
    imageMs: await timeEach(Math.max(4, PHOTOS / 2), () => deriveImage(png)),
    videoMs: await timeEach(Math.max(2, VIDEOS), () => deriveVideo(videoFile)),
  };
  await rm(videoDir, { recursive: true, force: true });

  const sizes = async (m: Measurement) => {
    const list = await services.storage.list(`${USER}/${m.sample.id}`);
    const bytes = (name: string) => list.find((e) => e.name.startsWith(name))?.bytes ?? 0;
    return { original: bytes("original."), preview: bytes("preview.webp"), thumb: bytes("thumb.webp") };
  };
  const photoBytes = await sizes(measurements[0]!);
  const videoBytes = await sizes(measurements[2]!);

  console.log(`\nMedia ingestion on ${machine().cpuModel} × ${machine().cpus}, ${machine().memoryGiB} GiB, Node ${process.version}\n`);
  console.log("| what | concurrency | items | wall s | items/s | ms/item |");
  console.log("|---|---|---|---|---|---|");
  for (const m of measurements) {
    const what =
      m.kind === "photo" ? "photo ingest (1024² PNG → original + 2 WebP + ThumbHash)" : "video ingest (5 s 720p MP4 → original + poster → 2 WebP + ThumbHash)";
    console.log(`| ${what} | ${m.concurrency} | ${m.count} | ${m.seconds.toFixed(2)} | ${m.perSecond.toFixed(2)} | ${m.msPerItem.toFixed(0)} |`);
  }
  console.log(
    `| deriveImage alone (decode once, 2 WebP, ThumbHash) | 1 | - | - | ${(1000 / deriveOnly.imageMs).toFixed(2)} | ${deriveOnly.imageMs.toFixed(0)} |`,
  );
  console.log(
    `| deriveVideo alone (probe, poster search, 2 WebP, ThumbHash) | 1 | - | - | ${(1000 / deriveOnly.videoMs).toFixed(2)} | ${deriveOnly.videoMs.toFixed(0)} |`,
  );
  console.log("\n| bytes | original | preview.webp | thumb.webp | thumb / original |");
  console.log("|---|---|---|---|---|");
  for (const [label, b] of [
    ["1024² PNG", photoBytes],
    ["5 s 720p MP4", videoBytes],
  ] as const) {
    console.log(`| ${label} | ${b.original} | ${b.preview} | ${b.thumb} | ${((100 * b.thumb) / b.original).toFixed(2)} % |`);
  }

  const result = {
    section: "media",
    at: new Date().toISOString(),
    machine: machine(),
    node: process.version,
    measurements: measurements.map(({ sample, ...m }) => ({ ...m, width: sample.width, height: sample.height })),
    deriveOnly,
    loadAverage: { before: loadBefore, after: os.loadavg() },
    bytes: { photo: photoBytes, video: videoBytes },
  };
  const outDir = path.join(ROOT_DIR, "bench-results");
  await mkdir(outDir, { recursive: true });
  const outFile = path.join(outDir, `media-${result.at.replace(/[:.]/g, "-")}.json`);
  await writeFile(outFile, `${JSON.stringify(result, null, 2)}\n`);
  console.log(
    `\nwrote ${path.relative(ROOT_DIR, outFile)} (load average before ${loadBefore.map((l) => l.toFixed(2)).join(" ")}, after ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")})`,
  );
} finally {
  await files.close();
  await services.close();
  await pg.teardown();
}
