import type { Sql, TransactionSql } from "postgres";

/** The catalog query behind `isSupabaseDatabase`, for callers that hold a Drizzle database instead. */
export const IS_SUPABASE_DATABASE_SQL = `select to_regclass('storage.objects') is not null
   and to_regprocedure('storage.foldername(text)') is not null
   and to_regprocedure('auth.uid()') is not null as ok`;

/** True on a Supabase database: `storage.objects`, `storage.foldername(text)` and `auth.uid()` exist. */
export async function isSupabaseDatabase(sql: Sql | TransactionSql): Promise<boolean> {
  const [row] = await sql.unsafe<{ ok: boolean }[]>(IS_SUPABASE_DATABASE_SQL);
  return row?.ok === true;
}
