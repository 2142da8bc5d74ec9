import { readFileSync } from "node:fs";
import path from "node:path";

import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";

import { LOCALES } from "../src/locale/locales";

type Messages = { [key: string]: string | Messages };

const APPS_DIR = path.resolve(import.meta.dirname, "../../../apps");
const load = (app: string, locale: string) => JSON.parse(readFileSync(path.join(APPS_DIR, app, "messages", `${locale}.json`), "utf8")) as Messages;
const leaves = (messages: Messages, prefix = ""): Array<[string, string]> =>
  Object.entries(messages).flatMap(([key, value]) =>
    typeof value === "string" ? [[`${prefix}${key}`, value] as [string, string]] : leaves(value, `${prefix}${key}.`),
  );

// Every catalog of both apps: the same keys in every locale, and every message formats (ICU syntax, arguments).
describe.each(["web", "admin"])("%s messages", (app) => {
  const catalogs = Object.fromEntries(LOCALES.map((locale) => [locale, load(app, locale)]));

  it("have the same keys in every locale", () => {
    const keySets = LOCALES.map((locale) =>
      leaves(catalogs[locale] ?? {})
        .map(([key]) => key)
        .sort(),
    );
    for (const keys of keySets.slice(1)) expect(keys).toEqual(keySets[0]);
  });

  it.each(LOCALES)("all format in %s", (locale) => {
    const errors: string[] = [];
    const t = createTranslator({ locale, messages: catalogs[locale] ?? {}, onError: (error) => errors.push(error.message) });
    for (const [key, message] of leaves(catalogs[locale] ?? {})) {
      // Every argument as the number 1: it formats as text, number, plural count or a select's `other` alike.
      const args = Object.fromEntries([...message.matchAll(/\{\s*([A-Za-z_]\w*)/g)].map((m) => [m[1], 1]));
      expect(typeof (t as (key: string, values: Record<string, number>) => string)(key, args), key).toBe("string");
    }
    expect(errors).toEqual([]);
  });
});

describe("admin doctor findings", () => {
  it("name the storage driver in the reader's language", () => {
    const finding = (locale: string, driver: string) =>
      (createTranslator({ locale, messages: load("admin", locale) }) as (key: string, values: Record<string, string>) => string)("doctor.findings.bucket_ok", {
        driver,
      });
    expect(finding("ru", "local")).toBe("Бакет в порядке (локальное хранилище)");
    expect(finding("en", "local")).toBe("Bucket in order (local storage)");
    expect(finding("ru", "supabase")).toBe("Бакет в порядке (Supabase Storage)");
  });
});
