import { SESSION_COOKIE } from "@lensroom/api/auth";
import type { Page } from "playwright-core";

/** Sign in at the admin app's local sign-in form, as staff (the box is ticked by default) or as a plain user. */
export async function signInAdmin(page: Page, adminUrl: string, email: string, role: "staff" | "user") {
  await page.goto(`${adminUrl}/sign-in`);
  await page.fill("input[name=email]", email);
  await page.setChecked("input[name=staff]", role === "staff");
  await Promise.all([
    page.waitForURL((url) => !/^\/(sign-in|api\/)/.test(url.pathname), { timeout: 60_000 }),
    page.click("form[action='/api/auth/local'] button[type=submit]"),
  ]);
  const cookies = await page.context().cookies(adminUrl);
  if (!cookies.some((cookie) => cookie.name === SESSION_COOKIE)) throw new Error(`admin sign-in as ${email} set no session cookie (at ${page.url()})`);
}

/** The admin pages a staff member can open; each must answer a non-staff user with the 403 page. */
export const ADMIN_PAGES = ["/", "/repair", "/jobs", "/webhooks"] as const;

/** Read a `data-*` number from the first element matching `selector`. */
export async function dataNumber(page: Page, selector: string, attribute: string): Promise<number> {
  const value = await page.getAttribute(selector, attribute);
  return Number(value);
}
