import type { LocalStorageConfig } from "./local-driver";
import type { SupabaseStorageConfig } from "./supabase-driver";

/** Which driver to build, with its settings. Produced by `readStorageEnv` or written by hand in tests. */
export type StorageConfig = ({ driver: "supabase" } & Pick<SupabaseStorageConfig, "url" | "serviceRoleKey">) | ({ driver: "local" } & LocalStorageConfig);

/** What a config's public object URLs start with, before `/generations/` (as its driver's `publicBaseUrl`). */
export function publicBaseUrlOf(config: StorageConfig): string {
  if (config.driver === "supabase") return `${config.url.replace(/\/+$/, "")}/storage/v1/object/public`;
  return config.publicBaseUrl.replace(/\/+$/, "");
}
