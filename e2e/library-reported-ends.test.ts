import { randomUUID } from "node:crypto";

import { describe, expect, inject, it } from "vitest";

import { signInAdmin } from "./lib/admin-session";
import { screenshot, withPage } from "./lib/browser";
import { withSql } from "./lib/library-db";
import { localUserId } from "./lib/library-helpers";
import { signIn, uniqueEmail } from "./lib/studio-flow";

const webUrl = inject("webUrl");
const adminUrl = inject("adminUrl");
const databaseUrl = inject("databaseUrl");

// Rows as the sync and the adoption leave them: an expiry KIE caused, an old site's failure, an expiry of our own.
describe("library: an expiry KIE reported and an old site's failure explain themselves", () => {
  it("each says why in Russian, with the old site's own words under it, and offers no re-sync; our own expiry still does", async () => {
    const email = uniqueEmail("reported-ends");
    const userId = localUserId(email);
    const ids = { unknown: randomUUID(), legacy: randomUUID(), ours: randomUUID() };
    const tag = randomUUID().slice(0, 8);
    await withSql(
      databaseUrl,
      (sql) => sql`
      insert into generations (id, user_id, type, model, prompt, status, task_id, error_code, error_message, media_error, created_at)
      values
        (${ids.unknown}, ${userId}, 'photo', 'google/imagen4', 'a lighthouse KIE forgot', 'expired', ${`gone-${tag}`},
         'kie_task_unknown', 'KIE no longer knows this task (it keeps results for 14 days)', null, now() - interval '3 days'),
        (${ids.legacy}, ${userId}, 'photo', 'google/imagen4', 'a lighthouse the old site failed', 'failed', ${`old-${tag}`},
         'legacy_failed', 'Old site: upstream answered 500', null, now() - interval '40 days'),
        (${ids.ours}, ${userId}, 'photo', 'google/imagen4', 'a lighthouse whose link died as we copied', 'expired', ${`ours-${tag}`},
         null, null, 'tempfile.aiquickdraw.com answered 404: the file is gone', now() - interval '1 day')`,
    );
    const tile = (id: string) => `[data-testid=tile][data-generation-id="${id}"]`;

    await withPage("library-reported-ends", async (page) => {
      await signIn(page, webUrl, email);
      await page.goto(`${webUrl}/library`);
      for (const id of Object.values(ids)) await page.waitForSelector(`${tile(id)} [data-testid=no-preview]`);

      const unknown = await page.textContent(`${tile(ids.unknown)} [data-testid=failure-reason]`);
      expect(unknown).toContain("14 дней");
      expect(unknown, "our own English is not shown under the sentence").not.toContain("KIE no longer knows");
      expect(await page.$(`${tile(ids.unknown)} [data-testid=tile-resync]`), "no re-sync for an expiry KIE caused").toBeNull();

      const legacy = await page.textContent(`${tile(ids.legacy)} [data-testid=failure-reason]`);
      expect(legacy).toContain("старом сайте");
      expect(legacy).toContain("Old site: upstream answered 500");
      expect(await page.$(`${tile(ids.legacy)} [data-testid=tile-resync]`), "no re-sync for the old site's failure").toBeNull();

      expect(await page.$(`${tile(ids.ours)} [data-testid=failure-reason]`)).toBeNull();
      expect(await page.textContent(`${tile(ids.ours)} [data-testid=no-preview]`)).toContain("Ссылка у провайдера истекла");
      expect(await page.$(`${tile(ids.ours)} [data-testid=tile-resync]`), "re-sync offered for our own expiry").not.toBeNull();
      await screenshot(page, "library-reported-ends");

      await page.goto(`${webUrl}/library?open=${ids.unknown}`);
      await page.waitForSelector("[data-testid=lightbox] [data-testid=lightbox-reason]");
      expect(await page.textContent("[data-testid=lightbox] [data-testid=lightbox-reason]")).toContain("14 дней");
    });

    await withPage("admin-reported-ends", async (page) => {
      await signInAdmin(page, adminUrl, uniqueEmail("staff-reported-ends"), "staff");
      await page.goto(`${adminUrl}/repair?search=${encodeURIComponent(userId)}`);
      const row = (id: string) => `[data-testid=problem-row][data-id="${id}"]`;
      for (const id of Object.values(ids)) await page.waitForSelector(row(id));
      expect(await page.textContent(`${row(ids.unknown)} [data-testid=row-reason-code]`)).toContain("14 дней");
      expect(await page.textContent(`${row(ids.legacy)} [data-testid=row-reason-code]`)).toContain("старом сайте");
      expect(await page.textContent(`${row(ids.legacy)}`)).toContain("Old site: upstream answered 500");
      expect(await page.textContent(`${row(ids.legacy)} [data-testid=row-no-resync]`)).toContain("старый сайт");
      expect(await page.getAttribute(row(ids.ours), "data-can-resync")).toBe("true");
    });
  });
});
