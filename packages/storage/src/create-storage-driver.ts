import type { StorageDriver } from "./driver";
import { createLocalStorageDriver } from "./local-driver";
import type { StorageConfig } from "./storage-config";
import { createSupabaseStorageDriver } from "./supabase-driver";

export interface StorageDriverDeps {
  /** Injected fetch for the Supabase driver (tests, instrumentation). */
  fetch?: typeof fetch;
}

/** Builds the driver a config asks for. Reads no environment: pass `readStorageEnv()` or a literal config. */
export function createStorageDriver(config: StorageConfig, deps: StorageDriverDeps = {}): StorageDriver {
  if (config.driver === "supabase") {
    return createSupabaseStorageDriver({ url: config.url, serviceRoleKey: config.serviceRoleKey, fetch: deps.fetch });
  }
  return createLocalStorageDriver({ rootDir: config.rootDir, publicBaseUrl: config.publicBaseUrl });
}
