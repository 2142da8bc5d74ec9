import { randomBytes } from "node:crypto";

import { SESSION_COOKIE } from "@lensroom/api/auth";
import type { Page } from "playwright-core";

import { imageDecoded } from "./browser";

/** A fresh user per test, so each library holds only that test's generations. */
export const uniqueEmail = (label: string) => `e2e-${label}-${randomBytes(4).toString("hex")}@example.test`;

/** Sign in through the local sign-in form and wait until we have left it. */
export async function signIn(page: Page, webUrl: string, email: string) {
  await page.goto(`${webUrl}/sign-in`);
  await page.fill("input[name=email]", email);
  await Promise.all([page.waitForURL((url) => !/^\/(sign-in|api\/)/.test(url.pathname), { timeout: 60_000 }), page.press("input[name=email]", "Enter")]);
  const cookies = await page.context().cookies(webUrl);
  if (!cookies.some((cookie) => cookie.name === SESSION_COOKIE)) {
    throw new Error(`sign-in as ${email} set no ${SESSION_COOKIE} cookie (now at ${page.url()})`);
  }
}

/** Open the studio and wait until its form can be sent (its models have arrived). */
export async function openStudio(page: Page, webUrl: string) {
  await page.goto(`${webUrl}/create/studio`);
  await page.waitForSelector("[data-testid=studio-submit]:not([disabled])");
}

/** Create a generation in the studio and wait for its tile to reach `success`. */
export async function createInStudio(page: Page, webUrl: string, type: "photo" | "video", prompt: string, timeoutMs: number) {
  await page.goto(`${webUrl}/create/studio`);
  await page.fill("textarea[name=prompt]", prompt);
  await page.click(`[data-testid=type-${type}]`);
  await page.click("[data-testid=studio-submit]");
  // The studio shows its results as generation cards; a library-style tile counts too.
  await page.waitForSelector("[data-testid=generation-card][data-status=success], [data-testid=tile][data-status=success]", { timeout: timeoutMs });
}

/** Open the library and wait until the first successful tile's thumbnail has decoded; returns its natural size. */
export async function libraryThumbnail(page: Page, webUrl: string, timeoutMs: number) {
  await page.goto(`${webUrl}/library`);
  const selector = "[data-testid=tile][data-status=success] img[data-testid=tile-thumb]";
  await page.waitForSelector(selector, { timeout: timeoutMs });
  await imageDecoded(page, selector, timeoutMs);
  return page.$eval(selector, (img) => {
    const el = img as HTMLImageElement;
    return { naturalWidth: el.naturalWidth, naturalHeight: el.naturalHeight, src: el.currentSrc || el.src };
  });
}
