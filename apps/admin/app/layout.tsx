import { AppShellBody } from "@lensroom/app-shell/layout";
import { LocaleSwitcher } from "@lensroom/app-shell/locale-switcher";
import { currentIdentity } from "@lensroom/app-shell/session";
import type { Metadata, Viewport } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";

import { AdminNav } from "@/components/admin-nav";
import { TRPCReactProvider } from "@/trpc/client";
import "./globals.css";

export const metadata: Metadata = { title: { default: "LensRoom Admin", template: "%s · LensRoom Admin" } };
export const viewport: Viewport = { themeColor: "#0a0b0f", colorScheme: "dark" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const [locale, t, tNav, identity] = await Promise.all([getLocale(), getTranslations("app"), getTranslations("nav"), currentIdentity()]);
  return (
    <html lang={locale}>
      <AppShellBody locale={locale} skipToContent={t("skipToContent")} TRPCProvider={TRPCReactProvider}>
        <header className="border-b border-white/5 bg-ink-950">
          <div className="mx-auto flex h-14 max-w-7xl items-center gap-3 px-4">
            <span className="font-semibold tracking-tight">{t("name")}</span>
            <div className="ml-auto flex items-center gap-2">
              <LocaleSwitcher current={locale} label={tNav("language")} />
              {identity ? (
                <form action="/api/auth/sign-out" method="post" className="flex items-center gap-2">
                  <span className="hidden truncate text-xs text-zinc-400 sm:inline">{identity.email}</span>
                  <button type="submit" className="rounded-md px-2.5 py-1.5 text-sm text-zinc-300 hover:bg-white/5 hover:text-white">
                    {tNav("signOut")}
                  </button>
                </form>
              ) : null}
            </div>
          </div>
          {identity?.role === "staff" ? (
            <div className="mx-auto max-w-7xl px-2 sm:px-4">
              <AdminNav />
            </div>
          ) : null}
        </header>
        <main id="main" className="mx-auto max-w-7xl px-4 py-6">
          {children}
        </main>
      </AppShellBody>
    </html>
  );
}
