import { NextIntlClientProvider } from "next-intl";
import type { ReactNode } from "react";

import { pickMessages } from "@/lib/client-messages";
import { TRPCReactProvider } from "@/trpc/client";

/** What the studio's client components use: React Query with tRPC, and the messages of their namespaces. */
const STUDIO_NAMESPACES = ["studio", "type", "status", "card", "kieErrors", "noPreview", "library"] as const;

export default async function CreateLayout({ children }: { children: ReactNode }) {
  return (
    <NextIntlClientProvider messages={await pickMessages(STUDIO_NAMESPACES)}>
      <TRPCReactProvider>{children}</TRPCReactProvider>
    </NextIntlClientProvider>
  );
}
