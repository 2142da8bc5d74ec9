import { generations } from "@lensroom/db";
import { bucketSpec } from "@lensroom/storage";
import { and, desc, inArray, sql } from "drizzle-orm";

import { kieCallbackUrl } from "../callback-url";
import type { ServiceDeps } from "../deps";

export interface DoctorCheck {
  id: string;
  title: string;
  ok: boolean;
  /** What was found. */
  detail: string;
  /** How to fix it, when not ok. */
  hint: string | null;
}

const REQUIRED_COLUMNS = ["id", "user_id", "type", "status", "task_id", "asset_url", "preview_url", "thumbnail_url", "result_urls", "created_at"];

async function check(id: string, title: string, run: () => Promise<{ ok: boolean; detail: string; hint?: string }>): Promise<DoctorCheck> {
  try {
    const result = await run();
    return { id, title, ok: result.ok, detail: result.detail, hint: result.ok ? null : (result.hint ?? null) };
  } catch (error) {
    return { id, title, ok: false, detail: error instanceof Error ? error.message : String(error), hint: "See the detail; the check itself could not run" };
  }
}

/** The old five-step runbook as live checks, each with a fix hint. Used by the admin page and `pnpm doctor`. */
export async function runDoctor(deps: Pick<ServiceDeps, "db" | "env" | "storage" | "kie">, options: { fetch?: typeof fetch } = {}): Promise<DoctorCheck[]> {
  const fetcher = options.fetch ?? fetch;
  return Promise.all([
    check("columns", "Table generations has every required column", async () => {
      const rows = await deps.db.execute<{ column_name: string }>(
        sql`select column_name from information_schema.columns where table_schema = 'public' and table_name = 'generations'`,
      );
      const present = new Set(rows.map((r) => r.column_name));
      const missing = REQUIRED_COLUMNS.filter((c) => !present.has(c));
      return { ok: missing.length === 0, detail: missing.length ? `missing: ${missing.join(", ")}` : `${present.size} columns`, hint: "Run pnpm db:migrate" };
    }),
    check("bucket", "Bucket generations exists, is public, allows image/* and video/*, limit 50 MB", async () => {
      const bucket = await deps.storage.getBucket();
      if (!bucket) return { ok: false, detail: "bucket not found", hint: "Run ensureBucket (pnpm dev does it; or the admin's Fix button)" };
      const problems: string[] = [];
      if (!bucket.public) problems.push("not public");
      const types = [...(bucket.allowedMimeTypes ?? [])].sort().join(",");
      if (types !== [...(bucketSpec.allowedMimeTypes ?? [])].sort().join(",")) problems.push(`allowed types ${types || "any"}`);
      if (bucket.fileSizeLimit !== bucketSpec.fileSizeLimit) problems.push(`size limit ${bucket.fileSizeLimit ?? "none"}`);
      return { ok: problems.length === 0, detail: problems.length ? problems.join("; ") : `${deps.storage.kind} bucket ok`, hint: "Run ensureBucket to correct the settings" };
    }),
    check("policies", "Storage policies: owners write only in their folder; no public listing", async () => {
      if (deps.storage.kind !== "supabase") return { ok: true, detail: "not applicable (local storage)" };
      const rows = await deps.db.execute<{ policyname: string; roles: string[]; cmd: string }>(
        sql`select policyname, roles::text[] as roles, cmd from pg_policies where schemaname = 'storage' and tablename = 'objects'`,
      );
      const publicSelect = rows.filter((r) => r.cmd === "SELECT" && r.roles.includes("public"));
      const writes = ["INSERT", "UPDATE", "DELETE"].filter((cmd) => !rows.some((r) => r.cmd === cmd));
      const ok = publicSelect.length === 0 && writes.length === 0;
      return {
        ok,
        detail: ok ? `${rows.length} policies` : [publicSelect.length ? "a public SELECT policy lets anyone list files" : "", writes.length ? `no ${writes.join("/")} policy` : ""].filter(Boolean).join("; "),
        hint: "Run pnpm db:migrate (it installs the storage policies on Supabase); drop any FOR SELECT TO public policy",
      };
    }),
    check("webhook-secret", "Webhook secret configured", async () => ({
      ok: deps.env.KIE_CALLBACK_SECRET.length >= 16,
      detail: deps.env.KIE_CALLBACK_LEGACY_TOKEN ? "HMAC + legacy ?secret= token" : "HMAC (X-Webhook-Signature)",
      hint: "Set KIE_CALLBACK_SECRET to KIE's webhookHmacKey",
    })),
    check("callback-url", "Callback URL reachable from this server", async () => {
      const url = kieCallbackUrl({ ...deps.env, KIE_CALLBACK_LEGACY_TOKEN: false });
      const response = await fetcher(url, { method: "POST", headers: { "content-type": "application/json" }, body: "{}", signal: AbortSignal.timeout(5_000) });
      // Our handler answers an empty callback with 400 "no task id": anything else is not our webhook.
      const ok = response.status === 400;
      return { ok, detail: `${url} answered ${response.status}`, hint: "Check PUBLIC_WEB_URL and that the web app is running and reachable" };
    }),
    check("kie", "KIE answers with this API key", async () => {
      const credits = await deps.kie.getCredits();
      return { ok: true, detail: `${credits} credits left at ${deps.env.KIE_BASE_URL}` };
    }),
    check("previews", "The newest successful generations all have previews", async () => {
      const rows = await deps.db
        .select({ id: generations.id, thumb: generations.thumbnailUrl })
        .from(generations)
        .where(and(inArray(generations.status, ["success", "completed"])))
        .orderBy(desc(generations.createdAt))
        .limit(20);
      const missing = rows.filter((r) => !r.thumb).length;
      return { ok: missing === 0, detail: `${rows.length - missing}/${rows.length} of the newest have a thumbnail`, hint: "Run Re-sync missing on the admin jobs page" };
    }),
  ]);
}
