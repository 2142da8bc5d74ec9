import { unlink } from "node:fs/promises";
import path from "node:path";

import { describe, expect, inject, it } from "vitest";

import { ARTIFACTS_DIR, nextFrame, screenshotWidths, withPage } from "./lib/browser";
import { withSql } from "./lib/library-db";
import { settleImages, tileCount, viewportShots } from "./lib/library-helpers";
import { libraryOfCopies } from "./lib/library-seed";
import { signIn, uniqueEmail } from "./lib/studio-flow";

const webUrl = inject("webUrl");
const databaseUrl = inject("databaseUrl");
const storageDir = inject("storageDir");

/** The server-rendered first page, then each page the scroll brings (apps/web/lib/library-query.ts). */
const FIRST_PAGE = 24;
const PAGE = 40;

describe("library with 200 generations", () => {
  it("scrolls through keyset pages, falls back when a thumbnail 404s, and deletes with confirmation in place", async () => {
    await withPage("library-scroll-delete", async (page) => {
      await signIn(page, webUrl, uniqueEmail("scroll"));
      const { templateId, seeded } = await libraryOfCopies(page, {
        webUrl,
        prompt: "a quiet library with tall windows, warm light",
        databaseUrl,
        storageDir,
        count: 199,
      });

      // Tile #2 (seeded 1): its thumbnail file is gone → the preview shows instead.
      // Tile #3 (seeded 2): thumbnail URL points at a missing object, preview and asset too → "No preview".
      const [thumbGone, allGone] = seeded as [string, string];
      const thumbPath = await withSql(databaseUrl, async (sql) => {
        const [row] = await sql<{ thumbnail_path: string }[]>`select thumbnail_path from generations where id = ${thumbGone}`;
        await sql`update generations set thumbnail_url = replace(thumbnail_url, 'thumb.webp', 'gone.webp'),
          preview_url = replace(preview_url, 'preview.webp', 'gone.webp'), asset_url = replace(asset_url, '/original.', '/gone-original.')
          where id = ${allGone}`;
        return row?.thumbnail_path ?? "";
      });
      await unlink(path.join(storageDir, "generations", thumbPath));

      // The server renders the first keyset page into the HTML (the client may prefetch the next one at once).
      const html = await page.request.get(`${webUrl}/library`).then((r) => r.text());
      expect(html.match(/data-testid="tile"/g)?.length, "first page in the HTML").toBe(FIRST_PAGE);
      const pages: string[] = [];
      page.on("request", (request) => {
        if (request.url().includes("/api/trpc/library.list")) pages.push(decodeURIComponent(request.url()));
      });
      await page.goto(`${webUrl}/library`);
      await page.waitForSelector("[data-testid=library-grid]");
      expect(await tileCount(page)).toBeGreaterThanOrEqual(FIRST_PAGE);
      await settleImages(page);

      const fellBack = await page.waitForFunction(
        (id) => {
          const img = document.querySelector<HTMLImageElement>(`[data-testid=tile][data-generation-id="${id}"] img[data-testid=tile-thumb]`);
          return img?.complete && img.naturalWidth > 0 && /preview\.webp/.test(img.currentSrc) ? img.currentSrc : null;
        },
        thumbGone,
        { timeout: 20_000 },
      );
      expect(String(await fellBack.jsonValue())).toMatch(/preview\.webp/);
      await page.waitForSelector(`[data-testid=tile][data-generation-id="${allGone}"] [data-testid=no-preview][data-reason=missing]`, { timeout: 20_000 });
      await viewportShots(page, ARTIFACTS_DIR, "library-200");
      await screenshotWidths(page, "library-200");

      // Only thumbnails on the first screen: never a preview or an original (except the tile whose thumbnail 404'd).
      const loaded = await page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name));
      const heavy = loaded.filter((url) => /\/storage\/v1\//.test(url) && !/thumb\.webp/.test(url) && !/gone/.test(url));
      expect(heavy.filter((url) => !url.includes(thumbGone))).toEqual([]);

      // Infinite scroll: the second page arrives by scrolling (keyset cursor), and so on to the end.
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await page.waitForFunction((n) => document.querySelectorAll("[data-testid=tile]").length >= n, FIRST_PAGE + PAGE, { timeout: 30_000 });
      expect(
        pages.some((url) => url.includes('"cursor"')),
        `keyset cursor sent: ${pages[0] ?? "no request"}`,
      ).toBe(true);
      expect(pages.join(" ")).not.toMatch(/offset/i);
      // Each scroll to the bottom brings the next page: wait for its tiles (or the end), then scroll again.
      for (let deadline = Date.now() + 60_000, count = await tileCount(page); count < 200 && Date.now() < deadline; count = await tileCount(page)) {
        await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
        await page.waitForFunction((n) => document.querySelectorAll("[data-testid=tile]").length > n, count, { timeout: 10_000 }).catch(() => undefined); // counted below: a page that never comes leaves fewer than 200
      }
      expect(await tileCount(page)).toBe(200);
      const ids = await page.$$eval("[data-testid=tile]", (tiles) => tiles.map((t) => t.getAttribute("data-generation-id")));
      expect(new Set(ids).size, "no duplicates across pages").toBe(200);
      expect(ids[0]).toBe(templateId);
      expect(ids.slice(1)).toEqual(seeded);
      await page.waitForSelector("[data-testid=library-sentinel] >> text=/./");

      // Delete from the lightbox, halfway down: confirm, the grid shrinks in place, scroll position stays.
      const victim = seeded[100] as string;
      const victimTile = await page.waitForSelector(`[data-testid=tile][data-generation-id="${victim}"]`);
      await victimTile.scrollIntoViewIfNeeded();
      await nextFrame(page);
      const scrollBefore = await page.evaluate(() => window.scrollY);
      await page.click(`[data-testid=tile][data-generation-id="${victim}"] button[aria-label]`);
      await page.waitForSelector("[data-testid=lightbox]");
      // Keyboard: → shows the next one, ← comes back.
      await page.keyboard.press("ArrowRight");
      await page.waitForFunction((p) => document.querySelector("[data-testid=lightbox]")?.textContent?.includes(p), "#102");
      await page.keyboard.press("ArrowLeft");
      await page.waitForFunction((p) => document.querySelector("[data-testid=lightbox]")?.textContent?.includes(p), "#101");

      await page.click("[data-testid=lightbox-delete]");
      await page.waitForSelector("[data-testid=delete-confirm]");
      expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid")), "focus on Cancel").toBe("delete-confirm-cancel");
      // Esc cancels the question, not the lightbox; focus returns to Delete.
      await page.keyboard.press("Escape");
      await page.waitForSelector("[data-testid=delete-confirm]", { state: "detached" });
      expect(await page.$("[data-testid=lightbox]")).not.toBeNull();
      await page.waitForFunction(() => document.activeElement?.getAttribute("data-testid") === "lightbox-delete");

      await page.click("[data-testid=lightbox-delete]");
      // Viewport only: a full-page screenshot resizes the viewport and would move the scroll position under test.
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, "library-delete-confirm.png") });
      await page.click("[data-testid=delete-confirm-yes]");
      await page.waitForSelector(`[data-testid=tile][data-generation-id="${victim}"]`, { state: "detached" });
      // The lightbox moves on to the next generation and keeps focus inside.
      await page.waitForFunction((p) => document.querySelector("[data-testid=lightbox]")?.textContent?.includes(p), "#102");
      await page.waitForFunction(() => document.querySelector("[data-testid=lightbox]")?.contains(document.activeElement));
      expect(await tileCount(page)).toBe(199);
      await page.keyboard.press("Escape");
      await page.waitForSelector("[data-testid=lightbox]", { state: "detached" });
      const scrollAfter = await page.evaluate(() => window.scrollY);
      expect(Math.abs(scrollAfter - scrollBefore), `scrollY ${scrollBefore} → ${scrollAfter}`).toBeLessThan(2);
      expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe("BODY");

      const left = await withSql(databaseUrl, (sql) => sql`select 1 from generations where id = ${victim}`);
      expect(left.length, "row deleted on the server").toBe(0);
    });
  });
});
