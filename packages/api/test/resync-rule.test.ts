import { generationStatus, type GenerationStatus } from "@lensroom/db";
import { describe, expect, it } from "vitest";

import { resyncCanHelp, toLibraryItem, type LibraryRow } from "../src/services/library-item";

const base: LibraryRow = {
  id: "00000000-0000-4000-8000-000000000001",
  userId: "00000000-0000-4000-8000-000000000002",
  type: "photo",
  status: "queued",
  model: "google/imagen4",
  prompt: "a lighthouse",
  aspectRatio: null,
  taskId: "task-1",
  assetUrl: null,
  previewUrl: null,
  thumbnailUrl: null,
  assetMime: null,
  assetBytes: null,
  width: null,
  height: null,
  durationMs: null,
  thumbhash: null,
  mediaStatus: "none",
  mediaError: null,
  errorCode: null,
  errorMessage: null,
  createdAt: new Date("2025-01-01T00:00:00Z"),
  completedAt: null,
};

describe("the re-sync rule", () => {
  it("refuses only a failure KIE itself reported", () => {
    for (const status of generationStatus.enumValues) {
      expect(resyncCanHelp({ status, errorCode: null }), status).toBe(true);
      expect(resyncCanHelp({ status, errorCode: "400" }), `${status} with a code`).toBe(status !== "failed");
    }
  });

  it("the library offers re-sync exactly as before: no preview, and not a failure KIE reported", () => {
    const statuses: GenerationStatus[] = [...generationStatus.enumValues];
    for (const status of statuses) {
      for (const errorCode of [null, "400"]) {
        for (const thumbnailUrl of [null, "http://127.0.0.1:9/thumb.webp"]) {
          const item = toLibraryItem({ ...base, status, errorCode, thumbnailUrl });
          // The expression toLibraryItem used before the rule was shared.
          const before = item.noPreviewReason !== null && !(item.noPreviewReason === "failed" && errorCode !== null);
          expect(item.canResync, `${status} ${errorCode} ${thumbnailUrl}`).toBe(before);
        }
      }
    }
    expect(toLibraryItem({ ...base, status: "failed", errorCode: "400" }).canResync).toBe(false);
    expect(toLibraryItem({ ...base, status: "failed", mediaError: "download refused" }).canResync).toBe(true);
  });
});
