/** The languages both apps speak; the first request without a choice gets DEFAULT_LOCALE. */
export const LOCALES = ["ru", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "ru";
/** The cookie the header's language switcher writes; there is no locale in the URL. */
export const LOCALE_COOKIE = "NEXT_LOCALE";
export const TIME_ZONE = "Europe/Moscow";

export function resolveLocale(value: string | undefined | null): Locale {
  return LOCALES.find((l) => l === value) ?? DEFAULT_LOCALE;
}
