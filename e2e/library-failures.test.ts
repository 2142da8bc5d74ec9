import { describe, expect, inject, it } from "vitest";

import { nextFrame, screenshot, withPage } from "./lib/browser";
import { simulatorFault, submitInStudio, waitForCard } from "./lib/library-helpers";
import { signIn, uniqueEmail } from "./lib/studio-flow";

const webUrl = inject("webUrl");
const kieUrl = inject("kieUrl");

describe("library: failed generations explain themselves", () => {
  it("a failure on our side (oversized result) shows the reason and Re-sync; a failure KIE reported shows the reason only", async () => {
    await withPage("library-failures", async (page) => {
      await signIn(page, webUrl, uniqueEmail("failures"));
      await page.goto(`${webUrl}/create/studio`);
      await page.waitForSelector("[data-testid=studio-submit]:not([disabled])");

      // Ours: KIE succeeds, but the file is larger than the bucket takes, so our copy fails.
      await simulatorFault(kieUrl, { count: 1, oversizedBytes: 60_000_000 });
      const ours = await submitInStudio(page, "photo", "an oversized result that our copy refuses");
      await waitForCard(page, ours, ["failed"], 120_000);

      // KIE's: the task itself fails with a content-policy code.
      await simulatorFault(kieUrl, { count: 1, fail: { code: 400, message: "Your prompt was flagged by the content checker" } });
      const theirs = await submitInStudio(page, "photo", "a prompt the provider refuses");
      await waitForCard(page, theirs, ["failed"], 120_000);
      await nextFrame(page);
      await screenshot(page, "studio-failures");

      await page.goto(`${webUrl}/library?status=failed`);
      const oursTile = `[data-testid=tile][data-generation-id="${ours}"]`;
      const theirsTile = `[data-testid=tile][data-generation-id="${theirs}"]`;
      await page.waitForSelector(`${oursTile} [data-testid=failure-reason]`);
      await page.waitForSelector(`${theirsTile} [data-testid=failure-reason]`);

      const oursReason = await page.textContent(`${oursTile} [data-testid=failure-reason]`);
      expect(oursReason?.trim().length, "our failure says why").toBeGreaterThan(5);
      expect(await page.$(`${oursTile} [data-testid=tile-resync]`), "Re-sync offered for our failure").not.toBeNull();

      const theirsReason = await page.textContent(`${theirsTile} [data-testid=failure-reason]`);
      expect(theirsReason).toContain("flagged by the content checker");
      // In words (ru by default): the content-policy sentence, not a bare code.
      expect(theirsReason).toMatch(/правил|policy/i);
      expect(await page.$(`${theirsTile} [data-testid=tile-resync]`), "no Re-sync for a failure KIE reported").toBeNull();
      await screenshot(page, "library-failures");

      // Re-sync answers and says so (the outcome is the server's: asking again cannot shrink the file).
      await page.click(`${oursTile} [data-testid=tile-resync]`);
      await page.waitForFunction(
        (sel) => {
          const status = document.querySelector(`${sel} [role=status]`)?.textContent ?? "";
          return status.trim().length > 0;
        },
        oursTile,
        { timeout: 30_000 },
      );
      const after = await page.textContent(`${oursTile} [role=status]`);
      expect(after, "re-sync reported back").not.toMatch(/HTTP 5/);
    });
  });
});
