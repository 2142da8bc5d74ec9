import postgres, { type Sql } from "postgres";

import { POLICY_ROWS_SQL, type PolicyRow } from "./policy-exposure";
import { isSupabaseDatabase } from "./supabase-detect";

/** A short-lived connection to the Supabase project's database (SUPABASE_DB_URL), separate from the app's. */
export async function withSupabaseProjectDatabase<T>(url: string, run: (sql: Sql) => Promise<T>): Promise<T> {
  const sql = postgres(url, {
    max: 1,
    connect_timeout: 10,
    idle_timeout: 5,
    onnotice: () => undefined,
    connection: { application_name: "lensroom-storage-policies" },
  });
  try {
    return await run(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** The policies on `storage.objects` as the Supabase project's database holds them; null when it is not one. */
export async function readStoragePoliciesAt(url: string): Promise<PolicyRow[] | null> {
  return withSupabaseProjectDatabase(url, async (sql) => {
    if (!(await isSupabaseDatabase(sql))) return null;
    const rows = await sql.unsafe<PolicyRow[]>(POLICY_ROWS_SQL);
    return rows.filter((row) => row.schema === "storage");
  });
}
