import type messages from "./messages/ru.json";
import type { Locale } from "@lensroom/app-shell/locales";

declare module "next-intl" {
  interface AppConfig {
    Locale: Locale;
    Messages: typeof messages;
  }
}
