import { randomUUID } from "node:crypto";

import { describe, expect, inject, it } from "vitest";

import { withPage } from "./lib/browser";
import { withSql } from "./lib/library-db";
import { localUserId } from "./lib/library-helpers";
import { signIn, uniqueEmail } from "./lib/studio-flow";

const webUrl = inject("webUrl");
const databaseUrl = inject("databaseUrl");

describe("library: one user never sees another's generations", () => {
  it("neither in the list, nor by /library?open=<id>, nor through the API", async () => {
    const owner = uniqueEmail("owner");
    const secretId = randomUUID();
    const secret = `the owner's private prompt ${randomUUID().slice(0, 8)}`;
    await withSql(
      databaseUrl,
      (sql) => sql`
      insert into generations (id, user_id, type, model, prompt, status, error_code, error_message)
      values (${secretId}, ${localUserId(owner)}, 'photo', 'flux-kontext', ${secret}, 'failed', '400', 'flagged')`,
    );

    await withPage("library-isolation", async (page) => {
      // The owner sees it (so the row is a real library item).
      await signIn(page, webUrl, owner);
      await page.goto(`${webUrl}/library`);
      await page.waitForSelector(`[data-testid=tile][data-generation-id="${secretId}"]`);
      await page.context().clearCookies();

      const other = uniqueEmail("other");
      await signIn(page, webUrl, other);
      for (const url of [`/library`, `/library?status=failed`, `/library?open=${secretId}`]) {
        const response = await page.goto(`${webUrl}${url}`);
        expect(response?.status()).toBe(200);
        await page.waitForSelector("[data-testid=library-empty], [data-testid=library-grid]");
        await page.waitForLoadState("networkidle"); // whatever the client fetches after hydration has arrived
        const html = await page.content();
        expect(html, `${url} leaks the prompt`).not.toContain(secret);
        // (`?open=<id>` puts the id in the page's own URL state; what must never appear is the generation.)
        expect(await page.$(`[data-generation-id="${secretId}"]`), `${url} shows the tile`).toBeNull();
        expect(html, `${url} leaks KIE's reason`).not.toContain("flagged");
        expect(await page.$("[data-testid=lightbox]"), `${url} opens a lightbox`).toBeNull();
      }

      // The API answers like the id does not exist.
      const api = await page.evaluate(async (id) => {
        const input = encodeURIComponent(JSON.stringify({ "0": { json: { ids: [id] } } }));
        const byIds = await fetch(`/api/trpc/library.byIds?batch=1&input=${input}`).then((r) => r.text());
        const del = await fetch(`/api/trpc/library.delete?batch=1`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ "0": { json: { id } } }),
        });
        return { byIds, deleteStatus: del.status, deleteBody: await del.text() };
      }, secretId);
      expect(api.byIds).not.toContain(secret);
      expect(api.byIds).toContain('"json":[]');
      expect(api.deleteBody).toContain("NOT_FOUND");
    });
    const still = await withSql(databaseUrl, (sql) => sql`select 1 from generations where id = ${secretId}`);
    expect(still.length, "the owner's row survived the other user's delete").toBe(1);
  });
});
