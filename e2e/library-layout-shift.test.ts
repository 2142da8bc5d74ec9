import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";

import { withPage } from "./lib/browser";
import { withSql } from "./lib/library-db";
import { libraryOfCopies } from "./lib/library-seed";
import { signIn, uniqueEmail } from "./lib/studio-flow";

const webUrl = inject("webUrl");
const databaseUrl = inject("databaseUrl");
const storageDir = inject("storageDir");

const LOADS_PER_WIDTH = 20;
/** A slow phone connection: ~1.6 Mbit/s down, 150 ms round trips. */
const SLOW_NETWORK = { offline: false, latency: 150, downloadThroughput: 200_000, uploadThroughput: 90_000 };
/** Tile sizes of every kind: landscape, portrait, square, panorama, tall. */
const SIZES = [
  [1920, 1080],
  [768, 1344],
  [1024, 1024],
  [2048, 768],
  [720, 1600],
  [1536, 1152],
] as const;

/** Sum of layout-shift entries since the page started (buffered), and what moved in each. */
async function layoutShifts(page: Page) {
  return page.evaluate(() => {
    const observer = new PerformanceObserver(() => undefined);
    observer.observe({ type: "layout-shift", buffered: true });
    // Buffered entries are in the observer's buffer as soon as observe() returns.
    type Source = { node?: Node | null; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly };
    const entries = observer.takeRecords() as (PerformanceEntry & { value: number; hadRecentInput: boolean; sources?: Source[] })[];
    observer.disconnect();
    const shifts = entries.filter((entry) => !entry.hadRecentInput);
    const rect = (r: DOMRectReadOnly) => `${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.width)}×${Math.round(r.height)}`;
    const label = (source: Source) => {
      const node = source.node;
      const name =
        node instanceof Element ? `${node.tagName.toLowerCase()}${node.getAttribute("data-testid") ? `[${node.getAttribute("data-testid")}]` : ""}` : "(gone)";
      return `${name} ${rect(source.previousRect)} → ${rect(source.currentRect)}`;
    };
    return {
      total: shifts.reduce((sum, entry) => sum + entry.value, 0),
      sources: shifts.map((entry) => `${entry.value.toFixed(4)} at ${Math.round(entry.startTime)} ms: ${(entry.sources ?? []).map(label).join("; ")}`),
    };
  });
}

describe("library: no layout shift", () => {
  it(`loads /library ${LOADS_PER_WIDTH} times at 390 and 1440 px on a throttled network with images arriving at random and never shifts`, async () => {
    await withPage("library-layout-shift", async (page) => {
      await signIn(page, webUrl, uniqueEmail("layout-shift"));
      // Two keyset pages and then some, in mixed aspect ratios.
      const { seeded } = await libraryOfCopies(page, { webUrl, prompt: "a paper lantern festival over a river at dusk", databaseUrl, storageDir, count: 89 });
      await withSql(databaseUrl, async (sql) => {
        for (const [index, id] of seeded.entries()) {
          const [width, height] = SIZES[index % SIZES.length] ?? SIZES[0];
          await sql`update generations set width = ${width}, height = ${height} where id = ${id}`;
        }
      });

      const cdp = await page.context().newCDPSession(page);
      await cdp.send("Network.enable");
      await cdp.send("Network.emulateNetworkConditions", SLOW_NETWORK);
      // Thumbnails and previews come back after a random wait each, in any order.
      await page.route(/\/storage\/v1\/object\/public\//, async (route) => {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 1500));
        await route.continue();
      });

      for (let load = 0; load < LOADS_PER_WIDTH * 2; load++) {
        const width = load % 2 === 0 ? 390 : 1440;
        await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
        await page.goto(`${webUrl}/library`, { waitUntil: "commit" });
        // Settled: the grid is there, every image of the first screen has loaded, and the next page (fetched at
        // once when the end of the first is near) has been added.
        await page.waitForSelector("[data-testid=library-grid]");
        await page.waitForFunction(
          () =>
            Array.from(document.querySelectorAll<HTMLImageElement>("img[data-testid=tile-thumb]"))
              .filter((img) => img.getBoundingClientRect().top < window.innerHeight)
              .every((img) => img.complete),
          undefined,
          { timeout: 60_000 },
        );
        await page.waitForLoadState("load");
        const shifts = await layoutShifts(page);
        expect(shifts.total, `load ${load + 1} at ${width} px shifted: ${shifts.sources.join(", ")}`).toBe(0);
      }
    });
  }, 900_000);
});
