import { migrate } from "drizzle-orm/postgres-js/migrator";

import { assertGenerationsTableIsOurs } from "./adopt/legacy-table";
import { createDatabase } from "./client";
import { migrationsFolder } from "./migrations-folder";
import { applySupabaseSetup } from "./supabase-setup";

export { migrationsFolder };

/**
 * Apply every checked-in migration, in order, on one connection, then the Supabase-only policies (skipped with one
 * log line on plain Postgres). Safe to run on every start. A database that already holds a generations table we did
 * not create (the old site's) is refused before anything runs: `pnpm db:adopt` takes it over.
 */
export async function migrateDatabase(url: string, options: { log?: (line: string) => void } = {}) {
  const { db, sql, close } = createDatabase(url, { max: 1, applicationName: "lensroom-migrate" });
  try {
    await assertGenerationsTableIsOurs(sql);
    await migrate(db, { migrationsFolder });
    await applySupabaseSetup(sql, options);
  } finally {
    await close();
  }
}
