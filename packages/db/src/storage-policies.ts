import { readFile } from "node:fs/promises";
import path from "node:path";

import { overBroadPolicies, POLICY_ROWS_SQL, type PolicyRow } from "./policy-exposure";
import { withSupabaseProjectDatabase } from "./read-storage-policies";
import { isSupabaseDatabase } from "./supabase-detect";
import { supabaseSqlFolder } from "./supabase-setup";

// Reads the SQL files from disk (`supabase-setup.ts`): scripts and migrate only, never an app bundle.

/** The file that holds the bucket's policies on `storage.objects`; the other files concern our own tables. */
export const STORAGE_POLICIES_FILE = "0001_storage_policies.sql";

/** The storage policies as SQL, for the Supabase project's SQL editor or `psql`. */
export function storagePoliciesSql(): Promise<string> {
  return readFile(path.join(supabaseSqlFolder, STORAGE_POLICIES_FILE), "utf8");
}

export class NotSupabaseDatabaseError extends Error {
  override readonly name = "NotSupabaseDatabaseError";
  readonly code = "not_supabase_database";
}

/**
 * Install the bucket's policies on the Supabase project's database when the app's own database is another one (the
 * embedded one, or any Postgres): there `pnpm db:migrate` cannot reach `storage.objects`. Returns the names of
 * storage policies that still expose more than the owner's folder.
 */
export async function applyStoragePoliciesAt(url: string): Promise<{ overBroadPolicies: Array<PolicyRow & { why: string }> }> {
  const text = await storagePoliciesSql();
  return withSupabaseProjectDatabase(url, async (sql) => {
    if (!(await isSupabaseDatabase(sql)))
      throw new NotSupabaseDatabaseError("SUPABASE_DB_URL is not a Supabase project's database: it has no storage.objects, storage.foldername() or auth.uid()");
    await sql.begin(async (tx) => {
      await tx`set local lock_timeout = '10s'`;
      await tx.unsafe(text).simple();
    });
    const rows = await sql.unsafe<PolicyRow[]>(POLICY_ROWS_SQL);
    return { overBroadPolicies: overBroadPolicies(rows.filter((row) => row.schema === "storage")) };
  });
}
