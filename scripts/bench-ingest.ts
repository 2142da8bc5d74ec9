// `pnpm bench --only ingest`: ingestion throughput with 1, 2 and 4 `pnpm worker` processes (2 jobs each) on one
// database: photos/s (1024² PNG) and video posters/s (5 s 720p MP4), the same fixtures as `bench media`, served over
// loopback. Writes docs/ingest-scaling.svg. Options: --photos N (24), --videos N (8), --workers 1,2,4.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";

import { createTestServices, TEST_SECRETS } from "@lensroom/api/testing";
import { startTestPostgres } from "@lensroom/db/testing";

import { startFixtureServer } from "../packages/api/test/fixtures/fixture-server";
import { insertFinishedGeneration } from "../packages/api/test/fixtures/generation-rows";
import { colourfulPng, pattern720pMp4 } from "../packages/api/test/fixtures/media-files";
import { startChild, type Child } from "./bench/child";
import { machine } from "./bench/measure";
import { printTable, ROOT_DIR, waitFor, writeResult } from "./bench/report";
import { scalingSvg } from "./bench/scaling-svg";

const { values } = parseArgs({
  options: { photos: { type: "string", default: "24" }, videos: { type: "string", default: "8" }, workers: { type: "string", default: "1,2,4" } },
  strict: false,
});
const PHOTOS = Number(values.photos);
const VIDEOS = Number(values.videos);
const WORKER_COUNTS = String(values.workers).split(",").map(Number);
const USER = "7e1d2c3b-4a59-4687-9a0b-1c2d3e4f5a6b";

const pg = await startTestPostgres();
const files = await startFixtureServer();
const { services, storageDir } = await createTestServices({ adminUrl: pg.adminUrl, template: pg.template, kieBaseUrl: "http://127.0.0.1:9" });
const children: Child[] = [];

try {
  const png = await colourfulPng(1024);
  const mp4 = await pattern720pMp4();
  let serial = 0;

  /** Seed `count` finished generations, queue their ingests, and time until every row is published. */
  async function ingestBatch(kind: "photo" | "video", count: number) {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const url = files.route(`/scale/${serial++}.${kind === "photo" ? "png" : "mp4"}`, { body: kind === "photo" ? png : mp4 });
      ids.push(await insertFinishedGeneration(services.db, { userId: USER, urls: [url], type: kind }));
    }
    const started = performance.now();
    for (const generationId of ids) await services.jobs.send("media-ingest", { generationId });
    const states = () =>
      services.sql`select media_status, count(*)::int as n from generations where id = any(${ids}::uuid[]) group by 1` as unknown as Promise<
        Array<{ media_status: string; n: number }>
      >;
    await waitFor(
      `${count} ${kind} ingests`,
      async () => {
        const rows = await states();
        if (rows.some((r) => r.media_status === "failed")) throw new Error(`an ingest failed: ${JSON.stringify(rows)}`);
        return rows.find((r) => r.media_status === "ready")?.n === count;
      },
      600_000,
      100,
    );
    const seconds = (performance.now() - started) / 1000;
    return { kind, count, seconds, perSecond: count / seconds };
  }

  const env = {
    NODE_ENV: "test",
    LENSROOM_MODE: "embedded",
    DATABASE_URL: services.env.DATABASE_URL,
    KIE_BASE_URL: "http://127.0.0.1:9",
    PUBLIC_WEB_URL: "http://127.0.0.1:9",
    STORAGE_LOCAL_DIR: storageDir,
    STORAGE_PUBLIC_BASE_URL: "http://127.0.0.1:9/storage/v1/object/public",
    LENSROOM_STUCK_AFTER_SECONDS: "3600",
    LENSROOM_WORKER_CONCURRENCY: "2",
    ...TEST_SECRETS,
  };
  const points: Array<{ workers: number; photo: Awaited<ReturnType<typeof ingestBatch>>; video: Awaited<ReturnType<typeof ingestBatch>> }> = [];
  for (const count of WORKER_COUNTS) {
    const workers = Array.from({ length: count }, () => startChild(path.join(ROOT_DIR, "packages/api/scripts/worker.ts"), env));
    children.push(...workers);
    await Promise.all(workers.map((w) => w.waitForLine(/ready/, 120_000)));
    await ingestBatch("photo", 2); // warm-up: sharp/ffmpeg load in each process
    const photo = await ingestBatch("photo", PHOTOS);
    const video = await ingestBatch("video", VIDEOS);
    points.push({ workers: count, photo, video });
    console.log(`${count} worker process(es): ${photo.perSecond.toFixed(2)} photos/s, ${video.perSecond.toFixed(2)} video posters/s`);
    await Promise.all(workers.map((w) => w.stop()));
  }

  const base = points[0];
  console.log(`\nIngestion scaling (each worker process runs 2 jobs at once; ${machine().cpus} CPUs)\n`);
  printTable(
    ["worker processes", "photos", "photos/s", "× 1 process", "videos", "posters/s", "× 1 process"],
    points.map((p) => [
      p.workers,
      p.photo.count,
      p.photo.perSecond.toFixed(2),
      `${(p.photo.perSecond / (base?.photo.perSecond ?? 1)).toFixed(2)}×`,
      p.video.count,
      p.video.perSecond.toFixed(2),
      `${(p.video.perSecond / (base?.video.perSecond ?? 1)).toFixed(2)}×`,
    ]),
  );
  const m = machine();
  const svg = scalingSvg("Ingestion throughput vs worker processes", `${m.cpus} × ${m.cpuModel.slice(0, 48)}, ${new Date().toISOString().slice(0, 10)}`, [
    { label: "photos/s (1024² PNG)", colour: "#2563eb", points: points.map((p) => ({ x: p.workers, y: p.photo.perSecond })) },
    { label: "video posters/s (720p)", colour: "#dc2626", points: points.map((p) => ({ x: p.workers, y: p.video.perSecond })) },
  ]);
  await writeFile(path.join(ROOT_DIR, "docs/ingest-scaling.svg"), svg);
  console.log("\nwrote docs/ingest-scaling.svg");
  await writeResult("ingest", { concurrencyPerProcess: 2, points });
} finally {
  for (const child of children) await child.stop(5_000);
  await files.close();
  await services.close();
  await pg.teardown();
}
