import type { Page } from "playwright-core";

import { localUserId } from "@lensroom/api/auth";

import { nextFrame } from "./browser";

export { localUserId };

/** Ask the KIE simulator to misbehave for the next task(s) (`POST /__sim/faults`). */
export async function simulatorFault(kieUrl: string, fault: Record<string, unknown>): Promise<void> {
  if (!kieUrl) throw new Error("no simulator URL");
  const response = await fetch(`${kieUrl}/__sim/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(fault),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`simulator refused fault ${JSON.stringify(fault)}: ${response.status} ${await response.text()}`);
}

/** Submit the studio form (already on /create/studio) and return the new card's generation id. */
export async function submitInStudio(page: Page, type: "photo" | "video", prompt: string): Promise<string> {
  await page.fill("textarea[name=prompt]", prompt);
  await page.click(`[data-testid=type-${type}]`);
  const before = await page.$$eval("[data-testid=generation-card]", (cards) => cards.map((c) => c.getAttribute("data-generation-id")));
  await page.click("[data-testid=studio-submit]");
  const handle = await page.waitForFunction(
    (known) => {
      const card = Array.from(document.querySelectorAll("[data-testid=generation-card]")).find((c) => !known.includes(c.getAttribute("data-generation-id")));
      return card?.getAttribute("data-generation-id") ?? null;
    },
    before,
    { timeout: 60_000 },
  );
  return (await handle.jsonValue()) as string;
}

/** Wait until the studio card of `id` reaches one of `statuses`. */
export async function waitForCard(page: Page, id: string, statuses: string[], timeoutMs: number) {
  const selector = statuses.map((s) => `[data-testid=generation-card][data-generation-id="${id}"][data-status=${s}]`).join(", ");
  await page.waitForSelector(selector, { timeout: timeoutMs });
}

/** Number of tiles in the library grid. */
export const tileCount = (page: Page) => page.$$eval("[data-testid=tile]", (tiles) => tiles.length);

/**
 * Wait until every image of the first screen has decoded and finished fading in (its computed opacity reaches 1), so
 * screenshots show thumbnails, not placeholders. Best effort: a screenshot is still taken after 15 s.
 */
export async function settleImages(page: Page) {
  await page
    .waitForFunction(
      () =>
        Array.from(document.querySelectorAll<HTMLImageElement>("img[data-testid=tile-thumb]"))
          .filter((img) => img.getBoundingClientRect().top < window.innerHeight)
          .every((img) => img.complete && getComputedStyle(img).opacity === "1"),
      undefined,
      { timeout: 15_000 },
    )
    .catch(() => undefined);
}

/** Viewport-only screenshots at 1440 and 390 px (what a person sees first; a full-page capture resizes the page). */
export async function viewportShots(page: Page, dir: string, name: string) {
  for (const [width, height] of [
    [1440, 900],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    await nextFrame(page);
    await settleImages(page);
    await page.screenshot({ path: `${dir}/${name}-${width}-viewport.png` });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}
