import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { getTableName, is } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";
import type { Sql } from "postgres";

import { overBroadPolicies, POLICY_ROWS_SQL, type PolicyRow } from "./policy-exposure";
import { isSupabaseDatabase } from "./supabase-detect";
import * as schema from "./schema";

// Joined from the module's own path rather than `new URL("../sql/supabase", import.meta.url)`: Turbopack reads that
// form as an asset import and cannot bundle a folder, should an app ever bundle this file.
export const supabaseSqlFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "../sql/supabase");
export const SUPABASE_SKIPPED_LINE = "skipped Supabase policies: no storage/auth schema";

export type SupabaseSetupResult = { applied: true; files: string[]; overBroadPolicies: string[] } | { applied: false };

export { IS_SUPABASE_DATABASE_SQL, isSupabaseDatabase } from "./supabase-detect";

/** Every table our schema defines (all live in `public`). */
export const appTableNames = (): string[] => (Object.values(schema) as unknown[]).flatMap((value) => (is(value, PgTable) ? [getTableName(value)] : []));

/** Policies on our bucket's objects or our table that expose more than their owner's own, judged by meaning. */
async function findOverBroadPolicies(sql: Sql) {
  return overBroadPolicies(await sql.unsafe<PolicyRow[]>(POLICY_ROWS_SQL));
}

/**
 * Apply `sql/supabase/*.sql` (storage policies, row-level security) in name order, each file in one transaction.
 * Every file is idempotent, so this runs after every `migrate`. On plain Postgres it logs one line and does nothing.
 */
export async function applySupabaseSetup(sql: Sql, options: { log?: (line: string) => void } = {}): Promise<SupabaseSetupResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  if (!(await isSupabaseDatabase(sql))) {
    log(SUPABASE_SKIPPED_LINE);
    return { applied: false };
  }
  const files = (await readdir(supabaseSqlFolder)).filter((f) => f.endsWith(".sql")).sort();
  for (const file of files) {
    const text = await readFile(path.join(supabaseSqlFolder, file), "utf8");
    await sql.begin(async (tx) => {
      await tx`set local lock_timeout = '10s'`;
      await tx.unsafe(text).simple();
    });
  }
  // Every table of ours gets RLS, also ones added after these files were written: no policy means server-only.
  for (const table of appTableNames()) {
    await sql.unsafe(`alter table public."${table.replace(/"/g, '""')}" enable row level security`);
  }
  const overBroad = await findOverBroadPolicies(sql);
  log(`applied Supabase policies: ${files.join(", ")}`);
  for (const policy of overBroad) {
    log(`WARNING: policy "${policy.name}" on ${policy.schema}.${policy.table} gives ${policy.why}; drop it (see docs/deploy.md)`);
  }
  return { applied: true, files, overBroadPolicies: overBroad.map((p) => p.name) };
}
