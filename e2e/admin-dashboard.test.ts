import { describe, expect, inject, it } from "vitest";

import { seedBrokenGenerations, seededRows, type AdminSeed } from "./lib/admin-seed";
import { ADMIN_PAGES, dataNumber, signInAdmin } from "./lib/admin-session";
import { screenshot, screenshotWidths, withPage } from "./lib/browser";
import { uniqueEmail } from "./lib/studio-flow";

const adminUrl = inject("adminUrl");
const kieUrl = inject("kieUrl");
const webUrl = inject("webUrl");
const databaseUrl = inject("databaseUrl");
const kieApiKey = inject("kieApiKey");
/** What the doctor found for the callback URL, as the page words it. */
const CALLBACK_DETAIL = "[data-testid=doctor-check][data-check=callback-url] [data-testid=doctor-detail]";

// The old five-step runbook, done by staff in the browser: see the broken rows, run "Re-sync missing", watch it finish.
describe("admin dashboard", () => {
  it("staff repair 50 asset-less and 10 stuck generations with Re-sync missing", async () => {
    expect(databaseUrl && kieApiKey, "the e2e setup must provide databaseUrl and kieApiKey").toBeTruthy();
    const seed: AdminSeed = await seedBrokenGenerations({ databaseUrl, kieUrl, kieApiKey });

    await withPage("admin-dashboard", async (page) => {
      await signInAdmin(page, adminUrl, uniqueEmail("staff"), "staff");

      // Health: the runbook's query (legacy `completed` included), stuck, failed reasons; the doctor's checks.
      await page.goto(`${adminUrl}/`);
      expect(await page.textContent("[data-testid=succeeded-without-asset] p.text-3xl")).toMatch(/\d/);
      expect(Number((await page.textContent("[data-testid=succeeded-without-asset] p.text-3xl"))?.replace(/\D/g, ""))).toBeGreaterThanOrEqual(50);
      expect(Number((await page.textContent("[data-testid=stuck-count] p.text-3xl"))?.replace(/\D/g, ""))).toBeGreaterThanOrEqual(10);
      expect(await page.textContent("[data-testid=failed-reasons]")).toContain("content policy (seeded)");
      await page.waitForSelector("[data-testid=doctor-summary]", { timeout: 60_000 });
      const checks = await page.$$eval("[data-testid=doctor-check]", (items) => items.map((li) => [li.getAttribute("data-check"), li.getAttribute("data-ok")]));
      expect(Object.fromEntries(checks)).toMatchObject({ columns: "true", bucket: "true", "callback-url": "true", kie: "true" });
      // What each check found comes as codes, worded in the page's language (Russian by default).
      expect(await page.textContent(CALLBACK_DETAIL)).toMatch(/\/api\/webhooks\/kie ответил 400$/);
      await screenshotWidths(page, "admin-health");

      // Repair: the seeded user's problems, keyset-paged (50 + 15), with filters.
      await page.goto(`${adminUrl}/repair`);
      await page.fill("#f-user", seed.userId);
      await page.click("[data-testid=problem-filters] button[type=submit]");
      await page.waitForFunction(() => document.querySelectorAll("[data-testid=problem-row]").length === 50);
      await page.click("[data-testid=load-more]");
      await page.waitForFunction(() => document.querySelectorAll("[data-testid=problem-row]").length === 65);
      await page.selectOption("#f-kind", "stuck");
      await page.waitForFunction(() => document.querySelectorAll("[data-testid=problem-row]").length === 10);
      // Back to "any": both pages loaded before come back (cached, then refetched).
      await page.selectOption("#f-kind", "any");
      await page.waitForFunction(() => document.querySelectorAll("[data-testid=problem-row]").length === 65);
      await screenshotWidths(page, "admin-repair-before");

      // Jobs: start the run; a second identical start is refused with the CONFLICT message.
      await page.goto(`${adminUrl}/jobs`);
      await page.click("[data-testid=start-resync-missing]");
      const card = "[data-testid=run-card][data-kind=resync_missing][data-status=running]";
      await page.waitForSelector(card, { timeout: 15_000 });
      await page.click("[data-testid=start-resync-missing]");
      await page.waitForSelector("[data-testid=bulk-notice][data-tone=bad]");
      expect(await page.textContent("[data-testid=bulk-notice]")).toMatch(/already active|уже идёт/);
      const total = await dataNumber(page, `${card} [data-testid=run-total]`, "data-value");
      expect(total).toBeGreaterThanOrEqual(60);

      // Watch the bar move (polled every second) until 100 %.
      const seen = new Set<number>();
      const deadline = Date.now() + 150_000;
      let shotMidRun = false;
      for (;;) {
        const percent = await dataNumber(page, "[data-testid=run-card][data-kind=resync_missing]", "data-percent");
        seen.add(percent);
        if (!shotMidRun && percent > 0 && percent < 100) {
          await screenshot(page, "admin-jobs-running-1440");
          shotMidRun = true;
        }
        const status = await page.getAttribute("[data-testid=run-card][data-kind=resync_missing]", "data-status");
        if (percent === 100 && status === "done") break;
        if (Date.now() > deadline) throw new Error(`run stuck at ${percent}% (${status}); seen ${[...seen].join(", ")}`);
        await page.waitForTimeout(250);
      }
      expect(
        [...seen].some((p) => p > 0 && p < 100),
        `intermediate progress seen: ${[...seen].join(", ")}`,
      ).toBe(true);
      // The refusal said a run of this kind was active; none is any more, so the refusal is gone.
      await page.waitForFunction(() => document.querySelector("[data-testid=bulk-notice]")?.textContent === "");
      const done = "[data-testid=run-card][data-kind=resync_missing][data-status=done]";
      expect(await page.textContent(`${done} [data-testid=run-percent]`)).toBe("100%");
      expect(await dataNumber(page, `${done} [data-testid=run-remaining]`, "data-value")).toBe(0);
      await screenshotWidths(page, "admin-jobs-done");

      // Every seeded asset-less and stuck row now has its copy and previews; only KIE's refusals stay.
      const rows = await seededRows(databaseUrl, seed.userId);
      const repaired = rows.filter((r) => [...seed.missingIds, ...seed.stuckIds].includes(r.id));
      expect(repaired).toHaveLength(60);
      for (const row of repaired) {
        expect(row.status).toBe("success");
        expect(row.asset_url).toBeTruthy();
        expect(row.thumbnail_url).toMatch(/thumb\.webp\?v=\d+$/);
      }
      await page.goto(`${adminUrl}/repair`);
      await page.fill("#f-user", seed.userId);
      await page.click("[data-testid=problem-filters] button[type=submit]");
      await page.waitForFunction(() => document.querySelectorAll("[data-testid=problem-row]").length === 5);
      expect(await page.$$eval("[data-testid=problem-row]", (trs) => trs.map((tr) => tr.getAttribute("data-status")))).toEqual(Array(5).fill("failed"));
      // KIE refused these: Re-sync (and selecting for it) is off, with the reason; Details stays.
      const offers = await page.$$eval("[data-testid=problem-row]", (trs) =>
        trs.map((tr) => ({
          canResync: tr.getAttribute("data-can-resync"),
          resyncDisabled: tr.querySelector<HTMLButtonElement>("[data-testid=row-resync]")?.disabled,
          selectDisabled: tr.querySelector<HTMLInputElement>("input[type=checkbox]")?.disabled,
          explained: Boolean(tr.querySelector("[data-testid=row-no-resync]")?.textContent),
          details: tr.querySelector<HTMLButtonElement>("[data-testid=row-details]")?.disabled,
        })),
      );
      expect(offers).toEqual(Array(5).fill({ canResync: "false", resyncDisabled: true, selectDisabled: true, explained: true, details: false }));
      // A repaired row is no longer a problem: searching for its id finds nothing.
      const [firstId] = seed.missingIds;
      await page.fill("#f-user", "");
      await page.fill("#f-search", firstId ?? "");
      await page.selectOption("#f-kind", "any");
      await page.waitForSelector("[data-testid=problems-empty]");
      await page.fill("#f-search", "");
      await page.fill("#f-user", seed.userId);
      await page.click("[data-testid=problem-filters] button[type=submit]");
      await page.waitForFunction(() => document.querySelectorAll("[data-testid=problem-row]").length === 5);
      await page.click("[data-testid=problem-row] [data-testid=row-details]");
      await page.waitForSelector("[data-testid=generation-drawer] dl");
      await screenshotWidths(page, "admin-repair-drawer");
      await page.keyboard.press("Escape");
      await screenshotWidths(page, "admin-repair-after");
    });
  });

  it("the doctor's test generation runs end to end and the webhook log can replay its callback", async () => {
    await withPage("admin-doctor", async (page) => {
      await signInAdmin(page, adminUrl, uniqueEmail("doctor"), "staff");
      await page.goto(`${adminUrl}/`);
      await page.click("[data-testid=test-generation] button");
      await page.waitForSelector("[data-testid=test-generation-result]", { timeout: 120_000 });
      expect(await page.getAttribute("[data-testid=test-generation-result]", "data-ok")).toBe("true");
      expect(await page.$$eval("[data-testid=test-generation] tr[data-step]", (trs) => trs.length)).toBe(4);
      await page.click("[data-testid=deep-scan] button");
      await page.waitForSelector("[data-testid=deep-scan-result]", { timeout: 60_000 });
      await screenshot(page, "admin-doctor-1440");

      // A callback without a task id is answered 400, counted and kept as a sample (the doctor's own probe is not).
      const malformed = await fetch(`${webUrl}/api/webhooks/kie`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"data":{}}' });
      expect(malformed.status).toBe(400);
      await page.goto(`${adminUrl}/webhooks`);
      await page.waitForSelector("[data-testid=rejected-sample][data-verdict=bad_request]");
      expect(
        Number((await page.textContent("[data-testid=rejected-count][data-verdict=bad_request] td:nth-child(2)"))?.replace(/\D/g, "")),
      ).toBeGreaterThanOrEqual(1);
      await page.waitForSelector("[data-testid=delivery][data-verdict=accepted]");
      await page.selectOption("#w-verdict", "accepted");
      await page.waitForFunction(() => [...document.querySelectorAll("[data-testid=delivery]")].every((li) => li.getAttribute("data-verdict") === "accepted"));
      await page.click("[data-testid=delivery] button[aria-expanded]");
      await page.waitForSelector("[data-testid=delivery-payload]");
      expect(await page.textContent("[data-testid=delivery-payload]")).toContain("taskId");
      await page.click("[data-testid=delivery] [data-testid=replay]");
      await page.waitForFunction(() => /Replayed|Повторено/.test(document.querySelector("[data-testid=delivery] [role=status]")?.textContent ?? ""));
      await screenshotWidths(page, "admin-webhooks");

      // Rebuild asks first; English works as well as Russian.
      await page.context().addCookies([{ name: "NEXT_LOCALE", value: "en", url: adminUrl }]);
      await page.goto(`${adminUrl}/`);
      await page.waitForSelector("[data-testid=doctor-summary]", { timeout: 60_000 });
      expect(await page.textContent(CALLBACK_DETAIL)).toMatch(/\/api\/webhooks\/kie answered 400$/);
      await page.goto(`${adminUrl}/jobs`);
      await page.click("[data-testid=start-rebuild]");
      await page.waitForSelector("[data-testid=confirm-rebuild][open]");
      expect(await page.textContent("[data-testid=confirm-rebuild]")).toContain("Rebuild every preview?");
      await screenshot(page, "admin-jobs-confirm-en-1440");
      await page.keyboard.press("Escape");
      await page.waitForSelector("[data-testid=confirm-rebuild]:not([open])", { state: "attached" });
      await screenshotWidths(page, "admin-jobs-en");
    });
  });

  it("a signed-in user who is not staff gets the 403 page on every admin page", async () => {
    await withPage("admin-forbidden", async (page) => {
      await signInAdmin(page, adminUrl, uniqueEmail("user"), "user");
      for (const path of ADMIN_PAGES) {
        const response = await page.goto(`${adminUrl}${path}`);
        expect(response?.ok(), `${path} answered ${response?.status()}`).toBe(true);
        await page.waitForSelector("[data-testid=forbidden]");
        expect(await page.$("[data-testid=problem-table], [data-testid=run-list], [data-testid=delivery-list], [data-testid=health-counts]")).toBeNull();
      }
      const status = await page.evaluate(async () => (await fetch("/api/trpc/health.report")).status);
      expect(status).toBe(403);
      await screenshotWidths(page, "admin-forbidden");
    });
  });
});
