import type { LocalStorageConfig } from "./local-driver";
import type { SupabaseStorageConfig } from "./supabase-driver";

/** Which driver to build, with its settings. Produced by `readStorageEnv` or written by hand in tests. */
export type StorageConfig =
  | ({ driver: "supabase" } & Pick<SupabaseStorageConfig, "url" | "serviceRoleKey">)
  | ({ driver: "local" } & LocalStorageConfig);
