import { describe, expect, inject, it } from "vitest";

import { screenshotWidths, withPage } from "./lib/browser";
import { createInStudio, libraryThumbnail, signIn, uniqueEmail } from "./lib/studio-flow";

const webUrl = inject("webUrl");

describe("studio → simulator → webhook → bucket → library (video)", () => {
  it("a video created in the studio shows its poster in the library", async () => {
    await withPage("library-video", async (page) => {
      await signIn(page, webUrl, uniqueEmail("video"));
      await createInStudio(page, webUrl, "video", "waves rolling onto a pebble beach at dusk", 150_000);
      const thumb = await libraryThumbnail(page, webUrl, 30_000);
      await screenshotWidths(page, "library-video");
      expect(thumb.naturalWidth, `poster ${thumb.src} did not load`).toBeGreaterThan(0);
    });
  });
});
