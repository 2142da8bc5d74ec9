import { describe, expect, inject, it } from "vitest";

import { screenshotWidths, withPage } from "./lib/browser";
import { settleImages, submitInStudio, waitForCard } from "./lib/library-helpers";
import { signIn, uniqueEmail } from "./lib/studio-flow";

const webUrl = inject("webUrl");

describe("studio: live status → library tile", () => {
  it("validates, shows queued/generating → success without a reload, then the tile and the lightbox in the library", async () => {
    await withPage("studio-live-status", async (page) => {
      await signIn(page, webUrl, uniqueEmail("studio"));
      await page.goto(`${webUrl}/create/studio`);
      await page.waitForSelector("[data-testid=studio-submit]:not([disabled])");

      // A too-short prompt is refused with words next to the field, nothing is sent.
      await page.fill("textarea[name=prompt]", "a");
      await page.click("[data-testid=studio-submit]");
      expect((await page.textContent("#prompt-error"))?.trim().length).toBeGreaterThan(0);
      expect(await page.$$("[data-testid=generation-card]")).toHaveLength(0);

      // Record every status the card shows, from its first render on.
      await page.evaluate(() => {
        const seen: string[] = [];
        (window as unknown as { __statuses: string[] }).__statuses = seen;
        const note = () => {
          for (const card of Array.from(document.querySelectorAll("[data-testid=generation-card]"))) {
            const status = card.getAttribute("data-status");
            if (status && seen.at(-1) !== status) seen.push(status);
          }
        };
        new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-status"] });
      });
      const navigations: string[] = [];
      page.on("framenavigated", (frame) => {
        if (frame === page.mainFrame()) navigations.push(frame.url());
      });

      const id = await submitInStudio(page, "photo", "a lighthouse on a cliff at blue hour, long exposure");
      await waitForCard(page, id, ["success"], 120_000);
      const statuses = await page.evaluate(() => (window as unknown as { __statuses: string[] }).__statuses);
      expect(statuses[0], `statuses seen: ${statuses.join(" → ")}`).toMatch(/^(queued|generating)$/);
      expect(statuses.at(-1)).toBe("success");
      expect(navigations, "the page never reloaded").toEqual([]);

      // The card shows the thumbnail and links into the library.
      const card = `[data-testid=generation-card][data-generation-id="${id}"]`;
      await page.waitForFunction((sel) => {
        const img = document.querySelector<HTMLImageElement>(`${sel} img[data-testid=tile-thumb]`);
        return Boolean(img?.complete && img.naturalWidth > 0);
      }, card);
      await settleImages(page);
      await screenshotWidths(page, "studio");

      await page.click(`${card} [data-testid=card-open]`);
      await page.waitForURL((url) => url.pathname === "/library" && url.searchParams.get("open") === id);
      await page.waitForSelector("[data-testid=lightbox] [data-testid=lightbox-image]");
      const alt = await page.getAttribute("[data-testid=lightbox-image]", "alt");
      expect(alt).toContain("lighthouse on a cliff");
      await page.keyboard.press("Escape");
      await page.waitForSelector("[data-testid=lightbox]", { state: "detached" });
      const tile = await page.waitForSelector(`[data-testid=tile][data-generation-id="${id}"][data-status=success] img[data-testid=tile-thumb]`);
      expect(await tile.evaluate((img) => (img as HTMLImageElement).currentSrc)).toMatch(/thumb\.webp/);
    });
  });
});
