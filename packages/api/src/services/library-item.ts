import { generations, type Generation, type GenerationStatus } from "@lensroom/db";
import { placeholderDataUrl } from "@lensroom/media/placeholder";
import { isNull, notInArray, or } from "drizzle-orm";

import { normalizeStatus } from "../lib/generation-status";

/** The columns a library tile needs; selected by name so listing never reads more than it shows. */
export const libraryColumns = {
  id: generations.id,
  userId: generations.userId,
  type: generations.type,
  status: generations.status,
  model: generations.model,
  prompt: generations.prompt,
  aspectRatio: generations.aspectRatio,
  taskId: generations.taskId,
  assetUrl: generations.assetUrl,
  previewUrl: generations.previewUrl,
  thumbnailUrl: generations.thumbnailUrl,
  assetMime: generations.assetMime,
  assetBytes: generations.assetBytes,
  width: generations.width,
  height: generations.height,
  durationMs: generations.durationMs,
  thumbhash: generations.thumbhash,
  mediaStatus: generations.mediaStatus,
  mediaError: generations.mediaError,
  errorCode: generations.errorCode,
  errorMessage: generations.errorMessage,
  createdAt: generations.createdAt,
  completedAt: generations.completedAt,
};

export type LibraryRow = Pick<Generation, keyof typeof libraryColumns>;

/**
 * Whether asking KIE again (re-sync) can change a generation: anything but an end KIE (or the old site) reported —
 * a failure or an expiry that carries an `error_code` (asking again cannot change it, and sync never overwrites
 * one). An end of our own, which leaves the code empty (a download or copy failed, KIE's link died while we copied),
 * can be retried. The one rule the library's tiles and the admin's problem table both follow.
 */
export function resyncCanHelp(row: { status: GenerationStatus; errorCode: string | null }): boolean {
  return !((row.status === "failed" || row.status === "expired") && row.errorCode !== null);
}

/**
 * The same rule as a WHERE condition, for the statements that must leave a reported end untouched (sync and
 * ingest write only where it holds).
 */
export const resyncCanHelpCondition = or(notInArray(generations.status, ["failed", "expired"]), isNull(generations.errorCode));

/** Why a tile has nothing to show, for the UI to explain and offer a re-sync. */
export type NoPreviewReason = "generating" | "failed" | "expired" | "processing" | "missing" | null;

/** A row as the library shows it: its columns, the status in its current name, and what a tile needs to draw it. */
export function toLibraryItem(row: LibraryRow) {
  const { thumbhash, ...columns } = row;
  const status = normalizeStatus(row.status);
  const hasImage = Boolean(row.thumbnailUrl ?? row.previewUrl ?? row.assetUrl);
  let noPreviewReason: NoPreviewReason = null;
  if (!hasImage) {
    if (status === "queued" || status === "generating") noPreviewReason = "generating";
    else if (status === "failed") noPreviewReason = "failed";
    else if (status === "expired") noPreviewReason = "expired";
    else if (row.mediaStatus === "pending") noPreviewReason = "processing";
    else noPreviewReason = "missing";
  }
  return {
    ...columns,
    status,
    /** The ThumbHash drawn as a tiny PNG data URL, for the tile to show before (or instead of) its thumbnail. */
    placeholder: placeholderDataUrl(thumbhash),
    /** Why it failed, in the order a user cares about: KIE's reason, then ours. */
    failureReason: row.errorMessage ?? row.mediaError,
    noPreviewReason,
    /**
     * Re-sync can help whatever has no preview, except a failure or expiry KIE (or the old site) reported (asking
     * again cannot change it); a failure or expiry on our side (download, copy) can be retried.
     */
    canResync: noPreviewReason !== null && resyncCanHelp(row),
  };
}

export type LibraryItem = ReturnType<typeof toLibraryItem>;
