import { fileURLToPath } from "node:url";

import { migrate } from "drizzle-orm/postgres-js/migrator";

import { createDatabase } from "./client";
import { applySupabaseSetup } from "./supabase-setup";

export const migrationsFolder = fileURLToPath(new URL("../drizzle", import.meta.url));

/**
 * Apply every checked-in migration, in order, on one connection, then the Supabase-only policies (skipped with one
 * log line on plain Postgres). Safe to run on every start.
 */
export async function migrateDatabase(url: string, options: { log?: (line: string) => void } = {}) {
  const { db, sql, close } = createDatabase(url, { max: 1, applicationName: "lensroom-migrate" });
  try {
    await migrate(db, { migrationsFolder });
    await applySupabaseSetup(sql, options);
  } finally {
    await close();
  }
}
