import { generations, type Generation } from "@lensroom/db";

import { normalizeStatus } from "../rules/generation-status";
import { resyncCanHelp } from "../rules/resync-can-help";

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
  placeholder: generations.placeholder,
  mediaStatus: generations.mediaStatus,
  mediaError: generations.mediaError,
  errorCode: generations.errorCode,
  errorMessage: generations.errorMessage,
  createdAt: generations.createdAt,
  completedAt: generations.completedAt,
};

export type LibraryRow = Pick<Generation, keyof typeof libraryColumns>;

/** Why a tile has nothing to show, for the UI to explain and offer a re-sync. */
export type NoPreviewReason = "generating" | "failed" | "expired" | "processing" | "missing" | null;

/** A row as the library shows it: its columns, the status in its current name, and what a tile needs to draw it. */
export function toLibraryItem(row: LibraryRow) {
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
    ...row,
    status,
    /** The ThumbHash drawn as a tiny PNG data URL (stored at ingest), for the tile to show before its thumbnail. */
    placeholder: row.placeholder || null,
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
