import type { Metadata, Viewport } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";

import { SiteHeader } from "@/components/shell/site-header";
import { TRPCReactProvider } from "@/trpc/client";
import "./globals.css";

export const metadata: Metadata = { title: { default: "LensRoom", template: "%s · LensRoom" } };
export const viewport: Viewport = { themeColor: "#0a0b0f", colorScheme: "dark" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  const t = await getTranslations("app");
  return (
    <html lang={locale}>
      <body className="min-h-dvh">
        <a href="#main" className="sr-only focus:not-sr-only focus:fixed focus:left-3 focus:top-3 focus:z-50 focus:rounded-md focus:bg-ink-800 focus:px-3 focus:py-2">
          {t("skipToContent")}
        </a>
        <NextIntlClientProvider>
          <TRPCReactProvider>
            <SiteHeader />
            <main id="main" className="mx-auto w-full max-w-[1600px] px-3 pb-16 pt-4 sm:px-6">
              {children}
            </main>
          </TRPCReactProvider>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
