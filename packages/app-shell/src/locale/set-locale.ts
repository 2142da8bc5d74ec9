"use server";

import { cookies } from "next/headers";

import { LOCALE_COOKIE, resolveLocale } from "./locales";

/** Remember the chosen language for a year; the next render reads it in the app's i18n/request.ts. */
export async function setLocale(value: string) {
  (await cookies()).set(LOCALE_COOKIE, resolveLocale(value), { path: "/", maxAge: 60 * 60 * 24 * 365, sameSite: "lax" });
}
