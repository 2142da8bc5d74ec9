import { generations, type BulkRunKind } from "@lensroom/db";
import { and, inArray, isNotNull, isNull, lt, or, sql, type SQL } from "drizzle-orm";

import { resyncCanHelpCondition } from "../../rules/resync-can-help";
import { isSuccessCondition, isUnfinishedCondition } from "../../rules/generation-status";

/**
 * Rows a run repairs. "Re-sync missing" takes only rows that need it; "Rebuild" takes every row with an asset.
 * Neither re-sync takes a failure or expiry KIE (or the old site) reported (asking again cannot change it), as one-row
 * re-sync refuses it.
 */
export function bulkCandidates(kind: BulkRunKind, options: { stuckBefore: Date; ids?: string[] }): SQL | undefined {
  switch (kind) {
    case "resync_missing":
      // Rows kept but not shown (adopted audio, duplicates of another row's task) have nothing to repair.
      return and(
        isNull(generations.hiddenReason),
        or(
          and(isSuccessCondition, or(isNull(generations.assetUrl), isNull(generations.thumbnailUrl))),
          and(isUnfinishedCondition, lt(generations.updatedAt, options.stuckBefore), isNotNull(generations.taskId)),
          // Only an end of our own: a failure or expiry with a code was reported by KIE or the old site.
          and(inArray(generations.status, ["failed", "expired"]), isNull(generations.errorCode)),
          and(inArray(generations.mediaStatus, ["failed", "pending"]), resyncCanHelpCondition),
        ),
      );
    case "rebuild_previews":
      return isNotNull(generations.assetPath);
    case "resync_selected":
      return options.ids && options.ids.length > 0 ? and(inArray(generations.id, options.ids), resyncCanHelpCondition) : sql`false`;
  }
}
