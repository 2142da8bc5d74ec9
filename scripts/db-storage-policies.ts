import path from "node:path";

import { resolveSupabaseStorageTarget } from "@lensroom/db";
import { applyStoragePoliciesAt, storagePoliciesSql } from "@lensroom/db/storage-policies";

import { loadEnvFile } from "./lib/load-env-file";
import { ROOT_DIR } from "./lib/repo-paths";

// `pnpm db:storage-policies [--apply]`: the bucket's policies for a Supabase project whose database is not the one
// the app uses (DATABASE_URL elsewhere, or the embedded database with Supabase Storage). Without --apply it prints
// the SQL (for the project's SQL editor or psql); with it, it installs them on SUPABASE_DB_URL. Idempotent.
const args = process.argv.slice(2).filter((arg) => arg !== "--");
const unknown = args.filter((arg) => arg !== "--apply");
if (unknown.length > 0) {
  console.error(`Unknown option ${unknown.join(", ")}. Usage: pnpm db:storage-policies [--apply]`);
  process.exit(2);
}
loadEnvFile(path.join(ROOT_DIR, ".env"));

if (!args.includes("--apply")) {
  process.stdout.write(await storagePoliciesSql());
} else {
  const url = resolveSupabaseStorageTarget({ SUPABASE_URL: "set", ...process.env })?.policiesDatabaseUrl;
  if (!url) {
    console.error("SUPABASE_DB_URL is not set: give it the Supabase project's database URL (Project Settings → Database → Connection string)");
    process.exit(2);
  }
  try {
    const { overBroadPolicies } = await applyStoragePoliciesAt(url);
    console.log(`applied the bucket's storage policies on ${url.replace(/:[^:@/]+@/, ":***@")}`);
    for (const policy of overBroadPolicies)
      console.log(`WARNING: policy "${policy.name}" on storage.objects gives ${policy.why}; drop it (see docs/deploy.md)`);
    if (overBroadPolicies.length > 0) process.exitCode = 1;
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
