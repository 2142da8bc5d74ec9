import { generations } from "@lensroom/db";
import { STRAGGLERS } from "@lensroom/db/adopt/old-shape-rows";
import { and, desc, isNull, sql } from "drizzle-orm";

import { DOCTOR_PROBE_HEADER } from "../../http/judge-callback";
import { kieCallbackUrl } from "../callback-url";
import type { ServiceDeps } from "../deps";
import type { DoctorCheck, DoctorCheckId, DoctorFinding } from "./doctor-findings";
import { checkBucket, checkStoragePolicies } from "./doctor-storage-checks";
import { isSuccessCondition } from "../../rules/generation-status";

export type { DoctorCheck } from "./doctor-findings";

const REQUIRED_COLUMNS = ["id", "user_id", "type", "status", "task_id", "asset_url", "preview_url", "thumbnail_url", "result_urls", "created_at"];
/** The shortest webhook secret the check accepts. */
const MIN_SECRET_LENGTH = 16;

type Verdict = { ok: boolean; findings: DoctorFinding[] };

async function check(id: DoctorCheckId, run: () => Promise<Verdict>): Promise<DoctorCheck> {
  try {
    return { id, ...(await run()) };
  } catch (error) {
    return { id, ok: false, findings: [{ code: "check_error", params: { message: error instanceof Error ? error.message : String(error) } }] };
  }
}

/**
 * The old five-step runbook as live checks, each a verdict with what it found (codes, worded by each surface). Used
 * by the admin page and `pnpm run doctor`.
 */
export async function runDoctor(deps: Pick<ServiceDeps, "db" | "env" | "storage" | "kie">, options: { fetch?: typeof fetch } = {}): Promise<DoctorCheck[]> {
  const fetcher = options.fetch ?? fetch;
  return Promise.all([
    check("columns", async () => {
      const rows = await deps.db.execute<{ column_name: string }>(
        sql`select column_name from information_schema.columns where table_schema = 'public' and table_name = 'generations'`,
      );
      if (rows.length === 0) return { ok: false, findings: [{ code: "columns_table_missing", params: {} }] };
      const present = new Set(rows.map((r) => r.column_name));
      const missing = REQUIRED_COLUMNS.filter((c) => !present.has(c));
      if (missing.length > 0) return { ok: false, findings: [{ code: "columns_missing", params: { columns: missing.join(", ") } }] };
      return { ok: true, findings: [{ code: "columns_present", params: { count: present.size } }] };
    }),
    check("bucket", () => checkBucket(deps)),
    check("policies", () => checkStoragePolicies(deps)),
    check("webhook-secret", async () => {
      if (deps.env.KIE_CALLBACK_SECRET.length < MIN_SECRET_LENGTH)
        return { ok: false, findings: [{ code: "webhook_secret_short", params: { min: MIN_SECRET_LENGTH } }] };
      return { ok: true, findings: [{ code: deps.env.KIE_CALLBACK_LEGACY_TOKEN ? "webhook_hmac_and_legacy" : "webhook_hmac", params: {} }] };
    }),
    check("callback-url", async () => {
      const url = kieCallbackUrl({ ...deps.env, KIE_CALLBACK_LEGACY_TOKEN: false });
      const headers = { "content-type": "application/json", [DOCTOR_PROBE_HEADER]: "1" };
      const response = await fetcher(url, { method: "POST", headers, body: "{}", signal: AbortSignal.timeout(5_000) });
      // Our handler answers an empty callback with 400 "no task id": anything else is not our webhook.
      return { ok: response.status === 400, findings: [{ code: "callback_answered", params: { url, status: response.status } }] };
    }),
    check("kie", async () => {
      const credits = await deps.kie.getCredits();
      return { ok: true, findings: [{ code: "kie_credits", params: { credits, baseUrl: deps.env.KIE_BASE_URL } }] };
    }),
    check("previews", async () => {
      const rows = await deps.db
        .select({ thumb: generations.thumbnailUrl })
        .from(generations)
        .where(and(isSuccessCondition, isNull(generations.hiddenReason)))
        .orderBy(desc(generations.createdAt))
        .limit(20);
      const withThumbnail = rows.filter((r) => r.thumb).length;
      return { ok: withThumbnail === rows.length, findings: [{ code: "previews_thumbnails", params: { withThumbnail, total: rows.length } }] };
    }),
    check("old-writers", async () => {
      // After `pnpm db:adopt --apply`, an old-site process that still runs writes rows with the old model columns.
      const [state] = await deps.db.execute<{ adopted: boolean; old_columns: boolean }>(sql`
        select to_regclass('lensroom_legacy.generations') is not null as adopted,
          exists (select 1 from information_schema.columns where table_schema = 'public' and table_name = 'generations' and column_name = 'model_id') as old_columns`);
      if (!state?.adopted) return { ok: true, findings: [{ code: "old_writers_not_adopted", params: {} }] };
      const [counts] = await deps.db.execute<{ adopted: number; rows: number }>(
        sql.raw(`select (select count(*)::int from lensroom_legacy.generations) as adopted,
          ${state.old_columns ? `(select count(*)::int from ${STRAGGLERS} s)` : "0"} as rows`),
      );
      const rows = counts?.rows ?? 0;
      if (rows > 0) return { ok: false, findings: [{ code: "old_writers_rows", params: { rows } }] };
      return { ok: true, findings: [{ code: "old_writers_none", params: { adopted: counts?.adopted ?? 0 } }] };
    }),
  ]);
}
