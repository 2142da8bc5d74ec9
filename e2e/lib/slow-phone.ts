import { chromium } from "playwright-core";

export interface SlowPhoneFigures {
  /** From navigation start until the first thumbnail on screen had loaded. */
  firstThumbnailMs: number;
  /** … until every thumbnail of the first screen had. */
  firstScreenThumbnailsMs: number;
  /** … until a tap on the first tile opened the lightbox (taps repeat every 250 ms from the moment the tile exists). */
  tapAnsweredMs: number;
  /** How long the tap that worked took to open it. */
  tapLatencyMs: number;
}

/**
 * Recorded in the page from its very start: when thumbnails finished loading, taps, and when the lightbox appeared.
 * Source text, not a function: tsx (which runs `pnpm lighthouse`) wraps named functions in a helper the page lacks.
 */
const RECORD_IN_PAGE = `(() => {
  const marks = { firstThumbnail: -1, allThumbnails: -1, lightbox: -1, taps: [] };
  window.__slowPhone = marks;
  document.addEventListener("pointerdown", () => marks.taps.push(performance.now()), { capture: true });
  // A timer, not animation frames: they would stop whenever the page is not the foreground one.
  const timer = setInterval(() => {
    const onScreen = Array.from(document.querySelectorAll("img[data-testid=tile-thumb]")).filter((img) => img.getBoundingClientRect().top < innerHeight);
    const loaded = onScreen.filter((img) => img.complete && img.naturalWidth > 0);
    if (marks.firstThumbnail < 0 && loaded.length > 0) marks.firstThumbnail = performance.now();
    if (marks.allThumbnails < 0 && onScreen.length > 0 && loaded.length === onScreen.length) marks.allThumbnails = performance.now();
    if (marks.lightbox < 0 && document.querySelector("[data-testid=lightbox]")) marks.lightbox = performance.now();
    if (marks.allThumbnails >= 0 && marks.lightbox >= 0) clearInterval(timer);
  }, 10);
})();`;

/**
 * A slow phone: 390 × 844 at 3× pixels, touch, the CPU slowed 4× (DevTools throttling). Opens `url` with `cookie` in
 * Debian's Chromium (CHROMIUM_PATH or /usr/bin/chromium) and reports when thumbnails became visible and when a tap on a
 * tile was answered.
 */
export async function slowPhoneCheck(options: { url: string; cookie: { name: string; value: string } }): Promise<SlowPhoneFigures> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true });
  try {
    await context.addCookies([{ ...options.cookie, url: new URL(options.url).origin }]);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
    await page.addInitScript({ content: RECORD_IN_PAGE });
    await page.goto(options.url, { waitUntil: "commit", timeout: 120_000 });
    const tile = "[data-testid=tile] [data-open]";
    await page.waitForSelector(tile, { timeout: 60_000 });
    const deadline = Date.now() + 60_000;
    while (!(await page.$("[data-testid=lightbox]")) && Date.now() < deadline) {
      await page.tap(tile, { timeout: 10_000, noWaitAfter: true }).catch(() => undefined);
      await page.waitForSelector("[data-testid=lightbox]", { timeout: 250 }).catch(() => undefined);
    }
    await page.waitForFunction(() => (window as unknown as { __slowPhone: { allThumbnails: number } }).__slowPhone.allThumbnails >= 0, undefined, {
      timeout: 60_000,
    });
    const marks = await page.evaluate(
      () => (window as unknown as { __slowPhone: { firstThumbnail: number; allThumbnails: number; lightbox: number; taps: number[] } }).__slowPhone,
    );
    if (marks.lightbox < 0) throw new Error("no tap on a tile opened the lightbox within a minute");
    const answered = marks.taps.filter((at) => at <= marks.lightbox).pop() ?? marks.lightbox;
    return {
      firstThumbnailMs: Math.round(marks.firstThumbnail),
      firstScreenThumbnailsMs: Math.round(marks.allThumbnails),
      tapAnsweredMs: Math.round(marks.lightbox),
      tapLatencyMs: Math.round(marks.lightbox - answered),
    };
  } finally {
    await context.close();
    await browser.close();
  }
}
