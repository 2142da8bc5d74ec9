import { garbageCollectionsDuring } from "@lensroom/db/testing-gc";
import { describe, expect, it } from "vitest";

import { toLibraryItem, type LibraryRow } from "../src/services/library-item";

const url = (i: number, file: string) => `http://127.0.0.1:3000/storage/v1/object/public/generations/00000000-0000-4000-8000-00000000beef/${i}/${file}?v=1`;
const page: LibraryRow[] = Array.from({ length: 48 }, (_, i) => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
  userId: "00000000-0000-4000-8000-00000000beef",
  type: i % 7 === 0 ? "video" : "photo",
  status: i % 2 ? "success" : "completed",
  model: "flux-kontext-pro",
  prompt: `a lighthouse at dusk, number ${i}`,
  aspectRatio: "1:1",
  taskId: `task-${i}`,
  assetUrl: url(i, "original.png"),
  previewUrl: url(i, "preview.webp"),
  thumbnailUrl: url(i, "thumb.webp"),
  assetMime: "image/png",
  assetBytes: 1_500_000,
  width: 1024,
  height: 1024,
  durationMs: null,
  thumbhash: "YJqGPQw7sFlslqhFafSE+Q6oJ1h2iHB2Rw",
  mediaStatus: "ready",
  mediaError: null,
  errorCode: null,
  errorMessage: null,
  createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)),
  completedAt: new Date(Date.UTC(2026, 0, 1, 0, i, 30)),
}));

describe("library items die young", () => {
  it("maps 3,000 pages of 48 rows without a single full garbage collection", async () => {
    // An object spread (`{ ...row, status }`) here made V8 keep every item until a full GC (docs/performance.md §1).
    let items = 0;
    const collections = await garbageCollectionsDuring(async () => {
      for (let i = 0; i < 3_000; i++) {
        // eslint-disable-next-line @typescript-eslint/await-thenable -- awaiting null yields one microtask turn
        await null; // one page per turn of the loop, as a server maps one response at a time
        items += page.map(toLibraryItem).filter((item) => item.status === "success" && item.placeholder !== null).length;
      }
    });
    expect(items).toBe(3_000 * 48);
    expect(collections.minor).toBeGreaterThan(0);
    expect(collections.full).toBe(0);
  });
});
