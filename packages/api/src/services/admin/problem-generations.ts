import { generations, type GenerationType } from "@lensroom/db";
import { and, desc, eq, isNotNull, isNull, lt, or, sql, type SQL } from "drizzle-orm";

import { decodeCursor, encodeCursor } from "../../lib/keyset-cursor";
import type { ServiceDeps } from "../deps";
import { resyncCanHelp } from "../../rules/resync-can-help";
import { isSuccessCondition, isUnfinishedCondition } from "../../rules/generation-status";

export const problemKinds = ["any", "no_asset", "stuck", "failed", "expired", "media_failed"] as const;
type ProblemKind = (typeof problemKinds)[number];

export interface ProblemFilter {
  kind: ProblemKind;
  type?: GenerationType;
  userId?: string;
  /** Task id, generation id or user id. */
  search?: string;
  olderThanMinutes?: number;
  cursor?: string | null;
  limit: number;
}

function problemCondition(kind: ProblemKind, stuckBefore: Date): SQL | undefined {
  const noAsset = and(isSuccessCondition, or(isNull(generations.assetUrl), isNull(generations.thumbnailUrl)));
  const stuck = and(isUnfinishedCondition, lt(generations.updatedAt, stuckBefore));
  const failed = eq(generations.status, "failed");
  const expired = eq(generations.status, "expired");
  const mediaFailed = and(isNotNull(generations.assetUrl), eq(generations.mediaStatus, "failed"));
  switch (kind) {
    case "no_asset":
      return noAsset;
    case "stuck":
      return stuck;
    case "failed":
      return failed;
    case "expired":
      return expired;
    case "media_failed":
      return mediaFailed;
    case "any":
      return or(noAsset, stuck, failed, expired, mediaFailed);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Generations that need staff attention, newest first, keyset-paged, filtered in SQL. */
export async function listProblemGenerations(deps: Pick<ServiceDeps, "db" | "env">, filter: ProblemFilter) {
  const stuckBefore = new Date(Date.now() - deps.env.LENSROOM_STUCK_AFTER_SECONDS * 1000);
  const conditions: (SQL | undefined)[] = [problemCondition(filter.kind, stuckBefore)];
  if (filter.type) conditions.push(eq(generations.type, filter.type));
  if (filter.userId) conditions.push(eq(generations.userId, filter.userId));
  if (filter.search) {
    const term = filter.search.trim();
    conditions.push(UUID.test(term) ? or(eq(generations.userId, term), eq(generations.id, term), eq(generations.taskId, term)) : eq(generations.taskId, term));
  }
  if (filter.olderThanMinutes) conditions.push(lt(generations.createdAt, new Date(Date.now() - filter.olderThanMinutes * 60_000)));
  if (filter.cursor) {
    const cursor = decodeCursor(filter.cursor);
    conditions.push(sql`(${generations.createdAt}, ${generations.id}) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`);
  }
  const rows = await deps.db
    .select({
      id: generations.id,
      userId: generations.userId,
      type: generations.type,
      status: generations.status,
      model: generations.model,
      kieFamily: generations.kieFamily,
      taskId: generations.taskId,
      prompt: generations.prompt,
      assetUrl: generations.assetUrl,
      thumbnailUrl: generations.thumbnailUrl,
      mediaStatus: generations.mediaStatus,
      errorCode: generations.errorCode,
      reason: sql<string | null>`coalesce(${generations.errorMessage}, ${generations.mediaError})`,
      syncAttempts: generations.syncAttempts,
      mediaAttempts: generations.mediaAttempts,
      lastSyncedAt: generations.lastSyncedAt,
      createdAt: generations.createdAt,
      updatedAt: generations.updatedAt,
      cursorAt: sql<string>`${generations.createdAt}::text`,
    })
    .from(generations)
    .where(and(...conditions))
    .orderBy(desc(generations.createdAt), desc(generations.id))
    .limit(filter.limit + 1);
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    // Re-sync cannot help a failure KIE itself reported: the row says so, and the table offers the other repairs.
    items: page.map(({ cursorAt: _c, ...row }) => ({ ...row, canResync: resyncCanHelp(row) })),
    nextCursor: rows.length > filter.limit && last ? encodeCursor({ at: last.cursorAt, id: last.id }) : null,
  };
}
