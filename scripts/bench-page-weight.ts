// `pnpm bench --only page-weight`: generations through the whole pipeline (simulator task → signed callback to the
// real webhook handler over HTTP → kie-sync → media-ingest in a worker process): time from the stored callback
// (webhook_deliveries.received_at) to the row published with its thumbnail (generations.updated_at), p50/p99; then the
// bytes the first library screen (48 tiles) downloads with our thumbnails vs loading the originals.
// Options: --photos N (40), --videos N (10), --interval-ms N (1500 between creates: below what one worker process ingests, so the figures are latency, not queueing; 400 shows a queue).
import path from "node:path";
import { parseArgs } from "node:util";

import { createCaller, createTRPCContext } from "@lensroom/api";
import { createTestServices, TEST_SECRETS, tokenFor } from "@lensroom/api/testing";
import { generations } from "@lensroom/db";
import { startTestPostgres } from "@lensroom/db/testing";
import { startKieSimulator } from "@lensroom/kie-simulator";

import { createKieWebhookHandler } from "../packages/api/src/http/kie-webhook";
import { serveFetchHandler } from "../packages/api/src/testing/serve-fetch-handler";
import { startChild, type Child } from "./bench/child";
import { ms, printTable, ratio, ROOT_DIR, summarize, waitFor, writeResult } from "./bench/report";
import { createSimTasks } from "./bench/sim-tasks";

const { values } = parseArgs({
  options: { photos: { type: "string", default: "40" }, videos: { type: "string", default: "10" }, "interval-ms": { type: "string", default: "1500" } },
  strict: false,
});
const PHOTOS = Number(values.photos);
const VIDEOS = Number(values.videos);
const INTERVAL_MS = Number(values["interval-ms"]);
const USER = "6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d";
const TILES = 48;

const pg = await startTestPostgres();
const simulator = await startKieSimulator({
  port: 0,
  apiKey: TEST_SECRETS.KIE_API_KEY,
  hmacKey: TEST_SECRETS.KIE_CALLBACK_SECRET,
  renderDelayMs: 1500,
  callbackRetries: false,
});
let handler: ((request: Request) => Promise<Response>) | null = null;
const webhook = await serveFetchHandler((request) => (handler ? handler(request) : Promise.resolve(new Response(null, { status: 503 }))));
const { services, storageDir } = await createTestServices({
  adminUrl: pg.adminUrl,
  template: pg.template,
  kieBaseUrl: simulator.url,
  publicWebUrl: webhook.url,
});
handler = createKieWebhookHandler(async () => services);
const children: Child[] = [];

try {
  const worker = startChild(path.join(ROOT_DIR, "packages/api/scripts/worker.ts"), {
    NODE_ENV: "test",
    LENSROOM_MODE: "embedded",
    DATABASE_URL: services.env.DATABASE_URL,
    KIE_BASE_URL: simulator.url,
    PUBLIC_WEB_URL: webhook.url,
    STORAGE_LOCAL_DIR: storageDir,
    STORAGE_PUBLIC_BASE_URL: "http://127.0.0.1:9/storage/v1/object/public",
    LENSROOM_STUCK_AFTER_SECONDS: "3600",
    LENSROOM_WORKER_CONCURRENCY: "2",
    ...TEST_SECRETS,
  });
  children.push(worker);
  await worker.waitForLine(/ready/, 120_000);
  // Pre-render the simulator's few distinct files so the timed callbacks do not wait for ffmpeg in the simulator.
  await createSimTasks(simulator, 4, { media: "photo", prompts: 4 });
  await createSimTasks(simulator, 2, { media: "video", prompts: 2 });
  await new Promise((resolve) => setTimeout(resolve, 8_000));

  // Interleave videos among photos; one create every INTERVAL_MS, row inserted before KIE can call back (1.5 s).
  const kinds = Array.from({ length: PHOTOS + VIDEOS }, (_, i) => (VIDEOS > 0 && i % Math.ceil((PHOTOS + VIDEOS) / VIDEOS) === 1 ? "video" : "photo"));
  const ids: string[] = [];
  for (const kind of kinds) {
    const [taskId] = await createSimTasks(simulator, 1, { media: kind, prompts: kind === "photo" ? 4 : 2, callBackUrl: `${webhook.url}/api/webhooks/kie` });
    const [row] = await services.db
      .insert(generations)
      .values({ userId: USER, type: kind, model: kind === "video" ? "kling/video-bench" : "google/nano-banana", prompt: "bench", status: "generating", taskId })
      .returning({ id: generations.id });
    if (row) ids.push(row.id);
    await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
  }
  await waitFor(
    "every generation published",
    async () => {
      const [row] =
        (await services.sql`select count(*) filter (where media_status = 'ready')::int as ready, count(*) filter (where media_status in ('failed', 'expired'))::int as bad
      from generations where id = any(${ids}::uuid[])`) as unknown as [{ ready: number; bad: number }];
      if (row.bad > 0) throw new Error(`${row.bad} ingests failed`);
      return row.ready === ids.length;
    },
    600_000,
    200,
  );

  const latencies = (await services.sql`select g.type, extract(epoch from g.updated_at - d.first_at) * 1000 as ms
    from generations g join (select generation_id, min(received_at) as first_at from webhook_deliveries where verdict = 'accepted' group by 1) d on d.generation_id = g.id
    where g.id = any(${ids}::uuid[])`) as unknown as Array<{ type: string; ms: number }>;
  const all = summarize(latencies.map((l) => Number(l.ms)));
  const photo = summarize(latencies.filter((l) => l.type === "photo").map((l) => Number(l.ms)));
  const video = summarize(latencies.filter((l) => l.type === "video").map((l) => Number(l.ms)));

  // The first screen: what library.list returns for 48 tiles (its JSON), then each tile's image.
  const caller = createCaller(await createTRPCContext({ services, headers: new Headers({ authorization: `Bearer ${await tokenFor(USER)}` }) }));
  const page = await caller.library.list({ limit: TILES });
  // The reply body as JSON (tRPC adds a small superjson type map for the dates on top).
  const listBytes = Buffer.byteLength(JSON.stringify({ result: { data: page } }));
  let thumbBytes = 0;
  let originalBytes = 0;
  let previewBytes = 0;
  for (const item of page.items) {
    const objects = await services.storage.list(`${USER}/${item.id}`);
    const size = (prefix: string) => objects.find((o) => o.name.startsWith(prefix))?.bytes ?? 0;
    thumbBytes += size("thumb.webp");
    previewBytes += size("preview.webp");
    originalBytes += size("original");
  }
  const tiles = page.items.length;
  const videosOnScreen = page.items.filter((i) => i.type === "video").length;

  console.log(`\nCallback → thumbnail published (received_at → row updated), ${latencies.length} generations, 1 worker process × 2 lanes, ms\n`);
  printTable(
    ["what", "n", "p50", "p99", "max"],
    [
      ["all", all.n, ms(all.p50, 0), ms(all.p99, 0), ms(all.max, 0)],
      ["photos (simulator PNG)", photo.n, ms(photo.p50, 0), ms(photo.p99, 0), ms(photo.max, 0)],
      ["videos (simulator MP4 → poster)", video.n, ms(video.p50, 0), ms(video.p99, 0), ms(video.max, 0)],
    ],
  );
  console.log(`\nFirst library screen: ${tiles} tiles (${videosOnScreen} videos), bytes\n`);
  const kib = (b: number) => `${(b / 1024).toFixed(0)} KiB`;
  printTable(
    ["approach", "list JSON", "images", "total", "vs ours"],
    [
      ["ours: thumb.webp per tile", kib(listBytes), kib(thumbBytes), kib(listBytes + thumbBytes), "1×"],
      ["preview.webp per tile", kib(listBytes), kib(previewBytes), kib(listBytes + previewBytes), ratio(listBytes + previewBytes, listBytes + thumbBytes)],
      ["naive: the originals", kib(listBytes), kib(originalBytes), kib(listBytes + originalBytes), ratio(listBytes + originalBytes, listBytes + thumbBytes)],
    ],
  );
  await writeResult("page-weight", {
    callbackToThumbnailMs: { all, photo, video },
    firstScreen: {
      tiles,
      videos: videosOnScreen,
      listBytes,
      thumbBytes,
      previewBytes,
      originalBytes,
      ratio: (listBytes + originalBytes) / (listBytes + thumbBytes),
    },
  });
} finally {
  for (const child of children) await child.stop(5_000);
  await services.close();
  await webhook.close();
  await simulator.close();
  await pg.teardown();
}
