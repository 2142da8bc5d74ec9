import { z } from "zod";

export const EMBEDDED_DEFAULTS = {
  host: "127.0.0.1",
  port: 54329,
  database: "lensroom",
  user: "postgres",
  password: "postgres",
} as const;

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must start with postgres:// or postgresql://")
    .optional(),
  LENSROOM_PG_PORT: z.coerce.number().int().min(1).max(65535).optional(),
});

const supabaseStorageSchema = z.object({
  SUPABASE_URL: z.string().optional(),
  /** The Supabase project's own Postgres, for the bucket's policies when DATABASE_URL is another database. */
  SUPABASE_DB_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "SUPABASE_DB_URL must start with postgres:// or postgresql://")
    .optional(),
});

export function embeddedDatabaseUrl(port: number = EMBEDDED_DEFAULTS.port, database: string = EMBEDDED_DEFAULTS.database) {
  const { user, password, host } = EMBEDDED_DEFAULTS;
  return `postgres://${user}:${password}@${host}:${port}/${database}`;
}

/** The URL everything uses: `DATABASE_URL` when set, else the embedded server's. */
export function resolveDatabaseUrl(env: Record<string, string | undefined> = process.env) {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const errors = z.flattenError(parsed.error).fieldErrors;
    throw new Error(`Invalid database configuration: ${JSON.stringify(errors)}`);
  }
  const { DATABASE_URL, LENSROOM_PG_PORT } = parsed.data;
  return DATABASE_URL
    ? { url: DATABASE_URL, embedded: false as const }
    : { url: embeddedDatabaseUrl(LENSROOM_PG_PORT), embedded: true as const, port: LENSROOM_PG_PORT ?? EMBEDDED_DEFAULTS.port };
}

/**
 * Where the bucket's policies go when storage is Supabase: `undefined` with local storage; otherwise the Supabase
 * project's database when SUPABASE_DB_URL names it (the app's own database may be another one).
 */
export function resolveSupabaseStorageTarget(env: Record<string, string | undefined> = process.env): { policiesDatabaseUrl?: string } | undefined {
  const parsed = supabaseStorageSchema.safeParse(Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v?.trim() === "" ? undefined : v])));
  if (!parsed.success) throw new Error(`Invalid database configuration: ${JSON.stringify(z.flattenError(parsed.error).fieldErrors)}`);
  if (!parsed.data.SUPABASE_URL) return undefined;
  return parsed.data.SUPABASE_DB_URL ? { policiesDatabaseUrl: parsed.data.SUPABASE_DB_URL } : {};
}
