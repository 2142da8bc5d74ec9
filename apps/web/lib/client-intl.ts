import type { Locale } from "@lensroom/app-shell/locales";

/**
 * What client code that loads later needs to translate on its own (no provider on the first screen): the language,
 * the time zone, and only the namespaces it uses (lib/client-messages.ts picks them on the server).
 */
export interface ClientIntl {
  locale: Locale;
  timeZone: string;
  messages: Record<string, unknown>;
}
