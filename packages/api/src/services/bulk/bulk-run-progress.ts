import { bulkRunItems, bulkRuns, generations } from "@lensroom/db";
import { and, desc, eq, sql } from "drizzle-orm";

import type { ServiceDeps } from "../deps";

/** A run's live progress: counts by item state, rate, and the failures with their reasons. */
export async function bulkRunProgress(deps: Pick<ServiceDeps, "db">, runId: string) {
  const [run] = await deps.db.select().from(bulkRuns).where(eq(bulkRuns.id, runId));
  if (!run) return null;
  const counts = await deps.db
    .select({ state: bulkRunItems.state, n: sql<number>`count(*)::int` })
    .from(bulkRunItems)
    .where(eq(bulkRunItems.runId, runId))
    .groupBy(bulkRunItems.state);
  const by = Object.fromEntries(counts.map((c) => [c.state, c.n])) as Partial<Record<string, number>>;
  const done = by.done ?? 0;
  const failed = by.failed ?? 0;
  const finishedAt = run.finishedAt ?? new Date();
  const seconds = Math.max(1, (finishedAt.getTime() - run.createdAt.getTime()) / 1000);
  const failures = await deps.db
    .select({ generationId: bulkRunItems.generationId, taskId: generations.taskId, error: bulkRunItems.error })
    .from(bulkRunItems)
    .innerJoin(generations, eq(generations.id, bulkRunItems.generationId))
    .where(and(eq(bulkRunItems.runId, runId), eq(bulkRunItems.state, "failed")))
    .orderBy(desc(bulkRunItems.updatedAt))
    .limit(50);
  return {
    run,
    total: run.total,
    done,
    failed,
    cancelled: by.cancelled ?? 0,
    remaining: (by.pending ?? 0) + (by.queued ?? 0),
    percent: run.total === 0 ? 100 : Math.round(((done + failed + (by.cancelled ?? 0)) / run.total) * 100),
    perSecond: Math.round(((done + failed) / seconds) * 10) / 10,
    failures,
  };
}

/** The newest runs, for the jobs page. */
export async function listBulkRuns(deps: Pick<ServiceDeps, "db">, limit = 10) {
  const runs = await deps.db.select({ id: bulkRuns.id }).from(bulkRuns).orderBy(desc(bulkRuns.createdAt)).limit(limit);
  const progress = await Promise.all(runs.map((r) => bulkRunProgress(deps, r.id)));
  return progress.filter((p): p is NonNullable<typeof p> => p !== null);
}
