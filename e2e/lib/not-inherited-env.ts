/**
 * Variables from a developer's shell that would point a test system at something other than its own parts (another
 * KIE, storage, Supabase project or metrics port); each system the browser tests start drops them.
 */
export const NOT_INHERITED = [
  "PUBLIC_WEB_URL",
  "KIE_BASE_URL",
  "KIE_API_KEY",
  "KIE_CALLBACK_SECRET",
  "AUTH_JWT_SECRET",
  "INTERNAL_API_TOKEN",
  "STORAGE_LOCAL_DIR",
  "STORAGE_PUBLIC_BASE_URL",
  "SUPABASE_URL",
  "SUPABASE_SERVICE_ROLE_KEY",
  "SUPABASE_JWT_SECRET",
  "SUPABASE_DB_URL",
  "DOWNLOAD_ALLOWED_HOSTS",
  "LENSROOM_PG_PORT",
  "LENSROOM_MODE",
  "AUTH_ALLOW_LOCAL_SIGN_IN",
  "LENSROOM_DATA_DIR",
  "METRICS_TOKEN",
  "METRICS_PORT",
  "METRICS_HOST",
] as const;
