"use server";

import { LOCALE_COOKIE, resolveLocale } from "@lensroom/app-shell/locales";
import { cookies } from "next/headers";

/** Remember the chosen language for a year; the next render reads it in i18n/request.ts. */
export async function setLocale(value: string) {
  (await cookies()).set(LOCALE_COOKIE, resolveLocale(value), { path: "/", maxAge: 60 * 60 * 24 * 365, sameSite: "lax" });
}
