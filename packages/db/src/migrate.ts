import { migrate } from "drizzle-orm/postgres-js/migrator";

import { assertGenerationsTableIsOurs } from "./adopt/legacy-table";
import { createDatabase } from "./client";
import { migrationsFolder } from "./migrations-folder";
import { applyStoragePoliciesAt } from "./storage-policies";
import { applySupabaseSetup } from "./supabase-setup";

export { migrationsFolder };

/**
 * Apply every checked-in migration, in order, on one connection, then the Supabase-only policies (skipped with one
 * log line on plain Postgres). Safe to run on every start. A database that already holds a generations table we did
 * not create (the old site's) is refused before anything runs: `pnpm db:adopt` takes it over.
 */
export interface MigrateOptions {
  log?: (line: string) => void;
  /** Set when storage is Supabase (see `resolveSupabaseStorageTarget`): the bucket's policies must exist somewhere. */
  supabaseStorage?: { policiesDatabaseUrl?: string };
}

export const STORAGE_POLICIES_ELSEWHERE_LINE =
  "WARNING: storage is Supabase but this database is not the Supabase project's, so the bucket's policies are not installed: set SUPABASE_DB_URL to the project's database and run pnpm db:storage-policies --apply (docs/deploy.md)";

export async function migrateDatabase(url: string, options: MigrateOptions = {}) {
  const log = options.log ?? ((line: string) => console.log(line));
  const { db, sql, close } = createDatabase(url, { max: 1, applicationName: "lensroom-migrate" });
  let setup: Awaited<ReturnType<typeof applySupabaseSetup>>;
  try {
    await assertGenerationsTableIsOurs(sql);
    await migrate(db, { migrationsFolder });
    setup = await applySupabaseSetup(sql, { log });
  } finally {
    await close();
  }
  // Mixed mode: our tables live here, the bucket's objects in the Supabase project's database.
  if (setup.applied || !options.supabaseStorage) return;
  const elsewhere = options.supabaseStorage.policiesDatabaseUrl;
  if (!elsewhere) {
    log(STORAGE_POLICIES_ELSEWHERE_LINE);
    return;
  }
  const { overBroadPolicies } = await applyStoragePoliciesAt(elsewhere);
  log("applied the bucket's storage policies on the Supabase project's database (SUPABASE_DB_URL)");
  for (const policy of overBroadPolicies) log(`WARNING: policy "${policy.name}" on storage.objects gives ${policy.why}; drop it (see docs/deploy.md)`);
}
