import { generations, type Database } from "@lensroom/db";
import { and, count, isNull } from "drizzle-orm";
import type { PgBoss } from "pg-boss";

import { withDeadline } from "../http/with-deadline";
import { queueDefinitions, type QueueName } from "../jobs/queues";
import { errorMessage, getLogger } from "../log/logger";
import { isSuccessCondition } from "../rules/generation-status";
import type { DoctorState } from "./doctor-state";
import type { Metrics } from "./registry";

/** How long one scrape-time reading may take before the scrape goes on without it. */
const COLLECT_TIMEOUT_MS = 2_000;

export interface ScrapeSources {
  boss: Pick<PgBoss, "getQueueStats">;
  db: Database;
  doctor: DoctorState;
}

type QueueCounts = Array<{ queue: QueueName; depth: number; active: number; failed: number }>;

/**
 * Waiting, running and failed jobs per queue through pg-boss's `getQueueStats`: the counts pg-boss keeps on each
 * queue, recounted (`force`) when they are more than a minute old, so a scrape scans the job table at most once a
 * minute per queue whether or not a supervising worker is running.
 */
async function readQueues(boss: ScrapeSources["boss"]): Promise<QueueCounts> {
  const names = Object.keys(queueDefinitions) as QueueName[];
  return Promise.all(
    names.map(async (queue) => {
      const [stats] = await boss.getQueueStats(queue, { force: true });
      if (!stats) throw new Error(`pg-boss has no counts for queue ${queue}`);
      return { queue, depth: stats.queuedCount, active: stats.activeCount, failed: stats.failedCount };
    }),
  );
}

/** Shown rows KIE finished that have no copy of ours, per type: what "previews broken" looked like (partial index on it). */
async function readSucceededWithoutAsset(db: Database): Promise<Record<"photo" | "video", number>> {
  const rows = await db
    .select({ type: generations.type, n: count() })
    .from(generations)
    .where(and(isSuccessCondition, isNull(generations.assetUrl), isNull(generations.hiddenReason)))
    .groupBy(generations.type);
  const rowsOf = (type: string) => rows.find((r) => r.type === type)?.n ?? 0;
  return { photo: rowsOf("photo"), video: rowsOf("video") };
}

/**
 * Read one source within `timeoutMs` and hand the value to `apply`. A reading that fails or is late sets
 * `lensroom_scrape_collector_up{collector} 0` and `clear` drops its series, so a slow database never hangs a scrape
 * nor leaves an old value that looks current.
 */
async function collect<T>(metrics: Metrics, collector: string, read: () => Promise<T>, apply: (value: T) => void, clear: () => void, timeoutMs: number) {
  try {
    apply(await withDeadline(read(), timeoutMs, `reading ${collector}`));
    metrics.collectorUp.set({ collector }, 1);
  } catch (error) {
    clear();
    metrics.collectorUp.set({ collector }, 0);
    getLogger().warn({ component: "metrics", collector, err: errorMessage(error) }, "a scrape-time reading failed or timed out");
  }
}

/** Refresh every gauge read at scrape time, each within `timeoutMs` (all in parallel). */
export async function refreshScrapeGauges(metrics: Metrics, sources: ScrapeSources, timeoutMs = COLLECT_TIMEOUT_MS) {
  await Promise.all([
    collect(
      metrics,
      "queues",
      () => readQueues(sources.boss),
      (counts) => {
        for (const { queue, depth, active, failed } of counts) {
          metrics.queueDepth.set({ queue }, depth);
          metrics.queueActive.set({ queue }, active);
          metrics.queueFailed.set({ queue }, failed);
        }
      },
      () => {
        metrics.queueDepth.reset();
        metrics.queueActive.reset();
        metrics.queueFailed.reset();
      },
      timeoutMs,
    ),
    collect(
      metrics,
      "succeeded_without_asset",
      () => readSucceededWithoutAsset(sources.db),
      (counts) => {
        for (const [type, count] of Object.entries(counts)) metrics.succeededWithoutAsset.set({ type }, count);
      },
      () => metrics.succeededWithoutAsset.reset(),
      timeoutMs,
    ),
    collect(
      metrics,
      "doctor",
      async () => {
        const snapshot = await sources.doctor.current(timeoutMs);
        if (!snapshot) throw new Error("the doctor has not finished a run yet");
        return snapshot;
      },
      (snapshot) => {
        metrics.doctorCheckOk.reset();
        for (const check of snapshot.checks) metrics.doctorCheckOk.set({ check: check.id }, check.ok ? 1 : 0);
        metrics.doctorLastRun.set(snapshot.at / 1000);
      },
      () => {
        metrics.doctorCheckOk.reset();
        metrics.doctorLastRun.reset();
      },
      timeoutMs * 2,
    ),
  ]);
}
