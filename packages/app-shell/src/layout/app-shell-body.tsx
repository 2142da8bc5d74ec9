import { NextIntlClientProvider } from "next-intl";
import type { ComponentType, ReactNode } from "react";

import type { Locale } from "../locale/locales";
import { ShellBody } from "./shell-body";

export interface AppShellBodyProps {
  /** The request's language (the layout's `getLocale()`); its messages come from the app's `i18n/request.ts`. */
  locale: Locale;
  /** The skip link's text, in the page's language (both apps: `app.skipToContent`). */
  skipToContent: string;
  /** The app's `TRPCReactProvider` (from its `trpc/client.tsx`), typed over its own router. */
  TRPCProvider: ComponentType<{ children: ReactNode }>;
  /** The app's header, `<main id="main">` and page. */
  children: ReactNode;
}

/**
 * The `<body>` of an app whose every page uses tRPC and messages in the browser (the admin): the skip link first,
 * then the messages of the request's language and the app's tRPC provider around everything the app draws.
 */
export function AppShellBody({ locale, skipToContent, TRPCProvider, children }: AppShellBodyProps) {
  return (
    <ShellBody skipToContent={skipToContent}>
      <NextIntlClientProvider locale={locale}>
        <TRPCProvider>{children}</TRPCProvider>
      </NextIntlClientProvider>
    </ShellBody>
  );
}
