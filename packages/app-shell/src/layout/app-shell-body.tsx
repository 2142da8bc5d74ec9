import { NextIntlClientProvider } from "next-intl";
import type { ComponentType, ReactNode } from "react";

import type { Locale } from "../locale/locales";
import { SkipLink } from "./skip-link";

export interface AppShellBodyProps {
  /** The request's language (the layout's `getLocale()`); its messages come from the app's `i18n/request.ts`. */
  locale: Locale;
  /** The skip link's text, in the page's language (both apps: `app.skipToContent`). */
  skipToContent: string;
  /**
   * The app's `TRPCReactProvider` (from its `trpc/client.tsx`), typed over its own router, around every page. Left out
   * when only some routes call tRPC from the browser: those routes' layouts add it, and other pages load none of it.
   */
  TRPCProvider?: ComponentType<{ children: ReactNode }>;
  /**
   * Every message of the request's language for client components on every page (the default). `false` sends none:
   * each route wraps its client components in a `NextIntlClientProvider` with just the namespaces they use.
   */
  clientMessages?: boolean;
  /** The app's header, `<main id="main">` and page. */
  children: ReactNode;
}

/**
 * The `<body>` both root layouts render: the skip link first, then the messages of the request's language and the
 * app's tRPC provider around everything the app draws.
 */
export function AppShellBody({ locale, skipToContent, TRPCProvider, clientMessages = true, children }: AppShellBodyProps) {
  const content = TRPCProvider ? <TRPCProvider>{children}</TRPCProvider> : children;
  return (
    <body className="min-h-dvh">
      <SkipLink label={skipToContent} />
      {clientMessages ? <NextIntlClientProvider locale={locale}>{content}</NextIntlClientProvider> : content}
    </body>
  );
}
