import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { chromium, type BrowserContext, type Page } from "playwright-core";

import { ROOT_DIR } from "../../scripts/lib/repo-paths";

export const ARTIFACTS_DIR = path.join(ROOT_DIR, "artifacts", "e2e");

const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/**
 * Run `fn` with a page of Debian's Chromium (CHROMIUM_PATH or /usr/bin/chromium) on a fresh profile; the browser is
 * closed and the profile removed afterwards, whatever happens. On failure a screenshot `<name>-failure.png` is saved.
 */
export async function withPage<T>(name: string, fn: (page: Page, context: BrowserContext) => Promise<T>): Promise<T> {
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), "lensroom-e2e-chromium-"));
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      headless: true,
      args: CHROMIUM_FLAGS,
      viewport: { width: 1440, height: 900 },
      timeout: 60_000,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(30_000);
    // The first visit to a page under `next dev` compiles its client code: slow on a busy two-core machine.
    page.setDefaultNavigationTimeout(120_000);
    const consoleLines: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning") consoleLines.push(`[${message.type()}] ${message.text()}`);
    });
    page.on("pageerror", (error) => consoleLines.push(`[pageerror] ${error.stack ?? error.message}`));
    page.on("requestfailed", (request) => consoleLines.push(`[requestfailed] ${request.method()} ${request.url()} ${request.failure()?.errorText ?? ""}`));
    try {
      return await fn(page, context);
    } catch (error) {
      await screenshot(page, `${name}-failure`).catch(() => undefined);
      await writeFile(path.join(ARTIFACTS_DIR, `${name}-console.log`), `${page.url()}\n${consoleLines.join("\n")}\n`).catch(() => undefined);
      if (error instanceof Error && consoleLines.length > 0) {
        error.message += `\nBrowser console (last 10 of ${consoleLines.length}, all in artifacts/e2e/${name}-console.log):\n${consoleLines.slice(-10).join("\n")}`;
      }
      throw error;
    }
  } finally {
    await context?.close().catch(() => undefined);
    await rm(userDataDir, { recursive: true, force: true });
  }
}

/** Resolves once the page has laid out and painted a frame after what came before (e.g. a viewport change). */
export async function nextFrame(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
}

/** Best effort: waits (up to `timeoutMs`) until the image `selector` names has decoded real pixels. */
export async function imageDecoded(page: Page, selector: string, timeoutMs: number): Promise<void> {
  await page
    .waitForFunction(
      (sel) => {
        const img = document.querySelector<HTMLImageElement>(sel);
        return Boolean(img && img.complete && img.naturalWidth > 0);
      },
      selector,
      { timeout: timeoutMs },
    )
    .catch(() => undefined);
}

/** Save a full-page screenshot to `artifacts/e2e/<name>.png` and return its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Screenshots of the current page at desktop (1440) and phone (390) widths. */
export async function screenshotWidths(page: Page, name: string): Promise<string[]> {
  const files: string[] = [];
  for (const [width, height] of [
    [1440, 900],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    await nextFrame(page);
    files.push(await screenshot(page, `${name}-${width}`));
  }
  await page.setViewportSize({ width: 1440, height: 900 });
  return files;
}
