import { describe, expect, inject, it } from "vitest";

import { withPage } from "./lib/browser";
import { simulatorFault, submitInStudio } from "./lib/library-helpers";
import { openStudio, signIn, uniqueEmail } from "./lib/studio-flow";

const webUrl = inject("webUrl");
const kieUrl = inject("kieUrl");

describe("library: live status", () => {
  it("an unfinished tile turns into its thumbnail without a reload", async () => {
    // The next task renders slowly enough that the library opens while KIE is still at work.
    await simulatorFault(kieUrl, { count: 1, renderDelayMs: 8_000 });
    await withPage("library-live-status", async (page) => {
      await signIn(page, webUrl, uniqueEmail("library-live"));
      await openStudio(page, webUrl);
      const id = await submitInStudio(page, "photo", "a glasshouse full of ferns in the rain");

      const polls: string[] = [];
      page.on("request", (request) => {
        if (request.url().includes("/api/trpc/library.byIds")) polls.push(request.url());
      });
      await page.goto(`${webUrl}/library`);
      const tile = `[data-testid=tile][data-generation-id="${id}"]`;
      const first = await page.getAttribute(tile, "data-status");
      expect(["queued", "generating"], `the tile as the server rendered it: ${first}`).toContain(first);
      // A reload would start a new document without this mark (history updates by the router are not reloads).
      await page.evaluate(() => Object.assign(window, { __sameDocument: true }));

      await page.waitForSelector(`${tile}[data-status=success] img[data-testid=tile-thumb]`, { timeout: 120_000 });
      expect(await page.evaluate(() => "__sameDocument" in window), "no reload").toBe(true);
      expect(polls.length, "live status polled library.byIds").toBeGreaterThan(0);
    });
  });
});
