import { generations, type BulkRunKind } from "@lensroom/db";
import { and, eq, inArray, isNotNull, isNull, lt, or, sql, type SQL } from "drizzle-orm";

/** Rows a run repairs. "Re-sync missing" takes only rows that need it; "Rebuild" takes every row with an asset. */
export function bulkCandidates(kind: BulkRunKind, options: { stuckBefore: Date; ids?: string[] }): SQL | undefined {
  switch (kind) {
    case "resync_missing":
      return or(
        and(inArray(generations.status, ["success", "completed"]), or(isNull(generations.assetUrl), isNull(generations.thumbnailUrl))),
        and(inArray(generations.status, ["queued", "generating"]), lt(generations.updatedAt, options.stuckBefore), isNotNull(generations.taskId)),
        eq(generations.status, "expired"),
        and(eq(generations.status, "failed"), isNull(generations.errorCode)),
        inArray(generations.mediaStatus, ["failed", "pending"]),
      );
    case "rebuild_previews":
      return isNotNull(generations.assetPath);
    case "resync_selected":
      return options.ids && options.ids.length > 0 ? inArray(generations.id, options.ids) : sql`false`;
  }
}
