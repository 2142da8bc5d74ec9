import path from "node:path";

import { repoRoot } from "@lensroom/db";
import { createLocalStorageDriver } from "@lensroom/storage/local";
import { createSupabaseStorageDriver } from "@lensroom/storage/supabase";

import type { ServerEnv } from "../env";

/** Supabase Storage when configured, else the local filesystem driver served by the web app. */
export function createStorage(env: ServerEnv) {
  if (env.SUPABASE_URL && env.SUPABASE_SERVICE_ROLE_KEY) {
    return createSupabaseStorageDriver({ url: env.SUPABASE_URL, serviceRoleKey: env.SUPABASE_SERVICE_ROLE_KEY });
  }
  return createLocalStorageDriver({ rootDir: localStorageDir(env), publicBaseUrl: localPublicBaseUrl(env) });
}

export const localStorageDir = (env: Pick<ServerEnv, "STORAGE_LOCAL_DIR">) =>
  env.STORAGE_LOCAL_DIR ?? path.join(repoRoot(), ".data", "storage");

export const localPublicBaseUrl = (env: Pick<ServerEnv, "STORAGE_PUBLIC_BASE_URL" | "PUBLIC_WEB_URL">) =>
  env.STORAGE_PUBLIC_BASE_URL ?? new URL("/storage/v1/object/public", env.PUBLIC_WEB_URL).toString();
