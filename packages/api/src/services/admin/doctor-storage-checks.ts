import { bucketSpec } from "@lensroom/storage";
import { sql } from "drizzle-orm";

import type { ServiceDeps } from "../deps";
import type { DoctorFinding } from "./doctor-findings";

type Verdict = { ok: boolean; findings: DoctorFinding[] };

/** Bucket `generations` exists, is public, allows image/* and video/* only, with the 50 MB limit. */
export async function checkBucket(deps: Pick<ServiceDeps, "storage">): Promise<Verdict> {
  const bucket = await deps.storage.getBucket();
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

/** On Supabase: owners write only in their own folder (insert, update, delete policies) and nobody lists publicly. */
export async function checkStoragePolicies(deps: Pick<ServiceDeps, "db" | "storage">): Promise<Verdict> {
  if (deps.storage.kind !== "supabase") return { ok: true, findings: [{ code: "policies_not_applicable", params: {} }] };
  const rows = await deps.db.execute<{ policyname: string; roles: string[]; cmd: string }>(
    sql`select policyname, roles::text[] as roles, cmd from pg_policies where schemaname = 'storage' and tablename = 'objects'`,
  );
  const findings: DoctorFinding[] = [];
  if (rows.some((r) => r.cmd === "SELECT" && r.roles.includes("public"))) findings.push({ code: "policies_public_select", params: {} });
  const missing = ["INSERT", "UPDATE", "DELETE"].filter((cmd) => !rows.some((r) => r.cmd === cmd));
  if (missing.length > 0) findings.push({ code: "policies_missing", params: { commands: missing.join("/") } });
  if (findings.length > 0) return { ok: false, findings };
  return { ok: true, findings: [{ code: "policies_ok", params: { count: rows.length } }] };
}
