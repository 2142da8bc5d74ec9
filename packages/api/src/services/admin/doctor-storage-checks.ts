import { IS_SUPABASE_DATABASE_SQL, overBroadPolicies, policyExposure, POLICY_ROWS_SQL, readStoragePoliciesAt, type PolicyRow } from "@lensroom/db";
import { bucketSpec, isStorageError, wrongServiceRoleKey } from "@lensroom/storage";
import { sql } from "drizzle-orm";

import type { ServiceDeps } from "../deps";
import type { DoctorFinding } from "./doctor-findings";

type Verdict = { ok: boolean; findings: DoctorFinding[] };

/**
 * Bucket `generations` exists, is public, allows image/* and video/* only, with the 50 MB limit. A key that is not
 * the service-role key, by what it is or by the server refusing it, is named first: with it the bucket would only
 * look missing.
 */
export async function checkBucket(deps: Pick<ServiceDeps, "storage" | "env">): Promise<Verdict> {
  const config = deps.env.storage;
  const wrongKey = config.driver === "supabase" ? wrongServiceRoleKey(config.serviceRoleKey) : null;
  if (wrongKey) return { ok: false, findings: [{ code: "bucket_wrong_key", params: { kind: wrongKey } }] };
  const bucket = await deps.storage.getBucket().catch((error: unknown) => {
    if (isStorageError(error, "key_rejected")) return "key_rejected" as const;
    throw error;
  });
  if (bucket === "key_rejected") return { ok: false, findings: [{ code: "bucket_wrong_key", params: { kind: "rejected" } }] };
  if (!bucket) return { ok: false, findings: [{ code: "bucket_missing", params: {} }] };
  const findings: DoctorFinding[] = [];
  if (!bucket.public) findings.push({ code: "bucket_not_public", params: {} });
  const types = [...(bucket.allowedMimeTypes ?? [])].sort().join(",");
  if (types !== [...(bucketSpec.allowedMimeTypes ?? [])].sort().join(",")) {
    findings.push(types ? { code: "bucket_types_wrong", params: { types } } : { code: "bucket_types_any", params: {} });
  }
  if (bucket.fileSizeLimit !== bucketSpec.fileSizeLimit) {
    findings.push(
      bucket.fileSizeLimit === null
        ? { code: "bucket_size_limit_none", params: {} }
        : { code: "bucket_size_limit_wrong", params: { limit: bucket.fileSizeLimit } },
    );
  }
  if (findings.length > 0) return { ok: false, findings };
  return { ok: true, findings: [{ code: "bucket_ok", params: { driver: deps.storage.kind } }] };
}

/**
 * On Supabase: owners write only in their own folder (insert, update and delete policies held to the owner) and no
 * policy exposes more than that: each is judged by its roles, command and condition (`policyExposure`), not counted.
 * The policies are read where they live: the app's database when it is the Supabase project's, else the project's
 * database named by SUPABASE_DB_URL; with neither, the check says they cannot be seen from here and how to install them.
 */
export async function checkStoragePolicies(deps: Pick<ServiceDeps, "db" | "storage"> & { env: Pick<ServiceDeps["env"], "SUPABASE_DB_URL"> }): Promise<Verdict> {
  if (deps.storage.kind !== "supabase") return { ok: true, findings: [{ code: "policies_not_applicable", params: {} }] };
  let rows: PolicyRow[];
  const [here] = await deps.db.execute<{ ok: boolean }>(sql.raw(IS_SUPABASE_DATABASE_SQL));
  if (here?.ok === true) {
    rows = [...(await deps.db.execute<PolicyRow & Record<string, unknown>>(sql.raw(POLICY_ROWS_SQL)))];
  } else if (deps.env.SUPABASE_DB_URL) {
    const elsewhere = await readStoragePoliciesAt(deps.env.SUPABASE_DB_URL);
    if (elsewhere === null) return { ok: false, findings: [{ code: "policies_db_not_supabase", params: {} }] };
    rows = elsewhere;
  } else {
    return { ok: false, findings: [{ code: "policies_elsewhere", params: {} }] };
  }
  const findings: DoctorFinding[] = [];
  const exposing = overBroadPolicies(rows);
  if (exposing.length > 0) findings.push({ code: "policies_over_broad", params: { policies: exposing.map((p) => `"${p.name}" (${p.why})`).join("; ") } });
  const ownerPolicies = rows.filter((r) => r.schema === "storage" && policyExposure(r) === null && r.roles.includes("authenticated"));
  const missing = ["INSERT", "UPDATE", "DELETE"].filter((cmd) => !ownerPolicies.some((r) => r.command === cmd || r.command === "ALL"));
  if (missing.length > 0) findings.push({ code: "policies_missing", params: { commands: missing.join("/") } });
  if (findings.length > 0) return { ok: false, findings };
  return { ok: true, findings: [{ code: "policies_ok", params: { count: rows.filter((r) => r.schema === "storage").length } }] };
}
