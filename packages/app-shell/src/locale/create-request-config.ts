import { cookies } from "next/headers";
import { getRequestConfig } from "next-intl/server";

import { LOCALE_COOKIE, resolveLocale, TIME_ZONE, type Locale } from "./locales";

/** How an app loads one language's messages: a dynamic `import("../messages/<locale>.json")` of its own. */
export type MessageLoaders<TMessages> = Record<Locale, () => Promise<{ default: TMessages }>>;

/**
 * An app's whole `i18n/request.ts` (next-intl's request config): the locale from the switcher's cookie (Russian
 * without one), only that language's messages loaded, times in Moscow time.
 */
export function createRequestConfig<TMessages extends Record<string, unknown>>(loaders: MessageLoaders<TMessages>) {
  return getRequestConfig(async () => {
    const locale = resolveLocale((await cookies()).get(LOCALE_COOKIE)?.value);
    const messages = (await loaders[locale]()).default;
    return { locale, messages, timeZone: TIME_ZONE };
  });
}
