import { z } from "zod";

/** The doctor's checks, in the order it reports them. Ids are stable: the admin page and `pnpm run doctor` key on them. */
export const doctorCheckIds = ["columns", "bucket", "policies", "webhook-secret", "callback-url", "kie", "previews", "old-writers"] as const;
export type DoctorCheckId = (typeof doctorCheckIds)[number];

const finding = <TCode extends string, TParams extends z.ZodRawShape>(code: TCode, params: TParams) =>
  z.object({ code: z.literal(code), params: z.object(params) });

/**
 * What a check found, as a stable code and its parameters: each surface words it through the admin's catalog (the
 * admin page in the reader's language, `pnpm run doctor` in English, see `doctor-english.ts`). Parameters are numbers
 * or text that reads the same in every language (names, URLs, error messages).
 */
const doctorFindingSchema = z.discriminatedUnion("code", [
  finding("columns_present", { count: z.number() }),
  finding("columns_missing", { columns: z.string() }),
  /** No table generations at all: an empty or never-migrated database. */
  finding("columns_table_missing", {}),
  finding("bucket_ok", { driver: z.string() }),
  finding("bucket_missing", {}),
  /** SUPABASE_SERVICE_ROLE_KEY is the anon key, the publishable key, no Supabase key at all, or one the server refuses. */
  finding("bucket_wrong_key", { kind: z.enum(["anon", "publishable", "other", "rejected"]) }),
  finding("bucket_not_public", {}),
  finding("bucket_types_wrong", { types: z.string() }),
  finding("bucket_types_any", {}),
  finding("bucket_size_limit_wrong", { limit: z.number() }),
  finding("bucket_size_limit_none", {}),
  finding("policies_not_applicable", {}),
  finding("policies_ok", { count: z.number() }),
  finding("policies_over_broad", { policies: z.string() }),
  finding("policies_missing", { commands: z.string() }),
  /** Storage is Supabase but the app's database is another one, and SUPABASE_DB_URL does not name the project's. */
  finding("policies_elsewhere", {}),
  /** SUPABASE_DB_URL answers but is not a Supabase project's database. */
  finding("policies_db_not_supabase", {}),
  finding("webhook_hmac", {}),
  finding("webhook_hmac_and_legacy", {}),
  finding("webhook_secret_short", { min: z.number() }),
  finding("callback_answered", { url: z.string(), status: z.number() }),
  finding("kie_credits", { credits: z.number(), baseUrl: z.string() }),
  finding("previews_thumbnails", { withThumbnail: z.number(), total: z.number() }),
  finding("old_writers_not_adopted", {}),
  finding("old_writers_none", { adopted: z.number() }),
  finding("old_writers_rows", { rows: z.number() }),
  /** The check itself could not run; `message` is the error as thrown. */
  finding("check_error", { message: z.string() }),
]);
export type DoctorFinding = z.infer<typeof doctorFindingSchema>;
export type DoctorFindingCode = DoctorFinding["code"];

/** One check's verdict: pass or fail and what was found; the fix to suggest on a failure is keyed by `id`. */
export const doctorCheckSchema = z.object({
  id: z.enum(doctorCheckIds),
  ok: z.boolean(),
  findings: z.array(doctorFindingSchema).min(1),
});
export type DoctorCheck = z.infer<typeof doctorCheckSchema>;
