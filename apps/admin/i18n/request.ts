import { LOCALE_COOKIE, resolveLocale, TIME_ZONE } from "@lensroom/app-shell/locales";
import { cookies } from "next/headers";
import { getRequestConfig } from "next-intl/server";

export default getRequestConfig(async () => {
  const locale = resolveLocale((await cookies()).get(LOCALE_COOKIE)?.value);
  const messages = locale === "en" ? (await import("../messages/en.json")).default : (await import("../messages/ru.json")).default;
  return { locale, messages, timeZone: TIME_ZONE };
});
