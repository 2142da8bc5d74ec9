import { resolveDatabaseUrl } from "@lensroom/db";
import { readStorageEnv, type StorageConfig } from "@lensroom/storage";
import { z } from "zod";

const bool = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

const csv = z.string().transform((v) =>
  v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean),
);

/** KIE's documented result hosts (fact sheet §5.2). */
export const KIE_RESULT_HOSTS = ["tempfile.aiquickdraw.com", "file.aiquickdraw.com", "static.aiquickdraw.com", "*.redpandaai.co"];

/** pino's levels; `silent` logs nothing. */
export const logLevelSchema = z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);
export type LogLevel = z.infer<typeof logLevelSchema>;

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** `embedded`: local Postgres, local storage, KIE simulator, local sign-in. `production`: external services only. */
  LENSROOM_MODE: z.enum(["embedded", "production"]).default("embedded"),
  PUBLIC_WEB_URL: z.url().default("http://localhost:3000"),
  KIE_BASE_URL: z.url().default("http://127.0.0.1:4010"),
  KIE_API_KEY: z.string().min(1, "KIE_API_KEY is required"),
  /** HMAC key KIE signs callbacks with (KIE settings → webhookHmacKey). Also accepted as the legacy `?secret=` token. */
  KIE_CALLBACK_SECRET: z.string().min(16, "KIE_CALLBACK_SECRET must be at least 16 characters"),
  /** Put `?secret=` on callback URLs too (deployments whose KIE account has no HMAC key yet). */
  KIE_CALLBACK_LEGACY_TOKEN: bool.default(false),
  AUTH_JWT_SECRET: z.string().min(32, "AUTH_JWT_SECRET must be at least 32 characters").optional(),
  SUPABASE_URL: z.url().optional(),
  SUPABASE_JWT_SECRET: z.string().min(32).optional(),
  /** The Supabase project's own Postgres, when DATABASE_URL is another database: the bucket's policies live there. */
  SUPABASE_DB_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "SUPABASE_DB_URL must start with postgres:// or postgresql://")
    .optional(),
  /** The project's public anon key: lets the apps sign users in with Supabase Auth (email + password). */
  SUPABASE_ANON_KEY: z.string().min(20).optional(),
  /** Where Supabase publishes its public signing keys (default `${SUPABASE_URL}/auth/v1/.well-known/jwks.json`). */
  SUPABASE_JWKS_URL: z.url().optional(),
  /** Accept the LOCAL-ONLY sign-in (AUTH_JWT_SECRET tokens) even with NODE_ENV=production or outside embedded mode. */
  AUTH_ALLOW_LOCAL_SIGN_IN: bool.optional(),
  /** Server-to-server bearer for `POST /api/sync-task`. */
  INTERNAL_API_TOKEN: z.string().min(24, "INTERNAL_API_TOKEN must be at least 24 characters").optional(),
  STAFF_USER_IDS: csv.default([]),
  /** Origins (e.g. the old site's) allowed to hand a signed-in user's Supabase session to POST /api/auth/session. */
  AUTH_HANDOFF_ORIGINS: csv.pipe(z.array(z.url().transform((u) => new URL(u).origin))).default([]),
  DOWNLOAD_ALLOWED_HOSTS: csv.optional(),
  NEXT_PUBLIC_KIE_FALLBACK_SYNC: bool.default(false),
  LENSROOM_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
  /** Generations queued/generating longer than this are re-synced by the sweep. */
  LENSROOM_STUCK_AFTER_SECONDS: z.coerce.number().int().min(5).default(120),
  /** Override the expiry of ingest and sync jobs (a job whose worker died is retried after this). Unset: the queue defaults (600 s / 120 s). */
  LENSROOM_JOB_EXPIRE_SECONDS: z.coerce.number().int().min(1).max(86_000).optional(),
  /** How often a worker process runs pg-boss maintenance (expiring jobs of dead workers, archiving). pg-boss default: 120. */
  LENSROOM_JOB_MAINTENANCE_SECONDS: z.coerce.number().int().min(1).max(3_600).default(120),
  /** Lowest level of the JSON logs (default info; silent under vitest unless set). */
  LOG_LEVEL: logLevelSchema.optional(),
  /** Bearer a scraper sends to `/metrics`; required in production mode, optional (and then enforced) in embedded mode. */
  METRICS_TOKEN: z.string().min(24, "METRICS_TOKEN must be at least 24 characters").optional(),
  /** Port of a worker process's `/metrics` server: unset = none, 0 = any free port (printed at start). */
  METRICS_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
  /** Address that server binds (default 127.0.0.1 in embedded mode, 0.0.0.0 in production). */
  METRICS_HOST: z.string().min(1).optional(),
  /** How old the doctor's state on `/metrics` may get before a scrape runs the doctor again (default 300 s). */
  METRICS_DOCTOR_INTERVAL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(300),
  /**
   * Days of history kept: webhook deliveries, finished bulk runs and their items, rejected-callback counts and
   * samples (deleted by the sweep), and pg-boss's job archive (deleted by pg-boss's own maintenance).
   */
  LENSROOM_RETENTION_DAYS: z.coerce.number().int().min(1, "LENSROOM_RETENTION_DAYS must be at least 1").max(3_650).default(30),
});

export type ServerEnv = z.infer<typeof schema> & { DATABASE_URL: string; databaseEmbedded: boolean; storage: StorageConfig };

/** Storage validates its own variables; local objects are served by the web app (PUBLIC_WEB_URL) unless told otherwise. */
export function storageConfigFromEnv(env: Record<string, string | undefined>): StorageConfig {
  return readStorageEnv({
    ...env,
    STORAGE_PUBLIC_BASE_URL: env.STORAGE_PUBLIC_BASE_URL || new URL("/storage/v1/object/public", env.PUBLIC_WEB_URL || "http://localhost:3000").toString(),
  });
}

/** Parse and check the server configuration; a bad value stops start-up with a message naming the variable. */
export function parseServerEnv(env: Record<string, string | undefined> = process.env): ServerEnv {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = Object.entries(z.flattenError(parsed.error).fieldErrors).map(([k, v]) => `  ${k}: ${v?.join("; ")}`);
    throw new Error(`Invalid configuration (see .env.example):\n${lines.join("\n")}`);
  }
  const value = parsed.data;
  if (value.LENSROOM_MODE === "embedded" && !value.AUTH_JWT_SECRET) {
    throw new Error("Invalid configuration (see .env.example):\n  AUTH_JWT_SECRET: required in embedded mode");
  }
  if (value.LENSROOM_MODE === "production" && !value.SUPABASE_URL) {
    throw new Error("Invalid configuration (see .env.example):\n  SUPABASE_URL: required in production mode (it names the token issuer and the JWKS)");
  }
  if (value.LENSROOM_MODE === "production" && !value.METRICS_TOKEN) {
    throw new Error("Invalid configuration (see .env.example):\n  METRICS_TOKEN: required in production mode (the bearer /metrics asks for)");
  }
  const database = resolveDatabaseUrl(env);
  const storage = storageConfigFromEnv({ ...env, PUBLIC_WEB_URL: value.PUBLIC_WEB_URL });
  return { ...value, DATABASE_URL: database.url, databaseEmbedded: database.embedded, storage };
}

export function downloadAllowedHosts(env: ServerEnv): string[] {
  if (env.DOWNLOAD_ALLOWED_HOSTS) return env.DOWNLOAD_ALLOWED_HOSTS;
  const hosts = [...KIE_RESULT_HOSTS];
  if (env.LENSROOM_MODE === "embedded") hosts.push(new URL(env.KIE_BASE_URL).hostname, "localhost", "127.0.0.1");
  return hosts;
}

/**
 * The log level alone, for the logger, which starts before (and without) the full configuration: LOG_LEVEL when set,
 * else `silent` under vitest and `info` everywhere else. A bad value is an error naming the variable.
 */
export function logLevelFromEnv(env: Record<string, string | undefined> = process.env): LogLevel {
  if (!env.LOG_LEVEL) return env.VITEST ? "silent" : "info";
  const parsed = logLevelSchema.safeParse(env.LOG_LEVEL);
  if (!parsed.success) throw new Error(`Invalid configuration (see .env.example):\n  LOG_LEVEL: one of ${logLevelSchema.options.join(", ")}`);
  return parsed.data;
}
