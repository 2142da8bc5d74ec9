import { describe, expect, inject, it } from "vitest";

import { screenshotWidths, withPage } from "./lib/browser";
import { createInStudio, libraryThumbnail, signIn, uniqueEmail } from "./lib/studio-flow";

const webUrl = inject("webUrl");

describe("studio → simulator → webhook → bucket → library", () => {
  it("a photo created in the studio shows its thumbnail in the library", async () => {
    await withPage("library-photo", async (page) => {
      await signIn(page, webUrl, uniqueEmail("photo"));
      await createInStudio(page, webUrl, "photo", "a red fox asleep in fresh snow, morning light", 90_000);
      const thumb = await libraryThumbnail(page, webUrl, 30_000);
      await screenshotWidths(page, "library-photo");
      expect(thumb.naturalWidth, `thumbnail ${thumb.src} did not load`).toBeGreaterThan(0);
    });
  });
});
