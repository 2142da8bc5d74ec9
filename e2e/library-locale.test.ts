import { describe, expect, inject, it } from "vitest";

import { screenshot, withPage } from "./lib/browser";
import { signIn, uniqueEmail } from "./lib/studio-flow";

const webUrl = inject("webUrl");

describe("language", () => {
  it("is Russian by default; switching to English is remembered across reloads and pages", async () => {
    await withPage("library-locale", async (page) => {
      await signIn(page, webUrl, uniqueEmail("locale"));
      await page.goto(`${webUrl}/library`);
      expect(await page.getAttribute("html", "lang")).toBe("ru");
      expect(await page.textContent("h1")).toBe("Библиотека");

      await page.click("button[lang=en]");
      await page.waitForFunction(() => document.documentElement.lang === "en" && document.querySelector("h1")?.textContent === "Library");
      expect(await page.getAttribute("button[lang=en]", "aria-pressed")).toBe("true");

      await page.reload();
      expect(await page.getAttribute("html", "lang")).toBe("en");
      await page.goto(`${webUrl}/create/studio`);
      expect(await page.getAttribute("html", "lang")).toBe("en");
      expect(await page.textContent("h1")).toMatch(/Studio/i);
      await screenshot(page, "studio-en");

      await page.click("button[lang=ru]");
      await page.waitForFunction(() => document.documentElement.lang === "ru");
      await page.reload();
      expect(await page.getAttribute("html", "lang")).toBe("ru");
    });
  });
});
