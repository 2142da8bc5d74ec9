import { ShellBody } from "@lensroom/app-shell/shell-body";
import type { Metadata, Viewport } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";

import { SiteHeader } from "@/components/shell/site-header";
import "./globals.css";

export const metadata: Metadata = { title: { default: "LensRoom", template: "%s · LensRoom" } };
export const viewport: Viewport = { themeColor: "#0a0b0f", colorScheme: "dark" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  const t = await getTranslations("app");
  return (
    <html lang={locale}>
      {/* No tRPC or message catalogue for every page: /create adds both, /library loads what it needs when it needs it. */}
      <ShellBody skipToContent={t("skipToContent")}>
        <SiteHeader />
        <main id="main" className="mx-auto w-full max-w-[1600px] px-3 pb-16 pt-4 sm:px-6">
          {children}
        </main>
      </ShellBody>
    </html>
  );
}
