import { describe, expect, it } from "vitest";

import { DEFAULT_LOCALE, LOCALES, resolveLocale } from "../src/locale/locales";

describe("resolveLocale", () => {
  it("keeps a supported locale", () => {
    for (const locale of LOCALES) expect(resolveLocale(locale)).toBe(locale);
  });

  it("falls back to the default for anything else", () => {
    expect(DEFAULT_LOCALE).toBe("ru");
    for (const value of [undefined, null, "", "de", "EN", "en-US"]) expect(resolveLocale(value)).toBe(DEFAULT_LOCALE);
  });
});
