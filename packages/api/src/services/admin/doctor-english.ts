import type { DoctorCheck, DoctorCheckId, DoctorFindingCode, DoctorFindingParams } from "./doctor-findings";
import { ownFixOf, type FindingWithOwnFix } from "./doctor-own-fixes";

/** The doctor in English, for `pnpm run doctor` (the admin page words the same codes through its messages). */
const TITLES: Record<DoctorCheckId, string> = {
  columns: "Table generations has every required column",
  bucket: "Bucket generations exists, is public, allows image/* and video/*, limit 50 MB",
  policies: "Storage policies: owners write only in their folder; no public listing",
  "webhook-secret": "Webhook secret configured",
  "callback-url": "Callback URL reachable from this server",
  kie: "KIE answers with this API key",
  previews: "The newest successful generations all have previews",
  "old-writers": "No rows written in the old site's shape since the adoption",
};

const HINTS: Record<DoctorCheckId, string> = {
  columns: "Run pnpm db:migrate",
  bucket: "Run ensureBucket to create or correct the bucket (pnpm dev does it; or the admin's Fix button)",
  policies: "Run pnpm db:migrate (it installs the storage policies on Supabase); drop the policies named above (docs/deploy.md)",
  "webhook-secret": "Set KIE_CALLBACK_SECRET to KIE's webhookHmacKey",
  "callback-url": "Check PUBLIC_WEB_URL and that the web app is running and reachable",
  kie: "Check KIE_API_KEY and KIE_BASE_URL",
  previews: "Run Re-sync missing on the admin jobs page",
  "old-writers": "Stop the old site's processes, then run pnpm db:adopt --apply to take in what they wrote",
};

const OWN_FIXES: Record<FindingWithOwnFix, string> = {
  bucket_wrong_key: "Set SUPABASE_SERVICE_ROLE_KEY to the service_role (secret) key of this project (Project Settings → API keys) and restart",
  policies_elsewhere:
    "Set SUPABASE_DB_URL to the Supabase project's database and run pnpm db:storage-policies --apply (or paste the SQL that pnpm -s db:storage-policies prints into the project's SQL editor); docs/deploy.md",
  policies_db_not_supabase: "Point SUPABASE_DB_URL at the Supabase project's own database (Project Settings → Database → Connection string)",
};

const FINDINGS: { [C in DoctorFindingCode]: (params: DoctorFindingParams[C]) => string } = {
  columns_present: ({ count }) => `${count} columns`,
  columns_missing: ({ columns }) => `missing: ${columns}`,
  columns_table_missing: () => "there is no table generations: the database is empty or was never migrated",
  bucket_ok: ({ driver }) => `${driver} bucket ok`,
  bucket_missing: () => "bucket not found",
  bucket_wrong_key: ({ kind }) =>
    kind === "rejected"
      ? "wrong key: the Supabase server refuses SUPABASE_SERVICE_ROLE_KEY (401/403), so it is not this project's service_role key"
      : `wrong key: SUPABASE_SERVICE_ROLE_KEY is ${kind === "anon" ? "the anon key" : kind === "publishable" ? "the publishable key" : "not a Supabase service-role key"}; use the service_role (secret) key from Project Settings → API keys`,
  bucket_not_public: () => "not public",
  bucket_types_wrong: ({ types }) => `allowed types ${types}`,
  bucket_types_any: () => "allowed types any",
  bucket_size_limit_wrong: ({ limit }) => `size limit ${limit}`,
  bucket_size_limit_none: () => "size limit none",
  policies_not_applicable: () => "not applicable (local storage)",
  policies_ok: ({ count }) => `${count} policies`,
  policies_over_broad: ({ policies }) => `policies that expose more than the owner's own: ${policies}`,
  policies_missing: ({ commands }) => `no ${commands} policy`,
  policies_elsewhere: () =>
    "storage is Supabase but this database is not the Supabase project's, so the bucket's policies can be neither installed nor checked from here",
  policies_db_not_supabase: () => "SUPABASE_DB_URL is not a Supabase project's database (no storage.objects, storage.foldername() or auth.uid())",
  webhook_hmac: () => "HMAC (X-Webhook-Signature)",
  webhook_hmac_and_legacy: () => "HMAC + legacy ?secret= token",
  webhook_secret_short: ({ min }) => `KIE_CALLBACK_SECRET is shorter than ${min} characters`,
  callback_answered: ({ url, status }) => `${url} answered ${status}`,
  kie_credits: ({ credits, baseUrl }) => `${credits} credits left at ${baseUrl}`,
  previews_thumbnails: ({ withThumbnail, total }) => `${withThumbnail}/${total} of the newest have a thumbnail`,
  old_writers_not_adopted: () => "no adopted site",
  old_writers_none: ({ adopted }) => `${adopted} adopted rows, none written in the old shape since`,
  old_writers_rows: ({ rows }) => `${rows} rows written in the old shape since the adoption`,
  check_error: ({ message }) => `the check could not run: ${message}`,
};

function formatFinding<C extends DoctorFindingCode>(finding: { code: C; params: DoctorFindingParams[C] }): string {
  return FINDINGS[finding.code](finding.params);
}

/** One check as `pnpm run doctor` prints it: its title, what was found, and the fix when it failed. */
export function formatDoctorCheckEnglish(check: DoctorCheck): { title: string; detail: string; hint: string | null } {
  const ownFix = ownFixOf(check);
  return {
    title: TITLES[check.id],
    detail: check.findings.map(formatFinding).join("; "),
    hint: check.ok ? null : ownFix ? OWN_FIXES[ownFix] : HINTS[check.id],
  };
}
