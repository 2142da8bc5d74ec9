import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

import { baseNextConfig } from "./base-next-config";
import { parseNextShellEnv } from "./env";

/**
 * An app's whole `next.config.ts`: the shared base, then `overrides` for what only this app needs, wrapped in
 * next-intl with the app's own `./i18n/request.ts`.
 */
export function createNextConfig(overrides: NextConfig = {}): NextConfig {
  const withNextIntl = createNextIntlPlugin("./i18n/request.ts");
  return withNextIntl({ ...baseNextConfig(parseNextShellEnv()), ...overrides });
}
