import { readFileSync } from "node:fs";
import path from "node:path";

import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { ROOT_DIR } from "../scripts/lib/repo-paths";
import { signInAdmin } from "./lib/admin-session";
import { startAdoptedSite, waitUntil, type AdoptedSite } from "./lib/adopted-site";
import { ARTIFACTS_DIR, imageDecoded, nextFrame, screenshot, withPage } from "./lib/browser";
import { localUserId, settleImages, viewportShots } from "./lib/library-helpers";
import { signIn, uniqueEmail } from "./lib/studio-flow";

type Messages = { noPreview: Record<string, string>; kieErrors: Record<string, string> };
const messages = (locale: "ru" | "en") => JSON.parse(readFileSync(path.join(ROOT_DIR, "apps", "web", "messages", `${locale}.json`), "utf8")) as Messages;

const tile = (id: string) => `[data-testid=tile][data-generation-id="${id}"]`;

/** The old site's words the adoption keeps under the sentence (its failure message), by scenario row name. */
const OLD_SITE_WORDS: Record<string, string> = { "failed with its reason": "Your prompt was flagged by the content policy" };

// A user of the OLD LensRoom site: their database adopted (`db:adopt --apply`), the old bucket's files where the old
// site left them, a system started on it, and staff's "Re-sync missing" run. Signed in, they see their old photos and
// videos with previews; what cannot be healed says why, in Russian and in English.
describe("library: a user of the adopted old site", () => {
  const email = uniqueEmail("adopted");
  const userA = localUserId(email);
  const userB = localUserId(uniqueEmail("adopted-other"));
  let site: AdoptedSite;

  beforeAll(async () => {
    site = await startAdoptedSite({ adminUrl: inject("databaseUrl"), userA, userB, name: "library-adopted-site" });
  }, 480_000);
  afterAll(async () => {
    await site?.stop();
  }, 60_000);

  it("after Re-sync missing, sees old photos and videos with previews, and why the rest have none (ru, en; 1440 and 390 px)", async () => {
    const { sql } = site.database;
    // Staff's "Re-sync missing", from the admin app's Jobs page; then wait on the database until the run is done.
    await withPage("library-adopted-site-admin", async (page) => {
      await signInAdmin(page, site.adminUrl, uniqueEmail("adopted-staff"), "staff");
      await page.goto(`${site.adminUrl}/jobs`);
      await page.click("[data-testid=start-resync-missing]");
      await page.waitForSelector("[data-testid=run-card][data-kind=resync_missing]");
      await waitUntil(
        async () => {
          const [run] = await sql<{ status: string }[]>`select status::text from bulk_runs where kind = 'resync_missing' order by created_at desc limit 1`;
          return run?.status === "done";
        },
        180_000,
        "the Re-sync missing run",
      );
      await page.waitForSelector("[data-testid=run-card][data-kind=resync_missing][data-status=done]", { timeout: 30_000 });
      await screenshot(page, "library-adopted-site-admin-run-1440");
    });
    // Ingests the run queued finish on their own: wait until nothing is pending any more.
    await waitUntil(
      async () => {
        const [row] = await sql<
          { n: number }[]
        >`select count(*)::int as n from generations where media_status = 'pending' or status in ('queued', 'generating')`;
        return row?.n === 0;
      },
      120_000,
      "nothing pending",
    ).catch(async (error: unknown) => {
      console.log(
        await sql`select id, status, media_status, error_code, media_error from generations where media_status = 'pending' or status in ('queued', 'generating')`,
      );
      throw error;
    });

    // The database says what the scenario says (so a wrong tile below is the page's fault, not the heal's).
    const rows = await sql<Array<{ id: string; status: string; media_status: string; error_code: string | null; hidden_reason: string | null }>>`
      select id::text, status::text, media_status::text, error_code, hidden_reason from generations`;
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(
      site.scenario.map((s) => ({
        name: s.name,
        status: byId.get(s.row.id)?.status,
        media: byId.get(s.row.id)?.media_status,
        code: byId.get(s.row.id)?.error_code ?? undefined,
      })),
    ).toEqual(site.scenario.map((s) => ({ name: s.name, status: s.expect.healed.status, media: s.expect.healed.media, code: s.expect.healed.errorCode })));

    const mine = site.scenario.filter((s) => s.row.user_id === userA);
    const hidden = mine.filter((s) => s.expect.adopted.hiddenReason);
    const visible = mine.filter((s) => !s.expect.adopted.hiddenReason);
    const healed = visible.filter((s) => s.expect.healed.media === "ready");
    const unhealed = visible.filter((s) => s.expect.healed.media !== "ready");
    // What the test is about: there are old photos, a video, and each kind of end the old site left.
    expect(hidden.map((s) => byId.get(s.row.id)?.hidden_reason).sort()).toEqual(["audio", "duplicate_task"]);
    expect(healed.some((s) => s.row.type === "video")).toBe(true);
    expect(unhealed.map((s) => s.expect.healed.errorCode).sort()).toEqual([
      "kie_retention",
      "kie_task_unknown",
      "legacy_cancelled",
      "legacy_failed",
      "legacy_no_copy",
      "legacy_status",
    ]);

    await withPage("library-adopted-site", async (page) => {
      await signIn(page, site.webUrl, email);
      await page.goto(`${site.webUrl}/library`);
      await page.waitForSelector("[data-testid=tile]");
      expect(await page.getAttribute("html", "lang")).toBe("ru");

      // Exactly the visible rows, newest first as the library sorts; audio and hidden duplicates are not there.
      await page.waitForFunction((n) => document.querySelectorAll("[data-testid=tile]").length >= n, visible.length);
      const shown = await page.$$eval("[data-testid=tile]", (tiles) => tiles.map((t) => t.getAttribute("data-generation-id")));
      expect(new Set(shown)).toEqual(new Set(visible.map((s) => s.row.id)));
      for (const s of hidden) expect(shown, `${s.name} is hidden`).not.toContain(s.row.id);

      for (const [width, height] of [
        [1440, 900],
        [390, 844],
      ] as const) {
        await page.setViewportSize({ width, height });
        for (const s of healed) await expectThumbnail(page, s.row.id, s.name, s.row.type === "video");
        await checkReasons(page, unhealed, "ru");
      }
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.evaluate(() => window.scrollTo(0, 0));
      await viewportShots(page, ARTIFACTS_DIR, "library-adopted-site-ru");
      await screenshot(page, "library-adopted-site-ru-1440");

      // English: the same tiles say the same in English.
      await page.click("button[lang=en]");
      await page.waitForFunction(() => document.documentElement.lang === "en");
      await page.waitForFunction(
        (title) => Array.from(document.querySelectorAll("[data-testid=no-preview]")).some((el) => el.textContent?.includes(title)),
        messages("en").noPreview.title ?? "No preview",
      );
      for (const [width, height] of [
        [1440, 900],
        [390, 844],
      ] as const) {
        await page.setViewportSize({ width, height });
        for (const s of healed) await expectThumbnail(page, s.row.id, s.name, s.row.type === "video");
        await checkReasons(page, unhealed, "en");
      }
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.evaluate(() => window.scrollTo(0, 0));
      await viewportShots(page, ARTIFACTS_DIR, "library-adopted-site-en");
      // At 390 px, the tiles further down that say why (what a person sees there, not a full-page capture).
      await page.setViewportSize({ width: 390, height: 844 });
      const status = unhealed.find((s) => s.expect.healed.errorCode === "legacy_status");
      if (status) await page.$eval(tile(status.row.id), (el) => el.scrollIntoView({ block: "center" }));
      await nextFrame(page);
      await settleImages(page);
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, "library-adopted-site-en-390-reasons.png") });
    });
  }, 420_000);
});

/** The tile's thumbnail has loaded (real pixels), over the ThumbHash placeholder; a video tile has its m:ss badge. */
async function expectThumbnail(page: Page, id: string, name: string, video: boolean) {
  const selector = `${tile(id)} img[data-testid=tile-thumb]`;
  await page.waitForSelector(tile(id));
  await page.$eval(tile(id), (el) => el.scrollIntoView({ block: "center" }));
  await imageDecoded(page, selector, 30_000);
  const state = await page.$eval(tile(id), (el) => {
    const img = el.querySelector<HTMLImageElement>("img[data-testid=tile-thumb]");
    return {
      status: el.getAttribute("data-status"),
      naturalWidth: img?.naturalWidth ?? 0,
      src: img?.currentSrc ?? null,
      placeholder: img?.parentElement?.style.backgroundImage ?? "",
      noPreview: el.querySelector("[data-testid=no-preview]") !== null,
      // The video badge: a play icon and the length (m:ss).
      badge:
        Array.from(el.querySelectorAll("span"))
          .find((span) => span.querySelector("svg"))
          ?.textContent?.trim() ?? null,
    };
  });
  expect({ name, status: state.status, loaded: state.naturalWidth > 0, noPreview: state.noPreview }, `tile ${id} (${state.src})`).toEqual({
    name,
    status: "success",
    loaded: true,
    noPreview: false,
  });
  expect(state.src, name).toMatch(/\/thumb\.webp/);
  expect(state.placeholder, `${name}: ThumbHash placeholder`).toMatch(/^url\("?data:image\/png;base64,/);
  if (video) expect(state.badge, `${name}: duration badge`).toMatch(/^\d+:\d\d$/);
}

/** Every unhealable tile says "No preview" and, under it, the sentence for its code (the old site's own words too). */
async function checkReasons(page: Page, unhealed: AdoptedSite["scenario"], locale: "ru" | "en") {
  const m = messages(locale);
  for (const s of unhealed) {
    const code = s.expect.healed.errorCode ?? "";
    const sentence = m.kieErrors[code];
    expect(sentence, `${locale} has a sentence for ${code}`).toBeTruthy();
    await page.$eval(tile(s.row.id), (el) => el.scrollIntoView({ block: "center" }));
    await page
      .waitForFunction(
        ({ sel, text }) => document.querySelector(sel)?.textContent?.includes(text) ?? false,
        { sel: `${tile(s.row.id)} [data-testid=failure-reason]`, text: sentence ?? "" },
        { timeout: 15_000 },
      )
      .catch(() => undefined);
    const noPreview = await page.textContent(`${tile(s.row.id)} [data-testid=no-preview]`);
    expect(noPreview, `${s.name}: no preview`).toContain(m.noPreview.title);
    const reason = (await page.textContent(`${tile(s.row.id)} [data-testid=failure-reason]`)) ?? "";
    expect(reason, `${s.name} (${locale})`).toContain(sentence);
    const oldWords = OLD_SITE_WORDS[s.name];
    if (oldWords) expect(reason, `${s.name}: the old site's message under the sentence`).toContain(oldWords);
    // Where the old site left no words of its own, the sentence alone explains the row: our own English (details
    // for staff) is never shown under it.
    if (!oldWords) expect(reason.trim(), `${s.name}: sentence only`).toBe(sentence);
    // Nothing to ask KIE again: no re-sync offered.
    expect(await page.$(`${tile(s.row.id)} [data-testid=tile-resync]`), `${s.name}: no re-sync`).toBeNull();
  }
}
