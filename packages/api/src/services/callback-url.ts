import type { ServerEnv } from "../env";

/** Where KIE posts results. The legacy `?secret=` token is added only for accounts configured the old way. */
export function kieCallbackUrl(env: Pick<ServerEnv, "PUBLIC_WEB_URL" | "KIE_CALLBACK_LEGACY_TOKEN" | "KIE_CALLBACK_SECRET">) {
  const url = new URL("/api/webhooks/kie", env.PUBLIC_WEB_URL);
  if (env.KIE_CALLBACK_LEGACY_TOKEN) url.searchParams.set("secret", env.KIE_CALLBACK_SECRET);
  return url.toString();
}
